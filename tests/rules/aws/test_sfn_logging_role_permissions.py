"""aws.sfn-logging-role-permissions: one row per logging level and way of granting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.sfn-logging-role-permissions"

MACHINE = """
resource "aws_iam_role" "sfn" {
  name = "orders-sfn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "states.amazonaws.com" } }]
  })
}

resource "aws_cloudwatch_log_group" "sfn" {
  name = "/aws/vendedlogs/states/orders"
}

resource "aws_sfn_state_machine" "orders" {
  name       = "orders"
  role_arn   = aws_iam_role.sfn.arn
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Succeed" } } })

  logging_configuration {
    log_destination = "${aws_cloudwatch_log_group.sfn.arn}:*"
    level           = "%s"
  }
}
"""


def _inline(actions: str) -> str:
    return f"""
resource "aws_iam_role_policy" "sfn" {{
  role = aws_iam_role.sfn.id
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = {actions}, Resource = "*" }}]
  }})
}}
"""


ATTACH_LOGS = """
resource "aws_iam_role_policy_attachment" "sfn" {
  role       = aws_iam_role.sfn.name
  policy_arn = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"
}
"""


@pytest.mark.parametrize(
    ("level", "extra", "fires"),
    [
        ("ALL", "", True),
        ("ERROR", _inline('["lambda:InvokeFunction"]'), True),
        ("ALL", _inline('["logs:CreateLogStream", "logs:PutLogEvents"]'), True),
        ("OFF", "", False),
        ("ALL", _inline('["logs:*"]'), False),
        ("ALL", ATTACH_LOGS, False),
    ],
)
def test_levels_and_grants(tmp_path: Path, level: str, extra: str, fires: bool) -> None:
    findings = run_rule(tmp_path, RULE, MACHINE % level + extra)
    assert bool(findings) is fires
