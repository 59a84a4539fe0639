"""The README's store tutorial shows real output: its JSON examples are what the commands print."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from conftest import ROOT

from sectrack.cli import main


def examples() -> list[object]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The version store"):]
    section = section[: section.index("\n## ", 1)]
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", section, re.S)]


def test_the_readme_json_examples_are_real_output(corpus_url: str) -> None:
    entry, history = examples()
    log = CliRunner().invoke(main, ["log", "--release", "v54.0", "--format", "json", "--store", corpus_url])
    assert entry in json.loads(log.stdout)
    clause = CliRunner().invoke(main, ["history", "appendix-am", "--clause", "2.5", "--format", "json", "--store", corpus_url])
    assert json.loads(clause.stdout) == history
