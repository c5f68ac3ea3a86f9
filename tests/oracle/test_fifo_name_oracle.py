"""The cases of tests/rules/fifo_name_cases.py against an offline `terraform plan`: the
provider refuses the names on exactly the blocks the cases say."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.fifo_name_cases import configuration


def test_the_cases_match_terraform_plan(tmp_path: Path) -> None:
    require_oracle()
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text})
    refused = {
        d["range"]["start"]["line"]
        for d in plan_diagnostics(tmp_path)
        if d["severity"] == "error" and d["summary"].startswith("invalid ")
    }
    # the provider points at the block's first line; the cases name the line after it
    assert {line + 1 for line in refused} == {line for line, fails in cases.items() if fails}
