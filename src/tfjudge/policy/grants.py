"""What an IAM role of the answer is allowed to do: its policies and AWS managed policies.

A role's permissions come from its inline policies (`inline_policy`, `aws_iam_role_policy`),
customer managed policies attached to it (the answer's `aws_iam_policy` blocks, read by
the policy model) and AWS managed policies attached by ARN (read from the published list,
`tfjudge.policy.managed`). `RoleGrants.allows(action)` answers True (some Allow statement
grants it), False (nothing the role has could grant it) or None (something attached to
the role cannot be read: a policy of unknown content, inline policies a `dynamic` block
makes, an attachment to a role named by an unknown value, a customer policy ARN the answer
does not declare)::

    grants = ctx.get(Grants).of_role(role_block)
    grants.allows("sqs:ReceiveMessage")        # True / False / None

Resources and conditions are not weighed: a rule that asks "can this role ever call X"
gets False only when no statement names the action at all, so it never fires on a grant
that a narrower resource would make insufficient.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from tfjudge.evaluate import Evaluator, Instance, PartialString, References, Unknown
from tfjudge.facts import fact
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.policy.managed import ManagedPolicy, action_matches, managed_policies
from tfjudge.policy.model import Policy, PolicyModel, Statement
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

# attachment type -> (policy ARN argument, role arguments)
ROLE_ATTACHMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "aws_iam_role_policy_attachment": ("policy_arn", ("role",)),
    "aws_iam_policy_attachment": ("policy_arn", ("roles",)),
    "aws_iam_role_policy_attachments_exclusive": ("policy_arns", ("role_name",)),
}
INLINE = "aws_iam_role_policy"


@record(eq=False)
class RoleGrants:
    """The policies attached to a role, and why some grant cannot be read."""

    role: Block
    policies: list[Policy] = field(default_factory=list)
    managed: list[ManagedPolicy] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # why some grant cannot be read

    @property
    def complete(self) -> bool:
        return not self.unknown

    def allows(self, action: str) -> bool | None:
        """True when some Allow grants `action`, False when nothing could, None when
        something attached to the role cannot be read."""
        if any(policy.allows(action) for policy in self.managed):
            return True
        undecided = not self.complete
        for policy in self.policies:
            undecided = undecided or not policy.complete
            for statement in policy.statements:
                granted = statement_allows(statement, action)
                if granted:
                    return True
                if granted is None:
                    undecided = True
        return None if undecided else False

    def missing(self, actions: tuple[str, ...]) -> list[str] | None:
        """The actions nothing grants; None when the role's grants cannot all be read."""
        answers = [(action, self.allows(action)) for action in actions]
        if any(allowed is None for _, allowed in answers):
            return None
        return [action for action, allowed in answers if allowed is False]


def statement_allows(statement: Statement, action: str) -> bool | None:
    """Whether one statement grants `action`: None when its effect or actions are unknown."""
    if not statement.known:
        return None
    if not statement.is_allow:
        return None if not statement.is_deny else False
    verdict: bool | None = False
    for pattern in statement.actions:
        if isinstance(pattern, str):
            if action_matches(pattern, action):
                return True
        elif _could_match(pattern, action):
            verdict = None
    if statement.not_actions:
        excluded = [p for p in statement.not_actions if isinstance(p, str)]
        if len(excluded) < len(statement.not_actions):
            return None
        if not any(action_matches(p, action) for p in excluded):
            return True
    return verdict


def _could_match(pattern: Any, action: str) -> bool:
    """An action pattern with unknown parts (`"${var.service}:*"`) might grant anything."""
    if isinstance(pattern, Unknown):
        return True
    if isinstance(pattern, PartialString):
        prefix = pattern.prefix.lower()
        return action.lower().startswith(prefix) or "*" in prefix
    return False


class Grants:
    """What each role of the answer is granted; built per role on first use."""

    def __init__(self, ctx: RuleContext) -> None:
        self.configuration = ctx.configuration  # not the context: it holds this fact
        self.model = ctx.get(PolicyModel)
        self.evaluator = ctx.get(Evaluator)
        self.references = ctx.get(References)
        self._roles: dict[int, RoleGrants] = {}

    def of_role(self, role: Block) -> RoleGrants:
        key = id(role)
        if key not in self._roles:
            self._roles[key] = self._build(role)
        return self._roles[key]

    def _build(self, role: Block) -> RoleGrants:
        grants = RoleGrants(role)
        for policy in self.model.governing(role, "identity"):
            if policy not in grants.policies:
                grants.policies.append(policy)
        if any(b.labels[:1] == ("inline_policy",) for b in role.body.blocks_of("dynamic")):
            grants.unknown.append(f"{_address(role)} has inline policies a dynamic block makes")
        names = self._names(role)
        for block in self.configuration.all_resources():
            if self.references.is_superseded(block):
                continue
            kind = block.labels[0] if block.labels else ""
            role_expr = block.body.get("role")
            if (
                kind == INLINE
                and not self._references(role_expr, role)
                and self._names_role(role_expr, names, grants, block)
            ):
                grants.policies.extend(
                    p for p in self.model.of_block(block) if p not in grants.policies
                )
            spec = ROLE_ATTACHMENTS.get(kind)
            if spec is None:
                continue
            arn_argument, role_arguments = spec
            if any(
                self._references(block.body.get(name), role)
                or self._names_role(block.body.get(name), names, grants, block)
                for name in role_arguments
            ):
                self._attached(block.body.get(arn_argument), grants, block)
        self._attached(role.body.get("managed_policy_arns"), grants, role)
        return grants

    # -- which attachments are this role's ----------------------------------------------------

    def _names(self, role: Block) -> list[Any]:
        """The role's evaluated names (strings, or partial strings when part is unknown)."""
        found: list[Any] = []
        for _, value in self.evaluator.attribute_values(role, "name"):
            if isinstance(value, (str, PartialString)) and value not in found:
                found.append(value)
        return found

    def _references(self, expr: Expr | None, role: Block) -> bool:
        if expr is None:
            return False
        return any(b is role for b in self.references.target_blocks(expr))

    def _names_role(
        self, expr: Expr | None, names: list[Any], grants: RoleGrants, holder: Block
    ) -> bool:
        """Whether an argument that refers to no block names this role by value. A value
        not known before apply is this role when the holder refers to it elsewhere (a
        `for_each` over role names), another role's when it refers only to others, and
        else might be this role's: then the role's grants are unreadable."""
        if expr is None or self.references.target_blocks(expr):
            return False
        roles = [
            r.target
            for r in self.references.of_block(holder)
            if isinstance(r.target, Block) and r.target.labels[:1] == ("aws_iam_role",)
        ]
        for _, value in self._values(holder, expr):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item in names:
                    return True
                if isinstance(item, (Unknown, PartialString)):
                    if item in names or any(r is grants.role for r in roles):
                        return True
                    if not roles:
                        grants.unknown.append(
                            f"{_address(holder)} names its role by an unknown value"
                        )
        return False

    def _values(self, block: Block, expr: Expr) -> list[tuple[Any, Any]]:
        instances: list[Instance | None] = [*self.evaluator.instances(block)] or [None]
        return [(i, self.evaluator.evaluate(expr, i)) for i in instances]

    # -- what an attachment grants ------------------------------------------------------------

    def _attached(self, expr: Expr | None, grants: RoleGrants, holder: Block) -> None:
        if expr is None:
            return
        targets = self.references.target_blocks(expr)
        if any(t.type == "resource" for t in targets):
            # the answer's own aws_iam_policy, as the policy model reads it
            for target in targets:
                if target.type != "resource":
                    continue
                policies = self.model.of_block(target)
                if not policies:
                    grants.unknown.append(f"{_address(target)} is attached but not readable")
                grants.policies.extend(p for p in policies if p not in grants.policies)
            return
        for target in targets:
            if target.type == "data":
                self._data_policy(target, grants)
        if targets:
            return
        for _, value in self._values(holder, expr):
            for item in value if isinstance(value, list) else [value]:
                self._arn(item, grants, holder)

    def _data_policy(self, block: Block, grants: RoleGrants) -> None:
        arn = self.evaluator.attribute(block, "arn")
        if isinstance(arn, str) and managed_policies().key_of(arn):
            self._arn(arn, grants, block)
        else:
            grants.unknown.append(f"{_address(block)} is a policy the answer does not show")

    def _arn(self, value: Any, grants: RoleGrants, holder: Block) -> None:
        if not isinstance(value, str):
            grants.unknown.append(f"{_address(holder)} attaches a policy of unknown ARN")
            return
        catalogue = managed_policies()
        if catalogue.key_of(value) is None:
            grants.unknown.append(f"{_address(holder)} attaches {value}, not in the answer")
            return
        policy = catalogue.lookup(value)
        if policy is not None and policy not in grants.managed:
            grants.managed.append(policy)


def _address(block: Block) -> str:
    return ".".join(block.labels[:2]) if block.type == "resource" else block.type


@fact(Grants)
def grants_fact(ctx: RuleContext) -> Grants:
    return Grants(ctx)
