"""Run by LibreOffice's Python (it needs ``uno``): ``lo_tracked.py PROFILE_DIR DOCX...`` prints, one
JSON line per file, its non-empty paragraph texts after LibreOffice's Accept All and Reject All."""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _texts(doc):
    out = []
    paras = doc.getText().createEnumeration()
    while paras.hasMoreElements():
        para = paras.nextElement()
        if para.supportsService("com.sun.star.text.Paragraph"):
            out.append(para.getString())
        elif para.supportsService("com.sun.star.text.TextTable"):
            for name in para.getCellNames():
                out.append(para.getCellByName(name).getString())
    return [t for t in (" ".join(x.split()) for x in out) if t]


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(200):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("LibreOffice did not answer")


def main(profile, paths):
    pipe = f"sectrack{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatch = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for path in paths:
            views = {}
            for view, command in (("accept", "AcceptAllTrackedChanges"), ("reject", "RejectAllTrackedChanges")):
                url = uno.systemPathToFileUrl(os.path.abspath(path))
                doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
                dispatch.executeDispatch(doc.getCurrentController().getFrame(), f".uno:{command}", "", 0, ())
                views[view] = _texts(doc)
                doc.close(True)
            print(json.dumps(views), flush=True)
    finally:
        office.terminate()
        office.wait(60)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
