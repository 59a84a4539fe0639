"""Release manifests (YAML): parsed and checked field by field, each problem naming its line.

The format is the bundled corpus' (``corpus/README.md``)::

    sec_version: "54.0"            # quoted
    effective: 2021-12-17
    title: "..."
    illustrative: false            # optional
    baseline: true                 # optional; only the first release of a store
    summary: |                     # optional prose
    references:                    # optional: {type, ref, title?, note?}
    documents:
      - slug: appendix-at
        version: "1.0"             # not for `removed`
        file: ../documents/appendix-at/appendix-at-v1.0.docx   # relative to the manifest
        change: new                # new | amended | re-designated | removed (none in a baseline)
        summary: "..."
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sectrack.store.errors import StoreError

CHANGES = ("new", "amended", "re-designated", "removed")
SLUG = re.compile(r"^(section|appendix)-[a-z]{1,2}$|^[a-z0-9][a-z0-9-]{0,63}$")
VERSION = re.compile(r"^\d+(\.\d+)*$")


@dataclass(frozen=True)
class ManifestDocument:
    """One entry of a manifest's ``documents``."""

    slug: str
    version: str | None
    file: Path | None
    change: str  # one of CHANGES, or "baseline"
    summary: str
    line: int


@dataclass(frozen=True)
class Manifest:
    """A release as its manifest describes it."""

    path: str
    sec_version: str
    effective: dt.date
    title: str
    summary: str = ""
    references: tuple[dict[str, str], ...] = ()
    baseline: bool = False
    illustrative: bool = False
    documents: tuple[ManifestDocument, ...] = field(default=())
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # top-level field -> line

    def line_of(self, slug: str) -> int:
        """The line of the entry of ``slug`` (1 when not listed)."""
        return next((d.line for d in self.documents if d.slug == slug), 1)


class _Fields:
    """A YAML mapping node read field by field, with the line of each for messages."""

    def __init__(self, path: str, node: yaml.Node, where: str) -> None:
        self.path, self.where, self.node = path, where, node
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{where or 'the manifest'}: expected a mapping of fields")
        self.values: dict[str, yaml.Node] = {}
        for key, value in node.value:
            self.values[str(key.value)] = value

    def fail(self, node: yaml.Node, problem: str) -> None:
        raise StoreError(f"{self.path}: line {node.start_mark.line + 1}", problem)

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = True, default: Any = None) -> Any:
        node = self.values.get(key)
        if node is None:
            if required:
                self.fail(self.node, f"{self.name(key)}: missing")
            return default
        value = _construct(node)
        if kind is dt.date and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, str)):
            self.fail(node, f"{self.name(key)}: expected {_kind_name(kind)}, not {value!r}")
        return value


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text (quote version numbers: \"54.0\")", bool: "true or false", list: "a list",
             dt.date: "a date (YYYY-MM-DD)", dict: "a mapping"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def parse(path: str | Path) -> Manifest:
    """The manifest at ``path``; StoreError naming the line and field of the first problem."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(name, f"cannot read the manifest ({exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}: line {mark.line + 1}" if mark is not None else name
        raise StoreError(where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    if root is None:
        raise StoreError(name, "the manifest is empty")
    top = _Fields(name, root, "")
    sec_version = top.get("sec_version", str)
    if not VERSION.match(sec_version):
        top.fail(top.values["sec_version"], f"sec_version: {sec_version!r} is not a version number such as \"54.0\"")
    baseline = top.get("baseline", bool, required=False, default=False)
    docs_node = top.values.get("documents")
    top.get("documents", list)
    assert docs_node is not None
    documents = tuple(_document(name, node, k, baseline, Path(path).parent) for k, node in enumerate(docs_node.value))
    if not documents:
        top.fail(docs_node, "documents: the release lists no document")
    seen: set[str] = set()
    for d in documents:
        if d.slug in seen:
            raise StoreError(f"{name}: line {d.line}", f"documents: {d.slug} is listed twice")
        seen.add(d.slug)
    return Manifest(
        path=name,
        sec_version=sec_version,
        effective=top.get("effective", dt.date),
        title=top.get("title", str),
        summary=top.get("summary", str, required=False, default=""),
        references=_references(top),
        baseline=baseline,
        illustrative=top.get("illustrative", bool, required=False, default=False),
        documents=documents,
        lines={k: v.start_mark.line + 1 for k, v in top.values.items()},
    )


def _references(top: _Fields) -> tuple[dict[str, str], ...]:
    node = top.values.get("references")
    top.get("references", list, required=False)
    out = []
    for k, item in enumerate(node.value if node is not None else ()):
        f = _Fields(top.path, item, f"references[{k}]")
        ref = {"type": f.get("type", str), "ref": f.get("ref", str)}
        for extra in ("title", "note"):
            if extra in f.values:
                ref[extra] = f.get(extra, str)
        out.append(ref)
    return tuple(out)


def _document(path: str, node: yaml.Node, k: int, baseline: bool, folder: Path) -> ManifestDocument:
    f = _Fields(path, node, f"documents[{k}]")
    slug = f.get("slug", str)
    if not SLUG.match(slug):
        f.fail(f.values["slug"], f"documents[{k}].slug: {slug!r} is not a document slug such as appendix-am")
    if baseline:
        if "change" in f.values:
            f.fail(f.values["change"], f"documents[{k}].change: a baseline release lists documents without a change")
        change = "baseline"
    else:
        change = f.get("change", str)
        if change not in CHANGES:
            f.fail(f.values["change"], f"documents[{k}].change: {change!r} is not one of {', '.join(CHANGES)}")
    removed = change == "removed"
    version = f.get("version", str, required=not removed)
    if version is not None and not VERSION.match(version):
        f.fail(f.values["version"], f"documents[{k}].version: {version!r} is not a version number such as \"16.0\"")
    file = f.get("file", str, required=not removed)
    return ManifestDocument(
        slug=slug,
        version=version,
        file=(folder / file) if file is not None else None,
        change=change,
        summary=f.get("summary", str, required=False, default="").strip(),
        line=node.start_mark.line + 1,
    )
