"""``sectrack release …``: add, publish, drop, list and show releases. Other modules add their own
release commands to ``release_group`` (``from sectrack.cli.release import release_group``)."""

from __future__ import annotations

import click

from sectrack.cli import main
from sectrack.cli.check import CHECK_CONFIG_OPTION, check_config, default_cache
from sectrack.cli.common import handle_errors
from sectrack.cli.store import STORE_OPTION, echo_messages, emit, open_store, print_changes, reading


@main.group("release")
def release_group() -> None:
    """SEC releases: add them from manifests, publish, list and show them."""


@release_group.command("add")
@click.argument("manifest", type=click.Path(dir_okay=False))
@click.option("--draft", is_flag=True, help="Add as a draft: editable (add it again) or droppable until published.")
@STORE_OPTION
@handle_errors
def release_add(manifest: str, draft: bool, store_url: str | None) -> None:
    """Add the release MANIFEST describes (YAML), with all its documents, or nothing."""
    with open_store(store_url, create=True) as st:
        result = st.add_release(manifest, draft=draft)
    echo_messages(result.messages, manifest)
    click.echo(f"v{result.sec_version}: {result.outcome} as {result.status} ({result.versions_added} new versions)")


@release_group.command("publish")
@click.argument("version")
@click.option("--force", is_flag=True, help="Publish even when the pre-publication checks find problems.")
@CHECK_CONFIG_OPTION
@STORE_OPTION
@handle_errors
def release_publish(version: str, force: bool, config_path: str | None, store_url: str | None) -> None:
    """Publish the draft release VERSION, unless its delta introduces errors (see sectrack check --delta)."""
    from sectrack.check import publish_config

    config = check_config(config_path)
    with open_store(store_url) as st, publish_config(config, default_cache()):
        rel = st.publish(version, force=force)
    click.echo(f"v{rel.sec_version}: published")


@release_group.command("drop")
@click.argument("version")
@STORE_OPTION
@handle_errors
def release_drop(version: str, store_url: str | None) -> None:
    """Drop the draft release VERSION (its document versions stay stored)."""
    with open_store(store_url) as st:
        st.drop(version)
    click.echo(f"v{version.lstrip('vV')}: dropped")


@release_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@STORE_OPTION
@handle_errors
def release_list(fmt: str, store_url: str | None) -> None:
    """Every release in the store, in order."""
    from sectrack.store import tables

    with reading(store_url) as st:
        releases = st.releases()
    emit(tables.releases_table(releases), fmt,
         lambda: [{k: v for k, v in r.to_dict().items() if k != "changes"} | {"documents": len(r.changes)}
                  for r in releases])


@release_group.command("show")
@click.argument("version")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@STORE_OPTION
@handle_errors
def release_show(version: str, fmt: str, store_url: str | None) -> None:
    """One release: its date, status, prose, references and the documents it changes."""
    with reading(store_url) as st:
        rel = st.release(version)
    if fmt == "json":
        emit(None, "json", rel.to_dict)
        return
    click.echo(f"SEC v{rel.sec_version} — {rel.title}")
    click.echo(f"effective {rel.effective.isoformat()}, {rel.status}" + (", baseline" if rel.baseline else "")
               + (", illustrative" if rel.illustrative else ""))
    for ref in rel.references:
        click.echo(f"{ref.get('type', '')}: {ref.get('ref', '')}" + (f" — {ref['title']}" if ref.get("title") else ""))
    if rel.summary:
        click.echo("")
        click.echo(rel.summary.rstrip())
    click.echo("")
    print_changes(rel)
