"""aws.event-source-permissions-missing: one row per way a function role gets (or lacks)
the read actions of its event source."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.event-source-permissions-missing"

BASE = """
resource "aws_iam_role" "consumer" {
  name = "consumer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}

resource "aws_lambda_function" "consumer" {
  function_name = "consumer"
  role          = aws_iam_role.consumer.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "consumer.zip"
}

resource "aws_lambda_event_source_mapping" "source" {
  event_source_arn = %s
  function_name    = aws_lambda_function.consumer.arn
}
"""

SQS = "aws_sqs_queue.orders.arn"
KINESIS = "aws_kinesis_stream.events.arn"


def _attach(arn: str) -> str:
    return f"""
resource "aws_iam_role_policy_attachment" "consumer" {{
  role       = aws_iam_role.consumer.name
  policy_arn = "{arn}"
}}
"""


def _inline(actions: str) -> str:
    return f"""
resource "aws_iam_role_policy" "consumer" {{
  role = aws_iam_role.consumer.id
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = {actions}, Resource = "*" }}]
  }})
}}
"""


MANAGED = "arn:aws:iam::aws:policy/service-role/"


@pytest.mark.parametrize(
    ("source", "extra", "fires"),
    [
        (SQS, "", True),  # the role has no policy at all
        (SQS, _attach(MANAGED + "AWSLambdaSQSQueueExecutionRole"), False),
        (SQS, _attach(MANAGED + "AWSLambdaBasicExecutionRole"), True),
        (
            SQS,
            _inline('["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]'),
            False,
        ),
        (SQS, _inline('["sqs:*"]'), False),
        (SQS, _inline('["sqs:ReceiveMessage"]'), True),
        (KINESIS, _attach(MANAGED + "AWSLambdaKinesisExecutionRole"), False),
        (KINESIS, _attach(MANAGED + "AWSLambdaSQSQueueExecutionRole"), True),
        (SQS, _attach("arn:aws:iam::123456789012:policy/shown-elsewhere"), False),  # unreadable
        (SQS, _inline("var.actions") + 'variable "actions" {\n  type = list(string)\n}\n', False),
    ],
)
def test_role_grants(tmp_path: Path, source: str, extra: str, fires: bool) -> None:
    findings = run_rule(tmp_path, RULE, BASE % source + extra)
    assert bool(findings) is fires
    if fires:
        assert findings[0].address == "aws_lambda_event_source_mapping.source"


def test_names_only_the_missing_actions(tmp_path: Path) -> None:
    findings = run_rule(tmp_path, RULE, BASE % SQS + _inline('["sqs:ReceiveMessage"]'))
    assert "sqs:DeleteMessage, sqs:GetQueueAttributes" in findings[0].message
    assert "sqs:ReceiveMessage" not in findings[0].message.split("needs")[0]


def test_inline_policies_a_dynamic_block_makes_are_not_read(tmp_path: Path) -> None:
    dynamic = (
        '  dynamic "inline_policy" {\n    for_each = var.inline_policies\n    content {\n'
        "      name   = inline_policy.key\n      policy = inline_policy.value\n    }\n  }\n"
    )
    role_end = 'Principal = { Service = "lambda.amazonaws.com" } }]\n  })\n'
    terraform = (BASE % SQS).replace(role_end, role_end + dynamic, 1)
    terraform += 'variable "inline_policies" {\n  type = map(string)\n}\n'
    assert dynamic in terraform
    assert run_rule(tmp_path, RULE, terraform) == []
