"""## What it does
Fires for known ordering races, where Terraform may create two blocks in parallel because
nothing (a reference or `depends_on`, directly or through other blocks) orders them:

- an `aws_s3_bucket_policy` and the `aws_s3_bucket_public_access_block` of the same bucket;
- an `aws_s3_bucket_acl` and the `aws_s3_bucket_ownership_controls` of its bucket (and its
  `aws_s3_bucket_public_access_block`, when the ACL is public);
- an `aws_s3_bucket_replication_configuration` and the `aws_s3_bucket_versioning` of its
  source or destination bucket;
- an `aws_lambda_function` and the policy attachments (`aws_iam_role_policy_attachment`,
  `aws_iam_role_policy`) of its role, when it depends on none of them (its managed
  `/aws/lambda/<name>` log group is named too when nothing orders it first either);
- an `aws_api_gateway_deployment` and the integrations of its REST API, when it depends on
  none of them;
- an `aws_api_gateway_stage` with access logging, or `aws_api_gateway_method_settings` with
  a `logging_level`, and the `aws_api_gateway_account` that sets the CloudWatch role (any
  one of them, when there are several).

## Why is this bad?
Each pair fails at apply only when Terraform happens to run them in the wrong order: S3
answers "OperationAborted: A conflicting conditional operation is currently in progress",
refuses an ACL put before the ownership controls enable ACLs (AccessControlListNotSupported)
or rejects a replication rule on a bucket whose versioning is not yet enabled; a function
created before its role's policies cannot start (VPC functions fail creation without
their ENI permissions) or is invoked before its log group exists, which then fails with
ResourceAlreadyExistsException; a deployment taken before its integrations exist fails
with "No integration defined for method"; stage logging fails with "CloudWatch Logs role
ARN must be set in account settings". The next apply usually succeeds, which makes the
race look like flakiness.

## Example
```hcl
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
```

## Use instead
```hcl
resource "aws_s3_bucket_policy" "logs" {
  bucket     = aws_s3_bucket.logs.id
  policy     = data.aws_iam_policy_document.logs.json
  depends_on = [aws_s3_bucket_public_access_block.logs]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.resources.names import shape
from tfjudge.resources.s3 import PUBLIC_CANNED_ACLS, S3Buckets
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "ops.missing-depends-on",
    Severity.MEDIUM,
    Category.RELIABILITY,
    "Known ordering race with no dependency between the two blocks",
    impact="apply fails when Terraform happens to create the two in the wrong order; the "
    "next run succeeds, so it looks like flakiness.",
    fix="Add depends_on from the dependent block to the one it must follow.",
    applies_to=(
        "aws_api_gateway_deployment",
        "aws_api_gateway_method_settings",
        "aws_api_gateway_stage",
        "aws_lambda_function",
        "aws_s3_bucket_acl",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_replication_configuration",
    ),
)
def missing_depends_on(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    blocks = [b for b in ctx.configuration.all_resources() if not references.is_superseded(b)]
    yield from _bucket_policies(ctx, references)
    yield from _bucket_acls(ctx, references)
    yield from _replications(ctx, references, blocks)
    yield from _functions(ctx, references, blocks)
    yield from _deployments(ctx, references, blocks)
    yield from _stage_logging(ctx, references, blocks)


def _name(block: Block) -> str:
    return f"{block.labels[0]}.{block.labels[1]}"


def _missing(
    ctx: RuleContext, block: Block, others: list[Block], why: str, references: References
) -> Iterator[Finding]:
    # `depends_on` names blocks of its own module; a block of another module (one the root
    # may never call, or deploys from a separate root) is no pair for this one.
    module = ctx.configuration.module_of(block)
    unordered = [
        o
        for o in others
        if ctx.configuration.module_of(o) is module and not _ordered(references, block, o)
    ]
    if unordered:
        names = ", ".join(_name(o) for o in unordered)
        yield ctx.finding(
            f"Nothing orders {_name(block)} after {names}: {why}",
            block,
            fix_code=f"depends_on = [{', '.join(_name(o) for o in unordered)}]",
        )


def _ordered(references: References, block: Block, other: Block) -> bool:
    return references.depends_on(block, other) or references.depends_on(other, block)


def _bucket_policies(ctx: RuleContext, references: References) -> Iterator[Finding]:
    seen: set[int] = set()
    for bucket in ctx.get(S3Buckets).buckets:
        blocks = [c.block for c in bucket.of("public_access_block") if not c.inline]
        for policy in bucket.of("policy"):
            if policy.inline or id(policy.block) in seen or not blocks:
                continue
            seen.add(id(policy.block))
            yield from _missing(
                ctx,
                policy.block,
                blocks,
                "S3 may apply the bucket policy while the public access block is being "
                "written (OperationAborted, or AccessDenied once block_public_policy is on).",
                references,
            )


def _bucket_acls(ctx: RuleContext, references: References) -> Iterator[Finding]:
    """An ACL is ordered after the ownership controls that enable ACLs (without them it
    always fails: aws.s3-acl-disabled), and a public one after the public access block
    that lets it through."""
    evaluator = ctx.get(Evaluator)
    seen: set[int] = set()
    for bucket in ctx.get(S3Buckets).buckets:
        owners = [c.block for c in bucket.of("ownership")]
        for acl in bucket.of("acl"):
            if acl.inline or id(acl.block) in seen or not owners:
                continue
            seen.add(id(acl.block))
            before = list(owners)
            why = (
                "S3 refuses the ACL while the bucket's ownership controls still disable ACLs "
                "(AccessControlListNotSupported)"
            )
            if evaluator.attribute(acl.block, "acl", acl.instance) in PUBLIC_CANNED_ACLS:
                before += [
                    c.block
                    for c in bucket.of("public_access_block")
                    if evaluator.attribute(c.block, "block_public_acls", c.instance) is not True
                ]
                why += ", and a public ACL while public ACLs are still blocked (AccessDenied)"
            yield from _missing(ctx, acl.block, before, f"{why}.", references)


def _replications(
    ctx: RuleContext, references: References, blocks: list[Block]
) -> Iterator[Finding]:
    s3 = ctx.get(S3Buckets)
    for block in blocks:
        if block.labels[0] != "aws_s3_bucket_replication_configuration":
            continue
        buckets = list(s3.companion_of(block))
        for rule_block in block.body.blocks_of("rule"):
            destination = rule_block.body.first_block("destination")
            target = destination.body.get("bucket") if destination else None
            if target is not None:
                for found in references.target_blocks(target):
                    buckets.extend(s3.of_block(found))
        versioning = []
        for bucket in buckets:
            for companion in bucket.of("versioning"):
                if not companion.inline and companion.block not in versioning:
                    versioning.append(companion.block)
        yield from _missing(
            ctx,
            block,
            versioning,
            "S3 rejects a replication rule while versioning of the source or destination "
            "bucket is not yet enabled.",
            references,
        )


def _functions(ctx: RuleContext, references: References, blocks: list[Block]) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    attachments = [
        b
        for b in blocks
        if b.labels[0] in ("aws_iam_role_policy_attachment", "aws_iam_role_policy")
    ]
    groups = [b for b in blocks if b.labels[0] == "aws_cloudwatch_log_group"]
    for function in blocks:
        if function.labels[0] != "aws_lambda_function":
            continue
        role = function.body.get("role")
        roles = references.target_blocks(role) if role is not None else []
        policies = [
            a
            for a in attachments
            if (expr := a.body.get("role")) is not None
            and any(r in roles for r in references.target_blocks(expr))
        ]
        if not policies or any(_ordered(references, function, p) for p in policies):
            continue  # the policy race is the one that fails; a late log group alone rarely does
        missing: list[Block] = list(policies)
        names = {
            f"/aws/lambda/{text}"
            for _, value in evaluator.attribute_values(function, "function_name")
            if (text := shape(value)) is not None
        }
        for group in groups:
            group_names = {shape(v) for _, v in evaluator.attribute_values(group, "name")}
            refers = any(r.target is function for r in references.of_block(group))
            if (names & group_names or refers) and not references.depends_on(function, group):
                missing.append(group)
        if missing:  # always: the policies are missing; the log group is named when it is too
            yield ctx.finding(
                f"Nothing orders {_name(function)} after {', '.join(_name(m) for m in missing)}:"
                " the function can be created (and invoked) before its role's policies are "
                "attached or its log group exists.",
                function,
                fix_code=f"depends_on = [{', '.join(_name(m) for m in missing)}]",
            )


def _deployments(
    ctx: RuleContext, references: References, blocks: list[Block]
) -> Iterator[Finding]:
    integrations = [b for b in blocks if b.labels[0] == "aws_api_gateway_integration"]
    for deployment in blocks:
        if deployment.labels[0] != "aws_api_gateway_deployment":
            continue
        api = deployment.body.get("rest_api_id")
        apis = references.target_blocks(api) if api is not None else []
        own = [
            i
            for i in integrations
            if (expr := i.body.get("rest_api_id")) is not None
            and any(a in apis for a in references.target_blocks(expr))
        ]
        if own and not any(references.depends_on(deployment, i) for i in own):
            yield ctx.finding(
                f"Nothing orders {_name(deployment)} after the integrations of its API "
                f"({', '.join(_name(i) for i in own[:3])}{', ...' if len(own) > 3 else ''}): "
                'the deployment can be taken first and fail with "No integration defined '
                'for method".',
                deployment,
                fix_code=f"depends_on = [{', '.join(_name(i) for i in own)}]",
            )


def _stage_logging(
    ctx: RuleContext, references: References, blocks: list[Block]
) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    accounts = [b for b in blocks if b.labels[0] == "aws_api_gateway_account"]
    if not accounts:
        return  # no account settings at all: aws.apigw-logging-role-missing's finding
    for block in blocks:
        kind = block.labels[0]
        if kind == "aws_api_gateway_stage":
            logs = block.body.first_block("access_log_settings") is not None
        elif kind == "aws_api_gateway_method_settings":
            level = evaluator.attribute(block, "settings.logging_level")
            logs = isinstance(level, str) and level.upper() in ("INFO", "ERROR")
        else:
            continue
        if logs and not any(_ordered(references, block, a) for a in accounts):
            yield from _missing(
                ctx,
                block,
                accounts,
                "API Gateway rejects logging settings until the account has its CloudWatch "
                'role ("CloudWatch Logs role ARN must be set in account settings").',
                references,
            )
