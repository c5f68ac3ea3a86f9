"""core.repetition-unknown-until-apply against an offline `terraform plan`
(tests/oracle/oracle.plan_diagnostics): every case of tests/rules/plan_time_tables.py in
one configuration, and terraform reports an error on exactly the lines the table says."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.plan_time_tables import CHILD, configuration


def test_the_table_matches_terraform_plan(tmp_path: Path) -> None:
    require_oracle()
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text, "child/main.tf": CHILD})
    errors = {
        d["range"]["start"]["line"]: d["summary"]
        for d in plan_diagnostics(tmp_path)
        if d["severity"] == "error" and d.get("range", {}).get("filename") == "main.tf"
    }
    expected = {line for line, (_, _, fires) in cases.items() if fires}
    assert set(errors) == expected, {line: cases.get(line) for line in set(errors) ^ expected}
    assert {summary.split()[1] for summary in errors.values()} <= {"count", "for_each"}
