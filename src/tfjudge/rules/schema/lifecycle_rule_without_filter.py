"""## What it does
Fires on a `rule` of an `aws_s3_bucket_lifecycle_configuration` (written out, or the
`content` of a `dynamic "rule"` block) that has neither a `filter` block nor a `prefix`
argument. An empty `filter {}` (the rule applies to every object) is fine, and so is a
(deprecated) `prefix`. One finding per rule block. Only resources of hashicorp/aws are
judged, and a resource that holds a syntax error is left to `syntax.hcl-error`.

## Why is this bad?
The AWS provider 5.x requires one of the two: `terraform validate` and `plan` warn
"Invalid Attribute Combination: No attribute specified when one (and only one) of
[rule[0].filter,rule[0].prefix] is required. This will be an error in a future version of
the provider". Today it is a warning; after the next major provider upgrade the
configuration no longer validates. Low severity. See
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_lifecycle_configuration
("Specifying a filter" and the `rule` arguments).

## Example
```hcl
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire-old-logs"
    status = "Enabled"

    expiration {
      days = 90
    }
  }
}
```

## Use instead
```hcl
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire-old-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = 90
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Literal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import broken_lines, in_broken_block
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema

_TYPE = "aws_s3_bucket_lifecycle_configuration"


@rule(
    "schema.lifecycle-rule-without-filter",
    Severity.LOW,
    Category.MAINTAINABILITY,
    "S3 lifecycle rule without filter or prefix",
    impact="terraform warns today; the next major AWS provider makes it a validation error.",
    fix="Add `filter {}` (every object) or a filter with the prefix or tags the rule is for.",
    applies_to=("aws_s3_bucket_lifecycle_configuration",),
)
def lifecycle_rule_without_filter(ctx: RuleContext) -> Iterator[Finding]:
    schema = ctx.get(ProviderSchema)
    references = ctx.get(References)
    broken = broken_lines(ctx.documents)
    for module in ctx.configuration.modules.values():
        for block in module.resources_of_type(_TYPE):
            if references.is_superseded(block) or not schema.judges(block):
                continue
            if in_broken_block(block, broken):
                continue  # terraform stops at the syntax error
            for index, (rule_block, body) in enumerate(_rules(block)):
                if _has_filter_or_prefix(body):
                    continue
                yield _finding(ctx, block, rule_block, body, index)


def _rules(block: Block) -> Iterator[tuple[Block, Block]]:
    """(the block to point at, the body holding the rule's arguments) of every rule."""
    for nested in block.body.blocks:
        if nested.type == "rule":
            yield nested, nested
        elif nested.type == "dynamic" and nested.labels[:1] == ("rule",):
            content = nested.body.first_block("content")
            if content is not None:
                yield nested, content


def _has_filter_or_prefix(body: Block) -> bool:
    if "prefix" in body.body.attributes:
        return True
    return any(
        nested.type == "filter" or (nested.type == "dynamic" and nested.labels[:1] == ("filter",))
        for nested in body.body.blocks
    )


def _finding(ctx: RuleContext, block: Block, at: Block, body: Block, index: int) -> Finding:
    rule_id = body.body.get("id")
    named = (
        f'rule "{rule_id.value}"'
        if isinstance(rule_id, Literal) and isinstance(rule_id.value, str)
        else f"rule[{index}]"
    )
    generated = " (every rule this dynamic block generates)" if at is not body else ""
    return ctx.finding(
        f"{named} of {block.labels[0]}.{block.labels[1]}{generated} has neither a filter nor "
        'a prefix: the AWS provider warns "No attribute specified when one (and only one) '
        f'of [rule[{index}].filter,rule[{index}].prefix] is required" and will make it an '
        "error in a future version. Add `filter {}` to apply the rule to every object.",
        at.type_range,
        block=block,
        attribute="rule",
    )
