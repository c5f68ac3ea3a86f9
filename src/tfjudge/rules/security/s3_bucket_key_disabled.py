"""## What it does
Fires for each default-encryption rule that uses SSE-KMS (`sse_algorithm = "aws:kms"` or
`"aws:kms:dsse"`) without `bucket_key_enabled = true`, in an
`aws_s3_bucket_server_side_encryption_configuration` or the deprecated inline
`server_side_encryption_configuration` of a bucket.

## Why is this bad?
Without an S3 Bucket Key every object operation is a KMS request: up to 99% more KMS
calls, their cost, and KMS request-rate throttling on busy buckets. See "Reducing the cost
of SSE-KMS with Amazon S3 Bucket Keys" in the S3 User Guide.

## Example
```hcl
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}
```

## Use instead
```hcl
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, Instance
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

CONFIGURATION = "aws_s3_bucket_server_side_encryption_configuration"
KMS = {"aws:kms", "aws:kms:dsse"}


@rule(
    "security.s3-bucket-key-disabled",
    Severity.LOW,
    Category.COST,
    "SSE-KMS default encryption without an S3 Bucket Key",
    impact="Every object request calls KMS: higher KMS cost and throttling under load.",
    fix="Set bucket_key_enabled = true in the encryption rule.",
    applies_to=("aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration"),
)
def s3_bucket_key_disabled(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for block in ctx.configuration.all_resources():
        kind = block.labels[0] if block.labels else ""
        if kind == CONFIGURATION:
            rules = block.body.blocks_of("rule")
        elif kind == "aws_s3_bucket":
            rules = [
                r
                for nested in block.body.blocks_of("server_side_encryption_configuration")
                for r in nested.body.blocks_of("rule")
            ]
        else:
            continue
        for rule_block in rules:
            yield from _judge(ctx, evaluator, block, rule_block)


def _judge(
    ctx: RuleContext, evaluator: Evaluator, block: Block, rule_block: Block
) -> Iterator[Finding]:
    instances: list[Instance | None] = list(evaluator.instances(block)) or [None]
    algorithms = {
        evaluator.attribute(rule_block, "apply_server_side_encryption_by_default.sse_algorithm", i)
        for i in instances
    }
    kms = sorted(a for a in algorithms if isinstance(a, str) and a in KMS)
    if not kms:
        return
    enabled = {evaluator.attribute(rule_block, "bucket_key_enabled", i) for i in instances}
    if not enabled & {False, None}:
        return
    attribute = rule_block.body.attributes.get("bucket_key_enabled")
    state = "false" if attribute is not None else "not set"
    yield ctx.finding(
        f"Default encryption is {kms[0]} with bucket_key_enabled {state}: every object "
        "request is a KMS call.",
        attribute or rule_block,
        block=block,
        attribute="bucket_key_enabled",
    )
