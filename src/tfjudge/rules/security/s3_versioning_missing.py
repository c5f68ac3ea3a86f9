"""## What it does
Fires once per `aws_s3_bucket` block whose bucket has no versioning: no
`aws_s3_bucket_versioning` naming it (matched by the evaluated `bucket` reference, per
instance) and no deprecated inline `versioning { enabled = true }`; also when the
versioning resource sets the status to `Suspended` or `Disabled` (or the inline block to
`enabled = false`). A status that is only known at apply (a variable) is not judged.

## Why is this bad?
Without versioning an overwrite or a delete is final: a bad deploy, a compromised key or a
mistaken `aws s3 rm` destroys the data, and replication (which requires versioning on
both buckets) cannot be added later without it. See "Using versioning in S3 buckets" in
the S3 User Guide.

## Example
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "app-data-${var.environment_suffix}"
}
```

## Use instead
```hcl
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.resources.s3 import S3Buckets, describe
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

FIX_CODE = """resource "aws_s3_bucket_versioning" "{name}" {{
  bucket = aws_s3_bucket.{name}.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}
"""


@rule(
    "security.s3-versioning-missing",
    Severity.MEDIUM,
    Category.RELIABILITY,
    "S3 bucket without versioning",
    impact="An overwrite or delete destroys the only copy of the object.",
    fix="Add an aws_s3_bucket_versioning with status Enabled.",
    applies_to=("aws_s3_bucket", "aws_s3_bucket_versioning"),
)
def s3_versioning_missing(ctx: RuleContext) -> Iterator[Finding]:
    s3 = ctx.get(S3Buckets)
    evaluator = ctx.get(Evaluator)
    for block, missing in s3.lacking("versioning"):
        yield ctx.finding(
            f"{describe(missing)} has no versioning: an overwrite or delete is final.",
            block,
            fix_code=FIX_CODE.format(name=block.labels[1] if len(block.labels) > 1 else "this"),
        )
    seen: set[int] = set()
    for bucket in s3.buckets:
        for companion in bucket.of("versioning"):
            if id(companion.block) in seen:
                continue
            path = "enabled" if companion.inline else "versioning_configuration.status"
            value = evaluator.attribute(companion.block, path, companion.instance)
            off = value is False if companion.inline else value in ("Suspended", "Disabled")
            if off:
                seen.add(id(companion.block))
                attribute = evaluator.attribute_expr(companion.block, path)
                yield ctx.finding(
                    f"Versioning of {bucket.address} is {'off' if companion.inline else value}: "
                    "an overwrite or delete is final.",
                    attribute or companion.block,
                    block=companion.block,
                    attribute=path.rpartition(".")[2],
                )
