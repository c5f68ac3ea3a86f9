"""aws.iam-policy-invalid-structure: one row per element shape and policy spelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.iam-policy-invalid-structure"

POLICY = """
variable "names" {
  type    = list(string)
  default = ["a", "b"]
}

resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", %s }]
  })
}
"""

UNKNOWN_NAMES = POLICY.replace('  default = ["a", "b"]\n', "")


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ('Action = "s3:GetObject", Resource = [for n in var.names : ["arn:aws:s3:::${n}"]]', True),
        ('Action = [["s3:GetObject"]], Resource = "*"', True),
        ('Action = "s3:GetObject", NotResource = [{ arn = "arn:aws:s3:::a" }]', True),
        ('NotAction = { a = "s3:GetObject" }, Resource = "*"', True),
        (
            'Action = "s3:GetObject", '
            'Resource = flatten([for n in var.names : ["arn:aws:s3:::${n}"]])',
            False,
        ),
        ('Action = "s3:GetObject", Resource = [for n in var.names : "arn:aws:s3:::${n}"]', False),
        ('Action = ["s3:GetObject"], Resource = "*"', False),
    ],
)
def test_element_shapes(tmp_path: Path, fields: str, fires: bool) -> None:
    assert bool(run_rule(tmp_path, RULE, POLICY % fields)) is fires


def test_unknown_values_are_not_judged(tmp_path: Path) -> None:
    fields = 'Action = "s3:GetObject", Resource = [for n in var.names : ["arn:aws:s3:::${n}"]]'
    assert run_rule(tmp_path, RULE, UNKNOWN_NAMES % fields) == []


def test_json_heredoc(tmp_path: Path) -> None:
    terraform = """
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = <<JSON
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [["arn:aws:s3:::a"]]}]}
JSON
}
"""
    findings = run_rule(tmp_path, RULE, terraform)
    assert [f.address for f in findings] == ["aws_iam_policy.p"]
