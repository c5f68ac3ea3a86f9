"""The cases of tests/rules/validation_cases.py against an offline `terraform plan`: it
fails with "Invalid value for variable" exactly where the cases expect a finding."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.validation_cases import CASES


def test_terraform_plan_refuses_the_same_values(tmp_path: Path) -> None:
    require_oracle()
    wrong = []
    first: Path | None = None
    for number, (files, expected) in enumerate(CASES):
        directory = tmp_path / f"case{number}"
        write_tree(directory, files)
        modules = any("/" in name for name in files)  # terraform init installs them
        reused = None if modules else first
        summaries = [
            d["summary"] for d in plan_diagnostics(directory, reused) if d["severity"] == "error"
        ]
        first = first or (None if modules else directory)
        refused = "Invalid value for variable" in summaries
        if refused is not bool(expected) or (summaries and not refused):
            wrong.append(f"case {number}: terraform says {summaries}")
    assert not wrong, "; ".join(wrong)
