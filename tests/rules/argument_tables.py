"""Cases of schema.conflicting-arguments and schema.missing-one-of: (a resource block with
its type, the rule that reports it or None). Checked against tfjudge by
tests/rules/test_argument_rules.py, and against `terraform validate` by
tests/oracle/test_argument_rules_oracle.py (all in one configuration)."""

from __future__ import annotations

CONFLICT = "schema.conflicting-arguments"
MISSING = "schema.missing-one-of"

PRELUDE = """terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "nat_gateway_id" {
  type = string
}

variable "templates" {
  type = list(string)
}
"""

DB = """  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
"""
LAMBDA = """  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "python3.12"
"""
ROUTE = """  route_table_id         = "rtb-0a1b2c3d4e5f60718"
  destination_cidr_block = "0.0.0.0/0"
"""
GROUP = """  max_size = 2
  min_size = 1
"""
INSTANCE = """  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
"""

SUBNET = '["subnet-0a1b2c3d4e5f60718"]'
LT = '"lt-0a1b2c3d4e5f60718"'
IMAGE = '"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1"'


def _case(header: str, common: str, *lines: str) -> str:
    """`aws_type" "name" {` and its arguments (the configuration adds `resource "`, `}`)."""
    return f"{header} {{\n{common}" + "".join(f"  {line}\n" for line in lines).rstrip("\n")


ARGUMENT_CASES: list[tuple[str, str | None]] = [
    # two arguments the provider declares conflicting
    (_case('aws_db_instance" "a"', DB, "manage_master_user_password = true", 'password = "pw-1234567"'), CONFLICT),
    (_case('aws_db_instance" "b"', DB, "manage_master_user_password = false", 'password = "pw-1234567"'), CONFLICT),
    (_case('aws_db_instance" "c"', DB, "manage_master_user_password = true", "password = var.db_password"), None),
    (_case('aws_db_instance" "d"', DB, "manage_master_user_password = true", "password = null"), None),
    (_case('aws_db_instance" "e"', DB, "manage_master_user_password = true"), None),
    (_case('aws_instance" "a"', INSTANCE, 'user_data = "#!/bin/bash"', 'user_data_base64 = "IyE="'), CONFLICT),
    (_case('aws_instance" "b"', INSTANCE, 'user_data = "#!/bin/bash"'), None),
    (_case('aws_instance" "c"', INSTANCE, "ipv6_address_count = 0", 'ipv6_addresses = ["2600:1f18::1"]'), CONFLICT),
    (_case('aws_s3_bucket" "a"', "", 'bucket = "logs-7f3a"', 'bucket_prefix = "logs-"'), CONFLICT),
    (_case('aws_s3_bucket" "b"', "", 'bucket_prefix = "logs-"'), None),
    (_case('aws_autoscaling_group" "a"', GROUP, 'availability_zones = ["us-east-1a"]', f"vpc_zone_identifier = {SUBNET}", 'launch_configuration = "web"'), CONFLICT),
    (_case('aws_autoscaling_group" "b"', GROUP, f"vpc_zone_identifier = {SUBNET}", 'launch_configuration = "web"'), None),
    # more than one of a group of which only one may be set
    (_case('aws_lambda_function" "a"', LAMBDA, 'filename = "api.zip"', 's3_bucket = "artifacts-7f3a"', 's3_key = "api.zip"'), CONFLICT),
    (_case('aws_lambda_function" "b"', LAMBDA, 's3_bucket = "artifacts-7f3a"', 's3_key = "api.zip"'), None),
    (_case('aws_route" "a"', ROUTE, 'gateway_id = "igw-0a1b2c3d4e5f60718"', 'nat_gateway_id = "nat-0a1b2c3d4e5f60718"'), CONFLICT),
    (_case('aws_route" "b"', ROUTE, 'gateway_id = ""', 'nat_gateway_id = "nat-0a1b2c3d4e5f60718"'), CONFLICT),
    (_case('aws_route" "c"', ROUTE, 'gateway_id = "igw-0a1b2c3d4e5f60718"', "nat_gateway_id = var.nat_gateway_id"), None),
    (_case('aws_autoscaling_group" "c"', GROUP, 'launch_configuration = "web"', 'launch_template {', '  name = "web"', "}"), CONFLICT),
    (_case('aws_instance" "d"', "", 'instance_type = "t3.micro"', "launch_template {", f"  id = {LT}", '  name = "web"', "}"), CONFLICT),
    # none of a group of which one is required
    (_case('aws_route" "d"', ROUTE), MISSING),
    (_case('aws_route" "e"', ROUTE, "nat_gateway_id = var.nat_gateway_id"), None),
    (_case('aws_route" "f"', ROUTE, "nat_gateway_id = null"), MISSING),
    (_case('aws_lambda_function" "c"', LAMBDA), MISSING),
    (_case('aws_lambda_function" "d"', LAMBDA, f"image_uri = {IMAGE}", 'package_type = "Image"'), None),
    (_case('aws_autoscaling_group" "d"', GROUP, f"vpc_zone_identifier = {SUBNET}"), MISSING),
    (_case('aws_autoscaling_group" "e"', GROUP, 'dynamic "launch_template" {', "  for_each = var.templates", "  content {", "    name = launch_template.value", "  }", "}"), None),
    (_case('aws_instance" "e"', "", 'instance_type = "t3.micro"', "launch_template {", '  version = "$Latest"', "}"), MISSING),
    (_case('aws_instance" "f"', "", 'instance_type = "t3.micro"', "launch_template {", '  name = "web"', "}"), None),
    # a block holding a value validate does not know is not checked inside
    (_case('aws_instance" "g"', "", 'instance_type = "t3.micro"', "launch_template {", "  version = var.nat_gateway_id", "}"), None),
    (_case('aws_instance" "h"', "", 'instance_type = "t3.micro"', "launch_template {", f"  id = {LT}", "  name = var.nat_gateway_id", "}"), None),
]  # fmt: skip


def argument_configuration() -> str:
    """Every case as a resource of its own, after the prelude."""
    blocks = [f'resource "{block}\n}}\n' for block, _ in ARGUMENT_CASES]
    return PRELUDE + "\n" + "\n".join(blocks)


def case_lines() -> list[tuple[int, int]]:
    """The first and last line of each case's block in `argument_configuration()`."""
    spans, line = [], PRELUDE.count("\n") + 2
    for block, _ in ARGUMENT_CASES:
        size = f'resource "{block}\n}}\n'.count("\n")
        spans.append((line, line + size - 1))
        line += size + 1
    return spans
