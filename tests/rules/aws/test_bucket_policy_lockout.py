"""aws.bucket-policy-lockout: one row per principal, action, resource and condition."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.bucket-policy-lockout"

BUCKET = """
resource "aws_s3_bucket" "b" {
  bucket = "orders-lockout-test"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", %s }]
  })
}
"""

EVERYONE = 'Principal = "*"'
BOTH = 'Resource = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]'


def _condition(operator: str, key: str, value: str) -> str:
    return f'Condition = {{ {operator} = {{ "{key}" = "{value}" }} }}'


DIST = "arn:aws:cloudfront::123456789012:distribution/E1"


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("StringNotEquals", "aws:SourceArn", DIST)}',
            True,
        ),
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("StringNotEquals", "AWS:SourceArn", DIST)}',
            True,
        ),
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("StringNotEqualsIfExists", "aws:SourceVpce", "vpce-1")}',
            True,
        ),
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("ArnNotLike", "aws:SourceArn", DIST)}',
            True,
        ),
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("Null", "aws:SourceArn", "true")}',
            True,
        ),
        (f'{EVERYONE}, Action = "s3:*", {BOTH}', True),
        (f'{EVERYONE}, Action = ["s3:PutBucketPolicy"], Resource = "*"', True),
        (f'{EVERYONE}, Action = "*", Resource = "arn:aws:s3:::orders-lockout-test"', True),
        # the common correct pattern: deny plain HTTP
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("Bool", "aws:SecureTransport", "false")}',
            False,
        ),
        # a condition Terraform's identity can meet, or that depends on who runs it
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("StringNotEquals", "aws:PrincipalAccount", "123456789012")}',
            False,
        ),
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("StringEquals", "aws:SourceArn", DIST)}',
            False,
        ),
        (
            f'{EVERYONE}, Action = "s3:*", {BOTH}, {_condition("Null", "aws:SourceArn", "false")}',
            False,
        ),
        # objects only, or object actions only
        (f'{EVERYONE}, Action = "s3:*", Resource = "${{aws_s3_bucket.b.arn}}/*"', False),
        (f'{EVERYONE}, Action = ["s3:GetObject", "s3:PutObject"], {BOTH}', False),
        # not every principal
        (
            f'Principal = {{ AWS = "arn:aws:iam::123456789012:role/app" }}, Action = "s3:*", {BOTH}',
            False,
        ),
        (
            f'NotPrincipal = {{ AWS = "arn:aws:iam::123456789012:role/admin" }}, Action = "s3:*", {BOTH}',
            False,
        ),
        (f'{EVERYONE}, NotAction = "s3:GetObject", {BOTH}', False),
    ],
)
def test_deny_statements(tmp_path: Path, fields: str, fires: bool) -> None:
    assert bool(run_rule(tmp_path, RULE, BUCKET % fields)) is fires


def test_allow_is_silent(tmp_path: Path) -> None:
    terraform = (BUCKET % f'{EVERYONE}, Action = "s3:*", {BOTH}').replace('"Deny"', '"Allow"')
    assert run_rule(tmp_path, RULE, terraform) == []
