"""## What it does
Reports a `count` whose value, or a `for_each` whose keys (a map's keys, a set's
elements), depend on a value terraform knows only after apply, in terraform plan's words
("Invalid count argument", "Invalid for_each argument"):

- the `id` or `arn` of a managed resource the configuration creates
  (`toset(aws_subnet.private[*].id)`, `toset([aws_iam_policy.read.arn])`,
  `{ for s in aws_subnet.private : s.id => s }`, `count = aws_vpc.main.id != "" ? 1 : 0`);
- any attribute of a data source that refers to such a resource or depends on one (read
  at apply: `toset(data.aws_subnets.in_vpc.ids)` with a `vpc-id` filter on `aws_vpc.main.id`);
- the same through a local value, a module's output or a module's variable.

Map values may be unknown (`{ app = aws_iam_policy.read.arn }` is fine), and so may list
elements whose number is known (`count = length(aws_subnet.private)`). Attributes the
configuration sets (`aws_s3_bucket.logs.bucket`, a subnet's `cidr_block`) are known at
plan; other computed attributes are not judged (some are known at plan, such as an ACM
certificate's `domain_validation_options`). Blocks of a module no call creates (`count =
0` with the defaults) are not judged.

## Why is this bad?
`terraform validate` accepts it, but `terraform plan` of a first deployment stops: the
instances of a block must be known before anything is created. The only way through is
`terraform apply -target` in two steps, which no pipeline does. See
https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#limitations-on-values-used-in-for_each.

## Example
```hcl
resource "aws_iam_role_policy_attachment" "app" {
  for_each   = toset([aws_iam_policy.read.arn, aws_iam_policy.write.arn])
  role       = aws_iam_role.app.name
  policy_arn = each.value
}
```

## Use instead
```hcl
resource "aws_iam_role_policy_attachment" "app" {
  for_each = {
    read  = aws_iam_policy.read.arn
    write = aws_iam_policy.write.arn
  }
  role       = aws_iam_role.app.name
  policy_arn = each.value
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.evaluate.plan_time import PlanTime
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Expr, ForExpr, ObjectExpr
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import repeated_blocks
from tfjudge.rules.registry import rule

_COUNT = (
    'Invalid count argument: The "count" value depends on resource attributes that cannot '
    "be determined until apply, so Terraform cannot predict how many instances will be "
    "created: it comes from {culprit}."
)
_FOR_EACH = (
    'Invalid for_each argument: The "for_each" {what} derived from resource attributes '
    "that cannot be determined until apply, so Terraform cannot determine the full set of "
    "keys that will identify the instances of this {kind}: they come from {culprit}."
)


@rule(
    "core.repetition-unknown-until-apply",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "count or for_each that terraform cannot know until apply",
    impact="terraform plan of a first deployment stops at the block: nothing is deployed.",
    fix="Key for_each by names the configuration writes (a map with static keys), and "
    "compute count from variables or from lengths, not from ids or ARNs.",
)
def repetition_unknown_until_apply(ctx: RuleContext) -> Iterator[Finding]:
    plan_time = ctx.get(PlanTime)
    evaluator = ctx.get(Evaluator)
    for block, found in repeated_blocks(ctx, "count"):
        module = ctx.configuration.module_of(block)
        culprit = plan_time.count_culprit(found.expr, module)
        if culprit is not None and evaluator.instantiated(module):
            yield ctx.finding(_COUNT.format(culprit=culprit.describe()), found, block=block)
    for block, found in repeated_blocks(ctx, "for_each"):
        module = ctx.configuration.module_of(block)
        culprit = plan_time.for_each_culprit(found.expr, module)
        if culprit is not None and evaluator.instantiated(module):
            what = "map includes keys" if _is_map(found.expr) else "set includes values"
            kind = "module" if block.type == "module" else "resource"
            message = _FOR_EACH.format(what=what, kind=kind, culprit=culprit.describe())
            yield ctx.finding(message, found, block=block)


def _is_map(expr: Expr) -> bool:
    return isinstance(expr, ObjectExpr) or (isinstance(expr, ForExpr) and expr.key is not None)
