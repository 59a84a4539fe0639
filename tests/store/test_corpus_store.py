"""The bundled corpus in a store: the Document Log, releases and history say what the manifests say."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from sectrack.cli import main
from sectrack.store import NotFound, Store


def cli(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--store", url])
    return result.exit_code, result.stdout, result.stderr


def log_of(url: str, *args: str) -> dict[str, dict]:
    code, out, err = cli(url, "log", "--format", "json", *args)
    assert code == 0, err
    return {e["document"]: e for e in json.loads(out)}


def test_document_log_after_each_release_follows_the_manifests(corpus_url: str) -> None:
    v53 = log_of(corpus_url, "--release", "53.0")
    assert {k: (e["version"], e["release"]) for k, e in v53.items()} == {
        "section-a": ("21.0", "53.0"), "section-l": ("10.0", "53.0"), "appendix-am": ("15.0", "53.0")}
    v54 = log_of(corpus_url, "--release", "v54.0")
    assert {k: (e["version"], e["release"]) for k, e in v54.items()} == {
        "section-a": ("22.0", "54.0"), "section-l": ("10.0", "53.0"), "appendix-am": ("16.0", "54.0"),
        "appendix-at": ("1.0", "54.0")}
    assert v54["appendix-at"]["change"] == "new" and v54["appendix-at"]["effective"] == "2021-12-17"
    assert v54["appendix-am"]["title"] == "SMETS1 Supporting Requirements"
    assert len(v54["section-a"]["sha256"]) == 64
    latest = log_of(corpus_url)
    assert {k: e["version"] for k, e in latest.items()} == {
        "section-a": "23.0", "section-l": "11.0", "appendix-am": "17.0", "appendix-at": "1.1"}


def test_log_on_a_date_is_the_release_in_effect_then(corpus_url: str) -> None:
    assert log_of(corpus_url, "--on", "2021-12-16")["appendix-am"]["version"] == "15.0"
    assert log_of(corpus_url, "--on", "2021-12-17")["appendix-am"]["version"] == "16.0"
    code, _out, err = cli(corpus_url, "log", "--on", "2020-01-01")
    assert code == 2 and err.strip() == "sectrack: 2020-01-01: no published release was in effect on that date"


def test_log_changes_lists_what_a_release_changed(corpus_url: str) -> None:
    code, out, err = cli(corpus_url, "log", "--changes", "54.0", "--format", "json")
    assert code == 0, err
    changes = {c["document"]: (c["change"], c["previous"], c["version"]) for c in json.loads(out)}
    assert changes == {"section-a": ("amended", "21.0", "22.0"), "appendix-am": ("re-designated", "15.0", "16.0"),
                       "appendix-at": ("new", None, "1.0")}


def test_log_as_csv_markdown_and_html(corpus_url: str) -> None:
    code, out, _ = cli(corpus_url, "log", "--release", "54.0", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["Slug"] for r in rows] == ["section-a", "section-l", "appendix-am", "appendix-at"]
    assert rows[2]["Document"] == "SEC Appendix AM 'SMETS1 Supporting Requirements'" and rows[2]["Version"] == "16.0"
    code, out, _ = cli(corpus_url, "log", "--release", "54.0", "--format", "md")
    assert code == 0 and "| SEC Appendix AT 'SMETS1 Cryptographic Key Management Policy' | appendix-at | 1.0 | v54.0 |" in out
    code, out, _ = cli(corpus_url, "log", "--release", "54.0", "--format", "html")
    cells = _cells(out)
    assert code == 0 and "SEC Appendix AM 'SMETS1 Supporting Requirements'" in cells and "&#39;" in out


def _cells(page: str) -> list[str]:
    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[str] = []
            self.inside = False

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.inside = tag == "td"
            if self.inside:
                self.cells.append("")

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.cells[-1] += data

    parser = Cells()
    parser.feed(page)
    return parser.cells


def test_release_list_and_show(corpus_url: str) -> None:
    code, out, _ = cli(corpus_url, "release", "list", "--format", "json")
    releases = json.loads(out)
    assert code == 0 and [r["sec_version"] for r in releases] == ["52.0", "53.0", "54.0", "55.0"]
    assert releases[2].items() >= {"effective": "2021-12-17", "status": "published", "documents": 3}.items()
    assert releases[2]["title"] == "SEC v54.0 implemented to support the SMETS1 Cryptographic Key Management Policy"
    code, out, _ = cli(corpus_url, "release", "show", "v54.0")
    assert code == 0 and "re-designated" in out and "designation: Secretary of State designation letter" in out
    code, out, _ = cli(corpus_url, "release", "list")
    assert code == 0 and "v55.0" in out


@pytest.mark.parametrize("args", [["release", "show", "54.0"], ["log", "--changes", "54.0"]])
def test_each_documents_summary_reads_as_a_paragraph(corpus_url: str, args: list[str]) -> None:
    code, out, err = cli(corpus_url, *args)
    assert code == 0, err
    lines = out.splitlines()
    start = lines.index("SEC Appendix AT 'SMETS1 Cryptographic Key Management Policy' (appendix-at, 1.0,")
    assert lines[start + 1:start + 4] == [
        "new)", "  New Appendix: the SMETS1 Cryptographic Key Management Policy, in nine Parts", "  (60 clauses)."]
    prose = " ".join(line.strip() for line in lines if line.startswith("  "))
    assert "Seven definitions added for the Policy (Cryptoperiod, Dual Control, Key Custodian, Key Rotation," in prose
    assert "5.2 deleted, 5.3 (five-yearly key replacement) replaced by a clause on Key Rotation" in prose
    assert all(len(line) <= 80 for line in lines[start:])


def test_history_of_a_document(corpus_url: str) -> None:
    code, out, err = cli(corpus_url, "history", "appendix-am", "--format", "json")
    events = json.loads(out)
    assert code == 0, err
    assert [(e["version"], e["release"], e["change"]) for e in events] == [
        ("14.0", "52.0", "baseline"), ("15.0", "53.0", "amended"), ("16.0", "54.0", "re-designated"),
        ("17.0", "55.0", "amended")]
    assert "6 inserted" in events[2]["changes"] and "1 moved" in events[2]["changes"]


def test_clause_lineage_follows_renumbering_and_moves(corpus_url: str) -> None:
    code, out, err = cli(corpus_url, "history", "appendix-am", "--clause", "2.5", "--format", "json")
    assert code == 0, err
    events = [(e["version"], e["release"], e["event"], e["old_ref"], e["ref"]) for e in json.loads(out)]
    assert events == [("14.0", "52.0", "baseline", None, "2.3"), ("16.0", "54.0", "renumbered", "2.3", "2.5")]
    with Store.open(corpus_url) as st:
        assert [(e.event, e.old_ref, e.ref) for e in st.clause_history("appendix-am", "AM7.8")][1:] == [
            ("moved", "5.5", "7.8")]
        moved = st.clause_history("appendix-am", "6.7")
        assert [(e.version, e.event, e.old_ref, e.ref) for e in moved][1:] == [("17.0", "moved", "6.2", "6.7")]
        new = st.clause_history("section-a", "3.3")
        assert [(e.version, e.event, e.ref) for e in new] == [("22.0", "inserted", "A3.3")]
        assert "Key Management Policy prevails" in new[0].inserted_words
        reworded = st.clause_history("appendix-am", "3.3", at="15.0")
        assert ("15.0", "amended") in [(e.version, e.event) for e in reworded]
        assert any("30" in e.inserted_words and "20" in e.deleted_words for e in reworded)


def test_clause_named_in_an_older_version_is_followed_to_its_deletion(corpus_url: str) -> None:
    with Store.open(corpus_url) as st:
        events = st.clause_history("appendix-am", "4.11", at="14.0")
        assert [(e.version, e.event, e.old_ref, e.ref) for e in events][-1] == ("15.0", "deleted", "4.11", None)
        at_release = st.clause_history("appendix-am", "5.5", at="v53.0")
        assert [(e.version, e.event, e.ref) for e in at_release][-1] == ("16.0", "moved", "7.8")
        with pytest.raises(NotFound):
            st.clause_history("appendix-am", "9.99")


def test_term_history(corpus_url: str) -> None:
    code, out, err = cli(corpus_url, "history", "section-a", "--term", "Key Rotation", "--format", "json")
    assert code == 0, err
    events = json.loads(out)
    assert [(e["version"], e["release"], e["event"], e["term"]) for e in events] == [
        ("22.0", "54.0", "added", "Key Rotation")]
    assert "ref" not in events[0] and events[0]["effective"] == "2021-12-17"
    with Store.open(corpus_url) as st:
        assert [(e.version, e.event) for e in st.term_history("whitelist")] == [("20.0", "baseline"), ("21.0", "removed")]
        worded = st.term_history("Working Day")
        assert worded[-1].event == "amended" and worded[-1].inserted_words


def test_store_api_versions_documents_and_packages(corpus_url: str) -> None:
    with Store.open(corpus_url) as st:
        versions = st.versions("appendix-am")
        assert [(v.version, v.release) for v in versions] == [
            ("14.0", "52.0"), ("15.0", "53.0"), ("16.0", "54.0"), ("17.0", "55.0")]
        assert versions[2].effective == dt.date(2021, 12, 17)
        from conftest import CORPUS

        original = (CORPUS / "documents" / "appendix-am" / "appendix-am-v16.0.docx").read_bytes()
        assert st.package("appendix-am", "16.0") == original
        doc = st.document("appendix-am", "v54.0")
        assert doc.version == "16.0" and doc.clause("2.5") is not None
        assert set(st.in_effect("54.0")) == {"section-a", "section-l", "appendix-am", "appendix-at"}
        cs = st.changeset("appendix-am", "15.0", "16.0")
        assert cs.summary.moved == 1 and not cs.same


def test_a_document_is_read_without_its_package_when_asked(corpus_url: str) -> None:
    import io
    import zipfile

    from sqlalchemy import event

    import sectrack

    statements: list[str] = []
    with Store.open(corpus_url) as st:
        event.listen(st.engine, "before_cursor_execute", lambda _c, _cur, sql, *_: statements.append(sql))
        lean = st.document("appendix-am", "16.0", package=False)
        assert lean.package is None and lean.clause("2.5") is not None
        assert statements and not any("package" in sql for sql in statements)
        full = st.document("appendix-am", "16.0")
        assert any("versions.package" in sql for sql in statements)
        assert full == lean and full.package == st.package("appendix-am", "16.0")
        docx = sectrack.render(sectrack.compare(st.document("appendix-am", "15.0"), full), "docx")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx)).namelist()


def test_a_table_for_people_shows_brackets_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    from sectrack.cli.store import print_table
    from sectrack.store.tables import TableView

    print_table(TableView("Log [bold]x[/bold]", ("Words [i]",), (("[reserved] and [link=x]y[/link]",),)))
    out = capsys.readouterr().out
    assert "Log [bold]x[/bold]" in out and "Words [i]" in out and "[reserved] and [link=x]y[/link]" in out


@pytest.mark.parametrize("columns", [200, 60])
def test_a_table_for_people_folds_only_its_widest_column(columns: int, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from sectrack.cli.store import print_table
    from sectrack.store.tables import TableView

    monkeypatch.setenv("COLUMNS", str(columns))
    title = "SEC Appendix AT 'SMETS1 Cryptographic Key Management Policy'"
    print_table(TableView("Log", ("Document", "Slug", "Effective"), ((title, "appendix-at", "2021-12-17"),)))
    lines = capsys.readouterr().out.splitlines()
    assert max(map(len, lines)) <= columns
    rows = [line for line in lines if "appendix-at" in line]
    assert len(rows) == 1 and "2021-12-17" in rows[0]  # the short cells on one line, never folded
    shown = " ".join(line.strip("│┃ ").split("│")[0].strip() for line in lines[lines.index(rows[0]):-1])
    assert shown == title if columns == 200 else shown.split() == title.split()
