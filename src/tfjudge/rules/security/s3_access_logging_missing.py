"""## What it does
Fires once per `aws_s3_bucket` block whose bucket has no server access logging: no
`aws_s3_bucket_logging` naming it (matched by the evaluated `bucket` reference, per
instance) and no deprecated inline `logging` block. Log buckets are left alone, as
logging a log bucket only loops:

- the target of some bucket's access logging (`target_bucket`);
- the destination of a service's logs or output: referenced by an `aws_cloudtrail`, an
  `aws_config_delivery_channel`, an `aws_flow_log`, a load balancer's `access_logs`, a
  CloudFront `logging_config`, a replication rule's `destination`, a canary's
  `artifact_s3_location`, an Athena `output_location`, or any other argument or block
  whose name says `log`, `destination`, `artifact` or `result`;
- a bucket whose policy lets a log-delivery service write (`logging.s3.amazonaws.com`,
  `delivery.logs.amazonaws.com`, `cloudtrail.amazonaws.com`, `config.amazonaws.com`, the
  ELB account) or writes under `AWSLogs/`, or whose ACL is `log-delivery-write`.

Silent when a logging resource names a bucket this rule cannot tie to a block (it may be
any of them). Low by default (checkov's CKV_AWS_18); medium when the prompt asks for
access logs or for logging or auditing of access to the data.

## Why is this bad?
Without server access logs nobody can tell who read, wrote or deleted which object: a
leaked credential or an over-broad policy leaves no trace in the bucket's history
(CloudTrail records object-level calls only when data events are enabled). See "Logging
requests with server access logging" in the Amazon S3 User Guide.

## Example
```hcl
resource "aws_s3_bucket" "documents" {
  bucket = "documents-${var.environment_suffix}"
}
```

## Use instead
```hcl
resource "aws_s3_bucket_logging" "documents" {
  bucket        = aws_s3_bucket.documents.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "documents/"
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, PartialString, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.patterns import lazy_pattern
from tfjudge.policy.model import PolicyModel
from tfjudge.prompt.protection import asks_for_logging
from tfjudge.resources.s3 import BUCKET, S3Buckets, describe
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

# access logs by name, or logging / auditing of access to the data (not "read-only access
# to the buckets" next to "CloudWatch Logs")
_ACCESS = lazy_pattern(
    r"\b(?:server )?access[- ]log(?:s|ging)?\b|\bserver access\b|"
    r"\b(?:log|audit|record|track)(?:s|ged|ed|ging|ing)? (?:of )?(?:all |every )?"
    r"(?:(?:S3|bucket|object|data|document) )?access\b",
    re.IGNORECASE,
)
# resource types whose references to a bucket make it a log destination
_LOG_PRODUCERS = frozenset(
    {
        "aws_cloudtrail",
        "aws_config_delivery_channel",
        "aws_flow_log",
        "aws_wafv2_web_acl_logging_configuration",
        "aws_route53_resolver_query_log_config",
        "aws_networkfirewall_logging_configuration",
        "aws_redshift_logging",
        "aws_guardduty_publishing_destination",
    }
)
_LOG_SERVICES = frozenset(
    {
        "logging.s3.amazonaws.com",
        "delivery.logs.amazonaws.com",
        "cloudtrail.amazonaws.com",
        "config.amazonaws.com",
        "logdelivery.elasticloadbalancing.amazonaws.com",
        "logdelivery.elb.amazonaws.com",
    }
)
# where a service writes its output: logs, replicas, artifacts, query results
_OUTPUT_WORD = lazy_pattern(r"log|destination|artifact|output_location|result", re.IGNORECASE)
_REPLICATION = "aws_s3_bucket_replication_configuration"


@rule(
    "security.s3-access-logging-missing",
    Severity.LOW,
    Category.SECURITY,
    "S3 bucket without server access logging",
    impact="No record of who read, wrote or deleted which object.",
    fix="Add an aws_s3_bucket_logging that sends the bucket's access logs to a log bucket.",
    applies_to=("aws_s3_bucket",),
)
def s3_access_logging_missing(ctx: RuleContext) -> Iterator[Finding]:
    s3 = ctx.get(S3Buckets)
    lacking = list(s3.lacking("logging"))
    if not lacking:
        return
    log_buckets = _log_buckets(ctx, s3)
    if log_buckets is None:
        return
    prompt_text = getattr(ctx.prompt, "text", None)
    ask = asks_for_logging(prompt_text, _ACCESS) if isinstance(prompt_text, str) else None
    reason = f", although the prompt asks for it ({ask.quote})" if ask else ""
    for block, missing in lacking:
        if id(block) in log_buckets:
            continue
        yield ctx.finding(
            f"{describe(missing)} has no server access logging: nothing records who read, "
            f"wrote or deleted its objects{reason}.",
            block.type_range,
            block=block,
            severity=Severity.MEDIUM if ask else Severity.LOW,
        )


def _log_buckets(ctx: RuleContext, s3: S3Buckets) -> set[int] | None:
    """ids of the bucket blocks that receive logs; None when a logging target is unknown."""
    references = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    found: set[int] = set()
    bucket_blocks = [block for block, _ in s3.blocks()]
    for bucket in s3.buckets:
        for companion in bucket.of("logging"):
            expr = evaluator.attribute_expr(companion.block, "target_bucket")
            if expr is None:
                continue
            targets = [b for b in references.target_blocks(expr.expr) if _is_bucket(b)]
            if not targets:
                value = evaluator.evaluate(expr.expr, companion.instance)
                targets = [b.block for b in s3.buckets if _same_name(b.name, value)]
            if not targets:
                return None
            found.update(id(target) for target in targets)
    for block in bucket_blocks:
        if _receives_logs(ctx, block):
            found.add(id(block))
    return found


def _receives_logs(ctx: RuleContext, bucket: Block) -> bool:
    references = ctx.get(References)
    for reference in references.to(bucket):
        source = reference.block
        kind = source.labels[0] if source.labels else ""
        if source is bucket or (kind.startswith("aws_s3_bucket_") and kind != _REPLICATION):
            continue  # a companion configures the bucket; logging targets are read above
        path = f"{reference.attribute or ''} {_nested_path(source, reference)}"
        if kind in _LOG_PRODUCERS or _OUTPUT_WORD.search(path):
            return True
    for policy in ctx.get(PolicyModel).governing(bucket, "bucket"):
        for statement in policy.allows():
            services = {str(s).lower() for s in statement.principal_values("Service")}
            if services & _LOG_SERVICES:
                return True
            if any(
                t.labels[:1] == ("aws_elb_service_account",) for t in statement.targets("Principal")
            ):
                return True
            if any("AWSLogs" in _text(r) for r in statement.resources):
                return True
    evaluator = ctx.get(Evaluator)
    for companion in [bucket, *_acl_companions(ctx, bucket)]:
        if any(v == "log-delivery-write" for _, v in evaluator.attribute_values(companion, "acl")):
            return True
    return False


def _acl_companions(ctx: RuleContext, bucket: Block) -> list[Block]:
    s3 = ctx.get(S3Buckets)
    return [c.block for b in s3.of_block(bucket) for c in b.of("acl") if not c.inline]


def _nested_path(source: Block, reference: object) -> str:
    """Names of the nested blocks of `source` that hold the reference (`access_logs`)."""
    at = getattr(reference, "range", None)
    if at is None:
        return ""
    names = []
    for nested in source.walk_blocks():
        if (
            nested is not source
            and nested.range.start_line <= at.start_line <= nested.range.end_line
        ):
            names.append(nested.type)
    return " ".join(names)


def _is_bucket(block: Block) -> bool:
    return block.type == "resource" and block.labels[:1] == (BUCKET,)


def _same_name(name: object, value: object) -> bool:
    return isinstance(name, str) and isinstance(value, str) and name == value


def _text(value: object) -> str:
    if isinstance(value, PartialString):
        return "".join(p for p in value.parts if isinstance(p, str))
    return value if isinstance(value, str) else ""
