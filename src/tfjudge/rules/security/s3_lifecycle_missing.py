"""## What it does
Fires once per `aws_s3_bucket` block whose bucket has no lifecycle configuration: no
`aws_s3_bucket_lifecycle_configuration` naming it (matched by the evaluated `bucket`
reference, per instance) and no deprecated inline `lifecycle_rule` block.

## Why is this bad?
Without lifecycle rules objects (and, with versioning, every noncurrent version and every
incomplete multipart upload) are kept in S3 Standard forever: storage cost grows without
bound and data kept past its retention period is a compliance finding of its own. See
"Managing the lifecycle of objects" in the S3 User Guide.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "app-logs-${var.environment_suffix}"
}
```

## Use instead
```hcl
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 365
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.resources.s3 import S3Buckets, describe
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "security.s3-lifecycle-missing",
    Severity.MEDIUM,
    Category.COST,
    "S3 bucket without a lifecycle configuration",
    impact="Objects and old versions accumulate forever: storage cost grows and retention "
    "limits are not enforced.",
    fix="Add an aws_s3_bucket_lifecycle_configuration with transition or expiration rules.",
    applies_to=("aws_s3_bucket",),
)
def s3_lifecycle_missing(ctx: RuleContext) -> Iterator[Finding]:
    for block, missing in ctx.get(S3Buckets).lacking("lifecycle"):
        yield ctx.finding(
            f"{describe(missing)} has no lifecycle configuration: objects and noncurrent "
            "versions are kept forever.",
            block,
        )
