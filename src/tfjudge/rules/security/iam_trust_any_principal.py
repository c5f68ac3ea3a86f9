"""## What it does
Fires for each `Allow` statement of a role's trust policy (`assume_role_policy` of an
`aws_iam_role`, spelled in any way the policy model reads) whose `Principal` is `"*"` or
`{ AWS = "*" }`, with no `Condition`. A statement with any condition (`sts:ExternalId`,
`aws:PrincipalOrgID`, `aws:PrincipalArn`, ...) is not judged: the condition is what
narrows it. `Service` and `Federated` principals are not judged, nor are ARNs with a
wildcard inside (`arn:aws:iam::*:root`), which IAM rejects as an invalid principal.

## Why is this bad?
A trust policy says who may call `sts:AssumeRole` for the role. `"*"` is every principal of
every AWS account: anyone with an AWS account can assume the role and act with its
permissions, from outside the organization. IAM accepts the policy, so nothing fails: the
hole stays open until someone reads the trust policy. See "IAM JSON policy elements:
Principal" (anonymous and all-account principals) in the IAM User Guide.

## Example
```hcl
resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }]
  })
}
```

## Use instead
```hcl
resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
    }]
  })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.model import PolicyModel, policy_holders
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "security.iam-trust-any-principal",
    Severity.CRITICAL,
    Category.SECURITY,
    "Role trust policy lets any AWS principal assume the role",
    impact="Anyone with an AWS account can assume the role and use its permissions.",
    fix="Name the accounts, roles or services that may assume the role, or add a condition "
    "(sts:ExternalId, aws:PrincipalOrgID) that narrows the statement.",
    applies_to=policy_holders("trust"),
)
def iam_trust_any_principal(ctx: RuleContext) -> Iterator[Finding]:
    for statement in ctx.get(PolicyModel).unique_statements("trust"):
        if not statement.allows_anyone:
            continue
        yield ctx.finding(
            'The trust policy allows Principal AWS "*" with no condition: any '
            "principal of any AWS account can assume the role and act with its permissions.",
            statement.range_of("Principal"),
            block=statement.policy.block,
            attribute="assume_role_policy",
        )
