"""## What it does
Fires on a bucket policy (an `aws_s3_bucket_policy`, or the `policy` of the
`aws_s3_bucket` itself; one finding per policy block) with an `Allow` statement whose
`Principal` is `"*"` (or `{ AWS = "*" }`) and that has no `Condition`, when Block Public
Access refuses public policies on its bucket: the bucket has no
`aws_s3_bucket_public_access_block`, or its block (or the account's
`aws_s3_account_public_access_block`) sets `block_public_policy = true`.

A statement with a condition is not judged (S3 does not count a policy as public when a
condition pins the source: `aws:SourceArn`, `aws:SourceVpce`, `aws:PrincipalOrgID`, ...).
Neither are buckets whose public access block may be set by a block whose `bucket` cannot
be resolved, nor buckets the answer does not create.

## Why is this bad?
Since April 2023 S3 turns every Block Public Access setting on for new buckets. S3 then
rejects `PutBucketPolicy` for a policy that grants public access: apply fails with
`AccessDenied` ("... because public policies are blocked by the BlockPublicPolicy block
public access setting"). The usual victim is a static website bucket whose policy lets
everyone read its objects.

Source: Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage"
(`BlockPublicPolicy`: "Amazon S3 rejects calls to PUT Bucket policy if the specified bucket
policy allows public access") and "Default settings for new S3 buckets".

## Example
```hcl
resource "aws_s3_bucket" "site" {
  bucket_prefix = "site-"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
    }]
  })
}
```

## Use instead
Serve the bucket through CloudFront with origin access control (a policy whose principal
is `cloudfront.amazonaws.com`, conditioned on the distribution), or, for a deliberately
public bucket, turn the block off first:
```hcl
resource "aws_s3_bucket_public_access_block" "site" {
  bucket              = aws_s3_bucket.site.id
  block_public_policy = false
}

resource "aws_s3_bucket_policy" "site" {
  bucket     = aws_s3_bucket.site.id
  policy     = data.aws_iam_policy_document.public_read.json
  depends_on = [aws_s3_bucket_public_access_block.site]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.model import PolicyModel, policy_holders
from tfjudge.resources.s3 import S3Buckets
from tfjudge.rules.aws._buckets import public_access_blocked
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "aws.s3-public-policy-blocked",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Public bucket policy on a bucket that blocks public policies",
    impact="apply fails at the bucket policy with AccessDenied (BlockPublicPolicy).",
    fix="Serve the objects through CloudFront with origin access control, or set "
    "block_public_policy = false in the bucket's public access block and make the policy "
    "depend on it.",
    applies_to=policy_holders("bucket"),
)
def s3_public_policy_blocked(ctx: RuleContext) -> Iterator[Finding]:
    model = ctx.get(PolicyModel)
    reported: set[int] = set()
    for bucket in ctx.get(S3Buckets).buckets:
        for policy in model.governing(bucket.block, "bucket", bucket.instance):
            if id(policy.block) in reported:
                continue
            statement = next((s for s in policy.statements if s.allows_anyone), None)
            if statement is None:
                continue
            why = public_access_blocked(ctx, bucket, "block_public_policy")
            if why is None:
                continue
            reported.add(id(policy.block))
            yield ctx.finding(
                f'The policy of {bucket.address} allows Principal "*" with no condition, but '
                f"{why}: PutBucketPolicy fails with AccessDenied (public policies are blocked "
                "by BlockPublicPolicy).",
                statement.range_of("Principal"),
                block=policy.block,
                attribute=policy.argument,
            )
