"""The README's two fresh-machine commands stay true: files it names exist, CI runs the second."""

from __future__ import annotations

import re
import shlex

from conftest import ROOT


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", text, re.S)[:2]


def test_readme_starts_with_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.index("```")
    assert text[:first_block].strip() == "# sectrack"
    assert len(commands()) == 2


def test_main_command_loads_the_corpus_publishes_it_and_says_what_to_open() -> None:
    main = shlex.split(commands()[0])
    assert main[:3] == ["pip", "install", "."]
    steps = " ".join(main).split(" && ")
    assert "sectrack load-corpus" in steps and "sectrack publish -o site" in steps
    assert (ROOT / "corpus" / "releases").is_dir()  # what load-corpus loads by default
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "open `site/index.html`" in text[:text.index("## ")]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands()[1] in ci


def test_library_examples_run(monkeypatch) -> None:
    """The README's Python examples run as written, from the checkout's root."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)\n```", text, re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
