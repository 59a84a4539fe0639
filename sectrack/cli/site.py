"""``sectrack release notes`` and ``sectrack publish``: the release-day outputs, from the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sectrack.cli import main
from sectrack.cli.common import handle_errors
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
    """The site configuration file (YAML): further_information, site_url, site_title, check_config
    (the checks' configuration for the notes, relative to the file; default: as ``check`` finds it),
    each checked here so a bad one is one line before any work."""
    from sectrack.cli.check import check_config

    data = _read_config(path) if path is not None else {}
    if data.get("check_config"):
        data["check_config"] = str(Path(path or ".").parent / str(data["check_config"]))
    check_config(data.get("check_config"))
    return data


def _read_config(path: str) -> dict[str, Any]:
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
    from sectrack.release.store_source import StoreSource

    return StoreSource.open(store)


STORE_OPTION = click.option("--store", "store", default=None, metavar="URL",
                            help="The version store (default: SECTRACK_STORE or sqlite:///sectrack.db).")
MANIFESTS_OPTION = click.option("--from-manifests", "manifests", default=None, metavar="DIR",
                                type=click.Path(file_okay=False, exists=True),
                                help="Take releases from the manifests (*.yaml) in DIR instead of the store.")
CONFIG_OPTION = click.option("--config", default=None, type=click.Path(dir_okay=False, exists=True),
                             help="Site configuration (YAML): further_information, site_url, site_title, check_config.")
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
    from sectrack.publish.writer import write_atomically

    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise SectrackError(output, "the output folder does not exist")
    write_atomically(out, text.encode("utf-8"))


@main.command("publish")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="The folder of the site (made when missing; updated in place).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes making PDFs and .docx files (default: one per processor).")
@TEMPLATES_OPTION
@CONFIG_OPTION
@STORE_OPTION
@MANIFESTS_OPTION
@handle_errors
def publish_command(output: str, quiet: bool, jobs: int | None, templates: str | None, config: str | None,
                    store: str | None, manifests: str | None) -> None:
    """Publish every published release as a static site in OUTPUT: works offline, from file://."""
    import os
    import sys

    from sectrack.publish import publish

    source = open_source(manifests, store)
    show = not quiet and sys.stderr.isatty()
    with _Interrupts() as interrupts, _progress(show) as progress:
        report = publish(source, output, config=load_config(config), templates=templates,
                         jobs=jobs or os.cpu_count() or 1, progress=interrupts.checking(progress))
    if not quiet:
        click.echo(report.summary(output))


class _Interrupts:
    """Ctrl-C (SIGINT) stops publishing: at once, and again at the next file written when the
    KeyboardInterrupt was lost (raised inside a garbage collector callback, which drops it)."""

    def __enter__(self) -> _Interrupts:
        import os
        import signal

        self.pid = os.getpid()
        self.seen = False
        self.before = signal.signal(signal.SIGINT, self.interrupted)
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        signal.signal(signal.SIGINT, self.before)

    def interrupted(self, signum: int, frame: object) -> None:
        import os

        if os.getpid() != self.pid:  # a worker forked before it set its own handlers
            os._exit(128 + signum)
        self.seen = True
        raise KeyboardInterrupt

    def checking(self, progress: Any) -> Any:
        """``progress`` (or nothing) after a check that no interrupt was lost."""

        def step(done: int, total: int) -> None:
            if self.seen:
                raise KeyboardInterrupt
            if progress is not None:
                progress(done, total)

        return step


class _progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not self.show:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress("Publishing", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("publish", total=None)
        return lambda done, total: self.bar.update(task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
