"""## What it does
Fires on an `aws_ssm_parameter` that sets `key_id` (to anything but null) while its
evaluated `type` is `String` or `StringList` in some instance (one finding per block).
A `type` that is unknown is not judged.

## Why is this bad?
Only a `SecureString` parameter is encrypted with a KMS key. The AWS provider sends
`KeyId` to `PutParameter` only for `SecureString` and ignores it otherwise: the value is
stored as plain text although the configuration reads as if it were encrypted with that
key. Whoever
relied on the key — a key policy limiting who can read it, an audit of KMS use — is
protecting nothing.

Source: AWS Systems Manager API reference, `PutParameter` (`KeyId`: "The Key Management
Service (KMS) ID that you want to use to encrypt a parameter ... Required for parameters
that use the SecureString data type"),
https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html;
the provider's `aws_ssm_parameter` create and update pass `key_id` only when `type` is
`SecureString`.

## Example
```hcl
resource "aws_ssm_parameter" "api_stage" {
  name   = "/app/api/stage"
  type   = "String"
  value  = "prod"
  key_id = aws_kms_key.app.arn
}
```

## Use instead
```hcl
resource "aws_ssm_parameter" "api_stage" {
  name   = "/app/api/stage"
  type   = "SecureString"
  value  = "prod"
  key_id = aws_kms_key.app.arn
}
```
or drop `key_id` when the value needs no encryption.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "aws.ssm-key-id-without-securestring",
    Severity.MEDIUM,
    Category.SECURITY,
    "SSM parameter with a KMS key but not a SecureString",
    impact="The value is stored unencrypted although a key is named, and every plan shows "
    "a change to key_id.",
    fix='Set type = "SecureString", or remove key_id.',
    applies_to=("aws_ssm_parameter",),
)
def ssm_key_id_without_securestring(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for block in resources(ctx, "aws_ssm_parameter"):
        key = block.body.attributes.get("key_id")
        if key is None:
            continue
        for instance, kind in evaluator.attribute_values(block, "type"):
            if kind not in ("String", "StringList"):
                continue
            if evaluator.evaluate(key.expr, instance) is None:
                continue
            yield ctx.finding(
                f'key_id is set but type is "{kind}": only a SecureString is encrypted with '
                "a KMS key, so the provider ignores the key and stores the value as plain text",
                key,
                block=block,
                attribute="key_id",
            )
            break
