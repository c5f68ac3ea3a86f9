"""## What it does
Fires on a bucket policy statement that denies the bucket-policy management actions
(`s3:GetBucketPolicy`, `s3:PutBucketPolicy`, `s3:DeleteBucketPolicy`: `s3:*`, `s3:*Policy`,
`*` and the like) on the bucket itself (`*`, the bucket's ARN) to every principal
(`Principal = "*"`, no `NotPrincipal`) under conditions that always hold for a call made
by Terraform with an IAM user's or role's credentials: no condition at all, or only
negated string/ARN tests (`StringNotEquals`, `ArnNotLike`, ... with or without
`IfExists`) or `Null = true` on keys that only an AWS service acting on your behalf or a
VPC endpoint puts in the request context (`aws:SourceArn`, `aws:SourceAccount`,
`aws:SourceOwner`, `aws:SourceVpce`, `aws:SourceVpc`). A deny conditioned on anything
else (`aws:SecureTransport = false`, `aws:PrincipalArn`, an IP range) is not judged.

## Why is this bad?
`aws:SourceArn` and `aws:SourceAccount` are present only when a service principal calls
on a resource's behalf, and `aws:SourceVpce` only for requests through a VPC endpoint;
"if the key that you specify in a policy condition is not present in the request context,
the values do not match" and a negated operator then evaluates to true. An explicit deny
overrides every allow, even the account root's; so the deny applies to the identity
running Terraform as soon as the policy is stored: refreshing `GetBucketPolicy` fails
with AccessDenied on the next plan, the policy can no longer be changed or deleted, and
only the root user can remove it. (A deny on `aws:SourceVpce` spares a Terraform run made
through that very endpoint, from inside the VPC; AWS's own example of that policy warns that
it blocks everyone else, the console included.)

Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
(aws:SourceArn, aws:SourceVpce: availability),
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
(negated operators and missing keys),
https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
(restricting access to a VPC endpoint: the lockout warning),
https://repost.aws/knowledge-center/s3-accidentally-denied-access (regaining access after
a bucket policy denies everyone).

## Example
```hcl
statement {
  effect    = "Deny"
  actions   = ["s3:*"]
  resources = [aws_s3_bucket.site.arn, "${aws_s3_bucket.site.arn}/*"]
  principals {
    type        = "*"
    identifiers = ["*"]
  }
  condition {
    test     = "StringNotEquals"
    variable = "aws:SourceArn"
    values   = [aws_cloudfront_distribution.site.arn]
  }
}
```

## Use instead
```hcl
statement {
  effect    = "Allow"
  actions   = ["s3:GetObject"]
  resources = ["${aws_s3_bucket.site.arn}/*"]
  principals {
    type        = "Service"
    identifiers = ["cloudfront.amazonaws.com"]
  }
  condition {
    test     = "StringEquals"
    variable = "aws:SourceArn"
    values   = [aws_cloudfront_distribution.site.arn]
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from tfjudge.evaluate import Unknown
from tfjudge.findings import Category, Finding, Severity
from tfjudge.patterns import lazy_pattern
from tfjudge.policy.model import Condition, PolicyModel, Statement, policy_holders
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

MANAGEMENT = ("s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy")
ABSENT_FOR_CALLERS = {
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcevpce",
    "aws:sourcevpc",
}
_NEGATED = lazy_pattern(r"^(forallvalues:)?(stringnot|arnnot)[a-z]*(ifexists)?$")
_BUCKET_ARN = lazy_pattern(r"^arn:aws[a-z-]*:s3:::[^/]+$")


def denied_management(statement: Statement) -> list[str]:
    """The management actions the statement's Action patterns cover."""
    patterns = [a.lower() for a in statement.actions if isinstance(a, str)]
    return [a for a in MANAGEMENT if any(fnmatchcase(a.lower(), p) for p in patterns)]


def _always_true(condition: Condition) -> bool:
    """True when the condition holds for every request Terraform makes."""
    if not isinstance(condition.key, str) or condition.key.lower() not in ABSENT_FOR_CALLERS:
        return False
    operator = condition.operator.lower()
    if operator == "null":
        return bool(condition.values) and all(
            isinstance(v, str) and v.lower() == "true" for v in condition.values
        )
    return bool(_NEGATED.match(operator))


def _covers_bucket(statement: Statement) -> bool:
    """Whether the Resource includes the bucket itself (not only its objects)."""
    governed = statement.policy.governs
    names_bucket = any(any(t is g for g in governed) for t in statement.targets("Resource"))
    for resource in statement.resources:
        if isinstance(resource, str) and (resource == "*" or _BUCKET_ARN.match(resource)):
            return True
        if isinstance(resource, Unknown) and names_bucket:
            return True  # the bucket's own ARN, `aws_s3_bucket.b.arn`
    return False


def _everyone(statement: Statement) -> bool:
    values: list[Any] = statement.principal_values("AWS")
    return statement.not_principals is None and "*" in values


def locks_out(statement: Statement) -> bool:
    return (
        statement.is_deny
        and _everyone(statement)
        and not statement.not_actions
        and bool(denied_management(statement))
        and _covers_bucket(statement)
        and all(_always_true(c) for c in statement.conditions)
    )


@rule(
    "aws.bucket-policy-lockout",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Bucket policy that denies its own management to everyone",
    impact="Terraform loses access to the bucket policy once it is applied: the next plan "
    "fails with AccessDenied and only the root user can remove the policy.",
    fix="Grant the service with an Allow conditioned on aws:SourceArn instead of denying "
    "everyone else, or exclude the administering roles from the Deny.",
    applies_to=policy_holders("bucket"),
)
def bucket_policy_lockout(ctx: RuleContext) -> Iterator[Finding]:
    for statement in ctx.get(PolicyModel).unique_statements("bucket"):
        if not locks_out(statement):
            continue
        keys = sorted({c.key for c in statement.conditions})
        when = f"when {', '.join(keys)} is absent from the request" if keys else "unconditionally"
        actions = ", ".join(denied_management(statement))
        yield ctx.finding(
            f"denies {actions} on the bucket to every principal {when}; requests from "
            "Terraform's IAM identity carry no such key, so the deny locks it out",
            statement.range_of("Condition") if keys else statement.range,
            block=statement.policy.block,
        )
