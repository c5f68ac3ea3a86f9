"""S3 buckets as the aws.* log-delivery rules see them: their bucket policies, their default
encryption, and whether a policy statement covers the objects a service writes."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from tfjudge.evaluate import Evaluator
from tfjudge.model.config import block_address
from tfjudge.parse.hcl.ast import Block
from tfjudge.patterns import lazy_pattern
from tfjudge.policy.model import Policy, PolicyModel, Statement
from tfjudge.resources.s3 import Bucket, S3Buckets
from tfjudge.rules.aws._common import resolved_blocks, resources
from tfjudge.rules.aws._policy import glob, readable
from tfjudge.rules.context import RuleContext

EXAMPLE_ACCOUNT = "111122223333"
_ACCOUNT = lazy_pattern(r"\d{12}")


def bucket_policies(ctx: RuleContext, bucket: Block) -> list[Policy] | None:
    """The bucket's policies; None when they cannot be judged (a policy that cannot be read,
    or an `aws_s3_bucket_policy` whose bucket is not resolvable, which may be this one)."""
    model = ctx.get(PolicyModel)
    policies = model.governing(bucket, "bucket")
    if any(not readable(p) for p in policies):
        return None
    for policy in model.of_kind("bucket"):
        if not policy.governs:
            return None
    return policies


def default_encryption(ctx: RuleContext, bucket: Block) -> list[tuple[str, Block]]:
    """(sse_algorithm, the block that sets it) of the bucket's default encryption rules."""
    evaluator = ctx.get(Evaluator)
    configs = list(bucket.body.blocks_of("server_side_encryption_configuration"))
    for config in resources(ctx, "aws_s3_bucket_server_side_encryption_configuration"):
        if any(b is bucket for b in resolved_blocks(ctx, config.body.get("bucket"))):
            configs.append(config)
    found: list[tuple[str, Block]] = []
    for config in configs:
        for rule_block in config.body.blocks_of("rule"):
            for default in rule_block.body.blocks_of("apply_server_side_encryption_by_default"):
                algorithm = evaluator.attribute(default, "sse_algorithm")
                if isinstance(algorithm, str):
                    found.append((algorithm, config))
    return found


def sse_kms(ctx: RuleContext, bucket: Block) -> Block | None:
    """The encryption configuration that makes SSE-KMS the bucket's default, if any."""
    for algorithm, config in default_encryption(ctx, bucket):
        if algorithm.startswith("aws:kms"):
            return config
    return None


def covers_object(statement: Statement, key: str | None) -> bool:
    """Whether a statement's Resource covers an object key of its bucket (`key` None: any
    object). Bucket names are not compared: the policy governs the bucket already."""
    if statement.not_resources:
        return True
    return any(_resource_covers(value, key) for value in statement.resources)


def covers_bucket(statement: Statement) -> bool:
    """Whether a statement's Resource covers the bucket itself (`arn:aws:s3:::name`)."""
    if statement.not_resources:
        return True
    for value in statement.resources:
        text = glob(value)
        rest = text.partition(":::")[2] if ":::" in text else text
        if text == "*" or "/" not in rest:
            return True
    return False


def _resource_covers(value: Any, key: str | None) -> bool:
    text = glob(value)
    if text == "*":
        return True
    rest = text.partition(":::")[2] if ":::" in text else text
    name, slash, pattern = rest.partition("/")
    if not slash:
        return name.endswith("*")  # `arn:aws:s3:::logs*` also covers `logs/...`
    if key is None:
        return True
    pattern = _ACCOUNT.sub("*", pattern)
    return fnmatchcase(key, pattern) or fnmatchcase(key, pattern.rstrip("/") + "/*")


def public_access_blocked(ctx: RuleContext, bucket: Bucket, setting: str) -> str | None:
    """Why Block Public Access refuses a public ACL or policy on the bucket (`setting` is
    `block_public_acls` or `block_public_policy`): the account's block or the bucket's sets
    it, or the bucket has none and S3 turns every setting on for new buckets. None when the
    public grant goes through, or when that cannot be told."""
    evaluator = ctx.get(Evaluator)
    for account in resources(ctx, "aws_s3_account_public_access_block"):
        if evaluator.attribute(account, setting) is True:
            return f"{block_address(account)} sets {setting} = true for the whole account"
    blocks = bucket.of("public_access_block")
    if not blocks:
        if ctx.get(S3Buckets).may_be_configured_elsewhere("public_access_block", bucket.block):
            return None
        return (
            "the bucket has no aws_s3_bucket_public_access_block, and S3 turns Block Public "
            "Access on for every new bucket"
        )
    for block in blocks:
        value = evaluator.attribute(block.block, setting, block.instance)
        if value is True:
            return f"{block_address(block.block)} sets {setting} = true"
    return None
