"""## What it does
Fires for each `aws_sns_topic` without `kms_master_key_id` (not set or null, in some
instance) when the prompt asks for encryption of topics or for KMS or customer-managed-key
encryption at rest of all data: high, one finding per topic, when the asking sentence
names SNS or topics ("SNS topics must be encrypted"); medium, one finding per module at its
first such topic with the others listed, when it asks it of all data ("Implement
encryption at rest for all data stores using AWS KMS"). Silent without such a sentence,
and without a prompt. A key known only at apply counts as set.

## Why is this bad?
A topic without `kms_master_key_id` stores its messages unencrypted at rest: SNS encrypts
only with a KMS key (server-side encryption is off by default). Alarm and event messages
often carry account, resource and payload details. See "Encryption at rest" in the Amazon
SNS Developer Guide (a customer-managed key must let the publishing services, such as
`cloudwatch.amazonaws.com`, use it).

## Example
```hcl
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
```

## Use instead
```hcl
resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.sns.arn
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.protection import asks_for_kms
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.security._unkeyed import key_findings, unkeyed

_TOPICS = lazy_pattern(r"\bSNS\b|\btopics?\b", re.IGNORECASE)


@rule(
    "security.sns-encryption-missing",
    Severity.MEDIUM,
    Category.SECURITY,
    "SNS topic without encryption although the prompt asks for it",
    impact="Messages are stored unencrypted at rest, against the prompt's requirement.",
    fix="Set kms_master_key_id (a customer-managed key, or alias/aws/sns).",
    requires=("prompt",),
    applies_to=("aws_sns_topic",),
)
def sns_encryption_missing(ctx: RuleContext) -> Iterator[Finding]:
    prompt_text = getattr(ctx.prompt, "text", None)
    ask = (
        asks_for_kms(prompt_text, _TOPICS, kms_implied=True)
        if isinstance(prompt_text, str)
        else None
    )
    if ask is None:
        return
    yield from key_findings(
        ctx,
        ask,
        unkeyed(ctx, "aws_sns_topic", "kms_master_key_id"),
        "kms_master_key_id",
        lambda names: (
            f"{names} {'have' if ',' in names or ' more' in names else 'has'} no "
            "kms_master_key_id: the messages are stored unencrypted at rest, although the prompt "
            "asks for encryption"
        ),
    )
