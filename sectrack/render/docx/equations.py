"""An equation (OMML) shown inserted or deleted as a whole, the way Word tracks changes inside math.

Word cannot wrap an ``m:oMath`` in ``w:ins``/``w:del`` and mean it: a revision in an equation is
carried by the equation's own pieces (ECMA-376 Part 1, 17.13.5: ``w:ins``, ``w:del``, ``w:moveFrom``
and ``w:moveTo`` may hold math runs, ``m:r``; 17.13.2.13 and 17.13.2.16: a math object's control
character, its ``m:ctrlPr``, holds ``w:ins`` or ``w:del`` around its ``w:rPr``). So every math run of
the equation goes inside the revision wrapper and every math object (fraction, superscript, …) has
its control character marked too, a properties element and ``m:ctrlPr`` added where it has none: Accept
All and Reject All then remove the equation whole or keep it as it stands.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from sectrack.ooxml.names import M, W, w
from sectrack.ooxml.xml import parse_trusted

Wrap = Callable[[str, etree._Element], etree._Element]

_R, _CTRL_PR, _RPR = f"{{{M}}}r", f"{{{M}}}ctrlPr", w("rPr")
# Math objects: each has a properties element named after it (m:f -> m:fPr) whose last child is m:ctrlPr.
_OBJECTS = frozenset(
    f"{{{M}}}{name}" for name in (
        "acc", "bar", "box", "borderBox", "d", "eqArr", "f", "func", "groupChr", "limLow", "limUpp", "m",
        "nary", "phant", "rad", "sPre", "sSub", "sSubSup", "sSup",
    )
)
_CONTROL_MARK = {"ins": "ins", "moveTo": "ins", "del": "del", "moveFrom": "del"}  # m:ctrlPr holds ins or del only


def mark_equation(el: etree._Element, op: str, wrap: Wrap) -> None:
    """Mark the equation ``el`` (m:oMath or m:oMathPara) wholly ``op``: "ins", "del", "moveTo" or "moveFrom"."""
    for obj in [x for x in el.iter() if x.tag in _OBJECTS]:
        _control(obj, op, wrap)
    for run in list(el.iter(_R)):
        parent = run.getparent()
        assert parent is not None  # a math run stands in its argument or equation
        at = parent.index(run)
        parent.insert(at, wrap(op, run))  # wrap() moves the run into the wrapper


def marked(omml: str, op: str, wrap: Wrap) -> str:
    """The serialised equation ``omml`` marked wholly ``op`` (see ``mark_equation``), serialised again."""
    holder = parse_trusted(f'<w:x xmlns:w="{W}">{omml}</w:x>')  # the marks take the prefix w
    el = holder[0]
    mark_equation(el, op, wrap)
    return etree.tostring(el, encoding="unicode")


def _control(obj: etree._Element, op: str, wrap: Wrap) -> None:
    """Mark the control character of the math object ``obj``, adding its properties and m:ctrlPr if missing."""
    pr_tag = f"{{{M}}}{etree.QName(obj).localname}Pr"
    pr = obj.find(pr_tag)
    if pr is None:
        pr = etree.Element(pr_tag)
        obj.insert(0, pr)
    ctrl = pr.find(_CTRL_PR)
    if ctrl is None:
        ctrl = etree.SubElement(pr, _CTRL_PR)
    rpr = ctrl.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
    else:
        ctrl.remove(rpr)
    ctrl.append(wrap(_CONTROL_MARK[op], rpr))
