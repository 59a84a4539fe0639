"""The jinja2 environment every renderer uses: override folder first, then the shipped templates.

Only renderers import this module (and so jinja2). Autoescaping is on for HTML and ``.j2`` templates,
so every document string is escaped unless a renderer hands over ``markupsafe.Markup`` it built with
``markupsafe.escape``. Undefined names raise (StrictUndefined) instead of printing nothing.

An override folder may replace any shipped template by giving a file the same name, or extend one:
shipped templates are also reachable under the ``sectrack/`` prefix, so an override
``redline.html.j2`` can start with ``{% extends "sectrack/redline.html.j2" %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

import sectrack
from sectrack.errors import SectrackError

AUTOESCAPE_EXTENSIONS = ("html", "htm", "xml", "j2")


def shipped_templates() -> Path | Traversable:
    """The folder of shipped templates: the installed ``sectrack.templates`` or the checkout's."""
    try:
        found = resources.files("sectrack.templates")
        if found.joinpath("redline.html.j2").is_file():
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(sectrack.__file__).resolve().parent.parent / "templates"


def _traversable_loader(root: Traversable) -> jinja2.BaseLoader:
    """A loader for templates inside a package that is not a plain folder (a zip, say)."""

    def load(name: str) -> tuple[str, None, Callable[[], bool]] | None:
        node = root
        for piece in name.split("/"):
            if piece in ("", ".", ".."):
                return None
            node = node.joinpath(piece)
        if not node.is_file():
            return None
        return node.read_text(encoding="utf-8"), None, lambda: True

    return jinja2.FunctionLoader(load)


def _shipped_loader() -> jinja2.BaseLoader:
    root = shipped_templates()
    if isinstance(root, Path):
        return jinja2.FileSystemLoader(str(root), encoding="utf-8")
    return _traversable_loader(root)


def environment(templates: str | Path | None = None) -> jinja2.Environment:
    """A jinja2 Environment loading from ``templates`` (when given) before the shipped templates."""
    key = None
    if templates is not None:
        folder = Path(templates).expanduser()
        if not folder.is_dir():
            raise SectrackError(str(templates), "the templates folder does not exist")
        key = str(folder.resolve())
    return _environment(key)


@lru_cache(maxsize=8)
def _environment(override: str | None) -> jinja2.Environment:
    shipped = _shipped_loader()
    loaders: list[jinja2.BaseLoader] = []
    if override is not None:
        loaders.append(jinja2.FileSystemLoader(override, encoding="utf-8"))
    loaders.append(shipped)
    loaders.append(jinja2.PrefixLoader({"sectrack": shipped}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=AUTOESCAPE_EXTENSIONS, default_for_string=True, default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=override is not None,
    )
    return env


def render(name: str, templates: str | Path | None = None, /, **values: object) -> str:
    """Render the template ``name`` with ``values``; a missing template is a SectrackError."""
    env = environment(templates)
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        raise SectrackError(name, "template not found") from exc
    return template.render(**values)
