"""## What it does
Fires once per function, API, database or load balancer that no CloudWatch alarm watches:
`aws_lambda_function`, `aws_api_gateway_rest_api`, `aws_apigatewayv2_api`,
`aws_db_instance`, `aws_rds_cluster` and `aws_lb`. An `aws_cloudwatch_metric_alarm` watches
a resource when a dimension of its metric (or of a metric in its `metric_query`) refers to
the resource (`FunctionName = aws_lambda_function.api.function_name`, also through
`for_each = aws_lambda_function.all`) or evaluates to the resource's name.

## Why is this bad?
Errors, throttles, 5XX responses, CPU or storage exhaustion go unnoticed until users
report them: nothing pages anyone, and the metrics that would have shown the problem expire
unseen. See "Using Amazon CloudWatch alarms".

## Example
```hcl
resource "aws_lambda_function" "api" {
  function_name = "orders-api"
}
```

## Use instead
```hcl
resource "aws_cloudwatch_metric_alarm" "api_errors" {
  alarm_name          = "orders-api-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.api.function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.resources.names import shape
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

WATCHED = {
    "aws_lambda_function": ("function_name", "function"),
    "aws_api_gateway_rest_api": ("name", "API"),
    "aws_apigatewayv2_api": ("name", "API"),
    "aws_db_instance": ("identifier", "database"),
    "aws_rds_cluster": ("cluster_identifier", "database cluster"),
    "aws_lb": ("name", "load balancer"),
    "aws_alb": ("name", "load balancer"),
}


@rule(
    "ops.missing-alarms",
    Severity.MEDIUM,
    Category.OBSERVABILITY,
    "Function, API, database or load balancer that no alarm watches",
    impact="Errors, throttles and exhaustion go unnoticed until users report them.",
    fix="Add aws_cloudwatch_metric_alarm resources on its key metrics with an alarm action.",
    applies_to=tuple(WATCHED),
)
def missing_alarms(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    blocks = [b for b in ctx.configuration.all_resources() if not references.is_superseded(b)]
    alarms = [b for b in blocks if b.labels[0] == "aws_cloudwatch_metric_alarm"]
    watched_blocks: set[int] = set()
    watched_names: set[str] = set()
    for alarm in alarms:
        for expr in _dimension_values(alarm):
            for target in references.target_blocks(expr):
                watched_blocks.add(id(target))
        for _, value in evaluator.attribute_values(alarm, "dimensions"):
            watched_names.update(_names(value))
        for query in alarm.body.blocks_of("metric_query"):
            metric = query.body.first_block("metric")
            if metric is not None:
                for _, value in evaluator.attribute_values(metric, "dimensions"):
                    watched_names.update(_names(value))
    for block in blocks:
        spec = WATCHED.get(block.labels[0])
        if spec is None or id(block) in watched_blocks or not evaluator.instances(block):
            continue
        argument, noun = spec
        names = [shape(v) for _, v in evaluator.attribute_values(block, argument)]
        if names and all(n is not None and n in watched_names for n in names):
            continue
        yield ctx.finding(
            f"No CloudWatch alarm watches the {noun} {block.labels[0]}.{block.labels[1]}: "
            "its failures would go unnoticed.",
            block,
        )


def _dimension_values(alarm: Block) -> Iterator[Expr]:
    for nested in alarm.walk_blocks():
        dimensions = nested.body.attributes.get("dimensions")
        if dimensions is not None:
            yield dimensions.expr
            yield from dimensions.expr.walk()


def _names(value: object) -> set[str]:
    if not isinstance(value, dict):
        return set()
    return {text for v in value.values() if (text := shape(v)) is not None}
