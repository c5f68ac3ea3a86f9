"""security.iam-trust-any-principal: one row per principal, effect and condition."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "security.iam-trust-any-principal"

ROLE = """
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Action = "sts:AssumeRole", %s }]
  })
}
"""
HEREDOC = """
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = <<EOT
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": %s}]}
EOT
}
"""


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ('Effect = "Allow", Principal = "*"', True),
        ('Effect = "Allow", Principal = { AWS = "*" }', True),
        ('Effect = "Allow", Principal = { AWS = ["arn:aws:iam::123456789012:root", "*"] }', True),
        ('Effect = "Deny", Principal = { AWS = "*" }', False),
        ('Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }', False),
        ('Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }', False),
        (
            'Effect = "Allow", Principal = { AWS = "*" }, '
            'Condition = { StringEquals = { "sts:ExternalId" = "b7c1" } }',
            False,
        ),
    ],
)
def test_trust_statement(tmp_path: Path, fields: str, fires: bool) -> None:
    found = run_rule(tmp_path, RULE, ROLE % fields)
    assert bool(found) is fires, [f.message for f in found]


@pytest.mark.parametrize(
    ("principal", "fires"), [('"*"', True), ('{"AWS": "*"}', True), ('{"AWS": "111"}', False)]
)
def test_heredoc_json(tmp_path: Path, principal: str, fires: bool) -> None:
    found = run_rule(tmp_path, RULE, HEREDOC % principal)
    assert bool(found) is fires


def test_identity_and_resource_policies_are_not_trust_policies(tmp_path: Path) -> None:
    topic = """
resource "aws_sns_topic" "t" {
  name = "t"
}

resource "aws_sns_topic_policy" "t" {
  arn = aws_sns_topic.t.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sns:Publish", Resource = aws_sns_topic.t.arn }]
  })
}
"""
    assert run_rule(tmp_path, RULE, topic) == []
