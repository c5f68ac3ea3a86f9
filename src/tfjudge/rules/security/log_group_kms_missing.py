"""## What it does
Fires for each `aws_cloudwatch_log_group` without `kms_key_id` (not set or null, in some
instance) when the prompt asks for KMS or customer-managed-key encryption at rest: high,
one finding per log group, when the asking sentence names logs ("encrypt CloudWatch log
groups with KMS"); medium, one finding per module at its first such log group with the
others listed, when it asks it of all data ("Implement encryption at rest for all data
stores using AWS KMS"). Silent without such a sentence in the prompt, and without a
prompt: CloudWatch Logs always encrypts log data, so a log group without a key is no
defect unless a customer key was asked for. A key known only at apply counts as set.

## Why is this bad?
Without `kms_key_id` CloudWatch Logs encrypts the group with a key AWS owns: nobody in the
account can restrict, audit or revoke decryption of the logs, which often hold request
payloads and personal data. A requirement for customer-managed keys on all data is not met.
See "Encrypt log data in CloudWatch Logs using AWS Key Management Service" in the
CloudWatch Logs User Guide (the key policy must let `logs.<region>.amazonaws.com` use it).

## Example
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/aws/lambda/app"
  retention_in_days = 30
}
```

## Use instead
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/aws/lambda/app"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs.arn
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

_LOGS = lazy_pattern(
    r"\blog[- ]groups?\b|\bCloudWatch[- ]Logs?\b|\b(?:all|application|lambda|function|"
    r"container|api|service) logs\b|\blog data\b",
    re.IGNORECASE,
)


@rule(
    "security.log-group-kms-missing",
    Severity.MEDIUM,
    Category.SECURITY,
    "Log group without a KMS key although the prompt asks for KMS encryption",
    impact="Logs are encrypted only under an AWS-owned key: no key policy, no audit of "
    "decryption, the requirement unmet.",
    fix="Set kms_key_id to a customer-managed key whose policy allows CloudWatch Logs.",
    requires=("prompt",),
    applies_to=("aws_cloudwatch_log_group",),
)
def log_group_kms_missing(ctx: RuleContext) -> Iterator[Finding]:
    prompt_text = getattr(ctx.prompt, "text", None)
    ask = asks_for_kms(prompt_text, _LOGS) if isinstance(prompt_text, str) else None
    if ask is None:
        return
    yield from key_findings(
        ctx,
        ask,
        unkeyed(ctx, "aws_cloudwatch_log_group", "kms_key_id"),
        "kms_key_id",
        lambda names: (
            f"{names} {'have' if ',' in names or ' more' in names else 'has'} no "
            "kms_key_id: the logs are encrypted only under a key AWS owns, although the prompt "
            "asks for KMS encryption"
        ),
    )
