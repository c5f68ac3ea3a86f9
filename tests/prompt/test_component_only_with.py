"""req.missing-resource: "security groups must deny by default" constrains the groups an
answer needs; where nothing in the answer runs in a VPC, no security group is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prompt.helpers import missing_resources

PROMPT = (
    "Build an API with Lambda and DynamoDB.\n"
    "Security groups must default to deny all inbound and outbound traffic.\n"
)
SERVERLESS = """
resource "aws_dynamodb_table" "items" {
  name         = "items"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
"""
LAMBDA_IN_VPC = """
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "api.zip"
  vpc_config {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = []
  }
}
"""
DATABASE = """
resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
"""
GROUP = """
resource "aws_security_group" "api" {
  name = "api"
}
"""


@pytest.mark.parametrize(
    ("code", "missing"),
    [
        (SERVERLESS, False),  # nothing runs in a VPC: no group is needed
        (SERVERLESS + LAMBDA_IN_VPC, True),  # a function placed in a VPC needs one
        (SERVERLESS + DATABASE, True),  # so does a database
        (SERVERLESS + DATABASE + GROUP, False),
    ],
)
def test_security_groups_are_needed_only_where_something_runs_in_a_vpc(
    tmp_path: Path, code: str, missing: bool
) -> None:
    addresses = [f.address for f in missing_resources(tmp_path, PROMPT, code)]
    assert ("aws_security_group" in addresses) is missing
