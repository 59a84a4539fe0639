"""Consistency checks across the code: defined terms and cross-references in every document in
effect at a release, what a release newly broke or fixed, and what its definition changes touch.

The checks are a library over Documents; the store layer and ``sectrack check`` are thin on top.

Over documents (slug -> ``sectrack.model.Document``, e.g. read with ``sectrack.docx.read``)::

    from sectrack.check import check, delta, impact, load_config
    config = load_config("sectrack-check.yaml")      # or Config(); see below
    report = check(docs, config, release="54.0")     # -> Report
    report.findings                                  # -> [Finding] in document and clause order
    report.to_dict()                                 # {"release", "counts", "findings": [...]}
    d = delta(previous_report, report, changesets)   # changesets: slug -> ChangeSet of each document
                                                     # whose version the release changed -> Delta
    d.introduced, d.fixed                            # [Finding]
    d.left_behind                                    # [LeftBehind]: finding, target, cited, now
    d.impact                                         # [TermImpact]: term, change, uses [(slug, ref)]
    d.errors                                         # the errors it introduces
    d.to_dict()

Over a store (``sectrack.store.Store``); the release note and the published site call these::

    from sectrack.check import release_report, release_delta
    report = release_report(store, "54.0", config)   # the documents in effect at v54.0 (default:
                                                     # the latest published; a draft by name)
    d = release_delta(store, "54.0", config)         # delta against the release before, with the
                                                     # impact of its Section A definition changes
    release_report(store, "54.0", config, cache=DIR) # keep each version's index (JSON, by SHA-256)
                                                     # in DIR, so later checks need not load it

``check`` also takes ``DocIndex`` values (index.py: what the checks read of a document, as plain
data with a JSON form) in place of Documents; ``DocIndex.from_model(json)`` indexes a stored model
without loading the Document (view.py). Two checks of releases that share most documents can
share a ``terms.ScanMemo`` (``check(..., memo=memo)``), as ``release_delta`` does.

A Finding has ``code``, ``severity`` (``error`` or ``warning``), ``document`` (slug), ``ref`` (the
clause it sits in, as cited; ``A1.1 [Term]`` in Section A's definitions table), ``subject`` (the
term or the reference as written), ``text`` (the sentence around it), ``release`` and ``detail``.
Codes: ``term.undefined``, ``term.unused``, ``term.duplicate``, ``term.case`` (terms.py);
``ref.missing-document``, ``ref.missing-clause``, ``ref.title-mismatch``, ``ref.range`` (refs.py,
with the grammar in grammar.py); ``ref.renumbered`` (delta.py). Missing documents and clauses are
errors, the rest warnings, unless ``sectrack-check.yaml`` says otherwise (``find_config(path)``:
``path``, else the file $SECTRACK_CHECK_CONFIG names, else ``sectrack-check.yaml`` in the working
directory; ``with publish_config(config): store.publish(v)`` publishes with ``config``)::

    allow: [Data Protection Act]       # expressions that are not defined terms (proper names)
    outside: [section-g, Appendix AG]  # documents cited but kept outside this store: not checked
    severity: {term.unused: off, ref.title-mismatch: error}   # error | warning | off
"""

from __future__ import annotations

from sectrack.check.checks import Report, check, failing
from sectrack.check.delta import Delta, LeftBehind, TermImpact, delta, impact
from sectrack.check.findings import CODES, Config, ConfigError, Finding, config_from, load_config
from sectrack.check.index import DocIndex
from sectrack.check.release import (
    CONFIG_ENV,
    config_location,
    find_config,
    publish_config,
    publish_problems,
    release_delta,
    release_report,
)

__all__ = [
    "CODES", "CONFIG_ENV", "Config", "ConfigError", "Delta", "DocIndex", "Finding", "LeftBehind", "Report",
    "TermImpact", "check", "config_from", "config_location", "delta", "failing", "find_config", "impact",
    "load_config", "publish_config", "publish_problems", "release_delta", "release_report",
]
