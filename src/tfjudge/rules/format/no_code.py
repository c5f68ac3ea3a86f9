"""## What it does
Fires when the response holds no code at all: no fenced block and no unfenced HCL in a
programming or configuration language, only prose (a summary, a plan, an apology).

## Why is this bad?
There is nothing to run: the answer fails the task whatever it says about it.

## Example
```markdown
# Solution
The infrastructure consists of a VPC, two subnets and an RDS instance, all encrypted.
```

## Use instead
````markdown
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```
````
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_NOT_CODE = ("text", "markdown", "console", "")


@rule(
    "format.no-code",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "The response holds no code",
    impact="Nothing can be planned or applied: the task is not done.",
    fix="Answer with the Terraform configuration itself, in fenced code blocks.",
)
def no_code(ctx: RuleContext) -> Iterator[Finding]:
    response = ctx.response
    if response.kind != "markdown":
        return
    if any(f.language not in _NOT_CODE for f in response.files):
        return
    blocks = len(response.files)
    detail = (
        f" ({blocks} block{'s' if blocks != 1 else ''} of prose or commands only)" if blocks else ""
    )
    first = response.prose[0][0] if response.prose else 1
    yield ctx.finding(
        f"The response is {response.line_count} lines of prose and holds no code{detail}.",
        response_line=first,
    )
