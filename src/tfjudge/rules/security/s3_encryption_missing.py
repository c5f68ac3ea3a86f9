"""## What it does
Fires once per `aws_s3_bucket` block whose bucket has no default encryption configuration:
no `aws_s3_bucket_server_side_encryption_configuration` naming it (matched by the
evaluated `bucket` reference, per instance) and no deprecated inline
`server_side_encryption_configuration` block.

Critical (the catalogue's severity) when the prompt asks for encryption: the answer leaves
out what was asked. Otherwise medium: since January 2023 S3 encrypts every new object
with SSE-S3 (AES-256) when a bucket has no configuration, so the data is encrypted, but
under a key nobody in the account controls or audits, with no bucket key, and with
nothing in the configuration saying it must stay so. Low for the bucket a CloudTrail trail
with a `kms_key_id` delivers to: CloudTrail writes its log files SSE-KMS under that key.

## Why is this bad?
Compliance regimes that ask for encryption at rest ask for a customer-managed key whose
use CloudTrail records and whose policy limits who can decrypt; SSE-S3 gives neither, and
a reviewer cannot see the intent. See "Setting default server-side encryption behavior
for Amazon S3 buckets" in the S3 User Guide.

## Example
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "app-data-${var.environment_suffix}"
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

import re
from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Literal
from tfjudge.patterns import lazy_pattern
from tfjudge.resources.s3 import S3Buckets, describe
from tfjudge.rules.aws._common import address, resolved_blocks, resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

FIX_CODE = """resource "aws_s3_bucket_server_side_encryption_configuration" "{name}" {{
  bucket = aws_s3_bucket.{name}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm = "aws:kms"
    }}
    bucket_key_enabled = true
  }}
}}
"""


@rule(
    "security.s3-encryption-missing",
    Severity.CRITICAL,
    Category.SECURITY,
    "S3 bucket without a default encryption configuration",
    impact="Objects get only S3's implicit SSE-S3: no customer-managed key, no key policy, "
    "no audit of key use.",
    fix="Add an aws_s3_bucket_server_side_encryption_configuration (SSE-KMS with a bucket key).",
    applies_to=("aws_s3_bucket",),
)
def s3_encryption_missing(ctx: RuleContext) -> Iterator[Finding]:
    asked = _prompt_asks_for_encryption(ctx)
    encrypting_trails = _trails_encrypting_into(ctx)
    for block, missing in ctx.get(S3Buckets).lacking("encryption"):
        reason = " although the prompt asks for encryption" if asked else ""
        message = (
            f"{describe(missing)} has no server-side encryption configuration{reason}: its "
            "objects get only S3's implicit SSE-S3 default, with no key the account controls."
        )
        severity = Severity.CRITICAL if asked else Severity.MEDIUM
        trail = encrypting_trails.get(id(block))
        if trail is not None:
            severity = Severity.LOW
            message = (
                f"{describe(missing)} has no server-side encryption configuration: the log "
                f"files {address(trail)} delivers are encrypted with its kms_key_id (SSE-KMS), "
                "anything else written there gets only S3's SSE-S3 default."
            )
        yield ctx.finding(
            message,
            block,
            severity=severity,
            fix_code=FIX_CODE.format(name=block.labels[1] if len(block.labels) > 1 else "this"),
        )


def _trails_encrypting_into(ctx: RuleContext) -> dict[int, Block]:
    """Buckets (by id of their block) a CloudTrail trail with a `kms_key_id` delivers to:
    CloudTrail writes each log file SSE-KMS under that key, whatever the bucket's default
    ("Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)")."""
    found: dict[int, Block] = {}
    for trail in resources(ctx, "aws_cloudtrail"):
        key = trail.body.get("kms_key_id")
        if key is None or (isinstance(key, Literal) and key.value is None):
            continue
        for bucket in resolved_blocks(ctx, trail.body.get("s3_bucket_name"), "aws_s3_bucket"):
            found.setdefault(id(bucket), trail)
    return found


_ENCRYPTION = lazy_pattern(r"\bencrypt(?:ed|ion|s)?\b|\bSSE-(?:KMS|S3)\b|\bKMS\b", re.IGNORECASE)
# SSE-S3 is what a bucket without a configuration gets: asking for it is asking for nothing more
_SSE_S3 = lazy_pattern(r"\bSSE-S3\b|\bAES-?256\b|\bS3[- ]managed\b", re.IGNORECASE)
_KMS = lazy_pattern(r"\bKMS\b|\bcustomer[- ]managed\b", re.IGNORECASE)
# a line about volumes only asks nothing of buckets
_VOLUMES = lazy_pattern(r"\bEBS\b|\bvolumes?\b|\bdisks?\b", re.IGNORECASE)
_DATA = lazy_pattern(
    r"\bS3\b|\bbuckets?\b|\bobjects?\b|\bat rest\b|\ball data\b|\beverything\b", re.IGNORECASE
)


def _prompt_asks_for_encryption(ctx: RuleContext) -> bool:
    """Some line of the prompt asks for encryption (of data, buckets, at rest) or KMS, beyond
    what a bucket has without a configuration (SSE-S3) and not only of EBS volumes."""
    if ctx.prompt is None:
        return False
    for line in ctx.prompt.text.splitlines():
        if not _ENCRYPTION.search(line):
            continue
        if _SSE_S3.search(line) and not _KMS.search(line):
            continue
        if _VOLUMES.search(line) and not _DATA.search(line):
            continue
        return True
    return False
