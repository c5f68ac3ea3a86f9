"""## What it does
Fires once per `aws_s3_bucket` block whose bucket has no `aws_s3_bucket_public_access_block`
(matched by the evaluated `bucket` reference, per instance of a counted or `for_each`
bucket), and once per public access block that leaves one of its four settings
(`block_public_acls`, `block_public_policy`, `ignore_public_acls`,
`restrict_public_buckets`) false or unset (each defaults to false).

Severity follows the exposure. Critical when the bucket can actually be public: a public
access block that turns off both settings of a pair (`block_public_policy` and
`restrict_public_buckets` for policies, `block_public_acls` and `ignore_public_acls` for
ACLs; medium when every such setting is written `false` on a bucket that hosts a website:
public on purpose, and medium when the other setting of each pair stays on, which keeps
the bucket private), or no block while the bucket has a public ACL (`public-read`,
`public-read-write`) or a bucket policy that allows `Principal = "*"` with no condition.
Medium when nothing opens it (website hosting alone does not: S3 answers 403 for objects
no ACL or policy makes public): since April 2023 S3
turns Block Public Access on for every new bucket, so the explicit block is the declared,
drift-proof guarantee rather than the only barrier.

## Why is this bad?
Without the block, one public ACL or one `Principal = "*"` statement (a later change, a
console click, another stack) exposes every object to the internet, and nothing in the
configuration says it must not. A block with a setting off is worse: it overrides the
account default and lets exactly that through. See "Blocking public access to your Amazon
S3 storage" in the S3 User Guide.

## Example
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "app-data-${var.environment_suffix}"
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "app-data-${var.environment_suffix}"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.model import PolicyModel
from tfjudge.resources.s3 import Bucket, S3Buckets, describe
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SETTINGS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)
PUBLIC_ACLS = {"public-read", "public-read-write"}
FIX_CODE = """resource "aws_s3_bucket_public_access_block" "{name}" {{
  bucket                  = aws_s3_bucket.{name}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
"""


@rule(
    "security.s3-public-access-block-missing",
    Severity.CRITICAL,
    Category.SECURITY,
    "S3 bucket without a public access block blocking all four settings",
    impact="One public ACL or bucket-policy statement exposes the bucket's objects to anyone.",
    fix="Add an aws_s3_bucket_public_access_block with all four settings true.",
    applies_to=("aws_s3_bucket", "aws_s3_bucket_public_access_block"),
)
def s3_public_access_block_missing(ctx: RuleContext) -> Iterator[Finding]:
    s3 = ctx.get(S3Buckets)
    evaluator = ctx.get(Evaluator)
    for block, missing in s3.lacking("public_access_block"):
        openings = sorted({reason for bucket in missing for reason in _openings(ctx, bucket)})
        if openings:
            severity = Severity.CRITICAL
            why = f"and {', '.join(openings)}, so it can be made public"
        else:
            severity = Severity.MEDIUM
            why = (
                "so nothing in the configuration keeps it private: it relies on the "
                "default Block Public Access that S3 applies to new buckets"
            )
        yield ctx.finding(
            f"{describe(missing)} has no aws_s3_bucket_public_access_block, {why}.",
            block,
            severity=severity,
            fix_code=FIX_CODE.format(name=block.labels[1] if len(block.labels) > 1 else "this"),
        )
    seen: set[int] = set()
    for bucket in s3.buckets:
        for companion in bucket.of("public_access_block"):
            if id(companion.block) in seen:
                continue
            off = [
                name
                for name in SETTINGS
                if evaluator.attribute(companion.block, name, companion.instance) in (False, None)
            ]
            if off:
                seen.add(id(companion.block))
                deliberate = bucket.has("website") and all(
                    name in companion.block.body.attributes for name in off
                )
                attribute = companion.block.body.attributes.get(off[0])
                listed = ", ".join(
                    f"{name} = false"
                    if name in companion.block.body.attributes
                    else f"{name} unset"
                    for name in off
                )
                exposed = _exposed(set(off))
                if deliberate:
                    message = (
                        f"The public access block of {bucket.address} sets {listed} to make "
                        "the website bucket public: serve it through CloudFront with origin "
                        "access control and keep the block on."
                    )
                elif exposed:
                    message = (
                        f"The public access block of {bucket.address} leaves {listed} (each "
                        "defaults to false), overriding S3's default block for what it lets "
                        "through."
                    )
                else:
                    message = (
                        f"The public access block of {bucket.address} leaves {listed} (each "
                        "defaults to false); its other settings still keep the bucket private "
                        "(restrict_public_buckets limits a public policy to the account, "
                        "ignore_public_acls voids public ACLs), but not all four are on."
                    )
                yield ctx.finding(
                    message,
                    attribute or companion.block,
                    block=companion.block,
                    attribute=off[0],
                    severity=Severity.CRITICAL if exposed and not deliberate else Severity.MEDIUM,
                )


# a public grant takes effect only when both settings of its pair are off: the first lets
# it be written, the second lets it be honoured
EXPOSING_PAIRS = (
    ("block_public_policy", "restrict_public_buckets"),
    ("block_public_acls", "ignore_public_acls"),
)


def _exposed(off: set[str]) -> bool:
    """Whether the settings left off let a public policy or a public ACL through."""
    return any(written in off and honoured in off for written, honoured in EXPOSING_PAIRS)


def _openings(ctx: RuleContext, bucket: Bucket) -> list[str]:
    """What makes a bucket without a public access block publicly reachable."""
    evaluator = ctx.get(Evaluator)
    reasons: list[str] = []
    for companion in bucket.of("acl"):
        acl = evaluator.attribute(companion.block, "acl", companion.instance)
        if acl in PUBLIC_ACLS:
            reasons.append(f'its ACL is "{acl}"')
    for policy in ctx.get(PolicyModel).governing(bucket.block, "bucket", bucket.instance):
        for statement in policy.allows():
            if statement.allows_anyone:
                reasons.append('its bucket policy allows Principal "*" with no condition')
    return reasons
