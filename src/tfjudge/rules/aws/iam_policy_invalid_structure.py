"""## What it does
Fires on a policy statement whose evaluated `Action`, `NotAction`, `Resource` or
`NotResource` is not a string or a list of strings: a list that holds a list (a `for`
expression that yields a pair per item, `[for r in var.regions : [arn, "${arn}/*"]]`) or
an object. Values known only after apply are not judged; a list element that is itself
unknown is not judged either.

## Why is this bad?
The IAM policy grammar allows only a string or an array of strings in these elements
(`<action_string> | [<action_string>, ...]`, `<resource_string> | [<resource_string>,
...]`). AWS rejects any other shape: `PutRolePolicy`, `CreatePolicy` or the resource
policy call fails with `MalformedPolicyDocument` during apply (for an
`aws_iam_policy_document`, terraform rejects the non-string element at plan).

Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
(IAM JSON policy element grammar).

## Example
```hcl
Resource = [
  for region in var.regions : [
    aws_s3_bucket.data[region].arn,
    "${aws_s3_bucket.data[region].arn}/*",
  ]
]
```

## Use instead
```hcl
Resource = flatten([
  for region in var.regions : [
    aws_s3_bucket.data[region].arn,
    "${aws_s3_bucket.data[region].arn}/*",
  ]
])
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.model import PolicyModel, policy_holders
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

FIELDS = ("Action", "NotAction", "Resource", "NotResource")


def _field(data: dict[str, Any], name: str) -> Any:
    for key, item in data.items():
        if isinstance(key, str) and key.lower() == name.lower():
            return item
    return None


def malformed(value: Any) -> str | None:
    """What is wrong with a field's evaluated value, or None when IAM accepts its shape."""
    if isinstance(value, dict):
        return "an object"
    if not isinstance(value, list):
        return None
    for item in value:
        if isinstance(item, list):
            return "a list that holds a list"
        if isinstance(item, dict):
            return "a list that holds an object"
    return None


@rule(
    "aws.iam-policy-invalid-structure",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Policy element that is not a string or a list of strings",
    impact="AWS rejects the policy with MalformedPolicyDocument: the apply fails.",
    fix="Make the element a flat list of strings (wrap a nested for expression in flatten()).",
    applies_to=policy_holders(),
)
def iam_policy_invalid_structure(ctx: RuleContext) -> Iterator[Finding]:
    for statement in ctx.get(PolicyModel).unique_statements():
        if not isinstance(statement.data, dict):
            continue
        for name in FIELDS:
            problem = malformed(_field(statement.data, name))
            if problem is None:
                continue
            yield ctx.finding(
                f"{name} evaluates to {problem}; IAM accepts only a string or a list of "
                "strings (MalformedPolicyDocument)",
                statement.range_of(name),
                block=statement.policy.block,
                attribute=statement.policy.argument.rpartition(".")[2],
            )
