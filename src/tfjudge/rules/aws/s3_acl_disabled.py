"""## What it does
Fires on an `aws_s3_bucket_acl` (one finding per block, at its first instance that fails)
whose bucket, an `aws_s3_bucket` of the answer, rejects it:

- **ACLs disabled:** no `aws_s3_bucket_ownership_controls` of the bucket sets
  `object_ownership` to `BucketOwnerPreferred` or `ObjectWriter` (none at all, or
  `BucketOwnerEnforced`). Any ACL is refused, `private` included.
- **Public ACL blocked:** the ACL grants everyone or every AWS account (`public-read`,
  `public-read-write`, `authenticated-read`, or a grant to the `AllUsers` or
  `AuthenticatedUsers` group) while Block Public Access refuses public ACLs: the bucket has
  no `aws_s3_bucket_public_access_block`, or one (or the account's
  `aws_s3_account_public_access_block`) sets `block_public_acls = true`.

Not judged: an ACL whose value is unknown, a bucket whose ownership controls or public
access block may be configured by a block whose `bucket` cannot be resolved, and buckets
the answer does not create.

## Why is this bad?
Since April 2023 S3 creates every bucket with Object Ownership `BucketOwnerEnforced`
(ACLs disabled) and Block Public Access on. `PutBucketAcl` on such a bucket fails with
`AccessControlListNotSupported: The bucket does not allow ACLs`, and a public ACL on a
bucket that blocks public ACLs fails with `AccessDenied`: `terraform apply` stops at the
ACL every time. The provider's own examples create the ownership controls first and make
the ACL depend on them.

Sources: Amazon S3 User Guide, "Controlling ownership of objects and disabling ACLs for
your bucket" and "Troubleshooting" (AccessControlListNotSupported: "Requests to set ACLs
or update ACLs fail"), https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html;
"Blocking public access to your Amazon S3 storage" (`BlockPublicAcls`: "PUT Bucket acl and
PUT Object acl calls fail if the specified ACL is public").

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "app-logs-"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "log-delivery-write"
}
```

## Use instead
```hcl
resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "logs" {
  bucket     = aws_s3_bucket.logs.id
  acl        = "log-delivery-write"
  depends_on = [aws_s3_bucket_ownership_controls.logs]
}
```
or drop the ACL and grant access with a bucket policy (S3 server access logs: the
`logging.s3.amazonaws.com` service principal).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, PartialString, Unknown
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import block_address
from tfjudge.resources.s3 import PUBLIC_CANNED_ACLS, Bucket, Companion, S3Buckets
from tfjudge.rules.aws._buckets import public_access_blocked
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

ACLS_ENABLED = {"BucketOwnerPreferred", "ObjectWriter"}
PUBLIC_GROUPS = ("/global/AllUsers", "/global/AuthenticatedUsers")


@rule(
    "aws.s3-acl-disabled",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Bucket ACL on a bucket that refuses ACLs",
    impact="apply fails at the ACL: AccessControlListNotSupported (ACLs disabled) or "
    "AccessDenied (a public ACL under Block Public Access).",
    fix="Create aws_s3_bucket_ownership_controls with BucketOwnerPreferred and make the ACL "
    "depend on it, or drop the ACL and grant access with a bucket policy.",
    applies_to=("aws_s3_bucket", "aws_s3_bucket_acl"),
)
def s3_acl_disabled(ctx: RuleContext) -> Iterator[Finding]:
    s3 = ctx.get(S3Buckets)
    evaluator = ctx.get(Evaluator)
    reported: set[int] = set()
    for bucket in s3.buckets:
        for acl in bucket.of("acl"):
            if acl.inline or id(acl.block) in reported:
                continue
            reason = _refusal(ctx, evaluator, s3, bucket, acl)
            if reason is not None:
                reported.add(id(acl.block))
                yield ctx.finding(
                    f"{_describe(evaluator, acl)} on {bucket.address}, {reason}",
                    acl.block.body.attributes.get("acl") or acl.block,
                    block=acl.block,
                    attribute="acl",
                )


def _refusal(
    ctx: RuleContext, evaluator: Evaluator, s3: S3Buckets, bucket: Bucket, acl: Companion
) -> str | None:
    canned = evaluator.attribute(acl.block, "acl", acl.instance)
    policies = list(acl.block.body.blocks_of("access_control_policy"))
    if not isinstance(canned, str) and not policies:
        return None
    enabled = _acls_enabled(evaluator, s3, bucket)
    if enabled is None:
        return None
    if not enabled:
        return _disabled_reason(evaluator, bucket)
    if canned in PUBLIC_CANNED_ACLS or _grants_public(evaluator, acl):
        return _blocked_reason(ctx, bucket)
    return None


def _acls_enabled(evaluator: Evaluator, s3: S3Buckets, bucket: Bucket) -> bool | None:
    """Whether the bucket's ownership controls enable ACLs; None when that is unknown."""
    owners = bucket.of("ownership")
    if not owners and s3.may_be_configured_elsewhere("ownership", bucket.block):
        return None
    for owner in owners:
        value = _object_ownership(evaluator, owner)
        if value is None:
            return None
        if value in ACLS_ENABLED:
            return True
    return False


def _object_ownership(evaluator: Evaluator, owner: Companion) -> str | None:
    for rule_block in owner.block.body.blocks_of("rule"):
        value = evaluator.attribute(rule_block, "object_ownership", owner.instance)
        return value if isinstance(value, str) else None
    return None


def _disabled_reason(evaluator: Evaluator, bucket: Bucket) -> str:
    for owner in bucket.of("ownership"):
        if _object_ownership(evaluator, owner) == "BucketOwnerEnforced":
            return (
                f"whose {block_address(owner.block)} sets object_ownership "
                '"BucketOwnerEnforced": ACLs are disabled, so PutBucketAcl fails with '
                'AccessControlListNotSupported ("The bucket does not allow ACLs").'
            )
    return (
        "which has no aws_s3_bucket_ownership_controls enabling ACLs: S3 creates buckets "
        'with Object Ownership "BucketOwnerEnforced" (ACLs disabled), so PutBucketAcl fails '
        'with AccessControlListNotSupported ("The bucket does not allow ACLs").'
    )


def _grants_public(evaluator: Evaluator, acl: Companion) -> bool:
    for policy in acl.block.body.blocks_of("access_control_policy"):
        for grant in policy.body.blocks_of("grant"):
            for grantee in grant.body.blocks_of("grantee"):
                uri = evaluator.attribute(grantee, "uri", acl.instance)
                if isinstance(uri, str) and uri.endswith(PUBLIC_GROUPS):
                    return True
    return False


def _blocked_reason(ctx: RuleContext, bucket: Bucket) -> str | None:
    why = public_access_blocked(ctx, bucket, "block_public_acls")
    if why is None:
        return None
    return f"a public ACL, but {why}: PutBucketAcl fails with AccessDenied."


def _describe(evaluator: Evaluator, acl: Companion) -> str:
    canned: Any = evaluator.attribute(acl.block, "acl", acl.instance)
    what = f'acl "{canned}"' if isinstance(canned, str) else "an access_control_policy"
    if isinstance(canned, (Unknown, PartialString)):
        what = "an ACL"
    return f"{block_address(acl.block)} sets {what}"
