"""security.s3-encryption-missing: critical when the prompt asks for encryption, else medium;
low for a trail's bucket when the trail encrypts its log files with KMS."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Severity

ANSWER = '```hcl\nresource "aws_s3_bucket" "data" {\n  bucket_prefix = "data-"\n}\n```\n'


@pytest.mark.parametrize(
    ("prompt", "severity"),
    [
        ("Create a bucket for reports. All data must be encrypted at rest with KMS.", "critical"),
        ("Create a bucket for reports with versioning.", "medium"),
        # SSE-S3 is what the bucket has without a configuration; EBS asks nothing of buckets
        ("Create a bucket for reports with SSE-S3 default encryption.", "medium"),
        ("Create a bucket for reports.\nAll EBS volumes are encrypted.", "medium"),
        ("Create a bucket for reports.\nUse AWS KMS to encrypt data in S3 buckets.", "critical"),
        (None, "medium"),
    ],
)
def test_severity_follows_the_prompt(tmp_path: Path, prompt: str | None, severity: str) -> None:
    (tmp_path / "answer.md").write_text(ANSWER)
    prompt_path = None
    if prompt is not None:
        prompt_path = tmp_path / "prompt.md"
        prompt_path.write_text(prompt + "\n")
    analysis = analyze(
        tmp_path / "answer.md",
        prompt_path,
        None,
        Settings(select=["security.s3-encryption-missing"]),
    )
    assert [f.severity for f in analysis.findings] == [Severity(severity)]


TRAIL_BUCKET = """
resource "aws_s3_bucket" "trail" {
  bucket_prefix = "trail-logs-"
}

resource "aws_kms_key" "trail" {
  description = "trail logs"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
  %s
}
"""


@pytest.mark.parametrize(
    ("key", "severity"),
    [
        ("kms_key_id = aws_kms_key.trail.arn", "low"),  # the trail writes SSE-KMS log files
        ("", "critical"),
        ("kms_key_id = null", "critical"),
    ],
)
def test_a_trails_bucket_when_the_trail_encrypts_with_kms(
    tmp_path: Path, key: str, severity: str
) -> None:
    (tmp_path / "answer.md").write_text(f"```hcl\n{TRAIL_BUCKET % key}\n```\n")
    (tmp_path / "prompt.md").write_text("Create a CloudTrail trail encrypted with KMS.\n")
    analysis = analyze(
        tmp_path / "answer.md",
        tmp_path / "prompt.md",
        None,
        Settings(select=["security.s3-encryption-missing"]),
    )
    assert [f.severity for f in analysis.findings] == [Severity(severity)]
