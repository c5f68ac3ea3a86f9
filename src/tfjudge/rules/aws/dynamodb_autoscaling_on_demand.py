"""## What it does
Fires on an `aws_appautoscaling_target` whose evaluated `service_namespace` is `dynamodb`
and `scalable_dimension` a read or write capacity of a table or index
(`dynamodb:table:ReadCapacityUnits`, `dynamodb:index:WriteCapacityUnits`, ...), when its
`resource_id` refers to an `aws_dynamodb_table` whose evaluated `billing_mode` is
`PAY_PER_REQUEST`. Targets with `count = 0` (auto scaling switched off) have no instance
and are not judged; nor are tables whose billing mode is unknown or `PROVISIONED` (the
provider's default).

## Why is this bad?
An on-demand table has no provisioned read or write capacity for Application Auto
Scaling to manage: registering the scalable target fails at `apply` (a validation error
naming the table), and the scaling policies that depend on it are never created. On-demand
mode already scales with the traffic.

Source: Amazon DynamoDB Developer Guide, "Managing throughput capacity automatically with
DynamoDB auto scaling" (auto scaling adjusts provisioned capacity) and "DynamoDB
throughput capacity" (on-demand mode: no capacity to provision or scale),
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html,
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/capacity-mode.html

## Example
```hcl
resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_appautoscaling_target" "read" {
  service_namespace  = "dynamodb"
  resource_id        = "table/${aws_dynamodb_table.sessions.name}"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  min_capacity       = 5
  max_capacity       = 100
}
```

## Use instead
Drop the scaling target and its policies (on-demand scales by itself), or make the table
`billing_mode = "PROVISIONED"` with `read_capacity` and `write_capacity`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.aws._common import referenced_blocks, resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_DIMENSIONS = {
    f"dynamodb:{scope}:{kind}CapacityUnits"
    for scope in ("table", "index")
    for kind in ("Read", "Write")
}


@rule(
    "aws.dynamodb-autoscaling-on-demand",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Auto scaling of an on-demand DynamoDB table's capacity",
    impact="Registering the scalable target fails at apply; its scaling policies are never "
    "created.",
    fix="Remove the scaling target and policies, or make the table PROVISIONED.",
    applies_to=("aws_appautoscaling_target",),
)
def dynamodb_autoscaling_on_demand(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for target in resources(ctx, "aws_appautoscaling_target"):
        resource_id = target.body.attributes.get("resource_id")
        if resource_id is None:
            continue
        tables = [
            b
            for b in referenced_blocks(ctx, resource_id.expr)
            if b.labels[:1] == ("aws_dynamodb_table",)
        ]
        if not tables:
            continue
        for instance in evaluator.instances(target):
            namespace = evaluator.attribute(target, "service_namespace", instance)
            dimension = evaluator.attribute(target, "scalable_dimension", instance)
            if namespace != "dynamodb" or dimension not in _DIMENSIONS:
                continue
            on_demand = [t for t in tables if _on_demand(evaluator, t)]
            if not on_demand:
                continue
            table = ".".join(on_demand[0].labels[:2])
            yield ctx.finding(
                f"{dimension} of {table} is registered for auto scaling, but the table is "
                'billing_mode "PAY_PER_REQUEST" (on-demand): it has no provisioned capacity '
                "to scale, and Application Auto Scaling rejects the target",
                resource_id,
                block=target,
                attribute="resource_id",
                related=[table],
            )
            break


def _on_demand(evaluator: Evaluator, table: Block) -> bool:
    modes = [mode for _, mode in evaluator.attribute_values(table, "billing_mode")]
    return bool(modes) and all(mode == "PAY_PER_REQUEST" for mode in modes)
