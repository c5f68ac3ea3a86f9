"""aws.dynamodb-autoscaling-on-demand: one row per billing mode and kind of target."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.dynamodb-autoscaling-on-demand"

TEMPLATE = """
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  hash_key     = "id"
  billing_mode = "%s"
%s
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_appautoscaling_target" "capacity" {
  max_capacity       = 100
  min_capacity       = 5
  resource_id        = "table/${aws_dynamodb_table.orders.name}"
  scalable_dimension = "%s"
  service_namespace  = "%s"
}
"""
PROVISIONED = "  read_capacity  = 5\n  write_capacity = 5"


@pytest.mark.parametrize(
    ("mode", "capacity", "dimension", "namespace", "fires"),
    [
        ("PAY_PER_REQUEST", "", "dynamodb:table:ReadCapacityUnits", "dynamodb", True),
        ("PAY_PER_REQUEST", "", "dynamodb:index:WriteCapacityUnits", "dynamodb", True),
        ("PROVISIONED", PROVISIONED, "dynamodb:table:ReadCapacityUnits", "dynamodb", False),
        ("PAY_PER_REQUEST", "", "ecs:service:DesiredCount", "ecs", False),
    ],
)
def test_targets(
    tmp_path: Path, mode: str, capacity: str, dimension: str, namespace: str, fires: bool
) -> None:
    terraform = TEMPLATE % (mode, capacity, dimension, namespace)
    assert bool(run_rule(tmp_path, RULE, terraform)) is fires
