"""``sectrack release notes`` and ``sectrack publish``: the release-day outputs, from the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sectrack.cli import main
from sectrack.cli.common import fail, handle_errors
from sectrack.errors import SectrackError

NOTE_FORMATS = {".html": "html", ".md": "md", ".txt": "txt"}


def _release_group() -> click.Group:
    """The ``release`` group of commands (the store's), made here when it is not there yet."""
    group = main.commands.get("release")
    if isinstance(group, click.Group):
        return group

    @main.group("release")
    def release() -> None:
        """SEC releases: their notes."""

    return release


def load_config(path: str | None) -> dict[str, Any]:
    """The site configuration file (YAML): further_information, site_url, site_title."""
    if path is None:
        return {}
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SectrackError(path, f"cannot read the site configuration: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise SectrackError(path, "the site configuration must be a mapping of keys to values")
    return data


def open_source(manifests: str | None, store: str | None) -> Any:
    """Releases and documents from manifest files (``--from-manifests``) or from the store."""
    from sectrack.release.source import ManifestSource

    if manifests is not None:
        return ManifestSource.from_folder(manifests)
    try:
        from sectrack.release.store_source import StoreSource  # type: ignore[import-not-found]  # comes with the store
    except ImportError:
        fail("no version store in this sectrack: give --from-manifests DIR")
    return StoreSource.open(store)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    import os
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SectrackError(str(path), "the output folder does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".sectrack-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


STORE_OPTION = click.option("--store", "store", default=None, metavar="URL",
                            help="The version store (default: SECTRACK_STORE or sqlite:///sectrack.db).")
MANIFESTS_OPTION = click.option("--from-manifests", "manifests", default=None, metavar="DIR",
                                type=click.Path(file_okay=False, exists=True),
                                help="Take releases from the manifests (*.yaml) in DIR instead of the store.")
CONFIG_OPTION = click.option("--config", default=None, type=click.Path(dir_okay=False, exists=True),
                             help="Site configuration (YAML): further_information, site_url, site_title.")
TEMPLATES_OPTION = click.option("--templates", default=None, type=click.Path(file_okay=False, exists=True),
                                help="A folder of jinja2 templates overriding the shipped ones.")


@_release_group().command("notes")
@click.argument("version")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Write the note here: .html, .md or .txt.")
@click.option("--strict", is_flag=True, help="Refuse to write a note whose narrative disagrees with the documents.")
@TEMPLATES_OPTION
@CONFIG_OPTION
@STORE_OPTION
@MANIFESTS_OPTION
@handle_errors
def notes_command(version: str, output: str, strict: bool, templates: str | None, config: str | None,
                  store: str | None, manifests: str | None) -> None:
    """Write the release note of SEC version VERSION (54.0 or v54.0) in SECAS's shape."""
    from sectrack.release import build_note, render_note

    out = Path(output)
    fmt = NOTE_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise SectrackError(output, "unknown release note format (use .html, .md or .txt)")
    settings = load_config(config)
    note = build_note(open_source(manifests, store), version.lstrip("vV"), settings)
    level = "error" if strict else "warning"
    for w in note.warnings:
        click.echo(f"sectrack: v{note.release.sec_version}: {level}: {w}", err=True)
    if strict and note.warnings:
        raise SystemExit(2)
    text = render_note(note, fmt, templates=templates, base=str(settings.get("site_url", "")))
    write_atomically(out, text.encode("utf-8"))
