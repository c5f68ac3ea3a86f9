"""## What it does
Evaluates every name-like argument of every resource instance (variable defaults,
`terraform.tfvars`, locals, `count`/`for_each` instances substituted) and fires when the
name is longer than the service allows: load balancer and target group names 32 characters,
IAM role names 64, S3 bucket names 63, Lambda function names 64, RDS identifiers 63,
ElastiCache cluster ids 50, and some 150 more from a table generated from the AWS API
models (botocore) and the limits AWS documents outside them. A `name_prefix` is checked
against the limit less the 26 characters the provider appends.

A name with parts only known after apply (`"${var.app}-${random_id.x.hex}"`) fires only when
its known characters alone exceed the limit.

## Why is this bad?
`terraform validate` and `plan` accept the name; the create call at `apply` fails
(`ValidationError: ... must have length less than or equal to 32`) after everything before
it in the graph has been created, leaving a half-built stack.

Sources: the API reference of each service, e.g.
https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
and https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html.

## Example
```hcl
variable "project" {
  default = "northwind-traders-orders"
}

resource "aws_lb" "public" {
  name = "${var.project}-public-alb-dev01"
}
```

## Use instead
```hcl
resource "aws_lb" "public" {
  name = "nwt-orders-alb-dev01"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.aws.constraints import NAME_TOO_LONG
from tfjudge.aws.values import ConstraintViolations
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    NAME_TOO_LONG,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Name longer than AWS allows",
    impact="The create call fails at apply, after the resources before it exist.",
    fix="Shorten the name (or its prefix and variables) to the service's limit.",
)
def name_too_long(ctx: RuleContext) -> Iterator[Finding]:
    for problem in ctx.get(ConstraintViolations).of_rule(NAME_TOO_LONG):
        yield ctx.finding(
            problem.message,
            problem.attribute,
            block=problem.block,
            attribute=problem.constraint.argument,
            title=f"{problem.constraint.noun.capitalize()} exceed their length limit",
        )
