"""core.invalid-lifecycle and core.invalid-provisioner-keyword against `terraform init`: the same summaries on the same lines,
on every case of the table (tests/rules/core_tables.py) in one configuration."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import finding_summaries, init_diagnostics
from tests.rules.core_tables import (
    LIFECYCLE_CASES,
    PROVISIONER_CASES,
    lifecycle_configuration,
    provisioner_configuration,
)

SUMMARIES = {"Variables not allowed", "Function calls not allowed", "Invalid expression"}


def test_lifecycle_settings_match_terraform_init(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    main.write_text(lifecycle_configuration(), encoding="utf-8")
    theirs = {(d.summary, d.line) for d in init_diagnostics(tmp_path) if d.summary in SUMMARIES}
    ours = finding_summaries(main, "core.invalid-lifecycle")
    assert len(theirs) == sum(1 for _, said in LIFECYCLE_CASES if said)
    assert ours == theirs


def test_provisioner_keywords_match_terraform_init(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    main.write_text(provisioner_configuration(), encoding="utf-8")
    theirs = {(d.summary, d.line) for d in init_diagnostics(tmp_path) if "keyword" in d.summary}
    ours = finding_summaries(main, "core.invalid-provisioner-keyword")
    assert len(theirs) == sum(1 for _, said in PROVISIONER_CASES if said)
    assert ours == theirs
