"""schema.conflicting-arguments and schema.missing-one-of against `terraform validate`: the
same cases reported, for the same reason, on every case of the table
(tests/rules/argument_tables.py) in one configuration."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import validate_diagnostics
from tests.rules.argument_tables import (
    ARGUMENT_CASES,
    CONFLICT,
    MISSING,
    argument_configuration,
    case_lines,
)
from tests.rules.test_argument_rules import reported_cases


def _rule_of(summary: str, detail: str) -> str | None:
    if summary == "Conflicting configuration arguments" or "can be specified" in detail:
        return CONFLICT
    if "must be specified" in detail:
        return MISSING
    return None


def test_argument_rules_match_terraform_validate(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    main.write_text(argument_configuration(), encoding="utf-8")
    spans = case_lines()
    theirs: dict[int, set[str]] = {}
    for diagnostic in validate_diagnostics(tmp_path):
        rule = _rule_of(diagnostic["summary"], diagnostic.get("detail", ""))
        line = diagnostic.get("range", {}).get("start", {}).get("line", 0)
        for index, (first, last) in enumerate(spans):
            if rule is not None and first <= line <= last:
                theirs.setdefault(index, set()).add(rule)
    assert len(theirs) == sum(1 for _, rule in ARGUMENT_CASES if rule)
    assert reported_cases(main) == theirs
