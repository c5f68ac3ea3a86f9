"""## What it does
For every `aws_cloudtrail` whose `s3_bucket_name` is a bucket of the answer, fires when
CloudTrail cannot deliver to it:

- the bucket has no bucket policy;
- no statement lets `cloudtrail.amazonaws.com` (or anyone) `s3:GetBucketAcl` on the bucket,
  or `s3:PutObject` on the trail's objects (`<s3_key_prefix>/AWSLogs/<account>/...`);
- the policy is right but the trail does not depend on it (neither a reference nor
  `depends_on`), so terraform may create the trail first.

Conditions (`s3:x-amz-acl`, `aws:SourceArn`) are not judged; a principal or resource known
only after apply counts as granting; a policy that cannot be read, or an
`aws_s3_bucket_policy` whose bucket cannot be resolved, is not judged. The finding is on the
bucket policy (on the bucket when it has none).

## Why is this bad?
`CreateTrail` checks the bucket policy: the apply fails with
`InsufficientS3BucketPolicyException: Incorrect S3 bucket policy is detected for bucket`.

Source: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
(the AWSCloudTrailAclCheck and AWSCloudTrailWrite statements) and the example of
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
(`depends_on` the bucket policy).

## Example
```hcl
resource "aws_cloudtrail" "main" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "trail" {
  bucket = "audit-trail-logs"
}
```

## Use instead
```hcl
resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.trail.arn
      },
      {
        Sid       = "AWSCloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      }
    ]
  })
}

resource "aws_cloudtrail" "main" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.trail.id
  depends_on     = [aws_s3_bucket_policy.trail]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.policy.model import Policy
from tfjudge.rules.aws._buckets import (
    EXAMPLE_ACCOUNT,
    bucket_policies,
    covers_bucket,
    covers_object,
)
from tfjudge.rules.aws._common import address, resolved_blocks, resources
from tfjudge.rules.aws._policy import allows_action, service_statements
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

CLOUDTRAIL = ("cloudtrail.amazonaws.com",)


def _missing(policy: Policy, key: str | None) -> list[str]:
    statements = service_statements(policy, CLOUDTRAIL)
    missing: list[str] = []
    if not any(allows_action(s, "s3:GetBucketAcl") and covers_bucket(s) for s in statements):
        missing.append("s3:GetBucketAcl on the bucket")
    if not any(allows_action(s, "s3:PutObject") and covers_object(s, key) for s in statements):
        where = key.partition(EXAMPLE_ACCOUNT)[0] + "*" if key is not None else "its objects"
        missing.append(f"s3:PutObject on {where}")
    return missing


def _key(ctx: RuleContext, trail: Block) -> str | None:
    prefix = ctx.get(Evaluator).attribute(trail, "s3_key_prefix")
    if prefix is None or prefix == "":
        return f"AWSLogs/{EXAMPLE_ACCOUNT}/CloudTrail/eu-west-1/2025/01/01/log.json.gz"
    if not isinstance(prefix, str):
        return None
    return f"{prefix.strip('/')}/AWSLogs/{EXAMPLE_ACCOUNT}/CloudTrail/eu-west-1/log.json.gz"


@rule(
    "aws.cloudtrail-bucket-policy",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "CloudTrail bucket policy lacks CloudTrail's grants",
    impact="CreateTrail fails at apply with InsufficientS3BucketPolicyException.",
    fix="Let cloudtrail.amazonaws.com s3:GetBucketAcl the bucket and s3:PutObject under "
    "AWSLogs/, and make the trail depend on the policy.",
    applies_to=("aws_cloudtrail",),
)
def cloudtrail_bucket_policy(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for trail in resources(ctx, "aws_cloudtrail"):
        for bucket in resolved_blocks(ctx, trail.body.get("s3_bucket_name"), "aws_s3_bucket"):
            policies = bucket_policies(ctx, bucket)
            if policies is None:
                continue
            if not policies:
                yield ctx.finding(
                    f"{address(trail)} delivers to {address(bucket)}, which has no bucket policy "
                    "letting cloudtrail.amazonaws.com check its ACL and write logs: CreateTrail "
                    "fails with InsufficientS3BucketPolicyException",
                    bucket,
                    block=bucket,
                )
                continue
            missing = [_missing(p, _key(ctx, trail)) for p in policies]
            if all(missing):
                yield ctx.finding(
                    f"{address(trail)} delivers to {address(bucket)}, but its policy does not "
                    f"let cloudtrail.amazonaws.com {' or '.join(missing[0])}: CreateTrail fails "
                    "with InsufficientS3BucketPolicyException",
                    policies[0].expr,
                    block=policies[0].block,
                )
                continue
            holders = [p.block for p in policies]
            if not any(references.depends_on(trail, holder) for holder in holders):
                yield ctx.finding(
                    f"{address(trail)} does not depend on {address(holders[0])}: terraform may "
                    "create the trail before the policy exists, and CreateTrail fails with "
                    "InsufficientS3BucketPolicyException",
                    holders[0],
                    block=holders[0],
                )
