"""ops.hardcoded-value: which literal a declared variable is for. One row per case
(tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "ops.hardcoded-value"

FUNCTION = """
resource "aws_lambda_function" "%s" {
  function_name = "%s"
  role          = "api"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "api.zip"
  timeout       = %s
}
"""
TIMEOUT = 'variable "lambda_timeout" {\n  type    = number\n  default = 30\n}\n'
POOL = """
variable "user_pool_name" {
  type    = string
  default = "users"
}

resource "aws_cognito_user_pool" "users" {
  name = %s
  schema {
    name                = "email"
    attribute_data_type = "String"
  }
}
"""
INSTANCE = """
variable "%s" {
  type    = number
  default = 20
}

resource "aws_instance" "web" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  root_block_device {
    volume_size = 20
  }
}
"""
LIFECYCLE = """
variable "bucket_prefix" {
  type    = string
  default = "logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = "logs-7f3a"
  rule {
    id     = "expire"
    status = "Enabled"
    filter {
      prefix = ""
    }
    expiration {
      days = 30
    }
  }
}
"""

ROLE = """
variable "iam_role_name" {
  type    = string
  default = "app"
}

resource "aws_iam_role" "app" {
  name               = %s
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "app" {
  name   = "app-policy"
  role   = aws_iam_role.app.id
  policy = "{}"
}
"""

CASES = [
    ("an unused variable named for the argument", TIMEOUT + FUNCTION % ("a", "a", "30"), [12]),
    (
        "the variable in use by another block",
        TIMEOUT + FUNCTION % ("a", "a", "var.lambda_timeout") + FUNCTION % ("b", "b", "60"),
        [],
    ),
    ("the resource's own name", POOL % '"users"', [8]),
    ("a nested block's name is not the resource's", POOL % "var.user_pool_name", []),
    ("a variable named exactly for a nested argument", INSTANCE % "volume_size", [11]),
    ("a variable named after the nested block", INSTANCE % "root_block_device_volume_size", [11]),
    ("a variable qualified by other words", INSTANCE % "root_volume_size", []),
    ("a filter's prefix is not the bucket's", LIFECYCLE, []),
    ("the role's name", ROLE % '"app"', [8]),
    ("a role policy's name is not the role's", ROLE % "var.iam_role_name", []),
]


@pytest.mark.parametrize(("terraform", "lines"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hardcoded_value(tmp_path: Path, terraform: str, lines: list[int]) -> None:
    assert [f.line for f in run_rule(tmp_path, RULE, terraform)] == lines
