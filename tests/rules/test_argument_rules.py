"""schema.conflicting-arguments and schema.missing-one-of: one row per case (tflint style),
all cases in one configuration (tests/rules/argument_tables.py)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.argument_tables import ARGUMENT_CASES, argument_configuration, case_lines
from tfjudge.analysis import Settings, analyze


def reported_cases(main: Path) -> dict[int, set[str]]:
    """The rules that report each case (by its index), as tfjudge finds them."""
    analysis = analyze(main, settings=Settings(select=["schema"]))
    spans = case_lines()
    found: dict[int, set[str]] = {}
    for finding in analysis.findings:
        for index, (first, last) in enumerate(spans):
            if finding.line is not None and first <= finding.line <= last:
                found.setdefault(index, set()).add(finding.rule)
    return found


def test_every_case(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    main.write_text(argument_configuration(), encoding="utf-8")
    found = reported_cases(main)
    expected = {i: {rule} for i, (_, rule) in enumerate(ARGUMENT_CASES) if rule is not None}
    assert found == expected
