"""What `terraform plan` cannot know before apply, for `count` and `for_each`.

On a first deployment every managed resource is still to be created, so its `id` and
`arn` are known only after apply; a data source that refers to a managed resource (or
depends on one) is read at apply too, so all its attributes are unknown at plan. A
`count` built from such a value, or `for_each` keys (map keys, set elements) built from
one, stop `terraform plan` ("Invalid count argument", "Invalid for_each argument"),
although `terraform validate` accepts them. Checked against terraform plan
(tests/oracle/test_plan_time_oracle.py).

Only what is certain is claimed. A value is unknown when it is wholly unknown (an id, a
string built from one), not when it merely holds one (`{ arn = aws_iam_policy.p.arn }`
is an object with known keys, and `var.x != null` of it is known). Of a managed
resource's attributes only `id` and `arn` are taken as unknown (terraform plan leaves
them unknown for every type; some providers compute other attributes at plan, such as an
ACM certificate's `domain_validation_options`); one the configuration sets is judged by
its expression. A conditional is unknown when its condition is, or both its branches
are; `try`, `can`, `coalesce`, `lookup` and the like are taken as known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tfjudge.evaluate.references import (
    DATA,
    MODULE,
    RESOURCE,
    VARIABLE,
    Reference,
    References,
)
from tfjudge.facts import fact
from tfjudge.model.config import LocalValue, Module
from tfjudge.parse.hcl.ast import (
    BinaryOp,
    Block,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    ObjectExpr,
    RelativeTraversal,
    Splat,
    Template,
    Traversal,
    TupleExpr,
    UnaryOp,
)

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

APPLY_TIME_ATTRIBUTES = frozenset({"id", "arn"})
# collection functions: their elements are their arguments' elements
_ELEMENTS_OF_ARGUMENTS = frozenset(
    {
        "concat",
        "flatten",
        "tolist",
        "toset",
        "distinct",
        "compact",
        "sort",
        "reverse",
        "setunion",
        "values",
    }
)
# functions whose result has as many elements as their argument, whatever the values
_SAME_SIZE = frozenset({"tolist", "tomap", "values", "keys", "reverse", "sort"})
# functions whose result's size depends on the values of its argument's elements
_VALUE_SIZED = frozenset({"toset", "distinct", "compact", "setunion", "setintersection"})
# results taken as known: a fallback or lookup may not use the unknown argument at all
_NOT_JUDGED = frozenset(
    {
        "try",
        "can",
        "coalesce",
        "coalescelist",
        "lookup",
        "element",
        "one",
        "index",
        "contains",
        "length",
        "keys",
        "jsonencode",
        "yamlencode",
        "type",
    }
)
_MAX_DEPTH = 40
_NAMED_VALUES = ("local", "var", "module")  # what `_follow` looks through


class Culprit(NamedTuple):
    """The reference a value known only after apply comes from (`aws_subnet.public`), and
    the attribute read from it (`id`), or None for a data source read at apply."""

    reference: Reference
    attribute: str | None

    def describe(self) -> str:
        address = self.reference.address
        if self.attribute is None:
            return f"{address}, a data source read only at apply (it depends on a resource)"
        return f"{address}.{self.attribute}, known only after apply"


class _Element(NamedTuple):
    """A `for` variable bound to instances of a block: its attributes are judged as the
    block's (`s.id` in `for s in aws_subnet.public : ...`)."""

    reference: Reference


_Binding = Culprit | _Element | None  # None: known, or not wholly unknown
_Scope = dict[str, _Binding]
_Judge = Callable[[Expr, Module, _Scope, int], Culprit | None]


class PlanTime:
    """Whether the value of a `count` or the keys of a `for_each` are known at plan."""

    def __init__(self, references: References) -> None:
        self.references = references
        self._deferred: dict[int, Culprit | None] = {}

    def count_culprit(self, expr: Expr, module: Module) -> Culprit | None:
        return self._unknown(expr, module, {}, 0)

    def for_each_culprit(self, expr: Expr, module: Module) -> Culprit | None:
        return self._keys(expr, module, {}, 0)

    # -- keys: what identifies the instances -------------------------------------------

    def _keys(self, expr: Expr, module: Module, scope: _Scope, depth: int) -> Culprit | None:
        """A reference that makes a map key or a set element of `expr` unknown."""
        if depth > _MAX_DEPTH:
            return None
        depth += 1
        if isinstance(expr, ObjectExpr):
            return _first(self._unknown(item.key, module, scope, depth) for item in expr.items)
        if isinstance(expr, ForExpr):
            if expr.key is None:  # a tuple: no for_each value
                return None
            inner = self._bind(expr, module, scope, depth)
            parts = [p for p in (expr.condition, expr.key) if p is not None]
            return _first(self._unknown(p, module, inner, depth) for p in parts)
        if isinstance(expr, FunctionCall):
            return self._call_keys(expr, module, scope, depth)
        if isinstance(expr, Conditional):
            return self._either(expr, module, scope, depth, self._keys)
        if isinstance(expr, Traversal):
            return self._follow(expr, depth, self._keys)
        return None

    def _call_keys(
        self, expr: FunctionCall, module: Module, scope: _Scope, depth: int
    ) -> Culprit | None:
        if expr.name == "toset":
            return _first(self._elements(a, module, scope, depth) for a in expr.args)
        if expr.name in ("merge", "tomap"):
            return _first(self._keys(a, module, scope, depth) for a in expr.args)
        if expr.name == "zipmap" and expr.args:
            return self._elements(expr.args[0], module, scope, depth)
        return None

    # -- elements: a collection with an unknown element ---------------------------------

    def _elements(self, expr: Expr, module: Module, scope: _Scope, depth: int) -> Culprit | None:
        """A reference that makes an element of the collection `expr` wholly unknown."""
        if depth > _MAX_DEPTH:
            return None
        depth += 1
        if isinstance(expr, TupleExpr):
            return _first(self._unknown(item, module, scope, depth) for item in expr.items)
        if isinstance(expr, ForExpr):
            inner = self._bind(expr, module, scope, depth)
            return self._unknown(expr.value, module, inner, depth) if expr.key is None else None
        if isinstance(expr, FunctionCall):
            if expr.name not in _ELEMENTS_OF_ARGUMENTS:
                return self._unknown(expr, module, scope, depth)
            return _first(self._elements(a, module, scope, depth) for a in expr.args)
        if isinstance(expr, Conditional):
            return self._either(expr, module, scope, depth, self._elements)
        if isinstance(expr, Traversal) and expr.root in _NAMED_VALUES:
            found = self._follow(expr, depth, self._elements)
            if found is not None:
                return found
        if isinstance(expr, (Traversal, RelativeTraversal, Splat)):
            return self._unknown(expr, module, scope, depth)
        return None

    # -- values ------------------------------------------------------------------------

    def _unknown(self, expr: Expr, module: Module, scope: _Scope, depth: int) -> Culprit | None:
        """A reference that makes the value of `expr` wholly unknown at plan."""
        if depth > _MAX_DEPTH:
            return None
        depth += 1
        if isinstance(expr, (Traversal, RelativeTraversal, Splat)):
            return self._traversal(expr, module, scope, depth)
        if isinstance(expr, FunctionCall):
            if expr.name == "length" and len(expr.args) == 1:
                return self._size(expr.args[0], module, scope, depth)
            if expr.name in _NOT_JUDGED:
                return None
            return _first(self._unknown(a, module, scope, depth) for a in expr.args)
        if isinstance(expr, Conditional):
            return self._either(expr, module, scope, depth, self._unknown)
        if isinstance(expr, Template):
            parts = [p for p in expr.parts if isinstance(p, Expr)]
            return _first(self._unknown(p, module, scope, depth) for p in parts)
        if isinstance(expr, BinaryOp):
            left = self._unknown(expr.left, module, scope, depth)
            return left or self._unknown(expr.right, module, scope, depth)
        if isinstance(expr, UnaryOp):
            return self._unknown(expr.operand, module, scope, depth)
        return None  # literals; constructors hold values but are not wholly unknown

    def _size(self, expr: Expr, module: Module, scope: _Scope, depth: int) -> Culprit | None:
        """A reference that makes the number of elements of `expr` unknown at plan."""
        if isinstance(expr, FunctionCall):
            if expr.name in _VALUE_SIZED:
                return _first(self._elements(a, module, scope, depth) for a in expr.args)
            if expr.name in _SAME_SIZE and len(expr.args) == 1:
                return self._size(expr.args[0], module, scope, depth + 1)
            return None
        if isinstance(expr, ForExpr):
            inner = self._bind(expr, module, scope, depth)
            keyed = [p for p in (expr.condition, expr.key) if p is not None]
            return _first(self._unknown(p, module, inner, depth) for p in keyed)
        if isinstance(expr, Traversal) and expr.root in _NAMED_VALUES:
            return self._follow(expr, depth, self._size)
        if (
            isinstance(expr, Splat)
            and isinstance(expr.source, Traversal)
            and self._instances(expr.source, scope) is not None
        ):
            return None  # `data.aws_subnet.sel[*].id`: as many as the block's instances
        if isinstance(expr, (Traversal, RelativeTraversal, Splat)):
            found = self._unknown(expr, module, scope, depth)  # a splat's size is known:
            return found if found is not None and found.attribute is None else None
        return None

    def _either(
        self, expr: Conditional, module: Module, scope: _Scope, depth: int, judge: _Judge
    ) -> Culprit | None:
        condition = self._unknown(expr.condition, module, scope, depth)
        if condition is not None:
            return condition
        true_side = judge(expr.true_value, module, scope, depth)
        false_side = judge(expr.false_value, module, scope, depth)
        return true_side if true_side is not None and false_side is not None else None

    def _bind(self, expr: ForExpr, module: Module, scope: _Scope, depth: int) -> _Scope:
        """The scope inside a `for`: its value variable bound to instances of a block, or
        to the unknown its collection's elements are; its key variable to what makes the
        collection's keys unknown."""
        element: _Binding = self._instances(expr.collection, scope)
        if element is None:
            element = self._elements(expr.collection, module, scope, depth)
        inner = dict(scope)
        inner[expr.value_var] = element
        if expr.key_var is not None:
            inner[expr.key_var] = self._keys(expr.collection, module, scope, depth)
        return inner

    def _instances(self, collection: Expr, scope: _Scope) -> _Element | None:
        """Instances of a block when `collection` is the block itself (`aws_subnet.public`,
        `values(aws_subnet.public)`, `aws_subnet.public[*]`)."""
        while isinstance(collection, FunctionCall) and collection.name == "values":
            if len(collection.args) != 1:
                return None
            collection = collection.args[0]
        if isinstance(collection, Splat) and not collection.each:
            collection = collection.source
        if not isinstance(collection, Traversal) or collection.root in scope:
            return None
        reference = self._reference(collection)
        if reference is None or reference.kind not in (RESOURCE, DATA) or reference.remainder:
            return None
        return _Element(reference)

    # -- references --------------------------------------------------------------------

    def _traversal(
        self, expr: Expr, module: Module, scope: _Scope, depth: int, further: Sequence[str] = ()
    ) -> Culprit | None:
        """Whether what a traversal reads, then the attributes `further` of it, is wholly
        unknown (`local.bucket.arn` with `local.bucket = aws_s3_bucket.logs` reads the
        traversal `aws_s3_bucket.logs`, then `arn`)."""
        base, names = _decompose(expr)
        if base is None:
            return None  # steps on a call's or a constructor's result: not judged
        if base.root in scope:
            binding = scope[base.root]
            if isinstance(binding, _Element):
                return self._referenced(binding.reference, [*names, *further], depth)
            return binding
        reference = self._reference(base)
        if reference is None:
            return None
        rest = [*names[reference.address.count(".") :], *further]
        return self._referenced(reference, rest, depth)

    def _referenced(self, reference: Reference, names: list[str], depth: int) -> Culprit | None:
        """Whether `names` read from what `reference` names is wholly unknown at plan."""
        target = reference.target
        if isinstance(target, LocalValue):
            return self._selected(target.expr, names, reference.module, depth)
        if not isinstance(target, Block):
            return None
        if reference.kind == RESOURCE:
            return self._resource_attribute(reference, target, names, depth)
        if reference.kind == DATA:  # its instances are known
            return self._deferred_read(reference, target) if names else None
        if reference.kind == VARIABLE:
            for argument, caller_module in self._arguments(reference, target):
                found = self._selected(argument, names, caller_module, depth)
                if found is not None:
                    return found
            return None
        if reference.kind == MODULE and names:
            output = self._output(target, names[0])
            if output is not None:
                return self._selected(output[0], names[1:], output[1], depth)
        return None

    def _selected(self, expr: Expr, names: list[str], module: Module, depth: int) -> Culprit | None:
        """Whether the attribute `names` selects from the value of `expr` is wholly unknown."""
        while names and isinstance(expr, ObjectExpr):
            item = next((i for i in expr.items if i.key_name == names[0]), None)
            if item is None:
                return None
            expr, names = item.value, names[1:]
        if names:
            if depth > _MAX_DEPTH:
                return None
            return self._traversal(expr, module, {}, depth + 1, names)
        return self._unknown(expr, module, {}, depth)

    def _resource_attribute(
        self, reference: Reference, block: Block, names: list[str], depth: int
    ) -> Culprit | None:
        if not names:
            return None
        written = block.body.attributes.get(names[0])
        if written is not None:
            return self._selected(written.expr, names[1:], reference.module, depth + 1)
        if names[0] in APPLY_TIME_ATTRIBUTES and len(names) == 1:
            return Culprit(reference, names[0])
        return None

    def _deferred_read(self, reference: Reference, block: Block) -> Culprit | None:
        """A data source terraform reads at apply: one whose arguments refer to a managed
        resource, or read after one (`depends_on`)."""
        key = id(block)
        if key not in self._deferred:
            waits = any(
                isinstance(r.target, Block) and r.target.type == "resource"
                for r in self.references.of_block(block)
            )
            self._deferred[key] = Culprit(reference, None) if waits else None
        return self._deferred[key]

    def _arguments(self, reference: Reference, variable: Block) -> list[tuple[Expr, Module]]:
        """What the calls of the variable's module pass it, each with the caller's module."""
        name = variable.labels[0] if variable.labels else ""
        return [
            (argument.expr, self.references.module_of(call))
            for call, argument in reference.module.arguments(name)
        ]

    def _output(self, call: Block, name: str) -> tuple[Expr, Module] | None:
        child = self.references.configuration.callee(call)
        if child is None:
            return None
        for output in child.outputs:
            value = output.body.attributes.get("value")
            if output.labels[:1] == (name,) and value is not None:
                return value.expr, child
        return None

    def _follow(self, expr: Traversal, depth: int, judge: _Judge) -> Culprit | None:
        """`judge` applied to what the local or the module variable `expr` holds."""
        reference = self._reference(expr)
        if reference is None:
            return None
        if reference.kind == MODULE and isinstance(reference.target, Block):
            names = [s.name for s in expr.steps if isinstance(s, GetAttr)]
            output = self._output(reference.target, names[1]) if len(names) == 2 else None
            return None if output is None else judge(output[0], output[1], {}, depth)
        if len(expr.steps) != 1:
            return None
        if isinstance(reference.target, LocalValue):
            return judge(reference.target.expr, reference.module, {}, depth)
        if reference.kind == VARIABLE and isinstance(reference.target, Block):
            for argument, caller_module in self._arguments(reference, reference.target):
                found = judge(argument, caller_module, {}, depth)
                if found is not None:
                    return found
        return None

    def _reference(self, traversal: Traversal) -> Reference | None:
        for reference in self.references.in_expr(traversal):
            if reference.expr is traversal:
                return reference
        return None


def _decompose(expr: Expr) -> tuple[Traversal | None, list[str]]:
    """The traversal under splats and relative steps (`aws_subnet.s[*].id` gives
    `aws_subnet.s`), and every attribute name read on the way, from the root on
    (`["s", "id"]`); None when the steps apply to something else (a call's result)."""
    base: Expr = expr
    names: list[str] = []
    while isinstance(base, (RelativeTraversal, Splat)):
        steps = base.steps if isinstance(base, RelativeTraversal) else base.each
        names[:0] = [s.name for s in steps if isinstance(s, GetAttr)]
        base = base.source
    if not isinstance(base, Traversal):
        return None, names
    names[:0] = [s.name for s in base.steps if isinstance(s, GetAttr)]
    return base, names


def _first(found: Iterable[Culprit | None]) -> Culprit | None:
    return next((item for item in found if item is not None), None)


@fact(PlanTime)
def _plan_time(ctx: RuleContext) -> PlanTime:
    return PlanTime(ctx.get(References))
