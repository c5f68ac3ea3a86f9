"""The cases of tests/rules/dynamic_for_each_cases.py against `terraform validate`: it
reports "Invalid dynamic for_each value" on exactly the lines the cases say."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import require_oracle, validate_diagnostics
from tests.rules.dynamic_for_each_cases import configuration


def test_the_cases_match_terraform_validate(tmp_path: Path) -> None:
    require_oracle()
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text})
    errors = {
        d["range"]["start"]["line"]: d["summary"]
        for d in validate_diagnostics(tmp_path)
        if d["severity"] == "error"
    }
    assert set(errors) == {line for line, (_, fails) in cases.items() if fails}
    assert set(errors.values()) <= {"Invalid dynamic for_each value"}
