"""## What it does
Reports a `depends_on` terraform cannot read, in its words:

- not a list (`depends_on = aws_iam_role.app`): "Invalid expression" (`terraform init`);
- an element naming an attribute of a resource or data source
  (`depends_on = [aws_iam_role.app.arn]`): "Invalid depends_on reference" (`terraform
  validate`); depend on the whole object instead. (A module's output, `module.network.
  vpc_id`, is a whole object to terraform.)

In resources, data sources, module calls and outputs.

## Why is this bad?
Nothing is planned: terraform stops at the argument. An ordering is between objects, not
values; a value that is read creates the dependency by itself.

## Example
```hcl
resource "aws_lambda_function" "app" {
  function_name = "app"
  role          = aws_iam_role.app.arn
  depends_on    = [aws_iam_role_policy_attachment.logs.id]
}
```

## Use instead
```hcl
resource "aws_lambda_function" "app" {
  function_name = "app"
  role          = aws_iam_role.app.arn
  depends_on    = [aws_iam_role_policy_attachment.logs]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import GetAttr, Index, Traversal, TupleExpr
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import active_top_blocks
from tfjudge.rules.registry import rule

HOLDERS = frozenset({"resource", "data", "module", "output"})
NOT_RESOURCES = frozenset({"var", "local", "module", "each", "count", "path", "terraform", "self"})
WHOLE_OBJECT = (
    "Invalid depends_on reference: References in depends_on must be to a whole object "
    "(resource, etc), not to an attribute of an object."
)


@rule(
    "core.invalid-depends-on",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "depends_on that is not a list of whole objects",
    impact="terraform init or validate stops at the argument: nothing is deployed.",
    fix="List whole objects: depends_on = [aws_iam_role.app, module.network].",
)
def invalid_depends_on(ctx: RuleContext) -> Iterator[Finding]:
    for _, block in active_top_blocks(ctx, HOLDERS):
        attribute = block.body.attributes.get("depends_on")
        if attribute is None:
            continue
        expr = attribute.expr
        if not isinstance(expr, TupleExpr):
            yield ctx.finding(
                "Invalid expression: A static list expression is required: depends_on takes "
                "a list of resources, data sources or modules.",
                expr.range,
                block=block,
                attribute="depends_on",
            )
            continue
        for item in expr.items:
            if isinstance(item, Traversal) and _names_an_attribute(item):
                yield ctx.finding(WHOLE_OBJECT, item.range, block=block, attribute="depends_on")


def _names_an_attribute(reference: Traversal) -> bool:
    """`aws_x.y.arn`, `data.aws_x.y.id` (an instance key may come between). A module's
    output (`module.m.out`) is an object terraform orders by, as are variables and locals."""
    if reference.root in NOT_RESOURCES:
        return False
    names = 2 if reference.root in ("data", "resource") else 1
    steps = list(reference.steps)
    if len(steps) < names or not all(isinstance(s, GetAttr) for s in steps[:names]):
        return False
    rest = steps[names:]
    if rest and isinstance(rest[0], Index):
        rest = rest[1:]
    return bool(rest)
