"""aws.iam-unknown-action: how much an action that does not exist costs, by where the
policy goes (S3 refuses a bucket policy naming one; IAM stores other policies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.iam-unknown-action"


DOCUMENT = """
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObjects"]
    resources = ["arn:aws:s3:::assets-7f3a/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "assets-7f3a"
}
"""


@pytest.mark.parametrize(
    ("reader", "severity"),
    [
        # S3 refuses the bucket policy the document becomes
        (
            'resource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.assets.id\n'
            "  policy = data.aws_iam_policy_document.read.json\n}\n",
            "critical",
        ),
        # IAM stores it, and the permission is missing
        (
            'resource "aws_iam_policy" "p" {\n  name   = "read"\n'
            "  policy = data.aws_iam_policy_document.read.json\n}\n",
            "high",
        ),
    ],
)
def test_a_document_read_by_a_bucket_policy_is_refused_with_it(
    tmp_path: Path, reader: str, severity: str
) -> None:
    found = run_rule(tmp_path, RULE, DOCUMENT + reader)
    assert [f.severity.value for f in found] == [severity]
