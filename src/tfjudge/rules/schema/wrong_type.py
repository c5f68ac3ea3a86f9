"""## What it does
Fires when a value whose type terraform knows before apply cannot be converted to the
argument's type in the schema, with terraform's conversion rules: a number where a bool is
required (`force_destroy = 1`), a string that is not a number or bool (`timeout = "abc"`,
`enabled = "yes"`; `"true"`, `"1"` and `"10"` do convert), a string or number where a list,
set, map or object is required (`subnet_ids = "subnet-1"`, `tags = "x"`), a list or object
where a string is required, and objects missing attributes of a list-of-objects argument.
Values come from literals, tuples and objects of them, templates (always strings) and
functions whose result type is fixed (`jsonencode` gives a string, `split` a list). A
reference or any other function is not judged: its type is unknown here.

## Why is this bad?
`terraform validate` fails with "Incorrect attribute value type": nothing is planned.

## Example
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  layers        = aws_lambda_layer_version.deps.arn
  timeout       = "30s"
}
```

## Use instead
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  layers        = [aws_lambda_layer_version.deps.arn]
  timeout       = 30
}
```

Source: the provider's schema (attribute types), and cty's conversion rules as terraform
1.11 applies them (checked against `terraform validate`).
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import WRONG_TYPE


@rule(
    WRONG_TYPE,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Value of the wrong type for the argument",
    impact="terraform validate fails with 'Incorrect attribute value type'; nothing is planned.",
    fix="Give the argument a value of the type the provider expects.",
)
def wrong_type(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, WRONG_TYPE)
