"""## What it does
Fires on an argument or nested block that the AWS provider's schema does not have at that
place: a top-level argument (`log_destination_arn` on `aws_flow_log`), an argument or
block inside a nested block at any depth, inside the `content` of a `dynamic` block, or a
`dynamic` block of a type that does not exist. An attribute written as a block
(`point_in_time_recovery { ... }` where the schema has `point_in_time_recovery = true`) is
an unknown block. A computed-only (read-only) attribute set in configuration (`arn = ...`)
fires too, as terraform rejects it ("Value for unconfigurable attribute"). Terraform's
meta-arguments (`count`, `for_each`, `provider`, `depends_on`, `lifecycle` with its own
keys, `provisioner`, `connection`; `alias` and `version` in a provider block) are
understood; lists of objects written as repeated blocks (`ingress { ... }` on
`aws_security_group`) are accepted as terraform accepts them. A block written as an
argument is `schema.block-as-attribute`.

## Why is this bad?
`terraform validate` fails with "Unsupported argument" or "Unsupported block type": the
configuration never reaches plan. The setting the model meant is silently not there.

## Example
```hcl
resource "aws_flow_log" "main" {
  log_destination_arn = aws_s3_bucket.logs.arn
  traffic_type        = "ALL"
  vpc_id              = aws_vpc.main.id
}
```

## Use instead
```hcl
resource "aws_flow_log" "main" {
  log_destination      = aws_s3_bucket.logs.arn
  log_destination_type = "s3"
  traffic_type         = "ALL"
  vpc_id               = aws_vpc.main.id
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
from tfjudge.schema.check import UNKNOWN_ARGUMENT


@rule(
    UNKNOWN_ARGUMENT,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Argument or block the resource type does not have",
    impact="terraform validate fails with 'Unsupported argument'; nothing is planned.",
    fix="Use the argument the provider documents for this setting, or remove it.",
)
def unknown_argument(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, UNKNOWN_ARGUMENT)
