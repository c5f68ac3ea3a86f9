"""security.resource-policy-public: one row per policy kind, principal and condition."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "security.resource-policy-public"


def _statement(principal: str, condition: str = "") -> str:
    extra = f", Condition = {condition}" if condition else ""
    return (
        f'jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", '
        f'Principal = {principal}, Action = "*", Resource = "*"{extra} }}] }})'
    )


OPEN = _statement('"*"')
PINNED = _statement('"*"', '{ StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }')
ACCOUNT = _statement('{ AWS = "arn:aws:iam::123456789012:root" }')


@pytest.mark.parametrize(
    ("terraform", "fires"),
    [
        (f'resource "aws_sqs_queue" "q" {{\n  name = "q"\n  policy = {OPEN}\n}}', True),
        (f'resource "aws_sqs_queue" "q" {{\n  name = "q"\n  policy = {PINNED}\n}}', False),
        (f'resource "aws_sqs_queue" "q" {{\n  name = "q"\n  policy = {ACCOUNT}\n}}', False),
        (f'resource "aws_kms_key" "k" {{\n  policy = {OPEN}\n}}', True),
        (f'resource "aws_secretsmanager_secret" "s" {{\n  name = "s"\n  policy = {OPEN}\n}}', True),
        # bucket policies and API policies have their own rules
        (f'resource "aws_s3_bucket" "b" {{\n  bucket = "b-1"\n  policy = {OPEN}\n}}', False),
        (f'resource "aws_api_gateway_rest_api" "a" {{\n  name = "a"\n  policy = {OPEN}\n}}', False),
        (
            f'resource "aws_opensearch_domain" "d" {{\n  domain_name = "d"\n'
            f"  access_policies = {OPEN}\n}}",
            True,
        ),
        (
            f'resource "aws_opensearch_domain" "d" {{\n  domain_name = "d"\n'
            f'  vpc_options {{\n    subnet_ids = ["subnet-0a1b2c3d"]\n  }}\n'
            f"  access_policies = {OPEN}\n}}",
            False,
        ),
        (
            f'resource "aws_elasticsearch_domain" "d" {{\n  domain_name = "d"\n'
            f"  advanced_security_options {{\n    enabled = true\n  }}\n"
            f"  access_policies = {OPEN}\n}}",
            False,
        ),
    ],
)
def test_resource_policies(tmp_path: Path, terraform: str, fires: bool) -> None:
    found = run_rule(tmp_path, RULE, terraform + "\n")
    assert bool(found) is fires, [f.message for f in found]
