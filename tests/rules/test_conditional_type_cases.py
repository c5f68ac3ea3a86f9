"""core.invalid-for-each on the configuration of tests/rules/conditional_type_cases.py."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.conditional_type_cases import MAIN, failing_lines
from tfjudge.analysis import Settings, analyze

RULE = "core.invalid-for-each"


def test_a_conditional_takes_the_type_both_branches_unify_to(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": MAIN})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert sorted(f.line for f in findings) == failing_lines()
