"""Write minimal valid .docx files from XML fragments, for tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _wrap(tag: str, inner: str) -> str:
    """``inner`` inside a root element ``w:tag`` unless it already is one."""
    inner = inner.lstrip("\ufeff \t\r\n")
    if inner.startswith("<?xml"):
        return inner
    if inner.startswith(f"<w:{tag}"):
        body = inner
    else:
        body = f'<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{inner}</w:{tag}>'
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body


def build_docx(
    path: str | Path,
    body_xml: str,
    numbering_xml: str | None = None,
    styles_xml: str | None = None,
    parts_xml: dict[str, str] | None = None,
) -> Path:
    """Write a .docx at ``path``; fragments may be full parts or the children of their root.

    ``parts_xml`` adds related parts by relationship type: "footnotes", "endnotes", "header",
    "footer" (their full XML).
    """
    path = Path(path)
    document = _wrap("document", f"<w:body>{body_xml}</w:body>" if "<w:body" not in body_xml else body_xml)
    overrides = [("/word/document.xml", f"{_CT_BASE}.document.main+xml")]
    rels: list[tuple[str, str]] = []
    parts: dict[str, str] = {"word/document.xml": document}
    if styles_xml is not None:
        parts["word/styles.xml"] = _wrap("styles", styles_xml)
        overrides.append(("/word/styles.xml", f"{_CT_BASE}.styles+xml"))
        rels.append(("styles", "styles.xml"))
    if numbering_xml is not None:
        parts["word/numbering.xml"] = _wrap("numbering", numbering_xml)
        overrides.append(("/word/numbering.xml", f"{_CT_BASE}.numbering+xml"))
        rels.append(("numbering", "numbering.xml"))
    for kind, xml in (parts_xml or {}).items():
        name = f"word/{kind}1.xml" if kind in ("header", "footer") else f"word/{kind}.xml"
        parts[name] = xml
        overrides.append((f"/{name}", f"{_CT_BASE}.{kind}+xml"))
        rels.append((kind, name.split("/", 1)[1]))
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
        + "</Types>"
    )
    pkg_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_RELS}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_DOC_REL}/{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(rels, start=1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", pkg_rels)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return path


# ---------------------------------------------------------------- compact XML builders


def lvl(ilvl: int, fmt: str = "decimal", text: str = "", start: int | None = 1, extra: str = "",
        pstyle: str | None = None) -> str:
    """A w:lvl element."""
    parts = [f'<w:start w:val="{start}"/>' if start is not None else "", f'<w:numFmt w:val="{fmt}"/>']
    if pstyle:
        parts.append(f'<w:pStyle w:val="{pstyle}"/>')
    parts.append(f'<w:lvlText w:val="{text}"/>{extra}')
    return f'<w:lvl w:ilvl="{ilvl}">{"".join(parts)}</w:lvl>'


def abstract_num(aid: int, *levels: str, extra: str = "") -> str:
    """A w:abstractNum element holding ``levels``."""
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, *overrides: str) -> str:
    """A w:num element pointing at abstractNum ``aid``."""
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{"".join(overrides)}</w:num>'


def start_override(ilvl: int, value: int | None, level: str = "") -> str:
    """A w:lvlOverride with a w:startOverride (and a full w:lvl when ``level`` is given)."""
    so = f'<w:startOverride w:val="{value}"/>' if value is not None else ""
    return f'<w:lvlOverride w:ilvl="{ilvl}">{so}{level}</w:lvlOverride>'


def level_override(ilvl: int, level: str) -> str:
    """A w:lvlOverride holding a full w:lvl."""
    return f'<w:lvlOverride w:ilvl="{ilvl}">{level}</w:lvlOverride>'


def num_pr(num_id: int | None = None, ilvl: int | None = None) -> str:
    """A w:numPr element (either child may be left out)."""
    il = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    ni = f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
    return f"<w:numPr>{il}{ni}</w:numPr>"


def para(text: str, num_id: int | None = None, ilvl: int | None = None, style: str | None = None) -> str:
    """A w:p with an optional pStyle and direct numPr."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None or ilvl is not None:
        ppr += num_pr(num_id, ilvl)
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def table(*rows: list[str]) -> str:
    """A w:tbl; each row is a list of cell contents (paragraph XML)."""
    trs = "".join("<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{trs}</w:tbl>"


def style(sid: str, name: str, based: str | None = None, num_id: int | None = None,
          ilvl: int | None = None, kind: str = "paragraph", default: bool = False, ppr: str = "") -> str:
    """A w:style element with an optional basedOn and numPr."""
    b = f'<w:basedOn w:val="{based}"/>' if based else ""
    np = num_pr(num_id, ilvl) if num_id is not None or ilvl is not None else ""
    d = ' w:default="1"' if default else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"{d}><w:name w:val="{name}"/>{b}'
            f"<w:pPr>{np}{ppr}</w:pPr></w:style>")


def engine_labels(body_xml: str, numbering_xml: str | None, styles_xml: str | None) -> list:
    """Run sectrack's numbering over every w:p in body order (table cells included): NumberLabel or None."""
    from lxml import etree

    from sectrack.docx.numbering import Numbering
    from sectrack.docx.styles import Styles

    def parse(tag: str, xml: str | None):
        return etree.fromstring(_wrap(tag, xml).encode("utf-8")) if xml is not None else None

    styles = Styles.parse(parse("styles", styles_xml))
    numbering = Numbering.parse(parse("numbering", numbering_xml), styles)
    document = parse("document", f"<w:body>{body_xml}</w:body>")
    w = f"{{{W_NS}}}"
    out = []
    for p in document.iter(f"{w}p"):
        ppr = p.find(f"{w}pPr")
        style_id, np = None, None
        if ppr is not None:
            st = ppr.find(f"{w}pStyle")
            style_id = st.get(f"{w}val") if st is not None else None
            np_el = ppr.find(f"{w}numPr")
            if np_el is not None:
                vals = []
                for tag in ("numId", "ilvl"):
                    el = np_el.find(f"{w}{tag}")
                    vals.append(int(el.get(f"{w}val")) if el is not None else None)
                np = (vals[0], vals[1])
        out.append(numbering.next_label(np, style_id or styles.default_paragraph_style()))
    return out
