"""core.variable-validation-refused on the cases of tests/rules/validation_cases.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tests.rules.validation_cases import CASES
from tfjudge.analysis import Settings, analyze

RULE = "core.variable-validation-refused"


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_refused_values(
    tmp_path: Path, files: dict[str, str], expected: list[tuple[str, int, str]]
) -> None:
    write_tree(tmp_path, files)
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert [(f.file, f.line, f.severity.value) for f in findings] == expected


def test_a_condition_on_an_unset_variable_is_not_judged(tmp_path: Path) -> None:
    files = {"main.tf": CASES[3][0]["main.tf"].replace("  default = true\n", "")}
    write_tree(tmp_path, files)
    assert analyze(tmp_path, settings=Settings(select=[RULE])).findings == []
