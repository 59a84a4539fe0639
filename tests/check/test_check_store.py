"""``sectrack check`` on a copy of the corpus loaded into a temporary store, with defects planted
in the copy's sources: every planted defect is found, at the release that brought it in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from sectrack.store import NotFound, Store

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
UNDEFINED = "Quantum Escrow Arrangement"
CACHE = Path(tempfile.mkdtemp(prefix="sectrack-check-cache-"))


def _plant(corpus: Path) -> None:
    """An undefined term in an Appendix AT clause (v55.0), a reference to a clause Section L does not
    have (Appendix AM, v55.0), and a reference that Section L's renumbering in v55.0 leaves behind
    (Appendix AT cites L2.3 from v54.0 on; v55.0 inserts L2.2, so that clause becomes L2.4)."""
    def edit(rel: str, old: str, new: str) -> None:
        path = corpus / "src" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    key_ceremony = "shall be carried out at a Key Ceremony."
    edit("appendix-at/1.1.txt", key_ceremony, f"{key_ceremony} Each {UNDEFINED} shall be reviewed at it.")
    first = "This Appendix sets out the requirements"
    edit("appendix-am/17.0.txt", first, "As Section L14.12 requires, this Appendix sets out the requirements")
    for version in ("1.0", "1.1"):
        edit(f"appendix-at/{version}.txt", "in accordance with Section L14.8,",
             "in accordance with Section L14.8 and with the assurance of Section L2.3,")


@pytest.fixture(scope="module")
def planted_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus with the defects planted, built."""
    corpus = tmp_path_factory.mktemp("planted") / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("documents", "__pycache__"))
    _plant(corpus)
    subprocess.run([sys.executable, str(corpus / "build.py")], check=True, capture_output=True)
    return corpus


def _load(url: str, corpus: Path, draft: tuple[str, ...] = ()) -> None:
    with Store.open(url, create=True) as st:
        for release in ("52.0", "53.0", "54.0", "55.0"):
            st.add_release(corpus / "releases" / f"v{release}.yaml", draft=release in draft)


@pytest.fixture(scope="module")
def planted(planted_corpus: Path) -> tuple[str, Path]:
    """(store URL, corpus copy): the planted corpus loaded, v52.0 to v55.0."""
    url = f"sqlite:///{planted_corpus.parent / 'store.db'}"
    _load(url, planted_corpus)
    return url, planted_corpus


def sectrack(*args: str, cwd: Path | None = None, cache: Path | None = None,
             config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run sectrack; ``config``: the file $SECTRACK_CHECK_CONFIG names (unset when None)."""
    env = {**os.environ, "SECTRACK_CACHE": str(cache or CACHE)}
    env.pop("SECTRACK_CHECK_CONFIG", None)
    if config is not None:
        env["SECTRACK_CHECK_CONFIG"] = str(config)
    return subprocess.run([sys.executable, "-m", "sectrack.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)


def test_every_planted_defect_is_found(planted) -> None:
    url, corpus = planted
    run = sectrack("check", "--release", "55.0", "--store", url, "--config", str(corpus / "sectrack-check.yaml"),
                   "--format", "json")
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    found = {(f["code"], f["document"], f["subject"]) for f in data["findings"]}
    assert ("term.undefined", "appendix-at", UNDEFINED) in found
    assert ("ref.missing-clause", "appendix-am", "Section L14.12") in found
    assert data["release"] == "55.0" and data["counts"] == {"error": 1, "warning": 4}
    f = next(f for f in data["findings"] if f["subject"] == UNDEFINED)
    assert f["ref"] == "6.3" and UNDEFINED in f["text"] and f["severity"] == "warning"


def test_the_delta_reports_what_v55_broke(planted) -> None:
    url, corpus = planted
    run = sectrack("check", "--release", "v55.0", "--delta", "--store", url, "--config",
                   str(corpus / "sectrack-check.yaml"), "--format", "json")
    assert run.returncode == 1, run.stderr
    d = json.loads(run.stdout)
    assert d["previous"] == "54.0"
    assert {(f["code"], f["subject"]) for f in d["introduced"]} == {
        ("term.undefined", UNDEFINED), ("ref.missing-clause", "Section L14.12")}
    assert d["fixed"] == []
    [lb] = d["left_behind"]
    assert (lb["document"], lb["ref"], lb["target"], lb["cited"], lb["now"]) == (
        "appendix-at", "1.2", "section-l", "L2.3", "L2.4")


def test_v54_is_clean_and_its_impact_listed(planted) -> None:
    url, corpus = planted
    config = str(corpus / "sectrack-check.yaml")
    assert sectrack("check", "--release", "54.0", "--store", url, "--config", config).returncode == 0
    run = sectrack("check", "--impact", "54.0", "--store", url, "--config", config, "--format", "json")
    assert run.returncode == 0, run.stderr
    impact = {i["term"]: i for i in json.loads(run.stdout)["impact"]}
    assert impact["Key Rotation"]["change"] == "added" and impact["Key Rotation"]["count"] == 13
    assert {"document": "appendix-at", "ref": "6.1"} in impact["Key Rotation"]["uses"]


def test_text_output_and_fail_on(planted) -> None:
    url, corpus = planted
    config = str(corpus / "sectrack-check.yaml")
    run = sectrack("check", "--store", url, "--config", config, "--fail-on", "never")
    assert run.returncode == 0
    assert f"appendix-at 6.3: warning: term.undefined: {UNDEFINED} (defined nowhere in scope)" in run.stdout
    assert run.stdout.rstrip().endswith("v55.0: 4 documents checked, 1 errors, 4 warnings")
    assert sectrack("check", "--store", url, "--config", config, "--release", "54.0", "--fail-on",
                    "warning").returncode == 1


def test_the_configuration_in_the_working_directory_is_used(planted, tmp_path: Path) -> None:
    url, corpus = planted
    shutil.copy(corpus / "sectrack-check.yaml", tmp_path / "sectrack-check.yaml")
    run = sectrack("check", "--store", url, "--release", "54.0", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    bare = sectrack("check", "--store", url, "--release", "54.0", cwd=tmp_path / "..")
    assert bare.returncode == 1 and "ref.missing-document" in bare.stdout


@pytest.mark.parametrize("args, message", [
    (["--release", "99.0"], "99.0"),
    (["--config", "missing.yaml"], "missing.yaml: cannot read"),
])
def test_trouble_is_one_line_and_exit_2(planted, args: list[str], message: str) -> None:
    url, _ = planted
    run = sectrack("check", "--store", url, *args)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("sectrack: ") and message in run.stderr


def test_an_empty_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    Store.open(url, create=True).close()
    run = sectrack("check", "--store", url)
    assert run.returncode == 2 and "no published release" in run.stderr


def test_release_publish_refuses_a_release_that_introduces_errors(planted_corpus: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'draft.db'}"
    _load(url, planted_corpus, draft=("55.0",))
    shutil.copy(planted_corpus / "sectrack-check.yaml", tmp_path / "sectrack-check.yaml")
    run = sectrack("release", "publish", "55.0", "--store", url, cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert "not published: ref.missing-clause: appendix-am 1.1: Section L14.12 (Section L has no clause L14.12)" \
        in run.stderr and "--force publishes anyway" in run.stderr
    with Store.open(url) as st:
        assert st.release("55.0").status == "draft"
    assert sectrack("release", "publish", "55.0", "--force", "--store", url, cwd=tmp_path).returncode == 0
    with Store.open(url) as st:
        assert st.release("55.0").status == "published"


def test_release_publish_takes_the_configuration_from_config_or_the_environment(planted_corpus: Path,
                                                                              tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'draft.db'}"
    _load(url, planted_corpus, draft=("55.0",))
    corpus_config = planted_corpus / "sectrack-check.yaml"
    relaxed = tmp_path / "relaxed.yaml"
    settings = yaml.safe_load(corpus_config.read_text(encoding="utf-8"))
    settings["severity"]["ref.missing-clause"] = "off"
    relaxed.write_text(yaml.safe_dump(settings), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    refused = sectrack("release", "publish", "55.0", "--store", url, cwd=elsewhere, config=corpus_config)
    assert refused.returncode == 2 and "not published: ref.missing-clause" in refused.stderr
    missing = sectrack("release", "publish", "55.0", "--store", url, "--config", "missing.yaml", cwd=elsewhere)
    assert missing.returncode == 2 and missing.stderr == "sectrack: missing.yaml: cannot read: FileNotFoundError\n"
    gone = sectrack("release", "publish", "55.0", "--store", url, cwd=elsewhere, config=tmp_path / "gone.yaml")
    assert gone.returncode == 2 and "gone.yaml: cannot read" in gone.stderr
    with Store.open(url) as st:
        assert st.release("55.0").status == "draft"
    run = sectrack("release", "publish", "55.0", "--store", url, "--config", str(relaxed), cwd=elsewhere,
                   config=corpus_config, cache=tmp_path / "cache")
    assert run.returncode == 0, run.stderr
    assert len(list((tmp_path / "cache").glob("check-*.json"))) >= 4  # its checks keep their indexes as check's do
    with Store.open(url) as st:
        assert st.release("55.0").status == "published"


def test_check_reads_the_configuration_the_environment_names(planted, tmp_path: Path) -> None:
    url, corpus = planted
    run = sectrack("check", "--store", url, "--release", "54.0", cwd=tmp_path, config=corpus / "sectrack-check.yaml")
    assert run.returncode == 0, run.stdout
    assert sectrack("check", "--store", url, "--release", "54.0", cwd=tmp_path).returncode == 1


def test_the_index_cache_gives_the_same_findings(planted, tmp_path: Path) -> None:
    url, corpus = planted
    args = ("check", "--store", url, "--config", str(corpus / "sectrack-check.yaml"), "--format", "json")
    cold = sectrack(*args, cache=tmp_path)
    kept = sorted(tmp_path.glob("check-*.json"))
    assert len(kept) == 4 and all(len(p.stem.rsplit("-", 1)[1]) == 64 for p in kept)
    warm = sectrack(*args, cache=tmp_path)
    assert cold.stdout == warm.stdout == sectrack(*args, "--no-cache", cache=tmp_path / "unused").stdout
    assert not (tmp_path / "unused").exists()
    kept[0].write_text("{not json")
    assert sectrack(*args, cache=tmp_path).stdout == cold.stdout


def test_the_stored_model_is_the_documents_json(planted) -> None:
    import sectrack
    from sectrack.check.index import DocIndex

    url, _ = planted
    with Store.open(url) as st:
        for slug, info in st.in_effect("55.0").items():
            doc = st.document(slug, info.version)
            text = st.model(slug, info.version)
            assert text is not None
            stored = json.loads(text)  # the model as written, but for the name the store gives the source
            assert stored == {**json.loads(sectrack.dumps(doc)), "source": stored["source"]}
            assert DocIndex.from_model(text) == DocIndex.of(doc)
            assert st.model(slug, "v55.0") == text
        with pytest.raises(NotFound):
            st.model("section-l", "99.0")
