"""aws.rds-password-invalid-characters, one row per way a password can or cannot hold
a character RDS rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.rds-password-invalid-characters"


def _generated(settings: str) -> str:
    return f"""
resource "random_password" "db" {{
  length = 24
{settings}
}}

resource "aws_db_instance" "main" {{
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "orders"
  password          = random_password.db.result
}}
"""


@pytest.mark.parametrize(
    ("settings", "fires"),
    [
        ("", True),  # special defaults to true, with "@" in the default set
        ("  special = true", True),
        ('  special = true\n  override_special = "!#$%"', False),
        ('  override_special = "!/#"', True),
        ("  special = false", False),
    ],
)
def test_generated_password(tmp_path: Path, settings: str, fires: bool) -> None:
    findings = run_rule(tmp_path, RULE, _generated(settings))
    assert bool(findings) is fires
    if fires:
        assert findings[0].address == "random_password.db"
        assert "aws_db_instance.main" in findings[0].message


def test_generated_password_through_a_secret(tmp_path: Path) -> None:
    terraform = """
resource "random_password" "db" {
  length = 24
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = "orders-db"
  secret_string = random_password.db.result
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  master_username    = "orders"
  master_password    = aws_secretsmanager_secret_version.db.secret_string
}
"""
    findings = run_rule(tmp_path, RULE, terraform)
    assert [f.address for f in findings] == ["random_password.db"]


@pytest.mark.parametrize(
    ("password", "fires"),
    [("pass word1234", True), ("a/b@c1234567", True), ("Sup3r-Secret!#", False)],
)
def test_literal_password(tmp_path: Path, password: str, fires: bool) -> None:
    terraform = f"""
variable "db_password" {{
  type    = string
  default = "{password}"
}}

resource "aws_db_instance" "main" {{
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "orders"
  password          = var.db_password
}}
"""
    findings = run_rule(tmp_path, RULE, terraform)
    assert bool(findings) is fires
