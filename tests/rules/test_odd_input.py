"""The security, ops and policy rules never crash on odd configurations (strict mode)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze

ODD = [
    'resource "aws_s3_bucket" "b" {\n  bucket = 42\n}\n',
    'resource "aws_s3_bucket" "b" {\n  count = -1\n}\n',
    'resource "aws_s3_bucket" "b" {\n  for_each = "x"\n}\nresource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b[0].id\n}\n',
    'resource "aws_s3_bucket_public_access_block" "p" {\n  bucket = aws_s3_bucket.missing.id\n  block_public_acls = "yes"\n}\n',
    'resource "aws_security_group" "s" {\n  ingress {\n    from_port = "a"\n    to_port = []\n    protocol = 6\n    cidr_blocks = "0.0.0.0/0"\n  }\n}\n',
    'resource "aws_security_group_rule" "r" {\n  type = "ingress"\n  from_port = 10\n  to_port = 5\n  protocol = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = { Effect = "Allow", Action = "*", Resource = "*" } })\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", NotAction = ["iam:*"], Resource = ["*"] }] })\n}\n',
    'resource "aws_kms_key" "k" {\n  key_usage = 3\n  policy = 7\n}\n',
    'resource "aws_lambda_function" "f" {\n  function_name = ["a"]\n  role = 1\n  environment {\n    variables = "x"\n  }\n}\n',
    'resource "aws_cloudwatch_metric_alarm" "a" {\n  dimensions = "x"\n  metric_query {\n    metric {\n      dimensions = 3\n    }\n  }\n}\n',
    'resource "aws_db_instance" "d" {\n  publicly_accessible = "true"\n  skip_final_snapshot = "no"\n  password = ""\n}\n',
    'variable "db_password" {\n  default = { a = 1 }\n}\nresource "aws_secretsmanager_secret_version" "s" {\n  secret_string = "not json"\n}\n',
    'resource "aws_api_gateway_deployment" "d" {\n  rest_api_id = aws_api_gateway_rest_api.nope.id\n  stage_name = ""\n}\n',
    'resource "aws_s3_bucket_replication_configuration" "r" {\n  bucket = "x"\n  rule {\n    destination {\n      bucket = 5\n    }\n  }\n}\n',
    'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_sns_topic" "t" {\n  name = local.a\n  policy = local.a\n}\n',
    'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  # tfjudge:ignore=\n}\n',
]


@pytest.mark.parametrize("code", ODD)
def test_rules_survive_odd_configurations(tmp_path: Path, code: str) -> None:
    path = tmp_path / "main.tf"
    path.write_text(code, encoding="utf-8")
    prompt = tmp_path / "PROMPT.md"
    prompt.write_text("Use environment_suffix in every name; the stack must be destroyable.\n")
    settings = Settings(select=["security", "ops", "aws.iam-unknown-action"])
    analysis = analyze(path, prompt, None, settings)
    assert analysis.rule_errors == []
