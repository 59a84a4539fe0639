"""Every message code the reader, the comparison and the .docx writer can give is documented: the
reader's in docs/model-schema.md, the comparison's and the writer's in docs/changeset-schema.md."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

CODE = re.compile(r"""["']((?:read|compare|docx)\.[a-z]+(?:-[a-z]+)*)["']""")
DOCS = {"read": "model-schema.md", "compare": "changeset-schema.md", "docx": "changeset-schema.md"}


def _codes() -> list[str]:
    """The codes written as string literals in the package."""
    found: set[str] = set()
    for path in (ROOT / "sectrack").rglob("*.py"):
        found.update(CODE.findall(path.read_text(encoding="utf-8")))
    return sorted(found)


CODES = _codes()


def test_the_codes_are_found() -> None:
    assert {"read.tracked-changes", "compare.swapped", "compare.identical-files", "docx.old-package"} <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_the_code_is_documented(code: str) -> None:
    table = (ROOT / "docs" / DOCS[code.split(".")[0]]).read_text(encoding="utf-8")
    assert f"| `{code}` |" in table, f"{code} is not in the table of docs/{DOCS[code.split('.')[0]]}"
