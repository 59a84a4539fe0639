"""The Atom feed of releases (feedgen), with no clock in it: the same releases give the same bytes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sectrack.publish.model import Facts


def _when(iso: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(iso), dt.time(0, 0), tzinfo=dt.UTC)


def atom(facts: Facts, config: dict[str, Any], title: str) -> bytes:
    """One entry per published release, newest first; links relative to the site unless ``site_url``."""
    from feedgen.feed import FeedGenerator

    base = str(config.get("site_url", ""))
    fg = FeedGenerator()
    fg.id(str(config.get("feed_id", base or "urn:sectrack:site")))
    fg.title(title)
    fg.link(href=f"{base}index.html", rel="alternate")
    fg.link(href=f"{base}feed.xml", rel="self")
    fg.generator("sectrack")
    fg.language("en-GB")
    latest = facts.latest
    fg.updated(_when(latest.effective) if latest else _when("2000-01-01"))
    for r in facts.releases:
        entry = fg.add_entry(order="prepend")
        entry.id(f"{base or 'urn:sectrack:'}releases/v{r.sec_version}/")
        entry.title(r.title or f"SEC v{r.sec_version}")
        entry.link(href=f"{base}releases/v{r.sec_version}/")
        entry.updated(_when(r.effective))
        entry.published(_when(r.effective))
        entry.summary(r.summary.strip() or r.title)
    return bytes(fg.atom_str(pretty=True))
