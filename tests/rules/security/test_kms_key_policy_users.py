"""security.kms-key-policy-missing: a topic or queue encrypts as its AWS service only for
what an AWS service sends it; an application's publishes use its own IAM permissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "security.kms-key-policy-missing"

KEYED_TOPIC = """
resource "aws_kms_key" "sns" {
  description         = "topic key"
  enable_key_rotation = true
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.sns.arn
}
"""
ALARM = """
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 300
  statistic           = "Average"
  threshold           = 80
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
"""
SERVICE_POLICY = """
resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.alerts.arn
    }]
  })
}
"""
LOG_GROUP = """
resource "aws_kms_key" "logs" {
  description         = "logs key"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app"
  kms_key_id = aws_kms_key.logs.arn
}
"""


@pytest.mark.parametrize(
    ("terraform", "severities"),
    [
        (KEYED_TOPIC, ["medium"]),  # an application publishes: IAM decides
        (KEYED_TOPIC + ALARM, ["high"]),  # CloudWatch publishes as its service
        (KEYED_TOPIC + SERVICE_POLICY, ["high"]),  # EventBridge, allowed by the topic policy
        (LOG_GROUP, ["high"]),  # CloudWatch Logs always encrypts as its service
    ],
)
def test_the_key_users_that_encrypt_as_a_service(
    tmp_path: Path, terraform: str, severities: list[str]
) -> None:
    assert [f.severity.value for f in run_rule(tmp_path, RULE, terraform)] == severities
