"""core.invalid-for-each and core.invalid-count against `terraform validate`.

One configuration holds every case of tests/rules/core_tables.py as a resource. Terraform
validate knows the declared types of variables and the literal values, not the variables'
values: each case it reports must be a finding on the same line, and each finding it does
not report must be a case the table marks as plan-only (a value from a variable's
default).
"""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import validate_diagnostics
from tests.rules.core_tables import COUNT_CASES, FOR_EACH_CASES, REPETITION_PRELUDE
from tfjudge.analysis import Settings, analyze


def test_repetition_errors_match_terraform_validate(tmp_path: Path) -> None:
    text = REPETITION_PRELUDE
    validate_lines: set[int] = set()
    plan_lines: set[int] = set()
    cases = [("for_each", c) for c in FOR_EACH_CASES] + [("count", c) for c in COUNT_CASES]
    for index, (argument, (expression, fires, seen)) in enumerate(cases):
        line = text.count("\n") + 2  # the argument's line, below the resource header
        text += f'resource "terraform_data" "c{index}" {{\n  {argument} = {expression}\n}}\n'
        if fires:
            (validate_lines if seen else plan_lines).add(line)
    write_tree(tmp_path, {"main.tf": text})
    reported = {
        d["range"]["start"]["line"]
        for d in validate_diagnostics(tmp_path)
        if d["severity"] == "error"
    }
    rules = ["core.invalid-for-each", "core.invalid-count"]
    found = {f.line for f in analyze(tmp_path, settings=Settings(select=rules)).findings}
    assert reported == validate_lines
    assert found == validate_lines | plan_lines
