"""A finding's JSON-contract form."""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from pathlib import Path
from typing import Any

from tfjudge.analysis import analyze
from tfjudge.findings import Category, Finding, Severity

FIXTURES = Path(__file__).resolve().parent / "rules" / "fixtures"


def _reference_dict(finding: Finding) -> dict[str, Any]:
    """to_dict as the contract states it: every field in order, enums as their values,
    None and empty lists left out."""
    out: dict[str, Any] = {}
    for field in fields(finding):
        value = getattr(finding, field.name)
        if isinstance(value, Enum):
            value = value.value
        if value is None or value == []:
            continue
        out[field.name] = value
    return out


def _same(finding: Finding) -> None:
    made = finding.to_dict()
    expected = _reference_dict(finding)
    assert made == expected
    assert list(made) == list(expected)  # the contract's key order
    assert all(type(made[name]) is str for name in ("severity", "category"))


def test_to_dict_of_every_field_set_and_of_the_least() -> None:
    every = Finding(
        *("core.x", Severity.LOW, Category.COST, "title", "message", "main.tf", 1, 2, 3),
        *("aws_s3_bucket.b", "bucket", "impact", "cause", "fix", "fix code", "ideal code"),
        *(4, 5, ["related"], 6, "quote"),
    )
    assert len(every.to_dict()) == len(fields(Finding))
    _same(every)
    least = Finding("core.x", Severity.HIGH, Category.SECURITY, "title", "message")
    _same(least)
    assert list(least.to_dict()) == ["rule", "severity", "category", "title", "message"]
    _same(Finding("core.x", Severity.HIGH, Category.SECURITY, "", "", line=0, column=0))


def test_to_dict_of_the_fixtures_findings() -> None:
    bad = sorted(FIXTURES.glob("*/bad.*"))[::7]
    findings = [f for path in bad for f in analyze(path).findings]
    assert len(findings) > 20
    for finding in findings:
        _same(finding)
