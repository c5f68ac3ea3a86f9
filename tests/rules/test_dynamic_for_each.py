"""core.invalid-for-each on the dynamic blocks of tests/rules/dynamic_for_each_cases.py."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.dynamic_for_each_cases import configuration
from tfjudge.analysis import Settings, analyze


def test_dynamic_for_each_values(tmp_path: Path) -> None:
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text})
    settings = Settings(select=["core.invalid-for-each"])
    found = {f.line for f in analyze(tmp_path, settings=settings).findings}
    assert found == {line for line, (_, fails) in cases.items() if fails}
