"""format.fragments-only: which answers have Terraform but no file of a configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze

RULE = "format.fragments-only"
BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket_prefix = "logs-"\n}'


@pytest.mark.parametrize(
    ("markdown", "reason"),
    [
        (f"```hcl\n{BUCKET}\n\n# ...\n```\n", "left out"),
        (f"**Before:**\n\n```hcl\n{BUCKET}\n```\n", "before/after"),
        ("```hcl\ningress {\n  from_port = 443\n}\n```\n", "outside the top-level block"),
        ('```hcl\nregion = "us-east-1"\n```\n', None),  # values alone
        (f"```hcl\n{BUCKET}\n```\n\nand inside it:\n\n```hcl\nlifecycle {{\n}}\n```\n", None),
        ("Use an S3 bucket with versioning.\n", None),  # no code: format.no-code
    ],
)
def test_answers(tmp_path: Path, markdown: str, reason: str | None) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text(markdown, encoding="utf-8")
    analysis = analyze(answer, settings=Settings(select=[RULE]))
    if reason is None:
        assert analysis.findings == []
    else:
        assert [f.rule for f in analysis.findings] == [RULE]
        assert reason in analysis.findings[0].message
        assert not analysis.deployable
