"""Bad input gets one line and exit status 2 with the store unchanged; versions are immutable; a
published release cannot be altered; drafts can be replaced, dropped and published in order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS
from store.conftest import RELEASES

from sectrack.cli import main
from sectrack.store import Store

DOCS = CORPUS / "documents"


def cli(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--store", url])
    return result.exit_code, result.stdout, result.stderr


def snapshot(url: str) -> object:
    """Everything the store answers, to show that a refused write changed nothing."""
    with Store.open(url) as st:
        releases = [(r.sec_version, r.status, r.effective, r.changes) for r in st.releases()]
        versions = [(d["document"], [(v.version, v.sha256) for v in st.versions(d["document"])]) for d in st.documents()]
        return releases, versions


def manifest(tmp: Path, name: str, data: dict) -> Path:
    """A manifest in ``tmp`` whose files point into the corpus."""
    for d in data.get("documents", []):
        if "file" in d:
            d["file"] = str(DOCS / d["file"])
    path = tmp / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def base(url: str, count: int = 2) -> None:
    with Store.open(url, create=True) as st:
        for path in RELEASES[:count]:
            st.add_release(path)


def refused(url: str, args: list[str], expected: str) -> None:
    before = snapshot(url)
    code, out, err = cli(url, *args)
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("sectrack: ") and expected in err, err
    assert "Traceback" not in err and out == ""
    assert snapshot(url) == before


def release(v: str, effective: str, docs: list[dict], **extra: object) -> dict:
    return {"sec_version": v, "effective": effective, "title": f"SEC v{v}", **extra, "documents": docs}


AM16 = {"slug": "appendix-am", "version": "16.0", "file": "appendix-am/appendix-am-v16.0.docx", "change": "amended"}


def test_manifest_errors_name_the_field_and_line(store_url: str, tmp_path: Path) -> None:
    base(store_url)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text('sec_version: "54.0"\neffective: 2021-12-17\ntitle: [unclosed\n', encoding="utf-8")
    refused(store_url, ["release", "add", str(bad_yaml)], f"{bad_yaml}: line 4: not valid YAML")
    missing = manifest(tmp_path, "m.yaml", release("54.0", "2021-12-17", [dict(AM16)]))
    text = missing.read_text(encoding="utf-8").replace("  version: '16.0'\n", "")
    missing.write_text(text, encoding="utf-8")
    refused(store_url, ["release", "add", str(missing)], f"{missing}: line 5: documents[0].version: missing")
    unquoted = tmp_path / "u.yaml"
    unquoted.write_text(missing.read_text(encoding="utf-8").replace("sec_version: '54.0'", "sec_version: 54.0"))
    refused(store_url, ["release", "add", str(unquoted)], f"{unquoted}: line 1: sec_version: expected text")
    wrong = manifest(tmp_path, "w.yaml", release("54.0", "2021-12-17", [dict(AM16, change="rewritten")]))
    refused(store_url, ["release", "add", str(wrong)], "line 8: documents[0].change: 'rewritten' is not one of")
    no_title = manifest(tmp_path, "t.yaml", {"sec_version": "54.0", "effective": "2021-12-17", "documents": [dict(AM16)]})
    refused(store_url, ["release", "add", str(no_title)], f"{no_title}: line 1: title: missing")


def test_a_file_that_is_not_a_docx_is_refused_and_nothing_is_added(store_url: str, tmp_path: Path) -> None:
    base(store_url)
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip at all")
    at = dict(AM16, slug="appendix-at", version="1.0", change="new", file="appendix-at/appendix-at-v1.0.docx")
    path = manifest(tmp_path, "m.yaml", release("54.0", "2021-12-17", [at, dict(AM16)]))
    path.write_text(path.read_text().replace(str(DOCS / "appendix-am/appendix-am-v16.0.docx"), str(fake)))
    refused(store_url, ["release", "add", str(path)], f"sectrack: {fake}: ")
    refused(store_url, ["ingest", str(fake), "--doc", "appendix-am", "--version", "16.0"], f"sectrack: {fake}: ")


def test_release_rules(store_url: str, tmp_path: Path) -> None:
    base(store_url)
    early = manifest(tmp_path, "early.yaml", release("54.0", "2021-11-01", [dict(AM16)]))
    refused(store_url, ["release", "add", str(early)], "effective: 2021-11-01 is before 2021-11-25, when 53.0")
    back = dict(AM16, version="14.5", file="appendix-am/appendix-am-v14.0.docx")
    backwards = manifest(tmp_path, "back.yaml", release("54.0", "2021-12-17", [back]))
    refused(store_url, ["release", "add", str(backwards)], "appendix-am: version 14.5 does not come after 15.0")
    gone = manifest(tmp_path, "gone.yaml", release("54.0", "2021-12-17", [{"slug": "appendix-at", "change": "removed"}]))
    refused(store_url, ["release", "add", str(gone)], "appendix-at: change removed, but the document is not in effect at 53.0")
    again = dict(AM16, change="new")
    renew = manifest(tmp_path, "new.yaml", release("54.0", "2021-12-17", [again]))
    refused(store_url, ["release", "add", str(renew)], "appendix-am: change new, but version 15.0 is in effect")
    older = manifest(tmp_path, "older.yaml", release("51.0", "2021-01-01", [dict(AM16)]))
    refused(store_url, ["release", "add", str(older)], "release 51.0 comes before 53.0, the latest in the store")
    wrong_doc = dict(AM16, file="appendix-at/appendix-at-v1.0.docx")
    mixed = manifest(tmp_path, "mixed.yaml", release("54.0", "2021-12-17", [wrong_doc]))
    refused(store_url, ["release", "add", str(mixed)], "not appendix-am")


def test_published_releases_are_immutable_and_readding_is_a_noop(store_url: str, tmp_path: Path) -> None:
    base(store_url)
    code, out, _ = cli(store_url, "release", "add", str(RELEASES[1]))
    assert code == 0 and "unchanged" in out
    copy = tmp_path / RELEASES[1].name
    text = RELEASES[1].read_text(encoding="utf-8").replace("../documents", str(DOCS))
    copy.write_text(text.replace('title: "SEC v53.0', 'title: "SEC v53.0 (edited)'), encoding="utf-8")
    refused(store_url, ["release", "add", str(copy)], "release 53.0 is published and cannot be altered")
    refused(store_url, ["release", "drop", "53.0"], "v53.0: the release is published and cannot be dropped")


def test_versions_are_immutable(store_url: str, tmp_path: Path) -> None:
    base(store_url)
    am15 = DOCS / "appendix-am" / "appendix-am-v15.0.docx"
    code, _out, err = cli(store_url, "ingest", str(am15), "--doc", "appendix-am", "--version", "15.0")
    assert code == 0 and "is in the store already with these bytes: nothing to do" in err
    am16 = DOCS / "appendix-am" / "appendix-am-v16.0.docx"
    other = tmp_path / "other.docx"
    shutil.copy(am16, other)
    import hashlib

    refused(store_url, ["ingest", str(other), "--doc", "appendix-am", "--version", "15.0"],
            f"appendix-am@15.0 is stored already with other content (stored sha256 "
            f"{hashlib.sha256(am15.read_bytes()).hexdigest()}, this file {hashlib.sha256(am16.read_bytes()).hexdigest()})")
    code, out, _ = cli(store_url, "ingest", str(am16), "--doc", "appendix-am", "--version", "16.0")
    assert code == 0 and out.startswith("stored appendix-am@16.0 (sha256 ")


def test_drafts_are_replaced_dropped_and_published_in_order(store_url: str, tmp_path: Path) -> None:
    base(store_url)
    code, out, err = cli(store_url, "release", "add", str(RELEASES[2]), "--draft")
    assert code == 0 and "added as draft" in out, err
    code, out, _ = cli(store_url, "log", "--format", "csv")
    assert "v53.0" in out and "v54.0" not in out  # the log follows published releases
    refused(store_url, ["release", "add", str(RELEASES[3])], "would follow the draft 54.0")
    code, out, _ = cli(store_url, "release", "add", str(RELEASES[3]), "--draft")
    assert code == 0
    refused(store_url, ["release", "publish", "55.0"], "v55.0: the draft 54.0 comes before it: publish that first")
    code, out, _ = cli(store_url, "release", "drop", "v55.0")
    assert code == 0
    code, out, _ = cli(store_url, "release", "add", str(RELEASES[2]), "--draft")
    assert code == 0 and "replaced as draft" in out
    code, out, _ = cli(store_url, "release", "publish", "v54.0")
    assert code == 0 and out.strip() == "v54.0: published"
    refused(store_url, ["release", "publish", "54.0"], "the release is published and cannot be published again")
    with Store.open(store_url) as st:
        assert [(r.sec_version, r.status) for r in st.releases()] == [
            ("52.0", "published"), ("53.0", "published"), ("54.0", "published")]


def test_publish_checks_can_hold_a_release_back(store_url: str) -> None:
    from sectrack.store import PUBLISH_CHECKS

    base(store_url)
    cli(store_url, "release", "add", str(RELEASES[2]), "--draft")
    PUBLISH_CHECKS.append(lambda st, rel: [f"{rel.sec_version} breaks something"])
    try:
        refused(store_url, ["release", "publish", "54.0"], "not published: 54.0 breaks something; --force publishes anyway")
        code, _out, _err = cli(store_url, "release", "publish", "54.0", "--force")
        assert code == 0
    finally:
        PUBLISH_CHECKS.pop()


def test_reading_a_missing_store_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    code, _out, err = cli(url, "log")
    assert code == 2 and "no store here" in err and not (tmp_path / "none.db").exists()
    code, _out, err = cli("postgresql+psycopg://nobody:x@127.0.0.1:1/none", "log")
    assert code == 2 and err.startswith("sectrack: postgresql+psycopg://nobody:***@127.0.0.1:1/none: cannot open the store")


def test_the_default_store_is_sectrack_db_here_unless_the_environment_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SECTRACK_STORE", raising=False)
    result = CliRunner().invoke(main, ["release", "add", str(RELEASES[0])])
    assert result.exit_code == 0 and (tmp_path / "sectrack.db").is_file()
    monkeypatch.setenv("SECTRACK_STORE", str(tmp_path / "other.db"))
    result = CliRunner().invoke(main, ["release", "add", str(RELEASES[0])])
    assert result.exit_code == 0 and (tmp_path / "other.db").is_file()
