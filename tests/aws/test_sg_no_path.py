"""aws.sg-no-path: database security groups that admit no client of the answer."""

from __future__ import annotations

import pytest

from .helpers import findings

RULE = "aws.sg-no-path"


def group(name: str, ingress: str = "") -> str:
    return f'resource "aws_security_group" "{name}" {{\n  vpc_id = "vpc-1"\n{ingress}}}\n'


def ingress(source: str) -> str:
    return f'  ingress {{\n    from_port = 5432\n    to_port = 5432\n    protocol = "tcp"\n    {source}\n  }}\n'


DB = (
    'resource "aws_rds_cluster" "db" {\n  engine = "aurora-postgresql"\n'
    "  vpc_security_group_ids = [aws_security_group.db.id]\n}\n"
)
LAMBDA_OUTSIDE_VPC = (
    'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "r"\n}\n'
)
LAMBDA_IN_VPC = (
    'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "r"\n'
    "  vpc_config {\n    subnet_ids = []\n"
    "    security_group_ids = [aws_security_group.app.id]\n  }\n}\n"
)
SELF_ONLY = group("db", ingress("self = true\n    security_groups = []"))

CASES: dict[str, tuple[str, int]] = {
    "self only, client group unused": (SELF_ONLY + group("app") + DB + LAMBDA_OUTSIDE_VPC, 1),
    "self only, function in another group": (SELF_ONLY + group("app") + DB + LAMBDA_IN_VPC, 1),
    "no ingress at all": (group("db") + group("app") + DB + LAMBDA_IN_VPC, 1),
    "client group admitted": (
        group("db", ingress("security_groups = [aws_security_group.app.id]"))
        + group("app")
        + DB
        + LAMBDA_IN_VPC,
        0,
    ),
    "cidr ingress": (
        group("db", ingress('cidr_blocks = ["10.0.0.0/16"]')) + group("app") + DB + LAMBDA_IN_VPC,
        0,
    ),
    "admitted by a separate rule": (
        SELF_ONLY
        + group("app")
        + DB
        + LAMBDA_IN_VPC
        + 'resource "aws_security_group_rule" "in" {\n  type = "ingress"\n'
        '  from_port = 5432\n  to_port = 5432\n  protocol = "tcp"\n'
        "  security_group_id = aws_security_group.db.id\n"
        "  source_security_group_id = aws_security_group.app.id\n}\n",
        0,
    ),
    "compute carries the database group": (
        SELF_ONLY + DB + 'resource "aws_instance" "app" {\n  ami = "ami-1"\n'
        "  vpc_security_group_ids = [aws_security_group.db.id]\n}\n",
        0,
    ),
    "group handed to a module": (
        SELF_ONLY
        + group("app")
        + DB
        + LAMBDA_OUTSIDE_VPC
        + 'module "app" {\n  source = "./app"\n  db_sg = aws_security_group.db.id\n}\n',
        0,
    ),
    "group exported": (
        SELF_ONLY
        + group("app")
        + DB
        + LAMBDA_OUTSIDE_VPC
        + 'output "db_sg" {\n  value = aws_security_group.db.id\n}\n',
        0,
    ),
    "no compute in the answer": (SELF_ONLY + group("app") + DB, 0),
}


@pytest.mark.parametrize("name", CASES)
def test_cases(name: str) -> None:
    text, expected = CASES[name]
    assert len(findings(RULE, {"main.tf": text})) == expected


def test_closed_database_message() -> None:
    (finding,) = findings(RULE, {"main.tf": SELF_ONLY + group("app") + DB + LAMBDA_OUTSIDE_VPC})
    assert finding.address == "aws_security_group.db"
    assert "admits only its own members" in finding.message
    assert "aws_security_group.app" in finding.message
