"""Run by a Python that has LibreOffice's bridge (``uno``): ``lo_bridge.py WHAT PROFILE_DIR DOCX...`` opens
each file in one LibreOffice session and prints one JSON line per file. WHAT is

* ``labels``: every paragraph in body order (table cells included, nested tables too) as
  ``[label, text, bullet]``: the list label LibreOffice computed (its ``ListLabelString``), the
  paragraph's text, and whether the label is a bullet; nothing depends on a text export's layout;
* ``tracked``: ``{"accept": [...], "reject": [...]}``, the non-empty paragraph texts after LibreOffice's
  own Accept All and Reject All;
* ``noted``: the same, each footnote or endnote reference shown as ``[note]`` where it stands.
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

CHAR_SPECIAL = 6  # com.sun.star.style.NumberingType.CHAR_SPECIAL: a bullet
BITMAP = 8  # com.sun.star.style.NumberingType.BITMAP: a picture bullet


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _bullet(para):
    """Whether the paragraph's list level shows a bullet (a character or a picture), not a number."""
    rules = para.getPropertyValue("NumberingRules")
    if rules is None or not para.getPropertyValue("NumberingIsNumber"):
        return False
    level = {p.Name: p.Value for p in rules.getByIndex(para.getPropertyValue("NumberingLevel"))}
    return level.get("NumberingType") in (CHAR_SPECIAL, BITMAP)


def _walk(text, out):
    """``[label, text, bullet]`` of every paragraph of a text, cells of its tables included."""
    paras = text.createEnumeration()
    while paras.hasMoreElements():
        para = paras.nextElement()
        if para.supportsService("com.sun.star.text.Paragraph"):
            out.append([para.getPropertyValue("ListLabelString") or "", para.getString(), _bullet(para)])
        elif para.supportsService("com.sun.star.text.TextTable"):
            for name in para.getCellNames():
                _walk(para.getCellByName(name).getText(), out)
    return out


def labels(desktop, dispatch, url):
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
    try:
        return _walk(doc.getText(), [])
    finally:
        doc.close(True)


def tracked(desktop, dispatch, url):
    views = {}
    for view, command in (("accept", "AcceptAllTrackedChanges"), ("reject", "RejectAllTrackedChanges")):
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
        dispatch.executeDispatch(doc.getCurrentController().getFrame(), f".uno:{command}", "", 0, ())
        texts = [t for _, t, _ in _walk(doc.getText(), [])]
        views[view] = [t for t in (" ".join(x.split()) for x in texts) if t]
        doc.close(True)
    return views


def _noted(text):
    """The non-empty paragraph texts of a body, note references shown as ``[note]``."""
    out = []
    paras = text.createEnumeration()
    while paras.hasMoreElements():
        para = paras.nextElement()
        if not para.supportsService("com.sun.star.text.Paragraph"):
            continue
        pieces, portions = [], para.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            kind = portion.getPropertyValue("TextPortionType")
            pieces.append("[note]" if kind == "Footnote" else portion.getString())
        out.append(" ".join("".join(pieces).split()))
    return [t for t in out if t]


def noted(desktop, dispatch, url):
    views = {}
    for view, command in (("accept", "AcceptAllTrackedChanges"), ("reject", "RejectAllTrackedChanges")):
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
        dispatch.executeDispatch(doc.getCurrentController().getFrame(), f".uno:{command}", "", 0, ())
        views[view] = _noted(doc.getText())
        doc.close(True)
    return views


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - the office is still starting: retry
            time.sleep(0.2)
    raise RuntimeError("LibreOffice did not answer")


def main(what, profile, paths):
    action = {"labels": labels, "tracked": tracked, "noted": noted}[what]
    pipe = f"sectrack{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(os.path.abspath(profile))}", "--headless",
         "--invisible", "--norestore", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatch = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for path in paths:
            print(json.dumps(action(desktop, dispatch, uno.systemPathToFileUrl(os.path.abspath(path)))), flush=True)
    finally:
        office.terminate()
        office.wait(60)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
