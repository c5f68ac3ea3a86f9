"""core.invalid-index against an offline `terraform plan` (tests/oracle/oracle.
plan_diagnostics): the same cases fail, on the same lines (tests/rules/core_tables.py)."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.core_tables import INDEX_CASES, index_configuration
from tfjudge.analysis import Settings, analyze


def test_indexes_match_terraform_plan(tmp_path: Path) -> None:
    require_oracle()
    disagreements = []
    first: Path | None = None
    for number, (argument, said) in enumerate(INDEX_CASES):
        directory = tmp_path / f"case{number}"
        directory.mkdir()
        main = directory / "main.tf"
        main.write_text(index_configuration(argument), encoding="utf-8")
        theirs = {
            (d["range"]["start"]["line"], d["summary"])
            for d in plan_diagnostics(directory, first)
            if d["severity"] == "error"
        }
        first = first or directory
        analysis = analyze(main, settings=Settings(select=["core.invalid-index"]))
        ours = {(f.line, f.message.split(":")[0]) for f in analysis.findings}
        if ours != theirs or bool(theirs) != bool(said):
            disagreements.append(f"{argument!r}: tfjudge {ours}, terraform {theirs}")
    assert not disagreements, "; ".join(disagreements)
