"""## What it does
Fires for each `Allow` statement of any policy whose `Action` is `"*"` or `"service:*"`
(`s3:*`, `dynamodb:*`). The key administrator statement of a KMS key policy (`kms:*` for an
account or role principal, which is the policy AWS itself writes by default) is excepted;
`kms:*` for `Principal = "*"` or a service is not. So is `es:*` in an OpenSearch or
Elasticsearch domain's access policy on the domain's subresources (`<domain arn>/*`):
there it grants only the HTTP actions on indices (`es:ESHttp*`).

## Why is this bad?
`service:*` grants every present and future API of the service, deletes and permission
changes included (`s3:*` can delete buckets and rewrite bucket policies; `dynamodb:*` can
drop tables). The grant can never be reviewed against what the code calls. See "Grant
least privilege" in the IAM User Guide.

## Example
```hcl
Statement = [{
  Effect   = "Allow"
  Action   = "dynamodb:*"
  Resource = aws_dynamodb_table.orders.arn
}]
```

## Use instead
```hcl
Statement = [{
  Effect   = "Allow"
  Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
  Resource = aws_dynamodb_table.orders.arn
}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.model import PolicyModel, Statement, policy_holders
from tfjudge.policy.wildcards import is_wildcard_action, text_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "security.iam-wildcard-action",
    Severity.HIGH,
    Category.SECURITY,
    'IAM Allow statement with Action "*" or "service:*"',
    impact="Every API of the service is granted, deletes and permission changes included.",
    fix="List the actions the code calls.",
    applies_to=policy_holders(),
)
def iam_wildcard_action(ctx: RuleContext) -> Iterator[Finding]:
    for statement in ctx.get(PolicyModel).unique_statements():
        if not statement.is_allow or statement.policy.kind == "trust":
            continue
        wildcards = [text_of(a) for a in statement.actions if is_wildcard_action(a)]
        if not wildcards or _key_administrator(statement) or _domain_data_plane(statement):
            continue
        names = ", ".join(f'"{w}"' for w in dict.fromkeys(wildcards))
        yield ctx.finding(
            f"The statement allows Action {names}: every API of "
            f"{'every service' if '*' in wildcards else 'the service'}, deletes and "
            "permission changes included.",
            statement.range_of("Action"),
            block=statement.policy.block,
            attribute=statement.policy.argument.rpartition(".")[2],
        )


def _key_administrator(statement: Statement) -> bool:
    """`kms:*` in a key policy for account or role principals: AWS's default statement."""
    if statement.policy.kind != "key":
        return False
    actions = {text_of(a) for a in statement.actions}
    if not actions <= {"kms:*"}:
        return False
    principals = statement.principals or {}
    aws = principals.get("AWS", [])
    return bool(aws) and "*" not in aws and set(principals) <= {"AWS"}


def _domain_data_plane(statement: Statement) -> bool:
    """`es:*` in an OpenSearch (or Elasticsearch) domain's access policy on the domain's
    subresources (`<domain arn>/*`): there it grants only the HTTP actions on the domain's
    indices (`es:ESHttp*`), not the configuration APIs, which need the domain itself
    ("Identity and Access Management in Amazon OpenSearch Service", resource-based
    policies)."""
    if statement.policy.kind != "domain":
        return False
    actions = {text_of(a) for a in statement.actions}
    resources = [text_of(r) for r in statement.resources]
    return (
        actions <= {"es:*"}
        and bool(resources)
        and all(r is not None and r.endswith("/*") for r in resources)
    )
