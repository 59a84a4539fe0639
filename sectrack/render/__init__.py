"""Renderers: a ChangeSet as HTML, .docx, JSON or Markdown, through one registry of formats.

``render(cs, fmt, options)`` looks ``fmt`` up among the registered formats and returns the bytes.
Each format has its own options class (a frozen dataclass); ``None`` means its defaults. A format
registers itself with ``register``; each renderer's module is imported only when its format is used
(WeasyPrint, jinja2 and the .docx writer are not loaded for the others).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sectrack.errors import SectrackError

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet

__all__ = [
    "render", "register", "Format", "formats", "format_for_suffix", "UnknownFormat",
    "HtmlOptions", "DocxOptions", "PdfOptions", "JsonOptions", "MarkdownOptions",
]


@dataclass(frozen=True)
class HtmlOptions:
    """HTML: ``context`` unchanged blocks around each change (None: the whole document);
    ``templates`` a folder of jinja2 templates overriding the shipped ones."""

    context: int | None = None
    templates: str | Path | None = None


@dataclass(frozen=True)
class DocxOptions:
    """.docx: the tracked changes' author and date (YYYY-MM-DD; None: the new version's own date)."""

    author: str = "sectrack"
    date: str | None = None


@dataclass(frozen=True)
class PdfOptions:
    """PDF: ``templates`` a folder of templates overriding the shipped ones (page rules included)."""

    templates: str | Path | None = None


@dataclass(frozen=True)
class JsonOptions:
    """JSON: no options (the report's schema is fixed: docs/changeset-schema.md)."""


@dataclass(frozen=True)
class MarkdownOptions:
    """Markdown: no options."""


Renderer = Callable[["ChangeSet", Any], bytes]


@dataclass(frozen=True)
class Format:
    """A registered output format: its name, file suffix, options class and renderer."""

    name: str
    suffix: str
    options: type
    renderer: Renderer


class UnknownFormat(SectrackError):
    """A format name, or an output file's suffix, that no registered format has."""


_FORMATS: dict[str, Format] = {}


def register(name: str, renderer: Renderer, *, options: type, suffix: str) -> None:
    """Register format ``name``: ``renderer(cs, options) -> bytes``, written to files ending in ``suffix``."""
    _FORMATS[name] = Format(name, suffix.lower(), options, renderer)


def formats() -> tuple[str, ...]:
    """The names of the registered formats, in the order they were registered."""
    return tuple(_FORMATS)


def format_for_suffix(path: str | Path) -> Format:
    """The format that writes files like ``path`` (by suffix), or UnknownFormat."""
    suffix = Path(path).suffix.lower()
    for name in formats():
        if _FORMATS[name].suffix == suffix:
            return _FORMATS[name]
    known = ", ".join(_FORMATS[n].suffix for n in formats())
    raise UnknownFormat(str(path), f"unknown output format (use one of {known})")


def get_format(fmt: str) -> Format:
    """The registered format ``fmt``, or UnknownFormat naming the known ones."""
    found = _FORMATS.get(fmt)
    if found is None:
        raise UnknownFormat(fmt, f"unknown format (known: {', '.join(formats())})")
    return found


def render(cs: ChangeSet, fmt: str, options: Any = None) -> bytes:
    """``cs`` rendered as format ``fmt`` with its options (None: the defaults), as bytes."""
    spec = get_format(fmt)
    if options is None:
        options = spec.options()
    elif not isinstance(options, spec.options):
        raise TypeError(f"options for {fmt} must be {spec.options.__name__}, not {type(options).__name__}")
    return spec.renderer(cs, options)


def _html(cs: ChangeSet, options: HtmlOptions) -> bytes:
    from sectrack.render.html import render_html

    return render_html(cs, context=options.context, templates=options.templates).encode("utf-8")


def _docx(cs: ChangeSet, options: DocxOptions) -> bytes:
    from sectrack.render.docx import docx_bytes

    return docx_bytes(cs, author=options.author, date=options.date)


def _pdf(cs: ChangeSet, options: PdfOptions) -> bytes:
    from sectrack.render.pdf import render_pdf

    return render_pdf(cs, templates=options.templates)


def _json(cs: ChangeSet, options: JsonOptions) -> bytes:
    from sectrack.render.json import render_json

    return render_json(cs).encode("utf-8")


def _markdown(cs: ChangeSet, options: MarkdownOptions) -> bytes:
    from sectrack.render.markdown import render_markdown

    return render_markdown(cs).encode("utf-8")


register("html", _html, options=HtmlOptions, suffix=".html")
register("docx", _docx, options=DocxOptions, suffix=".docx")
register("pdf", _pdf, options=PdfOptions, suffix=".pdf")
register("json", _json, options=JsonOptions, suffix=".json")
register("md", _markdown, options=MarkdownOptions, suffix=".md")
