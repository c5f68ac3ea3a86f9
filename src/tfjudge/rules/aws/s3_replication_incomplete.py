"""## What it does
Checks every rule of each `aws_s3_bucket_replication_configuration` and fires when S3
would reject or half-apply it:

- the rule has no `filter` but uses what only the V2 schema (the one with `Filter`)
  accepts: `delete_marker_replication`, `priority`, `existing_object_replication`,
  `source_selection_criteria.replica_modifications`, or the destination's
  `replication_time` / `metrics` (S3 Replication Time Control);
- the rule has a `filter` but no `delete_marker_replication` (V2 requires the element);
- the source bucket or a destination bucket of the answer has no versioning enabled
  (`aws_s3_bucket_versioning` with status `Enabled`, or the legacy `versioning` block);
- the source bucket encrypts with SSE-KMS by default but the rule has no
  `source_selection_criteria.sse_kms_encrypted_objects` with status `Enabled` or its
  destination no `encryption_configuration.replica_kms_key_id` (medium: the configuration
  applies, but those objects are never replicated).

Buckets that are not resources of the answer and values known only after apply are not
judged.

## Why is this bad?
`PutBucketReplication` fails at apply with `MalformedXML` / `InvalidRequest` (the rule
mixes the V1 and V2 schemas, or `DeleteMarkerReplication must be specified`), or with
`InvalidRequest: Versioning must be 'Enabled' on the bucket`; with SSE-KMS objects the
configuration applies but KMS-encrypted objects are silently never replicated, so the
disaster-recovery copy is missing the data.

Sources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html
(backward compatibility: Filter, DeleteMarkerReplication and Priority belong to V2; RTC
needs V2), https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html
(versioning on both buckets),
https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
(SseKmsEncryptedObjects and ReplicaKmsKeyID).

## Example
```hcl
resource "aws_s3_bucket_replication_configuration" "dr" {
  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.primary.id
  rule {
    id     = "all"
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.replica.arn
      replication_time {
        status = "Enabled"
        time { minutes = 15 }
      }
      metrics {
        status = "Enabled"
        event_threshold { minutes = 15 }
      }
    }
  }
}
```

## Use instead
```hcl
resource "aws_s3_bucket_replication_configuration" "dr" {
  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.primary.id
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication { status = "Enabled" }
    destination {
      bucket = aws_s3_bucket.replica.arn
      replication_time {
        status = "Enabled"
        time { minutes = 15 }
      }
      metrics {
        status = "Enabled"
        event_threshold { minutes = 15 }
      }
    }
  }
  depends_on = [aws_s3_bucket_versioning.primary]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.aws._common import address, resolved_blocks, resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

UNKNOWN_STATUS = object()


def _v2_features(rule_block: Block) -> list[str]:
    """What in a replication rule only the V2 schema accepts."""
    found: list[str] = []
    for name in ("delete_marker_replication", "existing_object_replication"):
        if rule_block.body.first_block(name) is not None:
            found.append(name)
    if "priority" in rule_block.body.attributes:
        found.append("priority")
    for criteria in rule_block.body.blocks_of("source_selection_criteria"):
        if criteria.body.first_block("replica_modifications") is not None:
            found.append("source_selection_criteria.replica_modifications")
    for destination in rule_block.body.blocks_of("destination"):
        for name in ("replication_time", "metrics"):
            if destination.body.first_block(name) is not None:
                found.append(f"destination.{name}")
    return found


def _versioning(ctx: RuleContext, bucket: Block) -> object:
    """The bucket's versioning status: a string, None when not configured, or unknown."""
    evaluator = ctx.get(Evaluator)
    for legacy in bucket.body.blocks_of("versioning"):
        enabled = evaluator.attribute(legacy, "enabled")
        if enabled is True:
            return "Enabled"
        if enabled is not False:
            return UNKNOWN_STATUS
    found: object = None
    for config in resources(ctx, "aws_s3_bucket_versioning"):
        if not any(b is bucket for b in resolved_blocks(ctx, config.body.get("bucket"))):
            continue
        status = evaluator.attribute(config, "versioning_configuration.status")
        if status == "Enabled" or not isinstance(status, str):
            return UNKNOWN_STATUS if status != "Enabled" else "Enabled"
        found = status
    return found


def _sse_kms(ctx: RuleContext, bucket: Block) -> bool:
    """Whether the bucket's default encryption is SSE-KMS."""
    evaluator = ctx.get(Evaluator)
    configs = list(bucket.body.blocks_of("server_side_encryption_configuration"))
    for config in resources(ctx, "aws_s3_bucket_server_side_encryption_configuration"):
        if any(b is bucket for b in resolved_blocks(ctx, config.body.get("bucket"))):
            configs.append(config)
    for config in configs:
        for rule_block in config.body.blocks_of("rule"):
            for default in rule_block.body.blocks_of("apply_server_side_encryption_by_default"):
                algorithm = evaluator.attribute(default, "sse_algorithm")
                if isinstance(algorithm, str) and algorithm.startswith("aws:kms"):
                    return True
    return False


@rule(
    "aws.s3-replication-incomplete",
    Severity.HIGH,
    Category.RELIABILITY,
    "S3 replication configuration S3 rejects or only partly applies",
    impact="PutBucketReplication fails at apply, or encrypted objects are never replicated.",
    fix="Add filter {} and delete_marker_replication, versioning on both buckets, and the "
    "SSE-KMS settings.",
    applies_to=("aws_s3_bucket_replication_configuration",),
)
def s3_replication_incomplete(ctx: RuleContext) -> Iterator[Finding]:
    for config in resources(ctx, "aws_s3_bucket_replication_configuration"):
        sources = resolved_blocks(ctx, config.body.get("bucket"), "aws_s3_bucket")
        yield from _schema(ctx, config)
        destinations: list[Block] = []
        for rule_block in config.body.blocks_of("rule"):
            for destination in rule_block.body.blocks_of("destination"):
                for bucket in resolved_blocks(ctx, destination.body.get("bucket"), "aws_s3_bucket"):
                    if not any(b is bucket for b in destinations):
                        destinations.append(bucket)
        yield from _unversioned(ctx, config, sources, destinations)
        if any(_sse_kms(ctx, source) for source in sources):
            yield from _kms(ctx, config, sources[0])


def _schema(ctx: RuleContext, config: Block) -> Iterator[Finding]:
    for rule_block in config.body.blocks_of("rule"):
        features = _v2_features(rule_block)
        has_filter = rule_block.body.first_block("filter") is not None
        if not has_filter and features:
            yield ctx.finding(
                f"the rule has no filter, so S3 reads it with the V1 schema, which does not "
                f"accept {', '.join(features)}: PutBucketReplication fails with MalformedXML",
                rule_block,
                block=config,
            )
        elif has_filter and "delete_marker_replication" not in features:
            yield ctx.finding(
                "the rule has a filter (the V2 schema) but no delete_marker_replication, which "
                "V2 requires: PutBucketReplication fails with InvalidRequest",
                rule_block.body.first_block("filter") or rule_block,
                block=config,
            )


def _unversioned(
    ctx: RuleContext, config: Block, sources: list[Block], destinations: list[Block]
) -> Iterator[Finding]:
    for role, buckets in (("source", sources), ("destination", destinations)):
        for bucket in buckets:
            status = _versioning(ctx, bucket)
            if status is UNKNOWN_STATUS or status == "Enabled":
                continue
            state = f'versioning "{status}"' if isinstance(status, str) else "no versioning"
            yield ctx.finding(
                f"the {role} bucket {address(bucket)} has {state}; replication requires "
                "versioning enabled on both buckets, so PutBucketReplication fails",
                config.body.attributes.get("bucket") if role == "source" else config,
                block=config,
            )


def _kms(ctx: RuleContext, config: Block, source: Block) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for rule_block in config.body.blocks_of("rule"):
        missing: list[str] = []
        status = None
        criteria = rule_block.body.first_block("source_selection_criteria")
        objects = criteria.body.first_block("sse_kms_encrypted_objects") if criteria else None
        if objects is not None:
            status = evaluator.attribute(objects, "status")
        if objects is None or status == "Disabled":
            missing.append("source_selection_criteria.sse_kms_encrypted_objects (Enabled)")
        replica_key = any(
            encryption.body.get("replica_kms_key_id") is not None
            for destination in rule_block.body.blocks_of("destination")
            for encryption in destination.body.blocks_of("encryption_configuration")
        )
        if not replica_key:
            missing.append("destination.encryption_configuration.replica_kms_key_id")
        if missing:
            yield ctx.finding(
                f"the source bucket {address(source)} encrypts with SSE-KMS, but the rule has "
                f"no {' and no '.join(missing)}: KMS-encrypted objects are not replicated",
                criteria or rule_block,
                block=config,
                severity=Severity.MEDIUM,  # applies, but the replica silently lacks them
            )
