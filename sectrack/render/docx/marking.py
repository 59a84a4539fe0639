"""Mark the .docx redline as a redline: its title says so and a custom property names both versions.

The redline is the new version's package; left as it is, its core properties (title, identifier,
version) are the clean version's, and the file can be mistaken for it or stored as it. The title
becomes "Redline: <title> v15.0 → v16.0" and the custom property ``sectrack.redline`` (in
docProps/custom.xml, added when the package has none) names the document and both versions.
"""

from __future__ import annotations

from lxml import etree

from sectrack.compare.changes import ChangeSet
from sectrack.ooxml.names import CUSTOM_PROPS, DC, PKG_REL, REL_TYPE, VT
from sectrack.ooxml.package import Parts
from sectrack.render.docx.parts import TYPES_NAME, content_type, part_xml, relate, store

CORE_REL = f"{PKG_REL}/metadata/core-properties"
CUSTOM_REL = f"{REL_TYPE}custom-properties"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Word gives user-defined properties
PROPERTY = "sectrack.redline"


def redline_title(cs: ChangeSet) -> str:
    """ "Redline: SEC Appendix AM 'SMETS1 Supporting Requirements' v15.0 → v16.0"."""
    name = cs.new.display_name or cs.old.display_name or "document"
    return f"Redline: {name} v{cs.old.version or '?'} → v{cs.new.version or '?'}"


def redline_description(cs: ChangeSet) -> str:
    """What the custom property says: the document and both versions (never a file's path, so the
    same versions give the same bytes wherever they are read from)."""
    name = cs.new.display_name or cs.old.display_name or "document"
    old, new = cs.old.version or "not stated", cs.new.version or "not stated"
    return f"{name}: redline of version {old} (Reject All) against version {new} (Accept All)"


def mark_redline(cs: ChangeSet, src: Parts, replaced: dict[str, bytes]) -> None:
    """Set the redline's title in the core properties and its custom property, in ``replaced``."""
    rels = part_xml(src, replaced, "_rels/.rels")
    targets = {r.get("Type"): r.get("Target", "").lstrip("/") for r in rels}
    core_name = targets.get(CORE_REL)
    if core_name and src.data.get(core_name):
        core = part_xml(src, replaced, core_name)
        title = core.find(f"{{{DC}}}title")
        if title is None:
            title = etree.SubElement(core, f"{{{DC}}}title")
        title.text = redline_title(cs)
        store(src, replaced, core_name, core)
    custom_name = targets.get(CUSTOM_REL)
    if custom_name and src.data.get(custom_name):
        custom = part_xml(src, replaced, custom_name)
    else:
        custom_name = "docProps/custom.xml"
        custom = etree.Element(f"{{{CUSTOM_PROPS}}}Properties", nsmap={None: CUSTOM_PROPS, "vt": VT})
        relate(rels, CUSTOM_REL, custom_name)
        store(src, replaced, "_rels/.rels", rels)
        types = part_xml(src, replaced, TYPES_NAME)
        content_type(types, custom_name, CUSTOM_CT)
        store(src, replaced, TYPES_NAME, types)
    _set_property(custom, PROPERTY, redline_description(cs))
    store(src, replaced, custom_name, custom)


def _set_property(custom: etree._Element, name: str, value: str) -> None:
    """Set the text property ``name`` (added with the next free pid when the part has none)."""
    for prop in custom.iter(f"{{{CUSTOM_PROPS}}}property"):
        if prop.get("name") == name:
            for child in list(prop):
                prop.remove(child)
            break
    else:
        pids = [int(p.get("pid", "1")) for p in custom.iter(f"{{{CUSTOM_PROPS}}}property") if p.get("pid", "").isdigit()]
        prop = etree.SubElement(custom, f"{{{CUSTOM_PROPS}}}property")
        prop.set("fmtid", FMTID)
        prop.set("pid", str(max(pids, default=1) + 1))
        prop.set("name", name)
    etree.SubElement(prop, f"{{{VT}}}lpwstr").text = value
