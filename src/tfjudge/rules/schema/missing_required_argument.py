"""## What it does
Fires when a required argument of a resource, data source or nested block is absent, or a
block the schema requires (`min_items` of 1 or more) is not written at all. A `dynamic`
block of that type counts as present (terraform cannot know how many it makes), and so
does a list of objects written as repeated blocks.

## Why is this bad?
`terraform validate` fails with "Missing required argument" or "Insufficient ... blocks":
nothing is planned or created.

## Example
```hcl
resource "aws_api_gateway_deployment" "api" {
  stage_name = "prod"
}
```

## Use instead
```hcl
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
}
```

Source: the provider's schema (`terraform providers schema -json`), shipped with tfjudge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import MISSING_REQUIRED


@rule(
    MISSING_REQUIRED,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Required argument or block missing",
    impact="terraform validate fails with 'Missing required argument'; nothing is planned.",
    fix="Add the required argument or block.",
)
def missing_required_argument(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, MISSING_REQUIRED)
