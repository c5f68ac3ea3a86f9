"""The one policy model: every IAM and resource policy of the answer, evaluated, with positions.

Policies come in many spellings, and every one becomes the same `Policy` of `Statement`s:

- `jsonencode({ Version = ..., Statement = [...] })`, directly or through a local value;
- JSON in a heredoc or a string, with interpolations (`"${aws_s3_bucket.b.arn}/*"`);
- `file("policy.json")` and `templatefile("policy.json.tpl", {...})` of a file the answer
  provides (positions then point into that file);
- `data "aws_iam_policy_document"` with `statement` blocks (also `dynamic "statement"`,
  `source_policy_documents` and `override_policy_documents`), referenced as `.json`.

A `Policy` is one policy-holding argument of one instance of a block (`aws_iam_policy.p`,
`aws_iam_role.r`'s `assume_role_policy`, an `aws_s3_bucket_policy`, a KMS key's `policy`,
an `aws_kms_key_policy`, queue, topic, secret, repository and domain policies, inline role
policies). `kind` says what sort of policy it is (`identity`, `trust`, `bucket`, `key`,
...) and `governs` lists the blocks it applies to (the bucket of a bucket policy, the key
of a key policy, the roles an identity policy is attached to). Values are the evaluator's:
strings, `UNKNOWN` and `PartialString` where a part is known only after apply::

    model = ctx.get(PolicyModel)
    for policy in model.of_kind("key"):
        for statement in policy.allows():
            if "kms:*" in statement.actions and statement.principal_values("AWS"):
                ...
            ctx.finding("...", statement.range_of("Action"), block=policy.block)

Fields of a statement follow the IAM JSON names (`Action`, `NotAction`, `Resource`,
`NotResource`, `Principal`, `NotPrincipal`, `Condition`), whatever the spelling: a
document's `actions` is `Action`, its `principals { type = "Service" }` is
`Principal.Service`, its `condition { test, variable, values }` is a `Condition`.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from tfjudge.evaluate import UNKNOWN, Evaluator, Instance, PartialString, References, Unknown
from tfjudge.facts import fact
from tfjudge.model.config import LocalValue, block_address
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Expr,
    FunctionCall,
    Literal,
    ObjectExpr,
    Template,
    Traversal,
    TupleExpr,
)
from tfjudge.patterns import lazy_pattern
from tfjudge.policy.jsonpos import Path, Position, value_positions
from tfjudge.records import record
from tfjudge.source import Range, SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

# type -> (argument path, kind, the argument naming the governed block, "self", or None)
POLICY_ARGUMENTS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "aws_iam_policy": (("policy", "identity", None),),
    "aws_iam_role_policy": (("policy", "identity", "role"),),
    "aws_iam_user_policy": (("policy", "identity", "user"),),
    "aws_iam_group_policy": (("policy", "identity", "group"),),
    "aws_iam_role": (
        ("assume_role_policy", "trust", "self"),
        ("inline_policy.policy", "identity", "self"),
    ),
    "aws_s3_bucket_policy": (("policy", "bucket", "bucket"),),
    "aws_s3_bucket": (("policy", "bucket", "self"),),
    "aws_kms_key": (("policy", "key", "self"),),
    "aws_kms_replica_key": (("policy", "key", "self"),),
    "aws_kms_key_policy": (("policy", "key", "key_id"),),
    "aws_sqs_queue": (("policy", "queue", "self"),),
    "aws_sqs_queue_policy": (("policy", "queue", "queue_url"),),
    "aws_sns_topic": (("policy", "topic", "self"),),
    "aws_sns_topic_policy": (("policy", "topic", "arn"),),
    "aws_secretsmanager_secret": (("policy", "secret", "self"),),
    "aws_secretsmanager_secret_policy": (("policy", "secret", "secret_arn"),),
    "aws_ecr_repository_policy": (("policy", "repository", "repository"),),
    "aws_cloudwatch_log_resource_policy": (("policy_document", "logs", None),),
    "aws_opensearch_domain": (("access_policies", "domain", "self"),),
    "aws_opensearch_domain_policy": (("access_policies", "domain", "domain_name"),),
    "aws_elasticsearch_domain": (("access_policies", "domain", "self"),),
    "aws_elasticsearch_domain_policy": (("access_policies", "domain", "domain_name"),),
    "aws_api_gateway_rest_api": (("policy", "api", "self"),),
    "aws_api_gateway_rest_api_policy": (("policy", "api", "rest_api_id"),),
    "aws_efs_file_system_policy": (("policy", "filesystem", "file_system_id"),),
    "aws_backup_vault_policy": (("policy", "vault", "backup_vault_name"),),
    "aws_cloudwatch_event_bus_policy": (("policy", "eventbus", "event_bus_name"),),
}


def policy_holders(*kinds: str) -> tuple[str, ...]:
    """The resource types whose arguments hold policies of these kinds (of any kind when
    none is given): where the policy model finds every policy it reads."""
    return tuple(
        sorted(
            holder
            for holder, arguments in POLICY_ARGUMENTS.items()
            if not kinds or any(kind in kinds for _, kind, _ in arguments)
        )
    )


# attachments of identity policies: type -> (policy argument, governed-block arguments)
ATTACHMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "aws_iam_role_policy_attachment": ("policy_arn", ("role",)),
    "aws_iam_user_policy_attachment": ("policy_arn", ("user",)),
    "aws_iam_group_policy_attachment": ("policy_arn", ("group",)),
    "aws_iam_policy_attachment": ("policy_arn", ("roles", "users", "groups")),
}
DOCUMENT = "aws_iam_policy_document"
FIELDS = (
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
)
_DOCUMENT_FIELDS = {
    "sid": "Sid",
    "effect": "Effect",
    "actions": "Action",
    "not_actions": "NotAction",
    "resources": "Resource",
    "not_resources": "NotResource",
}
_CANONICAL = {name.lower(): name for name in FIELDS}
_DEPTH = 8
_INTERPOLATION = lazy_pattern(r"\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)")


@record(frozen=True)
class Condition:
    """One condition: `StringEquals` on `aws:SourceArn` with its values."""

    operator: str
    key: str
    values: tuple[Any, ...]
    range: Range | None = None


@record(eq=False)
class Statement:
    """One statement of a policy, evaluated: each list holds strings, `PartialString`s and
    `UNKNOWN`s. `principals` maps a principal type (`AWS`, `Service`, `Federated`,
    `CanonicalUser`) to its values; `"Principal": "*"` is `{"AWS": ["*"]}`."""

    # the policy holding this statement, held weakly (it holds its statements): see `policy`
    _policy: weakref.ReferenceType[Policy] = field(repr=False)
    index: int
    range: Range
    sid: Any = None
    effect: Any = "Allow"
    actions: list[Any] = field(default_factory=list)
    not_actions: list[Any] = field(default_factory=list)
    resources: list[Any] = field(default_factory=list)
    not_resources: list[Any] = field(default_factory=list)
    principals: dict[str, list[Any]] | None = None
    not_principals: dict[str, list[Any]] | None = None
    conditions: list[Condition] = field(default_factory=list)
    field_ranges: dict[str, Range] = field(default_factory=dict)
    field_targets: dict[str, list[Block]] = field(default_factory=dict)
    known: bool = True  # False when the statement itself is unknown (a whole-object var)
    data: Any = None  # the evaluated statement as written (fields not flattened)

    @property
    def policy(self) -> Policy:
        policy = self._policy()
        if policy is None:
            raise ReferenceError("a statement outlived its policy")
        return policy

    @property
    def is_allow(self) -> bool:
        return isinstance(self.effect, str) and self.effect.lower() == "allow"

    @property
    def is_deny(self) -> bool:
        return isinstance(self.effect, str) and self.effect.lower() == "deny"

    @property
    def allows_anyone(self) -> bool:
        """An Allow to Principal `"*"` (or `{ AWS = "*" }`) that no condition narrows."""
        return self.is_allow and not self.conditions and "*" in self.principal_values("AWS")

    def range_of(self, name: str) -> Range:
        """Where a field (`Action`, `Resource`, `Condition`, ...) is written; else the statement."""
        return self.field_ranges.get(name, self.range)

    def targets(self, name: str) -> list[Block]:
        """The resources and data sources a field refers to (`Resource` -> the bucket)."""
        return list(self.field_targets.get(name, []))

    def principal_values(self, kind: str) -> list[Any]:
        return list((self.principals or {}).get(kind, []))

    @property
    def condition_keys(self) -> set[str]:
        """Condition keys, lower-cased (`aws:sourcearn`); UNKNOWN keys are left out."""
        return {c.key.lower() for c in self.conditions if isinstance(c.key, str)}

    def has_condition(self, *keys: str) -> bool:
        wanted = {k.lower() for k in keys}
        return bool(self.condition_keys & wanted)

    @property
    def address(self) -> str:
        return self.policy.address


@record(eq=False)
class Policy:
    """One policy argument of one instance of a block, as statements."""

    block: Block  # the block whose argument holds the policy
    argument: str  # "policy", "assume_role_policy", "inline_policy.policy", ...
    kind: str  # "identity", "trust", "bucket", "key", "queue", "topic", ...
    instance: Instance | None
    expr: Expr
    spelling: str  # "jsonencode", "json", "file", "templatefile", "document", "value"
    statements: list[Statement] = field(default_factory=list)
    governs: list[Block] = field(default_factory=list)
    complete: bool = True  # False when some statements could not be read
    documents: list[Block] = field(default_factory=list)  # aws_iam_policy_document blocks used

    @property
    def address(self) -> str:
        if self.instance is not None:
            return self.instance.address
        return block_address(self.block) or self.block.type

    @property
    def resource_type(self) -> str:
        return self.block.labels[0] if self.block.labels else ""

    def allows(self) -> Iterator[Statement]:
        return (s for s in self.statements if s.is_allow)


@record(eq=False)
class PolicyModel:
    """Every policy of the answer (one per policy argument and block instance)."""

    policies: list[Policy] = field(default_factory=list)

    def of_block(self, block: Block) -> list[Policy]:
        return [p for p in self.policies if p.block is block]

    def of_kind(self, *kinds: str) -> list[Policy]:
        return [p for p in self.policies if p.kind in kinds]

    def governing(
        self, block: Block, kind: str | None = None, instance: Instance | None = None
    ) -> list[Policy]:
        """The policies that apply to a block (a bucket's bucket policies, a key's policy);
        with `instance`, only those of the same module instance (a module called twice
        pairs each bucket with its own call's policy)."""
        return [
            p
            for p in self.policies
            if any(g is block for g in p.governs)
            and (kind is None or p.kind == kind)
            and _same_module_instance(p.instance, instance)
        ]

    def statements(self, *kinds: str) -> Iterator[Statement]:
        for policy in self.policies:
            if not kinds or policy.kind in kinds:
                yield from policy.statements

    def unique_statements(self, *kinds: str) -> Iterator[Statement]:
        """Statements once per place they are written (instances of one block repeat them)."""
        seen: set[tuple[int, Range]] = set()
        for statement in self.statements(*kinds):
            key = (id(statement.policy.block), statement.range)
            if key not in seen:
                seen.add(key)
                yield statement


def _same_module_instance(first: Instance | None, second: Instance | None) -> bool:
    return first is None or second is None or first.context.address == second.context.address


# -- building -------------------------------------------------------------------------------


class _Builder:
    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.evaluator = ctx.get(Evaluator)
        self.references = ctx.get(References)
        self.files = {f.path: f for f in ctx.response.files}

    def build(self) -> PolicyModel:
        model = PolicyModel()
        for block in self.ctx.configuration.all_resources():
            if self.references.is_superseded(block):
                continue
            for argument, kind, governed in POLICY_ARGUMENTS.get(_type(block), ()):
                for holder, attribute in _policy_attributes(block, argument):
                    for instance in self._instances(block):
                        policy = self.policy(block, argument, kind, instance, attribute.expr)
                        policy.governs = self.governed(block, holder, governed, instance)
                        model.policies.append(policy)
        self._attach(model)
        return model

    def _instances(self, block: Block) -> list[Instance | None]:
        instances: list[Instance | None] = list(self.evaluator.instances(block))
        return instances or [None]

    def policy(
        self, block: Block, argument: str, kind: str, instance: Instance | None, expr: Expr
    ) -> Policy:
        policy = Policy(block, argument, kind, instance, expr, "value")
        raws, spelling, complete = self.read(expr, instance, policy, 0)
        policy.spelling = spelling
        policy.complete = complete
        for index, raw in enumerate(raws):
            statement = _statement(policy, index, raw)
            statement.field_targets = self._field_targets(raw)
            policy.statements.append(statement)
        return policy

    def _field_targets(self, raw: _Raw) -> dict[str, list[Block]]:
        found: dict[str, list[Block]] = {}
        for name, exprs in raw.exprs.items():
            for expr in exprs:
                for reference in self.references.in_expr(expr):
                    self._add_target(found.setdefault(name, []), reference.target, 0)
        if raw.text is not None:
            references = self.references.in_expr(raw.text)
            for name, where in raw.ranges.items():
                for reference in references:
                    if _within(reference.range, where):
                        self._add_target(found.setdefault(name, []), reference.target, 0)
        if raw.template is not None:
            file, variables = raw.template
            for name, where in raw.ranges.items():
                for variable in _interpolated_names(file, where):
                    value = variables.get(variable)
                    for reference in self.references.in_expr(value) if value else ():
                        self._add_target(found.setdefault(name, []), reference.target, 0)
        return {name: blocks for name, blocks in found.items() if blocks}

    def _add_target(self, found: list[Block], target: object, depth: int) -> None:
        if isinstance(target, Block) and target.type in ("resource", "data"):
            if not any(b is target for b in found):
                found.append(target)
        elif isinstance(target, LocalValue) and depth < _DEPTH:
            for reference in self.references.in_expr(target.expr):
                self._add_target(found, reference.target, depth + 1)

    # -- spellings ----------------------------------------------------------------------------

    def read(
        self, expr: Expr, instance: Instance | None, policy: Policy, depth: int
    ) -> tuple[list[_Raw], str, bool]:
        """The statements of a policy expression, how it is spelled, and whether all were read."""
        if depth > _DEPTH:
            return [], "value", False
        local = self._local(expr)
        if local is not None:
            return self.read(local.expr, instance, policy, depth + 1)
        if isinstance(expr, FunctionCall) and expr.name == "jsonencode" and len(expr.args) == 1:
            raws, complete = self.encoded(expr.args[0], instance, depth)
            return raws, "jsonencode", complete
        document = self._document_block(expr)
        if document is not None:
            policy.documents.append(document)
            raws, complete = self.document(document, policy, depth)
            return raws, "document", complete
        if isinstance(expr, FunctionCall) and expr.name in ("file", "templatefile"):
            value = self.evaluator.document(expr, instance)
            file = self._file_argument(expr, instance)
            positions = value_positions(file.text) if file else {}
            raws, complete = _from_document(value, positions, file.path if file else None, expr)
            variables = expr.args[1] if len(expr.args) > 1 else None
            if file is not None and isinstance(variables, ObjectExpr):
                for raw in raws:
                    raw.template = (file, variables)
            return raws, expr.name, complete
        value = self.evaluator.document(expr, instance)
        positions, origin = self._source_positions(expr)
        raws, complete = _from_document(value, positions, origin[0], expr, origin[1])
        if positions:
            for raw in raws:
                raw.text = expr
        spelling = "json" if isinstance(expr, (Literal, Template)) else "value"
        return raws, spelling, complete

    def encoded(self, expr: Expr, instance: Instance | None, depth: int) -> tuple[list[_Raw], bool]:
        """`jsonencode(x)`: statements with the positions of their HCL object items."""
        expr = self._deref(expr, depth)
        if not isinstance(expr, ObjectExpr):
            value = self.evaluator.evaluate(expr, instance)
            return _from_document(value, {}, None, expr)
        statement_expr = _object_get(expr, "Statement")
        if statement_expr is None:
            return [], True
        statement_expr = self._deref(statement_expr, depth)
        if isinstance(statement_expr, ObjectExpr):
            items: tuple[Expr, ...] = (statement_expr,)
        elif isinstance(statement_expr, TupleExpr):
            items = statement_expr.items
        else:
            value = self.evaluator.evaluate(statement_expr, instance)
            listed = [_raw_from_value(v, statement_expr.range, {}) for v in _as_list(value)]
            return listed, not isinstance(value, Unknown)
        raws: list[_Raw] = []
        complete = True
        for item in items:
            item = self._deref(item, depth)
            value = self.evaluator.evaluate(item, instance)
            if isinstance(item, ObjectExpr):
                entries = {
                    _CANONICAL[name.lower()]: entry.value
                    for entry in item.items
                    if (name := entry.key_name) and name.lower() in _CANONICAL
                }
                ranges = {name: value_expr.range for name, value_expr in entries.items()}
                exprs = {name: [value_expr] for name, value_expr in entries.items()}
                raws.append(_raw_from_value(value, item.range, ranges, exprs))
            else:  # a for expression or a reference: each element at the item's place
                values = _as_list(value) if not isinstance(value, dict) else [value]
                raws.extend(_raw_from_value(v, item.range, {}) for v in values)
            complete = complete and not isinstance(value, Unknown)
        return raws, complete

    def document(self, block: Block, policy: Policy, depth: int) -> tuple[list[_Raw], bool]:
        """A `data "aws_iam_policy_document"`: its source documents, then its statements."""
        instances = self.evaluator.instances(block)
        instance = instances[0] if instances else None
        raws: list[_Raw] = []
        complete = True
        for name in (
            "source_policy_documents",
            "source_json",
            "override_policy_documents",
            "override_json",
        ):
            attribute = block.body.attributes.get(name)
            if attribute is None:
                continue
            parts = (
                attribute.expr.items if isinstance(attribute.expr, TupleExpr) else (attribute.expr,)
            )
            for part in parts:
                found, _, done = self.read(part, instance, policy, depth + 1)
                raws.extend(found)
                complete = complete and done
        for statement in block.body.blocks:
            if statement.type == "statement":
                raws.append(self._document_statement(statement, instance, None))
            elif statement.type == "dynamic" and statement.labels == ("statement",):
                found, done = self._dynamic_statements(statement, instance)
                raws.extend(found)
                complete = complete and done
        return raws, complete

    def _document_statement(
        self, block: Block, instance: Instance | None, names: dict[str, Any] | None
    ) -> _Raw:
        def value(expr: Expr) -> Any:
            return self.evaluator.evaluate(expr, instance, names)

        data: dict[str, Any] = {}
        ranges: dict[str, Range] = {}
        exprs: dict[str, list[Expr]] = {}
        for name, attribute in block.body.attributes.items():
            canonical = _DOCUMENT_FIELDS.get(name)
            if canonical is not None:
                data[canonical] = value(attribute.expr)
                ranges[canonical] = attribute.range
                exprs[canonical] = [attribute.expr]
        for kind in ("principals", "not_principals"):
            canonical = "Principal" if kind == "principals" else "NotPrincipal"
            for nested in block.body.blocks_of(kind):
                principal_type = value(nested.body.get("type") or _null(nested))
                identifiers_expr = nested.body.get("identifiers") or _null(nested)
                identifiers = value(identifiers_expr)
                exprs.setdefault(canonical, []).append(identifiers_expr)
                key = principal_type if isinstance(principal_type, str) else "?"
                if key == "*":
                    key = "AWS"
                entries = data.setdefault(canonical, {})
                if isinstance(entries, dict):
                    entries.setdefault(key, []).extend(_as_list(identifiers))
                ranges.setdefault(canonical, nested.range)
        conditions: list[Condition] = []
        for nested in block.body.blocks_of("condition"):
            test = value(nested.body.get("test") or _null(nested))
            variable = value(nested.body.get("variable") or _null(nested))
            values = value(nested.body.get("values") or _null(nested))
            conditions.append(
                Condition(
                    test if isinstance(test, str) else "?",
                    variable if isinstance(variable, str) else "?",
                    tuple(_as_list(values)),
                    nested.range,
                )
            )
            ranges.setdefault("Condition", nested.range)
            values_expr = nested.body.get("values")
            if values_expr is not None:
                exprs.setdefault("Condition", []).append(values_expr)
        data.setdefault("Effect", "Allow")
        return _Raw(data, block.range, ranges, conditions, exprs)

    def _dynamic_statements(
        self, block: Block, instance: Instance | None
    ) -> tuple[list[_Raw], bool]:
        for_each = block.body.get("for_each")
        content = block.body.first_block("content")
        if for_each is None or content is None:
            return [], False
        collection = self.evaluator.evaluate(for_each, instance)
        iterator = self.evaluator.evaluate(block.body.get("iterator") or _null(block), instance)
        name = iterator if isinstance(iterator, str) else "statement"
        if isinstance(collection, dict):
            pairs = list(collection.items())
        elif isinstance(collection, list):
            pairs = list(enumerate(collection))
        else:
            return [], False
        raws = [
            self._document_statement(content, instance, {name: {"key": k, "value": v}})
            for k, v in pairs
        ]
        return raws, True

    # -- references ---------------------------------------------------------------------------

    def _local(self, expr: Expr) -> LocalValue | None:
        """The local value `expr` is, when it is exactly `local.name`."""
        if not isinstance(expr, Traversal) or expr.root != "local" or len(expr.steps) != 1:
            return None
        for reference in self.references.in_expr(expr):
            if isinstance(reference.target, LocalValue):
                return reference.target
        return None

    def _deref(self, expr: Expr, depth: int) -> Expr:
        for _ in range(_DEPTH - depth):
            local = self._local(expr)
            if local is None:
                return expr
            expr = local.expr
        return expr

    def _document_block(self, expr: Expr) -> Block | None:
        if not isinstance(expr, Traversal) or expr.root != "data":
            return None
        for target in self.references.targets(expr):
            block = target.block
            if block.type == "data" and _type(block) == DOCUMENT:
                return block
        return None

    def _file_argument(self, call: FunctionCall, instance: Instance | None) -> SourceFile | None:
        if not call.args:
            return None
        path = self.evaluator.evaluate(call.args[0], instance)
        if not isinstance(path, str):
            return None
        return self.evaluator.files.find(path.removeprefix("${path.module}/"))

    def _source_positions(self, expr: Expr) -> tuple[dict[Path, Position], tuple[str, int]]:
        """Positions of the JSON written in `expr` itself (a heredoc or a string)."""
        if not isinstance(expr, (Literal, Template)):
            return {}, (expr.range.file, 0)
        file = self.files.get(expr.range.file)
        if file is None:
            return {}, (expr.range.file, 0)
        lines = file.lines[expr.range.start_line - 1 : expr.range.end_line]
        if not lines:
            return {}, (file.path, 0)
        # blank out what precedes the expression on its first line, keeping columns
        lines[0] = " " * (expr.range.start_column - 1) + lines[0][expr.range.start_column - 1 :]
        text = "\n".join(lines)
        return value_positions(text), (file.path, expr.range.start_line - 1)

    # -- what a policy governs ----------------------------------------------------------------

    def governed(
        self, block: Block, holder: Block, argument: str | None, instance: Instance | None
    ) -> list[Block]:
        if argument is None:
            return []
        if argument == "self":
            return [block]
        expr = holder.body.get(argument)
        if expr is None:
            return []
        found = [b for b in self.references.target_blocks(expr) if b.type == "resource"]
        if not found and _type(block) == "aws_s3_bucket_policy":
            # `bucket = "literal-name"` or a variable the bucket uses too: match by value
            from tfjudge.resources.s3 import S3Buckets

            for bucket in self.ctx.get(S3Buckets).companion_of(block):
                if bucket.block not in found:
                    found.append(bucket.block)
        return found

    def _attach(self, model: PolicyModel) -> None:
        """Identity policies govern the roles, users and groups they are attached to."""
        by_block: dict[int, list[Policy]] = {}
        for policy in model.policies:
            by_block.setdefault(id(policy.block), []).append(policy)
        for block in self.ctx.configuration.all_resources():
            spec = ATTACHMENTS.get(_type(block))
            if spec is None:
                continue
            policy_arn = block.body.get(spec[0])
            if policy_arn is None:
                continue
            governed: list[Block] = []
            for name in spec[1]:
                expr = block.body.get(name)
                if expr is not None:
                    governed.extend(self.references.target_blocks(expr))
            for source in self.references.target_blocks(policy_arn):
                for policy in by_block.get(id(source), ()):
                    policy.governs.extend(g for g in governed if g not in policy.governs)


# -- raw statements -----------------------------------------------------------------------------


@record
class _Raw:
    """A statement as read from its source, before it becomes a `Statement`."""

    data: Any  # the statement as evaluated (a dict, or UNKNOWN)
    range: Range
    ranges: dict[str, Range]
    conditions: list[Condition] | None = None  # already read (documents)
    exprs: dict[str, list[Expr]] = field(default_factory=dict)  # where each field is written
    text: Expr | None = None  # the heredoc or string the statement's JSON is written in
    template: tuple[SourceFile, ObjectExpr] | None = None  # templatefile's file and variables


def _raw_from_value(
    value: Any, where: Range, ranges: dict[str, Range], exprs: dict[str, list[Expr]] | None = None
) -> _Raw:
    return _Raw(value, where, ranges, exprs=exprs or {})


def _from_document(
    value: Any,
    positions: dict[Path, Position],
    path: str | None,
    expr: Expr,
    line_offset: int = 0,
) -> tuple[list[_Raw], bool]:
    """Statements of a decoded JSON document, placed by the scanned positions when known."""
    if not isinstance(value, dict):
        return [], False
    statements = _get(value, "Statement")
    if statements is None:
        return [], True
    single = isinstance(statements, dict)
    items = [statements] if single else _as_list(statements)
    raws: list[_Raw] = []
    for index, item in enumerate(items):
        base: tuple[str | int, ...] = ("Statement",) if single else ("Statement", index)
        where = _position(positions, base, path, line_offset) or expr.range
        ranges: dict[str, Range] = {}
        if isinstance(item, dict):
            for key in item:
                if key.lower() in _CANONICAL:
                    found = _position(positions, (*base, key), path, line_offset)
                    if found is not None:
                        ranges[_CANONICAL[key.lower()]] = found
        raws.append(_Raw(item, where, ranges))
    return raws, not isinstance(statements, Unknown)


def _position(
    positions: dict[Path, Position], key: Path, path: str | None, offset: int
) -> Range | None:
    found = positions.get(key)
    if found is None or path is None:
        return None
    line, column, end_line, end_column = found
    return Range(path, line + offset, column, end_line + offset, end_column)


def _interpolated_names(file: SourceFile, where: Range) -> set[str]:
    """Template variables interpolated within a span of a template file (`${arn}/*`)."""
    lines = file.lines[where.start_line - 1 : where.end_line]
    if not lines:
        return set()
    lines[-1] = lines[-1][: where.end_column - 1]
    lines[0] = lines[0][where.start_column - 1 :]  # after the cut above: same line, same start
    return set(_INTERPOLATION.findall("\n".join(lines)))


def _within(inner: Range, outer: Range) -> bool:
    if inner.file != outer.file:
        return False
    starts_after = (inner.start_line, inner.start_column) >= (outer.start_line, outer.start_column)
    ends_before = (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)
    return starts_after and ends_before


def _statement(policy: Policy, index: int, raw: _Raw) -> Statement:
    data = raw.data
    statement = Statement(
        weakref.ref(policy), index, raw.range, field_ranges=dict(raw.ranges), data=data
    )
    if not isinstance(data, dict):
        statement.known = False
        statement.effect = UNKNOWN
        return statement
    statement.sid = _get(data, "Sid")
    effect = _get(data, "Effect")
    statement.effect = effect if effect is not None else UNKNOWN
    statement.actions = _strings(_get(data, "Action"))
    statement.not_actions = _strings(_get(data, "NotAction"))
    statement.resources = _strings(_get(data, "Resource"))
    statement.not_resources = _strings(_get(data, "NotResource"))
    statement.principals = _principals(_get(data, "Principal"))
    statement.not_principals = _principals(_get(data, "NotPrincipal"))
    if raw.conditions is not None:
        statement.conditions = raw.conditions
    else:
        statement.conditions = _conditions(_get(data, "Condition"), raw.ranges.get("Condition"))
    return statement


def _get(data: dict[str, Any], name: str) -> Any:
    if name in data:
        return data[name]
    lowered = name.lower()
    for key, value in data.items():
        if isinstance(key, str) and key.lower() == lowered:
            return value
    return None


def _strings(value: Any) -> list[Any]:
    """A field's values: strings, PartialStrings and UNKNOWNs (a list of them, flattened)."""
    if value is None:
        return []
    return [v for v in _as_list(value) if isinstance(v, (str, PartialString, Unknown))]


def _principals(value: Any) -> dict[str, list[Any]] | None:
    if value is None:
        return None
    if isinstance(value, str) and value == "*":
        return {"AWS": ["*"]}
    if isinstance(value, dict):
        return {str(k): _strings(v) for k, v in value.items()}
    return {"?": [UNKNOWN]}


def _conditions(value: Any, where: Range | None) -> list[Condition]:
    if isinstance(value, Unknown):
        return [Condition("?", "?", (UNKNOWN,), where)]
    if not isinstance(value, dict):
        return []
    found: list[Condition] = []
    for operator, entries in value.items():
        if isinstance(entries, dict):
            for key, values in entries.items():
                found.append(Condition(str(operator), str(key), tuple(_as_list(values)), where))
        else:
            found.append(Condition(str(operator), "?", (UNKNOWN,), where))
    return found


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        flat: list[Any] = []
        for item in value:
            flat.extend(item if isinstance(item, list) else [item])
        return flat
    if value is None:
        return []
    return [value]


def _object_get(expr: ObjectExpr, name: str) -> Expr | None:
    for item in expr.items:
        if item.key_name is not None and item.key_name.lower() == name.lower():
            return item.value
    return None


def _policy_attributes(block: Block, argument: str) -> list[tuple[Block, Attribute]]:
    """(holding block, attribute) for `policy` or `inline_policy.policy` (repeated blocks)."""
    *nested, name = argument.split(".")
    holders = [block]
    for kind in nested:
        holders = [child for holder in holders for child in holder.body.blocks_of(kind)]
    return [(h, h.body.attributes[name]) for h in holders if name in h.body.attributes]


def _type(block: Block) -> str:
    return block.labels[0] if block.labels else ""


def _null(block: Block) -> Expr:
    return Literal(block.range, None)


@fact(PolicyModel)
def policy_model(ctx: RuleContext) -> PolicyModel:
    return _Builder(ctx).build()
