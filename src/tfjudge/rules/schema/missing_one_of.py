"""## What it does
Fires when a resource, data source or one of their nested blocks sets none of a group of
arguments of which the AWS provider requires one: an `aws_route` with no target
(`gateway_id`, `nat_gateway_id`, `transit_gateway_id`, ...), an `aws_lambda_function` with
neither `filename`, `s3_bucket` nor `image_uri`, an `aws_autoscaling_group` with no launch
template, launch configuration or mixed instances policy, a `launch_template` block with
neither `id` nor `name`. A group with a member whose value validate does not know yet
(a variable, a reference, a `dynamic` block) is not judged.

The groups are the provider's own `ExactlyOneOf` and `AtLeastOneOf` rules (and the
plugin framework's validators), which its schema JSON does not carry: they were read
from `terraform validate` of every type (`scripts/make_argument_rules.py`). They are
applied only when the answer is judged against the provider release they were read from,
as a later release may add a member to a group.

## Why is this bad?
`terraform validate` fails ("one of `...` must be specified"): nothing is planned. The
resource is missing the setting that says what it is built from or where it points.

## Example
```hcl
resource "aws_route" "internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
}
```

## Use instead
```hcl
resource "aws_route" "internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import MISSING_ONE_OF


@rule(
    MISSING_ONE_OF,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "None of a group of arguments of which one is required",
    impact="terraform validate fails (one of ... must be specified); nothing is planned.",
    fix="Set one of the group's arguments.",
)
def missing_one_of(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, MISSING_ONE_OF)
