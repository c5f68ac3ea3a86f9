"""## What it does
Evaluates the `data_resource` blocks of every `aws_cloudtrail` event selector and fires
when CloudTrail would reject them: a bare bucket ARN (`aws_s3_bucket.x.arn`, which
lacks the trailing `/` that makes it a prefix), a `values` entry with a wildcard
(`arn:aws:s3:::*/*`, `arn:aws:dynamodb:*:*:table/*`) — CloudTrail takes `arn:aws:s3`
(all buckets), a bucket ARN with a trailing slash and optional prefix, `arn:aws:lambda` /
`arn:aws:dynamodb` (all) or a function or table ARN, never patterns — or a `type` that
basic event selectors do not support (only `AWS::S3::Object`, `AWS::Lambda::Function`
and `AWS::DynamoDB::Table`; other types need advanced event selectors). Unknown values are
not judged.

## Why is this bad?
The trail is created but `PutEventSelectors` fails at `apply` with
`InvalidEventSelectorsException`, so the apply stops and data events are never logged.

Sources: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html
and https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html.

## Example
```hcl
resource "aws_cloudtrail" "main" {
  name           = "org-trail"
  s3_bucket_name = aws_s3_bucket.trail.id
  event_selector {
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::*/*"]
    }
  }
}
```

## Use instead
```hcl
resource "aws_cloudtrail" "main" {
  name           = "org-trail"
  s3_bucket_name = aws_s3_bucket.trail.id
  event_selector {
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, Instance
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block, Traversal, TupleExpr
from tfjudge.rules.aws._common import address, resources, target_blocks
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

BASIC_TYPES = ("AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table")


@rule(
    "aws.cloudtrail-selector-too-broad",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "CloudTrail data resource AWS rejects",
    impact="PutEventSelectors fails at apply; the trail logs no data events.",
    fix='Use "arn:aws:s3" (all buckets) or exact ARNs, and only the three basic types.',
    applies_to=("aws_cloudtrail",),
)
def cloudtrail_selector_too_broad(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for trail in resources(ctx, "aws_cloudtrail"):
        instances: list[Instance | None] = [*evaluator.instances(trail)] or [None]
        instance = instances[0]
        for selector in trail.body.blocks_of("event_selector"):
            for resource in selector.body.blocks_of("data_resource"):
                kind_attr = resource.body.attributes.get("type")
                kind = evaluator.evaluate(kind_attr.expr, instance) if kind_attr else None
                if isinstance(kind, str) and kind not in BASIC_TYPES:
                    yield ctx.finding(
                        f'data_resource type "{kind}" is not one basic event selectors accept '
                        f"({', '.join(BASIC_TYPES)}); it needs an advanced event selector",
                        kind_attr,
                        block=trail,
                        attribute="event_selector.data_resource.type",
                    )
                values_attr = resource.body.attributes.get("values")
                found = evaluator.evaluate(values_attr.expr, instance) if values_attr else None
                if not isinstance(found, list):
                    continue
                if values_attr is not None and isinstance(values_attr.expr, TupleExpr):
                    yield from _bucket_arns_without_slash(ctx, trail, values_attr, kind)
                for entry in found:
                    if isinstance(entry, str) and "*" in entry:
                        yield ctx.finding(
                            f'data_resource value "{entry}" has a wildcard, which CloudTrail '
                            'does not accept; use "arn:aws:s3" for all buckets or exact ARNs',
                            values_attr,
                            block=trail,
                            attribute="event_selector.data_resource.values",
                        )


def _bucket_arns_without_slash(
    ctx: RuleContext, trail: Block, attribute: Attribute, kind: object
) -> Iterator[Finding]:
    if kind not in (None, "AWS::S3::Object"):
        return
    assert isinstance(attribute.expr, TupleExpr)
    for item in attribute.expr.items:
        if not isinstance(item, Traversal) or item.attr_names[-1:] != ["arn"]:
            continue
        for bucket in target_blocks(ctx, item, "aws_s3_bucket"):
            yield ctx.finding(
                f"data_resource value {address(bucket)}.arn is a bucket ARN without the "
                'trailing "/" CloudTrail requires; use "${' + address(bucket) + '.arn}/"',
                item,
                block=trail,
                attribute="event_selector.data_resource.values",
            )
