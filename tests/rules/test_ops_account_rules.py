"""ops.account-singleton and ops.provider-not-required, one row per case (tflint style)."""

from __future__ import annotations

import pytest

from tfjudge.analysis import PromptDocument, Settings, analyze_response
from tfjudge.response.loader import load_text_input


def _findings(hcl: str, rule: str, prompt: str | None = None) -> list[tuple[int, str]]:
    markdown = f"### main.tf\n```hcl\n{hcl.strip()}\n```\n"
    response = load_text_input(markdown, "case.md")
    prompt_input = PromptDocument("prompt.md", prompt) if prompt else None
    analysis = analyze_response(response, prompt_input, settings=Settings(select=[rule]))
    return sorted((f.line or 0, f.severity.value) for f in analysis.findings if f.rule == rule)


SINGLETON: list[tuple[str, str, str | None, list[tuple[int, str]]]] = [
    (
        "a detector without count",
        'resource "aws_guardduty_detector" "d" {\n  enable = true\n}',
        None,
        [(1, "medium")],
    ),
    (
        "a detector behind count or for_each",
        """
resource "aws_guardduty_detector" "d" {
  count  = var.create ? 1 : 0
  enable = true
}
resource "aws_securityhub_account" "s" {
  for_each = toset(var.regions)
}
""",
        None,
        [],
    ),
    (
        "the recorder and delivery channel are one finding",
        """
resource "aws_config_configuration_recorder" "r" {
  role_arn = "arn:aws:iam::123456789012:role/config"
}
resource "aws_config_delivery_channel" "c" {
  s3_bucket_name = "b"
}
""",
        None,
        [(1, "medium")],
    ),
    (
        "an account-wide setting is low",
        'resource "aws_ebs_encryption_by_default" "e" {\n  enabled = true\n}',
        None,
        [(1, "low")],
    ),
    (
        "the prompt warns that the service may exist: high",
        'resource "aws_guardduty_detector" "d" {\n  enable = true\n}',
        "Enable GuardDuty (the detector is account-level; do not create it if one already exists).",
        [(1, "high")],
    ),
    (
        "a warning about another service leaves it medium",
        'resource "aws_guardduty_detector" "d" {\n  enable = true\n}',
        "Security Hub may already be enabled in the account.",
        [(1, "medium")],
    ),
    (
        "the API Gateway account setting and other resources are not singletons",
        """
resource "aws_api_gateway_account" "a" {
  cloudwatch_role_arn = "arn:aws:iam::123456789012:role/apigw"
}
resource "aws_guardduty_filter" "f" {
  detector_id = "d"
  name        = "f"
  action      = "ARCHIVE"
  rank        = 1
  finding_criteria {
    criterion {
      field  = "region"
      equals = ["us-east-1"]
    }
  }
}
""",
        None,
        [],
    ),
]


@pytest.mark.parametrize(
    ("hcl", "prompt", "expected"), [c[1:] for c in SINGLETON], ids=[c[0] for c in SINGLETON]
)
def test_account_singleton(hcl: str, prompt: str | None, expected: list[tuple[int, str]]) -> None:
    assert _findings(hcl, "ops.account-singleton", prompt) == expected


_REQUIRED = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
"""

PROVIDERS: list[tuple[str, str, list[tuple[int, str]]]] = [
    (
        "random and archive used, only aws listed: one finding per provider",
        _REQUIRED
        + """
resource "random_id" "a" {
  byte_length = 4
}
resource "random_password" "b" {
  length = 16
}
data "archive_file" "c" {
  type        = "zip"
  source_file = "x.py"
  output_path = "x.zip"
}
""",
        [(7, "low"), (13, "low")],
    ),
    (
        "no required_providers at all: not judged",
        'resource "random_id" "a" {\n  byte_length = 4\n}',
        [],
    ),
    (
        "terraform's built-in resources need no entry",
        _REQUIRED + 'resource "terraform_data" "a" {\n  input = 1\n}',
        [],
    ),
    (
        "the provider meta-argument names the provider",
        _REQUIRED
        + """
resource "aws_s3_bucket" "a" {
  provider = aws.west
}
resource "random_id" "b" {
  provider    = random.other
  byte_length = 4
}
""",
        [(10, "low")],
    ),
    (
        "a provider outside the hashicorp namespace: init fails, medium",
        _REQUIRED + 'resource "datadog_monitor" "m" {\n  name = "m"\n}',
        [(6, "medium")],
    ),
    (
        "the provider listed under its local name",
        """
terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    random = { source = "hashicorp/random" }
  }
}
resource "random_id" "a" {
  byte_length = 4
}
""",
        [],
    ),
]


@pytest.mark.parametrize(
    ("hcl", "expected"), [c[1:] for c in PROVIDERS], ids=[c[0] for c in PROVIDERS]
)
def test_provider_not_required(hcl: str, expected: list[tuple[int, str]]) -> None:
    assert _findings(hcl, "ops.provider-not-required") == expected
