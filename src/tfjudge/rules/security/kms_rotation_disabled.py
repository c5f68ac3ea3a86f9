"""## What it does
Fires for each symmetric encryption `aws_kms_key` (`key_usage` and the key spec left at
their defaults, or `ENCRYPT_DECRYPT` with `SYMMETRIC_DEFAULT`) whose
`enable_key_rotation` is not `true`. Asymmetric and HMAC keys, which KMS cannot rotate,
and values known only at apply are not judged.

## Why is this bad?
Without automatic rotation the same key material protects every object for the key's
whole life, and compliance frameworks (CIS AWS 3.8, PCI DSS) fail the account. Rotation
is free of downtime: KMS keeps old material for decryption. See "Rotating AWS KMS keys".

## Example
```hcl
resource "aws_kms_key" "data" {
  description = "data"
}
```

## Use instead
```hcl
resource "aws_kms_key" "data" {
  description         = "data"
  enable_key_rotation = true
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "security.kms-rotation-disabled",
    Severity.MEDIUM,
    Category.SECURITY,
    "Symmetric KMS key without automatic rotation",
    impact="The same key material protects the data for the key's whole life.",
    fix="Set enable_key_rotation = true.",
    applies_to=("aws_kms_key",),
)
def kms_rotation_disabled(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    for block in ctx.configuration.all_resources():
        if block.labels[:1] != ("aws_kms_key",) or references.is_superseded(block):
            continue
        instances = evaluator.instances(block)
        if not instances:
            continue
        instance = instances[0]
        usage = evaluator.attribute(block, "key_usage", instance)
        spec = evaluator.attribute(block, "customer_master_key_spec", instance)
        spec = spec if spec is not None else evaluator.attribute(block, "key_spec", instance)
        if usage not in (None, "ENCRYPT_DECRYPT") or spec not in (None, "SYMMETRIC_DEFAULT"):
            continue
        rotation = evaluator.attribute(block, "enable_key_rotation", instance)
        if rotation not in (False, None):
            continue
        attribute = block.body.attributes.get("enable_key_rotation")
        state = "false" if attribute is not None else "not set (it defaults to false)"
        yield ctx.finding(
            f"aws_kms_key.{block.labels[1]} is a symmetric key with enable_key_rotation {state}.",
            attribute or block,
            block=block,
            attribute="enable_key_rotation",
        )
