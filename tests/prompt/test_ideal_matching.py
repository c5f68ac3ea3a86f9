"""Matching the ideal to the response, and the ideal's code quoted in findings."""

from __future__ import annotations

from pathlib import Path

from tfjudge.analysis import analyze, parse_answer
from tfjudge.ideal.matching import match
from tfjudge.response.loader import parse_markdown

IDEAL = """```hcl
resource "aws_s3_bucket" "primary_bucket" { bucket = "a" }
resource "aws_s3_bucket" "athena_results" { bucket = "b" }
resource "aws_s3_bucket_versioning" "primary_versioning" {
  bucket = aws_s3_bucket.primary_bucket.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_kms_key" "main" {}
output "bucket" { value = aws_s3_bucket.primary_bucket.bucket }
```
"""
RESPONSE = """```hcl
resource "aws_s3_bucket" "primary" { bucket = "a" }
resource "aws_s3_bucket_versioning" "primary" {
  bucket = aws_s3_bucket.primary.id
  versioning_configuration { status = "Suspended" }
}
resource "aws_kms_key" "monitoring" {}
```
"""


def _configuration(text: str):  # type: ignore[no-untyped-def]
    return parse_answer(parse_markdown(text, "x.md")).configuration


def test_pairs_by_address_then_role() -> None:
    result = match(_configuration(IDEAL), _configuration(RESPONSE))
    assert result.pairs["aws_s3_bucket.primary_bucket"] == "aws_s3_bucket.primary"
    # paired through what it references: the bucket paired just above
    assert (
        result.pairs["aws_s3_bucket_versioning.primary_versioning"]
        == "aws_s3_bucket_versioning.primary"
    )
    # the only key on each side
    assert result.pairs["aws_kms_key.main"] == "aws_kms_key.monitoring"
    missing = {
        b.labels[0] + "." + b.labels[1] for b in result.unmatched_ideal() if b.type == "resource"
    }
    assert missing == {"aws_s3_bucket.athena_results"}


def test_every_finding_with_a_counterpart_quotes_the_ideal(tmp_path: Path) -> None:
    (tmp_path / "ideal.md").write_text(IDEAL)
    (tmp_path / "answer.md").write_text(RESPONSE)
    analysis = analyze(tmp_path / "answer.md", None, tmp_path / "ideal.md")
    missing = [f for f in analysis.findings if f.rule == "ideal.missing-block"]
    athena = next(f for f in missing if f.address == "aws_s3_bucket.athena_results")
    assert athena.ideal_code == 'resource "aws_s3_bucket" "athena_results" { bucket = "b" }\n'
    assert all(f.ideal_code for f in analysis.findings if f.address)
