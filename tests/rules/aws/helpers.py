"""Run one rule over a few lines of Terraform (the table tests' helper)."""

from __future__ import annotations

from pathlib import Path

from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Finding


def run_rule(
    tmp_path: Path, rule_id: str, terraform: str, prompt: str | None = None, **files: str
) -> list[Finding]:
    """The findings of `rule_id` on `terraform` as main.tf (plus `files`: `prod__tfvars`
    is prod.tfvars), with `prompt` as the task when given."""
    answer = tmp_path / "answer"
    answer.mkdir(parents=True)
    (answer / "main.tf").write_text(terraform, encoding="utf-8")
    for name, text in files.items():
        path = answer / name.replace("__", ".")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    prompt_path = None
    if prompt is not None:
        prompt_path = answer.parent / "PROMPT.md"
        prompt_path.write_text(prompt, encoding="utf-8")
    analysis = analyze(answer, prompt_path, None, Settings(select=[rule_id]))
    return [f for f in analysis.findings if f.rule == rule_id]
