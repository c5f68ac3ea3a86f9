"""Running req.missing-resource on an answer written as one fenced block, with a prompt."""

from __future__ import annotations

from pathlib import Path

from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Finding


def missing_resources(tmp_path: Path, prompt: str, code: str) -> list[Finding]:
    """The req.missing-resource findings on `code` (HCL, fenced here) for `prompt`."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "answer.md").write_text(f"```hcl\n{code}```\n")
    (tmp_path / "PROMPT.md").write_text(prompt if prompt.endswith("\n") else prompt + "\n")
    settings = Settings(select=["req.missing-resource"])
    return analyze(tmp_path / "answer.md", tmp_path / "PROMPT.md", None, settings).findings
