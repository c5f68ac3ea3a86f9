"""Matching the ideal to the response, and the ideal's code quoted in findings."""

from __future__ import annotations

from pathlib import Path

import pytest

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


ALARM_IDEAL = """```hcl
variable "enable_alarms" {
  type    = bool
  default = %(ideal_enabled)s
}
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "api.zip"
}
resource "aws_cloudwatch_metric_alarm" "api_errors" {
  count               = var.enable_alarms ? 1 : 0
  alarm_name          = "api-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 60
  statistic           = "Sum"
  threshold           = 1
  dimensions          = { FunctionName = aws_lambda_function.api.function_name }
}
```
"""
ALARM_RESPONSE = """```hcl
variable "function_names" {
  type    = list(string)
  default = %(names)s
}
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "api.zip"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = toset(var.function_names)
  alarm_name          = "${each.key}-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 60
  statistic           = "Sum"
  threshold           = 1
  dimensions          = { FunctionName = each.key }
}
```
"""


@pytest.mark.parametrize(
    ("names", "ideal_enabled", "missing"),
    [
        # the response's alarms are for_each over an empty default: no alarm is deployed
        ("[]", "true", True),
        # the same block with a function to watch stands in for the ideal's alarm
        ('["api"]', "true", False),
        # the ideal deploys no alarm either: the two blocks still correspond
        ("[]", "false", False),
    ],
)
def test_a_block_without_instances_is_no_counterpart(
    tmp_path: Path, names: str, ideal_enabled: str, missing: bool
) -> None:
    (tmp_path / "ideal.md").write_text(ALARM_IDEAL % {"ideal_enabled": ideal_enabled})
    (tmp_path / "answer.md").write_text(ALARM_RESPONSE % {"names": names})
    analysis = analyze(tmp_path / "answer.md", None, tmp_path / "ideal.md")
    found = {f.address for f in analysis.findings if f.rule == "ideal.missing-block"}
    assert ("aws_cloudwatch_metric_alarm.api_errors" in found) is missing


def test_one_parsed_ideal_serves_many_answers_as_a_fresh_one_would() -> None:
    """The ideal's side of the matching is worked out once and reused unchanged."""
    from tfjudge.analysis import analyze_response
    from tfjudge.ideal.matching import ideal_side

    other = RESPONSE.replace('"primary"', '"main"').replace(".primary.", ".main.")
    answers = [RESPONSE, other, RESPONSE]

    def findings(answer: str, ideal) -> list[dict]:  # type: ignore[no-untyped-def]
        analysis = analyze_response(parse_markdown(answer, "a.md"), None, ideal)
        return [f.to_dict() for f in analysis.findings]

    shared = parse_answer(parse_markdown(IDEAL, "ideal.md"))
    alone = [findings(a, parse_answer(parse_markdown(IDEAL, "ideal.md"))) for a in answers]
    together = [findings(a, shared) for a in answers]
    assert together == alone
    assert any(f["rule"].startswith("ideal.") for f in together[1])
    assert ideal_side(shared) is ideal_side(shared)
