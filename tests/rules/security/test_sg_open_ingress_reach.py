"""security.sg-open-ingress: a group open to 0.0.0.0/0 is high where what it is attached
to can hold a public address, low where nothing it is attached to can (one row per
attachment, tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "security.sg-open-ingress"

GROUP = """
resource "aws_security_group" "open" {
  name   = "open"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""

SG = "[aws_security_group.open.id]"
ATTACHED = {
    "instance": f'resource "aws_instance" "a" {{\n  ami = "ami-1"\n  instance_type = "t3.micro"\n  vpc_security_group_ids = {SG}\n}}\n',
    "endpoint": f'resource "aws_vpc_endpoint" "a" {{\n  vpc_id = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.ec2"\n  vpc_endpoint_type = "Interface"\n  security_group_ids = {SG}\n}}\n',
    "function": f'resource "aws_lambda_function" "a" {{\n  function_name = "a"\n  role = "arn:aws:iam::123456789012:role/a"\n  filename = "a.zip"\n  handler = "a.h"\n  runtime = "python3.12"\n  vpc_config {{\n    subnet_ids = ["subnet-1"]\n    security_group_ids = {SG}\n  }}\n}}\n',
    "private database": f'resource "aws_db_instance" "a" {{\n  engine = "postgres"\n  instance_class = "db.t3.micro"\n  vpc_security_group_ids = {SG}\n}}\n',
    "public database": f'resource "aws_db_instance" "a" {{\n  engine = "postgres"\n  instance_class = "db.t3.micro"\n  publicly_accessible = true\n  vpc_security_group_ids = {SG}\n}}\n',
    "internal load balancer": f'resource "aws_lb" "a" {{\n  internal = true\n  security_groups = {SG}\n}}\n',
    "internet-facing load balancer": f'resource "aws_lb" "a" {{\n  security_groups = {SG}\n}}\n',
    "private service": f'resource "aws_ecs_service" "a" {{\n  name = "a"\n  network_configuration {{\n    subnets = ["subnet-1"]\n    security_groups = {SG}\n  }}\n}}\n',
    "public service": f'resource "aws_ecs_service" "a" {{\n  name = "a"\n  network_configuration {{\n    subnets = ["subnet-1"]\n    security_groups = {SG}\n    assign_public_ip = true\n  }}\n}}\n',
}


@pytest.mark.parametrize(
    ("attached", "severity"),
    [
        ([], "high"),  # attached nowhere the answer shows: judged as open
        (["instance"], "high"),
        (["endpoint"], "low"),
        (["function"], "low"),
        (["private database"], "low"),
        (["public database"], "high"),
        (["internal load balancer"], "low"),
        (["internet-facing load balancer"], "high"),
        (["private service"], "low"),
        (["public service"], "high"),
        (["endpoint", "instance"], "high"),
    ],
)
def test_reach_follows_what_the_group_is_attached_to(
    tmp_path: Path, attached: list[str], severity: str
) -> None:
    terraform = GROUP + "".join(ATTACHED[name] for name in attached)
    findings = run_rule(tmp_path, RULE, terraform)
    assert [f.severity.value for f in findings] == [severity]


RULE_MODULE = """
variable "group_id" {
  type = string
}

variable "type" {
  type = string
}

variable "port" {
  type = number
}

variable "protocol" {
  type = string
}

resource "aws_security_group_rule" "this" {
  type              = var.type
  security_group_id = var.group_id
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = var.port
  to_port           = var.port
  protocol          = var.protocol
}
"""


@pytest.mark.parametrize(
    ("egress_type", "fires"),
    [
        ("egress", False),  # all protocols outwards; inwards only port 80
        ("ingress", True),
    ],
)
def test_each_instance_of_a_rule_module_is_judged_by_its_own_type(
    tmp_path: Path, egress_type: str, fires: bool
) -> None:
    calls = (
        'resource "aws_security_group" "web" {\n  name = "web"\n}\n\n'
        'module "http_in" {\n  source   = "./modules/rule"\n  group_id = aws_security_group.web.id\n'
        '  type     = "ingress"\n  port     = 80\n  protocol = "tcp"\n}\n\n'
        'module "all_out" {\n  source   = "./modules/rule"\n  group_id = aws_security_group.web.id\n'
        f'  type     = "{egress_type}"\n  port     = 0\n  protocol = "-1"\n}}\n'
    )
    found = run_rule(tmp_path, RULE, calls, **{"modules/rule/main__tf": RULE_MODULE})
    assert bool(found) is fires, [f.message for f in found]
