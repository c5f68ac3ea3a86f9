"""aws.secret-recovery-window: which secrets keep a fixed name across deployments."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.secret-recovery-window"

VARIABLE = 'variable "secret_name" {\n  type    = string\n  default = %s\n}\n\n'


@pytest.mark.parametrize(
    ("terraform", "fires"),
    [
        ('resource "aws_secretsmanager_secret" "db" {\n  name = "orders/db"\n}\n', True),
        (
            VARIABLE % '"orders/db"'
            + 'resource "aws_secretsmanager_secret" "db" {\n  name = var.secret_name\n}\n',
            True,
        ),
        # a name built from a timestamp through a local is new on every apply
        (
            'locals {\n  stamp = formatdate("YYYYMMDDhhmmss", timestamp())\n}\n'
            'resource "aws_secretsmanager_secret" "db" {\n  name = "db-${local.stamp}"\n}\n',
            False,
        ),
        (
            'locals {\n  stamp = formatdate("YYYYMMDD", "2024-01-01T00:00:00Z")\n}\n'
            'resource "aws_secretsmanager_secret" "db" {\n  name = "db-${local.stamp}"\n}\n',
            True,
        ),
        # a null name: AWS generates one, as for a secret without `name`
        (
            VARIABLE % "null"
            + 'resource "aws_secretsmanager_secret" "db" {\n  name = var.secret_name\n}\n',
            False,
        ),
        # never created as written
        (
            VARIABLE % "null" + 'resource "aws_secretsmanager_secret" "db" {\n'
            "  count = var.secret_name == null ? 0 : 1\n  name  = var.secret_name\n}\n",
            False,
        ),
        (
            'resource "aws_secretsmanager_secret" "db" {\n  name = "orders/db"\n'
            "  recovery_window_in_days = 0\n}\n",
            False,
        ),
    ],
)
def test_fixed_names_keep_the_window(tmp_path: Path, terraform: str, fires: bool) -> None:
    assert bool(run_rule(tmp_path, RULE, terraform)) is fires
