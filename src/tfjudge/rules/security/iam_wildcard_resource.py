"""## What it does
Fires for each `Allow` statement of an identity policy (`aws_iam_policy`, role, user and
group policies, inline role policies, policy documents used by them) whose `Resource` is
`"*"` or an ARN that names every resource of its type in any account
(`arn:aws:logs:*:*:*`, `arn:aws:s3:::*`), with no `Condition` narrowing it. Resource
policies (bucket, key, queue, topic policies) are not judged: there `"*"` means the resource
the policy is attached to.

Severity follows what the wildcard grants, from the IAM action catalogue
(`tfjudge.policy.actions`): high when the statement grants a whole service
(`s3:*`), everything but some actions (`NotAction`), or identity and key permissions
management (`iam:PutRolePolicy`, `iam:PassRole`, `sts:AssumeRole`, `kms:CreateGrant`: the
ways a role escalates to the whole account) on every resource; medium for other write and
permissions-management actions; low when every action is a read or list action, or
supports no resource type at all (`xray:PutTraceSegments`, `ec2:DescribeInstances`, or a
whole service without resource types such as `support:*`, which AWS only grants on
`"*"`; a condition such as `aws:RequestedRegion` or `cloudwatch:namespace` is then the
only way to narrow them).

## Why is this bad?
The role can act on every bucket, key, table or function of the account (and, with `*` in
the account field, of any account that trusts it), not only the ones it serves: one
compromised function reads or rewrites everything. See "Grant least privilege" in the IAM
User Guide's security best practices.

## Example
```hcl
policy = jsonencode({
  Statement = [{
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
    Resource = "*"
  }]
})
```

## Use instead
```hcl
policy = jsonencode({
  Statement = [{
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
    Resource = aws_kms_key.data.arn
  }]
})
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.actions import iam_actions
from tfjudge.policy.model import PolicyModel, Statement, policy_holders
from tfjudge.policy.wildcards import is_broad_resource, is_wildcard_action, text_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

ESCALATING_SERVICES = {"iam", "sts", "kms", "organizations", "sso", "identitystore"}


@rule(
    "security.iam-wildcard-resource",
    Severity.HIGH,
    Category.SECURITY,
    'IAM Allow statement on Resource "*" with no condition',
    impact="The role can act on every resource of that type in the account, not only its own.",
    fix="List the ARNs the role needs (or add a condition that narrows the statement).",
    applies_to=policy_holders("identity"),
)
def iam_wildcard_resource(ctx: RuleContext) -> Iterator[Finding]:
    for statement in ctx.get(PolicyModel).unique_statements("identity"):
        if not statement.is_allow or statement.conditions:
            continue
        broad = [text_of(r) for r in statement.resources if is_broad_resource(r)]
        if not broad:
            continue
        severity, grants = _grade(statement)
        if severity is None:
            continue
        if _unnarrowable(statement):
            scope = (
                "these actions support no resource type, so only a condition (such as "
                "aws:RequestedRegion) can narrow them"
            )
        else:
            scope = "on every such resource, not only the ones this role serves"
        yield ctx.finding(
            f"The statement allows {grants} on Resource {_quote(broad)} with no condition: "
            f"{scope}.",
            statement.range_of("Resource"),
            block=statement.policy.block,
            attribute=statement.policy.argument.rpartition(".")[2],
            severity=severity,
        )


def _grade(statement: Statement) -> tuple[Severity | None, str]:
    """How much the wildcard grants: the severity and the actions, as the message names them."""
    catalogue = iam_actions()
    if statement.not_actions:
        names = ", ".join(filter(None, map(text_of, statement.not_actions)))
        return Severity.HIGH, f"every action except {names}"
    actions = [a for a in map(text_of, statement.actions) if a]
    if not actions:
        return None, ""
    shown = ", ".join(actions[:4]) + (f" and {len(actions) - 4} more" if len(actions) > 4 else "")
    if _unnarrowable(statement):  # `support:*` included: "*" is the only Resource AWS takes
        return Severity.LOW, shown
    if any(is_wildcard_action(a) for a in actions):
        return Severity.HIGH, shown
    narrowable = [a for a in actions if catalogue.supports_resources(a)]
    levels = {catalogue.access_level(a) for a in narrowable}
    if any(_escalates(catalogue.access_level(a), a) for a in narrowable):
        return Severity.HIGH, shown
    if levels & {"Write", "Tagging", "Permissions management"}:
        return Severity.MEDIUM, shown
    return Severity.LOW, shown


def _escalates(level: str | None, action: str) -> bool:
    """Permissions management of identities and keys, and passing or assuming roles."""
    service = action.partition(":")[0].lower()
    if action.lower() in ("iam:passrole", "sts:assumerole"):
        return True
    return level == "Permissions management" and service in ESCALATING_SERVICES


def _unnarrowable(statement: Statement) -> bool:
    catalogue = iam_actions()
    actions = [a for a in map(text_of, statement.actions) if a]
    return bool(actions) and all(catalogue.supports_resources(a) is False for a in actions)


def _quote(values: list[str | None]) -> str:
    texts = [f'"{v}"' for v in dict.fromkeys(v for v in values if v)]
    return ", ".join(texts).replace("\x00", "${…}")
