"""## What it does
Fires on a reference to an attribute that a declared AWS resource or data source does not
have: `aws_db_instance.main.endpoint_address`, `aws_lb.web.dns`,
`data.aws_caller_identity.current.account`. The path is followed through nested blocks
(`aws_s3_bucket.b.versioning[0].enabled`); indexes of `count`/`for_each` instances are
understood. Splats, `for` expressions, sets and attributes of map or object type are not
followed further.

## Why is this bad?
`terraform validate` fails with "Unsupported attribute": nothing is planned.

## Example
```hcl
output "db_host" {
  value = aws_db_instance.main.endpoint_address
}
```

## Use instead
```hcl
output "db_host" {
  value = aws_db_instance.main.address
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
from tfjudge.schema.check import UNKNOWN_ATTRIBUTE


@rule(
    UNKNOWN_ATTRIBUTE,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Reference to an attribute the type does not have",
    impact="terraform validate fails with 'Unsupported attribute'; nothing is planned.",
    fix="Use the attribute the provider exports (see the suggestion).",
)
def unknown_attribute(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, UNKNOWN_ATTRIBUTE)
