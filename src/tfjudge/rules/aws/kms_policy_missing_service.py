"""## What it does
Finds every AWS service that must call KMS with a customer managed key of the answer, from
the resources that hand it the key, and fires when the key policy does not let that
service's principal perform the actions it needs:

- CloudWatch Logs, for a log group's `kms_key_id` (`logs.<region>.amazonaws.com`:
  `kms:Encrypt`, `kms:Decrypt`, `kms:GenerateDataKey`);
- CloudTrail, for a trail's `kms_key_id` or an SSE-KMS bucket the trail writes to
  (`cloudtrail.amazonaws.com`: `kms:GenerateDataKey`);
- CloudWatch alarms, EventBridge rules and S3 event notifications publishing to an SNS
  topic encrypted with the key (`cloudwatch.amazonaws.com`, `events.amazonaws.com`,
  `s3.amazonaws.com`: `kms:Decrypt`, `kms:GenerateDataKey`), and the same services plus SNS
  subscriptions (`sns.amazonaws.com`) sending to an encrypted SQS queue;
- EC2 Auto Scaling, for the EBS volumes of a launch template an Auto Scaling group launches
  (the service-linked role `AWSServiceRoleForAutoScaling`: `kms:Decrypt`,
  `kms:GenerateDataKey*`, `kms:CreateGrant`; an `aws_kms_grant` to the role also counts);
- VPC Flow Logs delivered to an SSE-KMS bucket (`delivery.logs.amazonaws.com`).

A key without `policy` (and without `aws_kms_key_policy`) gets the default policy, which
lets only the account's IAM principals use it: none of these services. A statement counts
when its principal names the service (unknown parts such as the region match anything), is
`*` or is unknown; conditions are not judged. A policy that cannot be fully read is not
judged. One finding per key and service.

## Why is this bad?
The service is refused by KMS: `CreateLogGroup` / `AssociateKmsKey` fail with
`AccessDeniedException` at apply, `CreateTrail` fails with
`InsufficientEncryptionPolicyException`, Auto Scaling cannot launch instances (they
terminate with `Client.InternalError`), and alarm or event notifications to an encrypted
topic or queue are silently dropped.

Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html,
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services,
https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html,
https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html (the default
key policy); the table with each service's principal and actions is
`data/aws/kms_service_principals.json`.

## Example
```hcl
resource "aws_kms_key" "logs" {
  description = "log encryption"
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/orders"
  kms_key_id = aws_kms_key.logs.arn
}
```

## Use instead
```hcl
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_kms_key" "logs" {
  description = "log encryption"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Account"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.name}.amazonaws.com" }
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
from dataclasses import field

from tfjudge.aws.services import ServiceKeyUse, kms_service_uses
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr, TupleExpr
from tfjudge.policy.model import Policy, PolicyModel, Statement
from tfjudge.records import record
from tfjudge.rules.aws._common import (
    address,
    kms_keys,
    referenced_blocks,
    resolved_blocks,
    resources,
    value,
)
from tfjudge.rules.aws._policy import allows_all, glob, readable, service_statements
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

ALARMS = ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm")
ALARM_ACTIONS = ("alarm_actions", "ok_actions", "insufficient_data_actions")
LAUNCH_TEMPLATE_USERS = ("aws_autoscaling_group", "aws_eks_node_group")


@record(eq=False)
class KeyUse:
    """One service that uses one key, and the resources that make it do so."""

    key: Block
    service: ServiceKeyUse
    users: list[Block] = field(default_factory=list)


class _Uses:
    def __init__(self) -> None:
        self.uses: dict[tuple[int, str], KeyUse] = {}

    def add(self, keys: list[Block], service: str, user: Block) -> None:
        table = kms_service_uses()
        for key in keys:
            use = self.uses.setdefault((id(key), service), KeyUse(key, table[service]))
            if not any(u is user for u in use.users):
                use.users.append(user)


def _blocks_in(ctx: RuleContext, expr: Expr | None) -> list[Block]:
    """Every resource an argument names, through lists, locals and module boundaries."""
    if expr is None:
        return []
    found = list(referenced_blocks(ctx, expr))
    items = expr.items if isinstance(expr, TupleExpr) else (expr,)
    for item in items:
        found.extend(resolved_blocks(ctx, item))
    return found


def _names(ctx: RuleContext, expr: Expr | None, block: Block) -> bool:
    return any(b is block for b in _blocks_in(ctx, expr))


def key_uses(ctx: RuleContext) -> list[KeyUse]:
    uses = _Uses()
    for group in resources(ctx, "aws_cloudwatch_log_group"):
        uses.add(kms_keys(ctx, group.body.get("kms_key_id")), "logs", group)
    trails = resources(ctx, "aws_cloudtrail")
    for trail in trails:
        uses.add(kms_keys(ctx, trail.body.get("kms_key_id")), "cloudtrail", trail)
    _topic_uses(ctx, uses)
    _queue_uses(ctx, uses)
    _launch_template_uses(ctx, uses)
    _bucket_uses(ctx, uses, trails)
    return list(uses.uses.values())


def _topic_uses(ctx: RuleContext, uses: _Uses) -> None:
    alarms = resources(ctx, *ALARMS)
    targets = resources(ctx, "aws_cloudwatch_event_target")
    notifications = resources(ctx, "aws_s3_bucket_notification")
    for topic in resources(ctx, "aws_sns_topic"):
        keys = kms_keys(ctx, topic.body.get("kms_master_key_id"))
        if not keys:
            continue
        for alarm in alarms:
            if any(_names(ctx, alarm.body.get(name), topic) for name in ALARM_ACTIONS):
                uses.add(keys, "cloudwatch", alarm)
        for target in targets:
            if _names(ctx, target.body.get("arn"), topic):
                uses.add(keys, "events", target)
        for notification in notifications:
            for nested in notification.body.blocks_of("topic"):
                if _names(ctx, nested.body.get("topic_arn"), topic):
                    uses.add(keys, "s3", notification)


def _queue_uses(ctx: RuleContext, uses: _Uses) -> None:
    subscriptions = resources(ctx, "aws_sns_topic_subscription")
    targets = resources(ctx, "aws_cloudwatch_event_target")
    notifications = resources(ctx, "aws_s3_bucket_notification")
    for queue in resources(ctx, "aws_sqs_queue"):
        keys = kms_keys(ctx, queue.body.get("kms_master_key_id"))
        if not keys:
            continue
        for subscription in subscriptions:
            if _names(ctx, subscription.body.get("endpoint"), queue):
                uses.add(keys, "sns", subscription)
        for target in targets:
            if _names(ctx, target.body.get("arn"), queue):
                uses.add(keys, "events", target)
        for notification in notifications:
            for nested in notification.body.blocks_of("queue"):
                if _names(ctx, nested.body.get("queue_arn"), queue):
                    uses.add(keys, "s3", notification)


def _launch_template_uses(ctx: RuleContext, uses: _Uses) -> None:
    groups = resources(ctx, *LAUNCH_TEMPLATE_USERS)
    for template in resources(ctx, "aws_launch_template"):
        keys: list[Block] = []
        for mapping in template.body.blocks_of("block_device_mappings"):
            for ebs in mapping.body.blocks_of("ebs"):
                keys.extend(kms_keys(ctx, ebs.body.get("kms_key_id")))
        if not keys:
            continue
        for group in groups:
            if _launches(ctx, group, template):
                uses.add(keys, "autoscaling", group)


def _launches(ctx: RuleContext, group: Block, template: Block) -> bool:
    specs = list(group.body.blocks_of("launch_template"))
    for policy in group.body.blocks_of("mixed_instances_policy"):
        for nested in policy.body.blocks_of("launch_template"):
            specs.extend(nested.body.blocks_of("launch_template_specification"))
    for spec in specs:
        for name in ("id", "name", "launch_template_id", "launch_template_name"):
            if _names(ctx, spec.body.get(name), template):
                return True
    return False


def _bucket_uses(ctx: RuleContext, uses: _Uses, trails: list[Block]) -> None:
    flow_logs = resources(ctx, "aws_flow_log")
    for bucket, keys in bucket_kms_keys(ctx):
        for trail in trails:
            if "kms_key_id" in trail.body.attributes:
                continue  # the trail encrypts its files with its own key, not the bucket's
            if _names(ctx, trail.body.get("s3_bucket_name"), bucket):
                uses.add(keys, "cloudtrail", trail)
        for flow_log in flow_logs:
            if value(ctx, flow_log, "log_destination_type") != "s3":
                continue
            if _names(ctx, flow_log.body.get("log_destination"), bucket):
                uses.add(keys, "delivery.logs", flow_log)


def bucket_kms_keys(ctx: RuleContext) -> list[tuple[Block, list[Block]]]:
    """(bucket, the KMS keys of its default SSE-KMS encryption) for every bucket with one."""
    found: list[tuple[Block, list[Block]]] = []
    for config in resources(ctx, "aws_s3_bucket_server_side_encryption_configuration"):
        keys = _default_encryption_keys(ctx, config)
        for bucket in resolved_blocks(ctx, config.body.get("bucket"), "aws_s3_bucket"):
            if keys:
                found.append((bucket, keys))
    for bucket in resources(ctx, "aws_s3_bucket"):
        for config in bucket.body.blocks_of("server_side_encryption_configuration"):
            keys = _default_encryption_keys(ctx, config)
            if keys:
                found.append((bucket, keys))
    return found


def _default_encryption_keys(ctx: RuleContext, config: Block) -> list[Block]:
    keys: list[Block] = []
    for rule_block in config.body.blocks_of("rule"):
        for default in rule_block.body.blocks_of("apply_server_side_encryption_by_default"):
            keys.extend(kms_keys(ctx, default.body.get("kms_master_key_id")))
    return keys


# -- the key policy ---------------------------------------------------------------------------


def _role_statements(policy: Policy, service: ServiceKeyUse) -> list[Statement]:
    """Allow statements for a service-linked role: by name, by reference, an unknown role,
    anyone, or the service principals accepted in its place."""
    found = service_statements(policy, service.service_principals)
    for statement in policy.allows():
        if any(s is statement for s in found):
            continue
        values = (statement.principals or {}).get("AWS", [])
        named = any(
            role in glob(v) or glob(v).endswith("*") for v in values for role in service.role_names
        )
        linked = any(
            b.labels[:1] == ("aws_iam_service_linked_role",) for b in statement.targets("Principal")
        )
        if named or linked:
            found.append(statement)
    return found


def _granted(ctx: RuleContext, use: KeyUse) -> bool:
    """Whether an `aws_kms_grant` on the key may give the service-linked role its rights."""
    if not use.service.role_names:
        return False
    for grant in resources(ctx, "aws_kms_grant"):
        if not any(k is use.key for k in kms_keys(ctx, grant.body.get("key_id"))):
            continue
        grantee = value(ctx, grant, "grantee_principal")
        if not isinstance(grantee, str) or any(r in grantee for r in use.service.role_names):
            return True
        if any(
            b.labels[:1] == ("aws_iam_service_linked_role",)
            for b in resolved_blocks(ctx, grant.body.get("grantee_principal"))
        ):
            return True
    return False


def _missing(ctx: RuleContext, use: KeyUse, policy: Policy) -> list[str]:
    service = use.service
    if service.role_names:
        statements = _role_statements(policy, service)
    else:
        statements = service_statements(policy, service.service_principals)
    return allows_all(statements, service.actions)


@rule(
    "aws.kms-policy-missing-service",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "KMS key policy does not let the service that uses the key use it",
    impact="The service is refused by KMS: the resource fails at apply or delivers nothing.",
    fix="Add a key policy statement for the service principal with the actions it needs.",
    applies_to=("aws_kms_key", "aws_kms_replica_key"),
)
def kms_policy_missing_service(ctx: RuleContext) -> Iterator[Finding]:
    model = ctx.get(PolicyModel)
    for use in key_uses(ctx):
        severity = _severity(ctx, use)
        policies = model.governing(use.key, "key")
        if any(not readable(p) for p in policies) or _granted(ctx, use):
            continue
        service = use.service
        users = ", ".join(address(u) for u in use.users[:3])
        if len(use.users) > 3:
            users += f" and {len(use.users) - 3} more"
        if not policies:
            yield ctx.finding(
                f"{service.name} use this key ({users}), but it has no policy: the "
                f"default key policy lets only the account's IAM principals use it, not "
                f"{service.principal_text}",
                use.key,
                block=use.key,
                severity=severity,
            )
            continue
        missing = [_missing(ctx, use, p) for p in policies]
        if any(not m for m in missing):
            continue
        actions = ", ".join(missing[0])
        yield ctx.finding(
            f"{service.name} use this key ({users}), but its key policy does not allow "
            f"{service.principal_text} {actions}",
            policies[0].expr,
            block=use.key,
            severity=severity,
        )


def _severity(ctx: RuleContext, use: KeyUse) -> Severity:
    """Critical when the apply fails; medium when Auto Scaling launches fail but terraform does
    not wait for capacity; medium when only later deliveries are refused."""
    severity = Severity(use.service.severity)
    if use.service.key == "autoscaling" and all(
        value(ctx, group, "wait_for_capacity_timeout") in ("0", "0s", "0m") for group in use.users
    ):
        # the apply succeeds: the failure shows later, as instances that never launch
        return Severity.MEDIUM
    return severity
