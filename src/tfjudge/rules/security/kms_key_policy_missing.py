"""## What it does
Fires for each `aws_kms_key` (and `aws_kms_replica_key`) with no `policy` argument and no
`aws_kms_key_policy` attached to it (matched by the evaluated `key_id` reference).

High when a service that encrypts as its own service principal uses the key (a CloudWatch
Logs group's `kms_key_id`, a trail's `kms_key_id`, an SNS topic's or SQS queue's
`kms_master_key_id`, a Config delivery channel): the default policy does not let that
service use it. Medium otherwise: services acting for an IAM principal (S3, DynamoDB, RDS,
Lambda environment encryption) work through IAM with the default policy, and what is lost
is a key-side statement of who may decrypt.

## Why is this bad?
Without a policy AWS attaches the default key policy: the account root may do anything
and IAM policies decide the rest. No service principal (CloudWatch Logs, CloudTrail, SNS,
Auto Scaling's EBS encryption) may use the key, so every service pointed at it fails when
it first encrypts, and who may decrypt is decided far from the key. See "Default key
policy" in the AWS KMS Developer Guide.

## Example
```hcl
resource "aws_kms_key" "logs" {
  description         = "logs"
  enable_key_rotation = true
}
```

## Use instead
```hcl
resource "aws_kms_key" "logs" {
  description         = "logs"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Logs"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
      }
    ]
  })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.model import PolicyModel
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

KEY_TYPES = ("aws_kms_key", "aws_kms_replica_key")
# (resource type, argument): uses where the service itself calls KMS as a service principal
SERVICE_USES = {
    ("aws_cloudwatch_log_group", "kms_key_id"),
    ("aws_cloudtrail", "kms_key_id"),
    ("aws_sns_topic", "kms_master_key_id"),
    ("aws_sqs_queue", "kms_master_key_id"),
    ("aws_config_delivery_channel", "s3_kms_key_arn"),
}


@rule(
    "security.kms-key-policy-missing",
    Severity.HIGH,
    Category.SECURITY,
    "KMS key without a key policy",
    impact="The default policy lets no AWS service use the key and leaves access to IAM alone.",
    fix="Write the key policy: an administrator statement and one per service that uses the key.",
)
def kms_key_policy_missing(ctx: RuleContext) -> Iterator[Finding]:
    model = ctx.get(PolicyModel)
    references = ctx.get(References)
    for block in ctx.configuration.all_resources():
        if block.labels[0] not in KEY_TYPES or references.is_superseded(block):
            continue
        if "policy" in block.body.attributes or model.governing(block, "key"):
            continue
        users = sorted(
            {
                f"{reference.block.labels[0]}.{reference.block.labels[1]}"
                for reference in references.to(block)
                if reference.block.type == "resource"
                and (reference.block.labels[0], reference.attribute) in SERVICE_USES
            }
        )
        if users:
            yield ctx.finding(
                f"{block.labels[0]}.{block.labels[1]} has no key policy and no "
                f"aws_kms_key_policy, yet {', '.join(users)} encrypts with it as an AWS "
                "service, which the default key policy does not allow.",
                block,
            )
        else:
            yield ctx.finding(
                f"{block.labels[0]}.{block.labels[1]} has no key policy and no "
                "aws_kms_key_policy: AWS applies the default policy (the account root and "
                "IAM policies decide who may use it).",
                block,
                severity=Severity.MEDIUM,
            )
