"""``sectrack check``: the consistency checks over the documents in effect at a release."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from sectrack.cli import main
from sectrack.cli.common import fail, handle_errors
from sectrack.cli.store import STORE_OPTION, open_store

if TYPE_CHECKING:
    from sectrack.check import Config

CHECK_CONFIG_OPTION = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="The checks' configuration (default: the file $SECTRACK_CHECK_CONFIG names, else "
         "sectrack-check.yaml here, if there is one).")


def check_config(path: str | None) -> Config:
    """The checks' configuration at ``path``, else where ``config_location`` finds it; SectrackError
    (one line, exit 2) when it cannot be used."""
    from sectrack.check import ConfigError, config_location, load_config
    from sectrack.errors import SectrackError

    where = config_location(path)
    try:
        return load_config(where)
    except ConfigError as exc:
        raise SectrackError(str(where), str(exc)) from None


@main.command("check")
@click.option("--release", default=None, metavar="V",
              help="The SEC release whose documents in effect are checked (default: the latest published; "
                   "a draft by name).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True,
              help="Exit 1 when there are findings at or above this severity.")
@click.option("--delta", is_flag=True, help="Report what the release changed against the release before it.")
@click.option("--impact", "impact_of", default=None, metavar="V",
              help="List the clauses that use each Section A term release V added, amended or removed.")
@CHECK_CONFIG_OPTION
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None,
              help="Where the index of each document version read is kept, so later checks need not load "
                   "it again (default: $SECTRACK_CACHE, else sectrack/ in the user's cache folder).")
@click.option("--no-cache", is_flag=True, help="Keep no index: load every document from the store.")
@STORE_OPTION
@handle_errors
def check_command(release: str | None, fmt: str, fail_on: str, delta: bool, impact_of: str | None,
                  config_path: str | None, cache_dir: str | None, no_cache: bool, store_url: str | None) -> None:
    """Check defined terms and cross-references across the documents in effect at a release."""
    from sectrack.check import failing, release_delta, release_report

    config = check_config(config_path)
    cache = None if no_cache else cache_dir or default_cache()
    with open_store(store_url) as st:
        if not (release or impact_of) and st.latest() is None:
            fail(f"{st.where}: no published release in the store")
        if impact_of:
            d = release_delta(st, impact_of, config, cache)
            _emit(fmt, {"release": d.release, "impact": [i.to_dict() for i in d.impact]}, _impact_text(d))
            return
        if delta:
            d = release_delta(st, release, config, cache)
            _emit(fmt, d.to_dict(), _delta_text(d))
            bad = d.introduced + [lb.finding for lb in d.left_behind]
            sys.exit(1 if fail_on != "never" and any(_at_least(f.severity, fail_on) for f in bad) else 0)
        report = release_report(st, release, config, cache)
        _emit(fmt, report.to_dict(), _report_text(report))
        sys.exit(1 if failing(report, fail_on) else 0)


def default_cache() -> str:
    """$SECTRACK_CACHE, else sectrack/ in $XDG_CACHE_HOME or ~/.cache."""
    if os.environ.get("SECTRACK_CACHE"):
        return os.environ["SECTRACK_CACHE"]
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sectrack")


def _at_least(severity: str, fail_on: str) -> bool:
    return severity == "error" or (fail_on == "warning" and severity == "warning")


def _emit(fmt: str, data: dict[str, Any], text: list[str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(text))


def _finding_lines(f: Any) -> list[str]:
    detail = f" ({f.detail})" if f.detail else ""
    return [f"{f.document} {f.ref}: {f.severity}: {f.code}: {f.subject}{detail}", f"    {f.text}"]


def _report_text(report: Any) -> list[str]:
    lines = [line for f in report.findings for line in _finding_lines(f)]
    counts = report.counts()
    where = f"v{report.release}" if report.release else "an empty store"
    lines.append(f"{where}: {len(report.code.docs)} documents checked, {counts['error']} errors, "
                 f"{counts['warning']} warnings")
    return lines


def _delta_text(d: Any) -> list[str]:
    lines = [f"v{d.release} against {('v' + d.previous) if d.previous else 'nothing before it'}:"]
    for title, findings in (("introduced", d.introduced), ("fixed", d.fixed)):
        lines.append(f"{title}: {len(findings)}")
        lines += [f"  {line}" for f in findings for line in _finding_lines(f)]
    lines.append(f"left behind by renumbering: {len(d.left_behind)}")
    lines += [f"  {line}" for lb in d.left_behind for line in _finding_lines(lb.finding)]
    return lines + _impact_text(d)


def _impact_text(d: Any) -> list[str]:
    lines = [f"v{d.release}: definitions changed: {len(d.impact)}"]
    for i in d.impact:
        lines.append(f"  {i.term} ({i.change}): used in {len(i.uses)} clauses")
        lines += [f"    {doc} {ref}" for doc, ref in i.uses]
    return lines

