"""## What it does
Fires for each `Allow` statement of a bucket policy that grants the CloudTrail service
principal (`cloudtrail.amazonaws.com`) access without an `aws:SourceArn` or
`aws:SourceAccount` condition, in any spelling of the policy.

High for a write grant (`s3:PutObject`) with no condition at all; medium when another
condition (`s3:x-amz-acl`, the encryption key) constrains the write; low for the
`s3:GetBucketAcl` check, which only reveals the bucket's ACL.

## Why is this bad?
Without the condition any trail in any AWS account can write its logs into the bucket
(the confused-deputy problem): an attacker fills it, runs up its cost, or plants records
among the account's own audit logs. AWS's own bucket policy for CloudTrail carries
`aws:SourceArn`. See "Amazon S3 bucket policy for CloudTrail" in the CloudTrail User Guide.

## Example
```hcl
{
  Sid       = "AWSCloudTrailWrite"
  Effect    = "Allow"
  Principal = { Service = "cloudtrail.amazonaws.com" }
  Action    = "s3:PutObject"
  Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/${local.account_id}/*"
  Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
}
```

## Use instead
```hcl
{
  Sid       = "AWSCloudTrailWrite"
  Effect    = "Allow"
  Principal = { Service = "cloudtrail.amazonaws.com" }
  Action    = "s3:PutObject"
  Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/${local.account_id}/*"
  Condition = {
    StringEquals = {
      "s3:x-amz-acl"  = "bucket-owner-full-control"
      "aws:SourceArn" = "arn:aws:cloudtrail:${var.region}:${local.account_id}:trail/${var.trail}"
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.model import PolicyModel, policy_holders
from tfjudge.policy.wildcards import text_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SOURCE_KEYS = ("aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths")


@rule(
    "security.cloudtrail-source-arn-missing",
    Severity.HIGH,
    Category.SECURITY,
    "CloudTrail bucket-policy statement without a source condition",
    impact="Any trail in any account can write into the bucket (confused deputy).",
    fix="Add an aws:SourceArn (or aws:SourceAccount) condition naming your trail or account.",
    applies_to=policy_holders("bucket"),
)
def cloudtrail_source_arn_missing(ctx: RuleContext) -> Iterator[Finding]:
    for statement in ctx.get(PolicyModel).unique_statements("bucket"):
        if not statement.is_allow:
            continue
        services = {text_of(v) for v in statement.principal_values("Service")}
        if "cloudtrail.amazonaws.com" not in services:
            continue
        if statement.has_condition(*SOURCE_KEYS) or any(c.key == "?" for c in statement.conditions):
            continue
        sid = f" {text_of(statement.sid)!r}" if text_of(statement.sid) else ""
        names = [a for a in map(text_of, statement.actions) if a]
        actions = ", ".join(names)
        writes = any(not a.lower().startswith(("s3:get", "s3:list")) for a in names)
        if not writes:
            severity = Severity.LOW
        elif statement.conditions:
            severity = Severity.MEDIUM
        else:
            severity = Severity.HIGH
        yield ctx.finding(
            f"Statement{sid} grants {actions or 'access'} to cloudtrail.amazonaws.com with no "
            "aws:SourceArn or aws:SourceAccount condition: any account's trail may use it.",
            statement.range,
            block=statement.policy.block,
            attribute="policy",
            severity=severity,
        )
