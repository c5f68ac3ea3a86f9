"""## What it does
Fires for each `Allow` statement of a resource policy — an SQS queue's, an SNS topic's, a
Secrets Manager secret's, a KMS key's, an ECR repository's, an EventBridge bus's, a Backup
vault's, an OpenSearch (or Elasticsearch) domain's — whose `Principal` is `"*"` (or
`{ AWS = "*" }`) and that has no `Condition`. Bucket policies have their own rules (S3
refuses or exposes them) and API Gateway policies often open an API on purpose: neither is
judged. Nor is a domain inside a VPC (reached only through it) or one with fine-grained
access control on (`advanced_security_options { enabled = true }`), for which AWS advises
an open domain policy and checks each user itself.

## Why is this bad?
`"*"` is every principal of every AWS account. With no condition naming the source (a
topic's or bucket's ARN, an organization, a VPC endpoint), anyone with an AWS account can
send to the queue, publish to or subscribe to the topic, read the secret, use the key or
pull the images, from outside the organization. AWS accepts such a policy, so nothing
fails: the resource is simply open. See "Grant least privilege" in the IAM User Guide and
each service's resource-based policy examples, which scope `"*"` with `aws:SourceArn`.

## Example
```hcl
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}
```

## Use instead
```hcl
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.orders.arn } }
    }]
  })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import block_address
from tfjudge.parse.hcl.ast import Literal
from tfjudge.policy.model import Policy, PolicyModel, policy_holders
from tfjudge.policy.wildcards import text_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

JUDGED = {
    "queue": "queue",
    "topic": "topic",
    "secret": "secret",
    "key": "key",
    "repository": "repository",
    "eventbus": "event bus",
    "vault": "backup vault",
    "domain": "domain",
}


@rule(
    "security.resource-policy-public",
    Severity.HIGH,
    Category.SECURITY,
    'Resource policy allowing Principal "*" with no condition',
    impact="Any AWS account can use the queue, topic, secret, key or repository.",
    fix="Name the principals (a service with an aws:SourceArn condition, accounts, roles), "
    "or add a condition that pins the source (aws:SourceArn, aws:PrincipalOrgID).",
    applies_to=policy_holders(*JUDGED),
)
def resource_policy_public(ctx: RuleContext) -> Iterator[Finding]:
    for policy in ctx.get(PolicyModel).of_kind(*JUDGED):
        if policy.kind == "domain" and _guarded_domain(policy):
            continue
        for statement in policy.allows():
            if not statement.allows_anyone:
                continue
            actions = ", ".join(filter(None, map(text_of, statement.actions[:4])))
            verb = f"call {actions} on" if actions else "act on"
            yield ctx.finding(
                f'The policy of {_governed(policy)} allows Principal "*" with no condition: '
                f"any AWS account can {verb} it.",
                statement.range_of("Principal"),
                block=policy.block,
                attribute=policy.argument.rpartition(".")[2],
            )


def _governed(policy: Policy) -> str:
    """The resource the policy opens: `aws_sqs_queue.orders` (not its policy block)."""
    for block in policy.governs:
        address = block_address(block)
        if address is not None:
            return address
    return f"the {JUDGED[policy.kind]} ({policy.address})"


def _guarded_domain(policy: Policy) -> bool:
    """A domain (the policy's own, or one a separate domain policy governs) that is placed
    in a VPC or checks users with fine-grained access control."""
    for domain in [policy.block, *policy.governs]:
        if domain.body.blocks_of("vpc_options"):
            return True
        for options in domain.body.blocks_of("advanced_security_options"):
            enabled = options.body.get("enabled")
            if not (isinstance(enabled, Literal) and enabled.value is False):
                return True
    return False
