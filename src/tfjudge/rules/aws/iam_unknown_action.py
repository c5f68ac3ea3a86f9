"""## What it does
Checks every action of every policy (`Action` and `NotAction`, in any spelling the policy
model reads) against the IAM action catalogue, generated from AWS's Service Authorization
Reference (`data/iam/meta.json` records the sources and versions). Fires for an action that
does not exist (`s3:GetObjects`, `logs:PutLogEvent`), a service prefix no service has
(`cloudwatchlogs:PutLogEvents`), a wildcard that matches no action (`s3:Gett*`), and an
action without a service prefix (`GetObject`). Names are compared case-insensitively, as
IAM does; values with interpolations are not judged.

Critical when AWS rejects the policy: an action without a service prefix anywhere, and any
invalid action in an S3 bucket policy ("MalformedPolicy: Policy has invalid action").
Elsewhere the policy is stored and the permission is silently missing: high when the
real action the name resembles is not granted by the statement either (a typo of a needed
permission), medium when it is, or when the name resembles no action and the statement
grants real actions of that service (an invented action next to the real ones).

## Why is this bad?
A misspelt action grants nothing: the code that needs it fails at runtime with
AccessDenied, after a deployment that looked successful. In a bucket policy the
`PutBucketPolicy` call itself fails during apply.

## Example
```hcl
Action = ["s3:GetObjects", "logs:PutLogEvent"]
```

## Use instead
```hcl
Action = ["s3:GetObject", "logs:PutLogEvents"]
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.actions import ActionCheck, iam_actions
from tfjudge.policy.model import PolicyModel, Statement, policy_holders
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_WHY = {
    "unknown-action": "no such action",
    "unknown-service": "no AWS service has this prefix",
    "no-match": "the wildcard matches no action",
    "malformed": "an action needs a service prefix (`service:Action`)",
}


@rule(
    "aws.iam-unknown-action",
    Severity.HIGH,
    Category.RELIABILITY,
    "IAM action that does not exist",
    impact="The permission is never granted: the call fails with AccessDenied at runtime "
    "(and S3 rejects a bucket policy naming it).",
    fix="Use the action's exact name from the Service Authorization Reference.",
    applies_to=policy_holders(),
)
def iam_unknown_action(ctx: RuleContext) -> Iterator[Finding]:
    catalogue = iam_actions()
    for statement in ctx.get(PolicyModel).unique_statements():
        for field in ("Action", "NotAction"):
            values = statement.actions if field == "Action" else statement.not_actions
            for value in dict.fromkeys(v for v in values if isinstance(v, str)):
                check = catalogue.check(value)
                if not check.ok:
                    yield _finding(ctx, statement, field, check)


def _finding(ctx: RuleContext, statement: Statement, field: str, check: ActionCheck) -> Finding:
    hint = f"; did you mean `{check.suggestion}`?" if check.suggestion else ""
    finding = ctx.finding(
        f"`{check.action}` in {field}: {_WHY[check.status]}{hint}",
        statement.range_of(field),
        block=statement.policy.block,
        attribute=statement.policy.argument.rpartition(".")[2],
        fix=f"Use `{check.suggestion}`." if check.suggestion else None,
    )
    if check.status == "malformed" or statement.policy.kind == "bucket":
        return replace(finding, severity=Severity.CRITICAL, category=Category.DEPLOYMENT_BLOCKER)
    if _covered(statement, check):
        return replace(finding, severity=Severity.MEDIUM)
    return finding


def _covered(statement: Statement, check: ActionCheck) -> bool:
    """Whether the statement grants what the wrong name most likely meant anyway."""
    catalogue = iam_actions()
    granted = {
        found.lower()
        for value in statement.actions
        if isinstance(value, str) and catalogue.check(value).ok
        for found in catalogue.matching(value) or [value]
    }
    if check.suggestion is not None:
        return check.suggestion.lower() in granted
    prefix = check.action.partition(":")[0].lower()
    invented = check.status in ("unknown-action", "no-match")  # resembles no real action
    return invented and any(g.startswith(prefix + ":") for g in granted)
