"""## What it does
Fires on a resource of which an AWS account holds only one (per Region, or in all), created
unconditionally: no `count` or `for_each` that lets a deployment skip it. The reviewed
list, with the AWS documentation behind each entry:

- `aws_config_configuration_recorder`: one customer managed recorder per account per
  Region (Config API, PutConfigurationRecorder);
- `aws_config_delivery_channel`: one delivery channel per account per Region (Config API,
  PutDeliveryChannel);
- `aws_guardduty_detector`: one detector per account per Region (GuardDuty API,
  CreateDetector);
- `aws_securityhub_account`: Security Hub is enabled once per account per Region (Security
  Hub API, EnableSecurityHub);
- `aws_macie2_account`: one Macie session per account per Region (Macie API, Account
  Administration);
- `aws_organizations_organization`: an account belongs to one organization
  (Organizations API, CreateOrganization);
- `aws_iam_account_password_policy`: one password policy per account (IAM API,
  UpdateAccountPasswordPolicy);
- `aws_ebs_encryption_by_default`: one setting per account per Region (EC2 API,
  EnableEbsEncryptionByDefault);
- `aws_ebs_default_kms_key`: one default EBS key per account per Region (EC2 API,
  ModifyEbsDefaultKmsKeyId);
- `aws_s3_account_public_access_block`: one account-level block per account (S3 Control
  API, PutPublicAccessBlock).

The config recorder and delivery channel of one module are one service: one finding.
For the first six, creation fails where one exists: medium severity, high when the prompt
warns that the service may already exist in the account. The last four are account-wide
settings that the apply silently takes over and the destroy removes for the whole
account: low severity. `aws_api_gateway_account` is not listed: setting the Region's
CloudWatch role is its documented purpose.

## Why is this bad?
The stack deploys only into an account where nobody enabled the service before: in an
organisation that enables GuardDuty, Config or Security Hub centrally (most do), `apply`
stops with "a detector already exists for the current account",
MaxNumberOfConfigurationRecordersExceededException, ResourceConflictException or
AlreadyInOrganizationException. A second copy of the stack in the same account fails the
same way, and destroying the stack switches the service off for everyone. Sources:
https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html,
https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html,
https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html,
https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html,
https://docs.aws.amazon.com/macie/latest/APIReference/macie.html,
https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganization.html,
https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyEbsDefaultKmsKeyId.html,
https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html.

## Example
```hcl
resource "aws_guardduty_detector" "main" {
  enable = true
}
```

## Use instead
```hcl
variable "create_guardduty_detector" {
  description = "Create the detector; false where GuardDuty is already enabled."
  type        = bool
  default     = false
}

resource "aws_guardduty_detector" "main" {
  count  = var.create_guardduty_detector ? 1 : 0
  enable = true
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema


class Singleton(NamedTuple):
    """A resource an account (or account and Region) holds only one of."""

    what: str  # what the account holds one of
    scope: str  # "per account" or "per account per Region"
    failure: str  # what apply does where one exists ("" for a setting it takes over)
    service: re.Pattern[str]  # how a prompt names the service


_SINGLETONS: dict[str, Singleton] = {
    "aws_config_configuration_recorder": Singleton(
        "configuration recorder",
        "per account per Region",
        "MaxNumberOfConfigurationRecordersExceededException",
        lazy_pattern(r"\b(AWS )?Config\b|configuration recorder", re.IGNORECASE),
    ),
    "aws_config_delivery_channel": Singleton(
        "delivery channel",
        "per account per Region",
        "MaxNumberOfDeliveryChannelsExceededException",
        lazy_pattern(r"\b(AWS )?Config\b|delivery channel", re.IGNORECASE),
    ),
    "aws_guardduty_detector": Singleton(
        "GuardDuty detector",
        "per account per Region",
        '"The request is rejected because a detector already exists for the current account"',
        lazy_pattern(r"GuardDuty", re.IGNORECASE),
    ),
    "aws_securityhub_account": Singleton(
        "Security Hub subscription",
        "per account per Region",
        'ResourceConflictException ("Account is already subscribed to Security Hub")',
        lazy_pattern(r"Security ?Hub", re.IGNORECASE),
    ),
    "aws_macie2_account": Singleton(
        "Macie session",
        "per account per Region",
        "ConflictException (Macie is already enabled)",
        lazy_pattern(r"Macie", re.IGNORECASE),
    ),
    "aws_organizations_organization": Singleton(
        "organization membership",
        "per account",
        "AlreadyInOrganizationException",
        lazy_pattern(r"Organi[sz]ations?\b", re.IGNORECASE),
    ),
    "aws_iam_account_password_policy": Singleton(
        "IAM password policy", "per account", "", lazy_pattern(r"password policy", re.IGNORECASE)
    ),
    "aws_ebs_encryption_by_default": Singleton(
        "EBS encryption-by-default setting",
        "per account per Region",
        "",
        lazy_pattern(r"EBS (default )?encryption|encryption by default", re.IGNORECASE),
    ),
    "aws_ebs_default_kms_key": Singleton(
        "default EBS KMS key",
        "per account per Region",
        "",
        lazy_pattern(r"default (EBS )?KMS key", re.IGNORECASE),
    ),
    "aws_s3_account_public_access_block": Singleton(
        "account-level S3 public access block",
        "per account",
        "",
        lazy_pattern(r"account[- ]level (S3 )?(block )?public access", re.IGNORECASE),
    ),
}
_ALREADY = lazy_pattern(
    r"already (exist|enabled|configured|set up|in place)|account[- ]level|one per (account|region)"
    r"|do not create|don't create",
    re.IGNORECASE,
)
_LINE_SPLIT = lazy_pattern(r"(?<=[.!?])\s+|\n")


@rule(
    "ops.account-singleton",
    Severity.MEDIUM,
    Category.RELIABILITY,
    "Account-wide singleton created unconditionally",
    impact="apply fails in any account where the service is already set up.",
    fix="Create it behind a variable (count = var.create_x ? 1 : 0), or read the existing one.",
    applies_to=tuple(_SINGLETONS),
)
def account_singleton(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    schema = ctx.get(ProviderSchema)
    for module in ctx.configuration.modules.values():
        # the recorder and the delivery channel are one service: one finding for both
        services: dict[str, list[Block]] = {}
        for block in module.resources:
            if block.labels[0] not in _SINGLETONS:
                continue
            if references.is_superseded(block) or not schema.judges(block):
                continue
            attributes = block.body.attributes
            if "count" in attributes or "for_each" in attributes:
                continue
            key = _SERVICE.get(block.labels[0], f"{block.labels[0]}.{block.labels[1]}")
            services.setdefault(key, []).append(block)
        for blocks in services.values():
            yield _finding(ctx, blocks, _SINGLETONS[blocks[0].labels[0]])


_SERVICE = {
    "aws_config_configuration_recorder": "config",
    "aws_config_delivery_channel": "config",
}


def _finding(ctx: RuleContext, blocks: list[Block], singleton: Singleton) -> Finding:
    block = blocks[0]
    address = f"{block.labels[0]}.{block.labels[1]}"
    others = [f"{b.labels[0]}.{b.labels[1]}" for b in blocks[1:]]
    related = [f"{b.file.path}:{b.header_line}" for b in blocks[1:] if b.file]
    head = f"{address} is created unconditionally, and an account holds one {singleton.what} "
    head += f"{singleton.scope}"
    if others:
        head += f" (the same goes for {', '.join(others)})"
    if not singleton.failure:
        return ctx.finding(
            f"{head}: apply takes over the account's existing setting (whatever another "
            "team configured) and destroy removes it for the whole account, not just for "
            "this stack.",
            block.type_range,
            block=block,
            severity=Severity.LOW,
            title=f"{address} takes over an account-wide setting",
            related=related,
        )
    warning = _prompt_warning(ctx, singleton)
    message = (
        f"{head}: apply fails with {singleton.failure} in any account where one already "
        "exists (services enabled centrally by an organisation, or a second copy of this "
        "stack), and destroy switches it off for the whole account. Create it behind a "
        "variable or read the existing one with a data source."
    )
    if warning is None:
        return ctx.finding(message, block.type_range, block=block, related=related)
    finding = ctx.finding(
        message + " The prompt warns about this.",
        block.type_range,
        block=block,
        severity=Severity.HIGH,
        related=related,
    )
    finding.prompt_line, finding.prompt_quote = warning
    return finding


def _prompt_warning(ctx: RuleContext, singleton: Singleton) -> tuple[int, str] | None:
    """The prompt line that warns the service may already exist in the account."""
    prompt = ctx.prompt
    if prompt is None:
        return None
    for number, line in enumerate(prompt.lines, start=1):
        for sentence in _LINE_SPLIT.split(line):
            if singleton.service.search(sentence) and _ALREADY.search(sentence):
                return number, line.strip()
    return None
