"""Run one rule over a few lines of Terraform (the table tests' helper)."""

from __future__ import annotations

from pathlib import Path

from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Finding


def run_rule(tmp_path: Path, rule_id: str, terraform: str, **files: str) -> list[Finding]:
    """The findings of `rule_id` on `terraform` as main.tf (plus `files`, by name)."""
    (tmp_path / "main.tf").write_text(terraform, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name.replace("__", ".")).write_text(text, encoding="utf-8")
    analysis = analyze(tmp_path, None, None, Settings(select=[rule_id]))
    return [f for f in analysis.findings if f.rule == rule_id]
