"""## What it does
Fires for each `aws_kms_key` (and `aws_kms_replica_key`) with no `policy` argument and no
`aws_kms_key_policy` attached to it (matched by the evaluated `key_id` reference).

High when a service that encrypts as its own service principal uses the key (a CloudWatch
Logs group's `kms_key_id`, a trail's `kms_key_id`, a Config delivery channel, and an SNS
topic's or SQS queue's `kms_master_key_id` when an AWS service sends to it: an alarm, a
bucket notification, an event rule, an SNS subscription, a service principal its policy
allows): the default policy does not let that service use it. Medium otherwise: services
acting for an IAM principal (S3, DynamoDB, RDS, Lambda environment encryption, an
application publishing to a topic) work through IAM with the default policy, and what is
lost is a key-side statement of who may decrypt.

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
from tfjudge.model.config import top_level_block
from tfjudge.parse.hcl.ast import Block
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


# a topic or queue encrypts as its service only for messages an AWS service sends it; an
# application's publishes and sends are encrypted under the sender's IAM permissions
MESSAGE_STORES = {"aws_sns_topic": "topic", "aws_sqs_queue": "queue"}
AWS_SENDERS = frozenset(
    {
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_composite_alarm",
        "aws_s3_bucket_notification",
        "aws_cloudwatch_event_target",
        "aws_sns_topic_subscription",  # SNS delivering to an encrypted queue
        "aws_db_event_subscription",
        "aws_autoscaling_notification",
        "aws_autoscaling_group",
        "aws_codestarnotifications_notification_rule",
        "aws_backup_vault_notifications",
        "aws_budgets_budget",
        "aws_ses_identity_notification_topic",
        "aws_config_delivery_channel",
        "aws_elasticache_cluster",
        "aws_elasticache_replication_group",
        "aws_glacier_vault",
        "aws_redshift_event_subscription",
        "aws_dms_event_subscription",
        "aws_pipes_pipe",
        "aws_sfn_state_machine",
        "aws_iot_topic_rule",
    }
)


def _as_a_service(ctx: RuleContext, user: Block) -> bool:
    """Whether the resource using the key encrypts as an AWS service principal: always for
    log groups, trails and Config; for a topic or queue only when an AWS service sends to
    it (an alarm, a bucket notification, an event rule, a service principal its policy
    allows)."""
    kind = MESSAGE_STORES.get(user.labels[0])
    if kind is None:
        return True
    senders = {
        sender.labels[0]
        for reference in ctx.get(References).to(user)
        if (sender := top_level_block(reference.block)).labels
    }
    if senders & AWS_SENDERS:
        return True
    return any(
        statement.principals and statement.principals.get("Service")
        for policy in ctx.get(PolicyModel).governing(user, kind)
        for statement in policy.allows()
    )


@rule(
    "security.kms-key-policy-missing",
    Severity.HIGH,
    Category.SECURITY,
    "KMS key without a key policy",
    impact="The default policy lets no AWS service use the key and leaves access to IAM alone.",
    fix="Write the key policy: an administrator statement and one per service that uses the key.",
    applies_to=("aws_kms_key", "aws_kms_replica_key"),
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
                and _as_a_service(ctx, top_level_block(reference.block))
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
