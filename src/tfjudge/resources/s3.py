"""S3 buckets with their companion resources, per bucket instance.

Since version 4 of the AWS provider a bucket's settings live in companion resources
(`aws_s3_bucket_public_access_block`, `_server_side_encryption_configuration`,
`_versioning`, `_lifecycle_configuration`, `_policy`, `_logging`, ...) that name the bucket
in their `bucket` argument. `S3Buckets` (a fact) ties each companion instance to the bucket
instances it configures:

- by reference: `bucket = aws_s3_bucket.logs.id`, `aws_s3_bucket.b[count.index].id` (the
  index evaluated in the companion's instance), `aws_s3_bucket.b[each.key].id`, and
  `for_each = aws_s3_bucket.b` with `bucket = each.value.id` (the same key);
- else by value: the companion's evaluated `bucket` equals the bucket's evaluated name,
  or both are written as the same expression (`var.bucket_name`).

A companion tied to no bucket whose `bucket` is unknown (a module input, a data source)
may configure any bucket: `unmatched` keeps it so rules can stay silent rather than guess.
The deprecated inline blocks of `aws_s3_bucket` (`versioning`, `lifecycle_rule`,
`server_side_encryption_configuration`, `logging`, `replication_configuration`, `policy`)
count as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from tfjudge.evaluate import Evaluator, Instance, PartialString, References, Unknown
from tfjudge.facts import fact
from tfjudge.parse.hcl.ast import Attribute, Block, Expr, Index, Traversal
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

BUCKET = "aws_s3_bucket"
COMPANIONS = {
    "aws_s3_bucket_public_access_block": "public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration": "encryption",
    "aws_s3_bucket_versioning": "versioning",
    "aws_s3_bucket_lifecycle_configuration": "lifecycle",
    "aws_s3_bucket_policy": "policy",
    "aws_s3_bucket_logging": "logging",
    "aws_s3_bucket_replication_configuration": "replication",
    "aws_s3_bucket_ownership_controls": "ownership",
    "aws_s3_bucket_acl": "acl",
    "aws_s3_bucket_notification": "notification",
    "aws_s3_bucket_object_lock_configuration": "object_lock",
    "aws_s3_bucket_cors_configuration": "cors",
    "aws_s3_bucket_website_configuration": "website",
}
# the deprecated inline forms of the same settings on aws_s3_bucket
INLINE = {
    "server_side_encryption_configuration": "encryption",
    "versioning": "versioning",
    "lifecycle_rule": "lifecycle",
    "logging": "logging",
    "replication_configuration": "replication",
    "website": "website",
    "cors_rule": "cors",
    "object_lock_configuration": "object_lock",
}
INLINE_ATTRIBUTES = {"policy": "policy", "acl": "acl"}
# canned ACLs that grant everyone or every AWS account: Block Public Access refuses them
PUBLIC_CANNED_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})


@record(eq=False)
class Companion:
    """One instance of a companion resource (or an inline block of the bucket itself)."""

    kind: str  # "public_access_block", "encryption", "versioning", "lifecycle", ...
    block: Block
    instance: Instance | None = None
    inline: bool = False


@record(eq=False)
class Bucket:
    """One instance of an `aws_s3_bucket`, with the companions that configure it."""

    block: Block
    instance: Instance | None
    name: Any  # the evaluated `bucket` (str, PartialString, UNKNOWN) or None
    companions: dict[str, list[Companion]] = field(default_factory=dict)

    @property
    def address(self) -> str:
        if self.instance is not None:
            return self.instance.address
        return f"{BUCKET}.{self.block.labels[1]}" if len(self.block.labels) > 1 else BUCKET

    def of(self, kind: str) -> list[Companion]:
        return list(self.companions.get(kind, []))

    def has(self, kind: str) -> bool:
        return bool(self.companions.get(kind))


@record(eq=False)
class S3Buckets:
    """The answer's buckets with their companion resources, and companions of no bucket."""

    buckets: list[Bucket] = field(default_factory=list)
    unmatched: dict[str, list[Companion]] = field(default_factory=dict)

    def of_block(self, block: Block) -> list[Bucket]:
        return [b for b in self.buckets if b.block is block]

    def blocks(self) -> Iterator[tuple[Block, list[Bucket]]]:
        """Each bucket block with its instances, in source order."""
        seen: dict[int, list[Bucket]] = {}
        order: list[Block] = []
        for bucket in self.buckets:
            if id(bucket.block) not in seen:
                seen[id(bucket.block)] = []
                order.append(bucket.block)
            seen[id(bucket.block)].append(bucket)
        for block in order:
            yield block, seen[id(block)]

    def may_be_configured_elsewhere(self, kind: str, block: Block | None = None) -> bool:
        """Whether a companion of this kind (in the module of `block`, when given) names a
        bucket that could not be tied to one: it may configure any bucket."""
        return any(
            block is None or _module_file(c.block) == _module_file(block)
            for c in self.unmatched.get(kind, [])
        )

    def lacking(self, kind: str) -> Iterator[tuple[Block, list[Bucket]]]:
        """Bucket blocks with the instances that have no companion of `kind`; blocks whose
        companion may be one this fact could not tie to a bucket are left out."""
        for block, buckets in self.blocks():
            missing = [b for b in buckets if not b.has(kind)]
            if missing and not self.may_be_configured_elsewhere(kind, block):
                yield block, missing

    def companion_of(self, block: Block) -> list[Bucket]:
        """The buckets a companion block configures."""
        return [
            b
            for b in self.buckets
            if any(c.block is block for cs in b.companions.values() for c in cs)
        ]


class _Builder:
    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.evaluator = ctx.get(Evaluator)
        self.references = ctx.get(References)

    def build(self) -> S3Buckets:
        result = S3Buckets()
        for block in self._active(BUCKET):
            for instance in self.evaluator.instances(block):
                name = self.evaluator.attribute(block, "bucket", instance)
                bucket = Bucket(block, instance, name)
                self._inline(bucket)
                result.buckets.append(bucket)
        for resource_type, kind in COMPANIONS.items():
            for block in self._active(resource_type):
                for instance in self.evaluator.instances(block):
                    companion = Companion(kind, block, instance)
                    targets = self._match(companion, result.buckets)
                    for bucket in targets:
                        bucket.companions.setdefault(kind, []).append(companion)
                    if not targets and self._may_name_any(companion):
                        result.unmatched.setdefault(kind, []).append(companion)
        return result

    def _active(self, resource_type: str) -> Iterator[Block]:
        for block in self.ctx.configuration.all_resources():
            if block.labels[:1] == (resource_type,) and not self.references.is_superseded(block):
                yield block

    def _inline(self, bucket: Bucket) -> None:
        for nested in bucket.block.body.blocks:
            kind = INLINE.get(nested.type)
            if nested.type == "dynamic" and nested.labels:
                kind = INLINE.get(nested.labels[0])
            if kind is not None:
                bucket.companions.setdefault(kind, []).append(
                    Companion(kind, nested, bucket.instance, inline=True)
                )
        for name, kind in INLINE_ATTRIBUTES.items():
            if name in bucket.block.body.attributes:
                bucket.companions.setdefault(kind, []).append(
                    Companion(kind, bucket.block, bucket.instance, inline=True)
                )

    # -- matching ---------------------------------------------------------------------------

    def _match(self, companion: Companion, buckets: list[Bucket]) -> list[Bucket]:
        attribute = companion.block.body.attributes.get("bucket")
        if attribute is None:
            return []
        by_reference = self._by_reference(companion, attribute.expr, buckets)
        if by_reference is not None:
            return by_reference
        return self._by_value(companion, attribute, buckets)

    def _by_reference(
        self, companion: Companion, expr: Expr, buckets: list[Bucket]
    ) -> list[Bucket] | None:
        """Buckets the `bucket` expression refers to; None when it refers to no bucket."""
        targets = [t for t in self.references.targets(expr) if t.block.labels[:1] == (BUCKET,)]
        if not targets:
            return None
        found: list[Bucket] = []
        for target in targets:
            reference = target.reference
            key: Any = _ANY
            if reference is not None and reference.attribute == "for_each":
                key = companion.instance.key if companion.instance else _ANY
            elif reference is not None and reference.indexed:
                index = _index_of(reference.expr)
                if index is not None:
                    key = self.evaluator.evaluate(index, companion.instance)
            for bucket in buckets:
                if (
                    bucket.block is target.block
                    and _same_context(bucket, companion)
                    and _key_matches(bucket, key)
                    and bucket not in found
                ):
                    found.append(bucket)
        return found

    def _by_value(
        self, companion: Companion, attribute: Attribute, buckets: list[Bucket]
    ) -> list[Bucket]:
        value = self.evaluator.evaluate(attribute.expr, companion.instance)
        text = _source_text(self.ctx, attribute.expr)
        found: list[Bucket] = []
        for bucket in buckets:
            if isinstance(value, str) and value == bucket.name:
                found.append(bucket)
                continue
            if not isinstance(value, str) or not isinstance(bucket.name, str):
                own = bucket.block.body.attributes.get("bucket")
                if own is not None and text and _source_text(self.ctx, own.expr) == text:
                    found.append(bucket)
        return found

    def _may_name_any(self, companion: Companion) -> bool:
        expr = companion.block.body.get("bucket")
        if expr is None:
            return False
        value = self.evaluator.evaluate(expr, companion.instance)
        return isinstance(value, (Unknown, PartialString))


class _Any:
    def __repr__(self) -> str:
        return "ANY"


_ANY = _Any()


def _index_of(expr: Expr) -> Expr | None:
    """The instance key of `aws_s3_bucket.b[KEY].id` (the first index after the name)."""
    if not isinstance(expr, Traversal):
        return None
    for step in expr.steps:
        if isinstance(step, Index):
            return step.key
    return None


def _key_matches(bucket: Bucket, key: Any) -> bool:
    if key is _ANY or isinstance(key, (Unknown, PartialString)):
        return True
    instance = bucket.instance
    if instance is None or instance.expanded is None or not instance.known:
        return True
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return bool(instance.key == key)


def _same_context(bucket: Bucket, companion: Companion) -> bool:
    if bucket.instance is None or companion.instance is None:
        return True
    return bucket.instance.context is companion.instance.context


def _module_file(block: Block) -> str:
    return block.file.directory if block.file is not None else ""


def describe(buckets: list[Bucket]) -> str:
    """`aws_s3_bucket.logs ("app-logs")`, or the instances' addresses when counted."""
    if not buckets:
        return ""
    first = buckets[0]
    expanded = first.instance is not None and first.instance.expanded is not None
    if expanded:
        return ", ".join(b.address for b in buckets)
    name = first.name
    if isinstance(name, str):
        return f'{first.address} ("{name}")'
    if isinstance(name, PartialString):
        return f'{first.address} ("{name.render("${…}")}")'
    return first.address


def _source_text(ctx: RuleContext, expr: Expr) -> str:
    file = ctx.files_by_path.get(expr.range.file)
    if file is None or expr.range.start_line != expr.range.end_line:
        return ""
    line = file.line_text(expr.range.start_line)
    return "".join(line[expr.range.start_column - 1 : expr.range.end_column - 1].split())


@fact(S3Buckets)
def s3_buckets(ctx: RuleContext) -> S3Buckets:
    return _Builder(ctx).build()
