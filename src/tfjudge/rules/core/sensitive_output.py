"""## What it does
Fires on an `output` of the root module that does not set `sensitive = true` while its
value is derived from a sensitive value:

- a variable declared with `sensitive = true`;
- an attribute the AWS provider marks sensitive (`aws_secretsmanager_secret_version`'s
  `secret_string`, `aws_db_instance`'s `password`, `aws_iam_access_key`'s `secret`);
- an output of a child module whose value is sensitive (declaring it `sensitive = true`
  adds no sensitivity a root output passes on);

directly or through local values and any expression (`jsonencode(...)`, a template, a
function call, a conditional's condition, a `for` filter), since Terraform carries the
mark through all of them. An attribute read from an object written out (`local.cfg.port`
of `cfg = { password = var.password, port = 5432 }`) carries only the mark of what it
holds. A value wrapped in `nonsensitive()` is not judged, nor is a whole
resource object (`aws_db_instance.main` without an attribute), nor are other providers'
attributes.

## Why is this bad?
Terraform refuses to show sensitive data in a root module output that does not say so:
`terraform validate` (for sensitive variables) or `terraform plan` (for provider
attributes) stops with "Output refers to sensitive values". See "Output Values: sensitive"
in the Terraform documentation.

## Example
```hcl
output "db_password" {
  value = aws_secretsmanager_secret_version.db.secret_string
}
```

## Use instead
```hcl
output "db_password" {
  value     = aws_secretsmanager_secret_version.db.secret_string
  sensitive = true
}
```
or output the secret's ARN and let readers fetch the value with their own permissions.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import (
    DATA,
    LOCAL,
    MODULE,
    RESOURCE,
    VARIABLE,
    Reference,
    References,
)
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Configuration, LocalValue
from tfjudge.parse.hcl.ast import Block, Expr, FunctionCall, Literal, ObjectExpr
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema

MAX_DEPTH = 100  # local values through local values; configurations never nest this deep


@rule(
    "core.sensitive-output",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Root output of a sensitive value without sensitive = true",
    impact='validate or plan stops with "Output refers to sensitive values": nothing is deployed.',
    fix="Set sensitive = true on the output (or output an identifier instead of the secret).",
)
def sensitive_output(ctx: RuleContext) -> Iterator[Finding]:
    finder = _Sensitivity(ctx)
    for block in ctx.get(References).active_blocks(ctx.configuration.root):
        if block.type != "output" or not block.labels or _marked(block):
            continue
        value = block.body.attributes.get("value")
        if value is None:
            continue
        source = finder.source(value.expr, 0, None)
        if source is None:
            continue
        yield ctx.finding(
            f'Output refers to sensitive values: output "{block.labels[0]}" shows {source}; '
            "it does not set sensitive = true, so terraform stops rather than print it.",
            block,
            block=block,
            attribute="value",
            fix_code="sensitive = true",
        )


def _marked(output: Block) -> bool:
    """`sensitive` set to anything but a literal false (an unknown value is not judged)."""
    flag = output.body.get("sensitive")
    return flag is not None and not (isinstance(flag, Literal) and flag.value is False)


class _Sensitivity:
    def __init__(self, ctx: RuleContext) -> None:
        self.references = ctx.get(References)
        self.schema = ctx.get(ProviderSchema)
        self.configuration: Configuration = ctx.configuration
        # each local value judged once for each call its module is reached through
        self._locals: dict[tuple[int, int], str | None] = {}

    def source(self, expr: Expr, depth: int, via: Block | None) -> str | None:
        """What makes `expr` sensitive, as the message names it; None when nothing does.
        `via` is the module call the expression's module is reached through (None in the
        root, whose variables come from its own inputs, not from any caller)."""
        if depth > MAX_DEPTH:
            return None
        hidden = _unmarked_nodes(expr)
        for reference in self.references.in_expr(expr):
            if id(reference.expr) in hidden:
                continue
            found = self._of_reference(reference, depth, via)
            if found is not None:
                return found
        return None

    def _of_reference(self, reference: Reference, depth: int, via: Block | None) -> str | None:
        target = reference.target
        if reference.kind == LOCAL and isinstance(target, LocalValue):
            read = present(target.expr, reference.remainder)
            if read is None:
                return None  # an attribute the object lacks: try() takes its fallback
            key = (id(read), id(via))
            if key not in self._locals:
                self._locals[key] = None  # a cycle through it finds nothing more
                found = self.source(read, depth + 1, via)
                through = f"{found} (through local.{target.name})" if found else None
                self._locals[key] = through
            return self._locals[key]
        if not isinstance(target, Block):
            return None
        if reference.kind == VARIABLE and _marked_true(target):
            return f"{reference.address}, a variable declared sensitive"
        if reference.kind == VARIABLE:
            return self._sensitive_argument(reference, target, depth, via)
        if reference.kind in (RESOURCE, DATA) and reference.remainder:
            return self._sensitive_attribute(target, reference)
        if reference.kind == MODULE and reference.remainder:
            name, *path = reference.remainder
            return self._sensitive_module_output(target, name, tuple(path), depth)
        return None

    def _sensitive_argument(
        self, reference: Reference, variable: Block, depth: int, via: Block | None
    ) -> str | None:
        """A child module's variable holds what the call it is reached through passes,
        marks included; of an object, the attribute read carries its own mark only."""
        name = variable.labels[0] if variable.labels else ""
        for call, argument in reference.module.arguments(name):
            if call is not via:
                continue
            read = present(argument.expr, reference.remainder)
            if read is None:
                return None  # an attribute the object lacks: try() takes its fallback
            found = self.source(read, depth + 1, self._caller_of(call))
            if found is not None:
                return f"{reference.address} ({found}, passed by module.{call.labels[0]})"
        return None

    def _caller_of(self, call: Block) -> Block | None:
        """The call the module holding `call` is reached through: the first one up the
        chain (a module called from several places is judged through its first caller)."""
        module = self.configuration.module_of(call)
        if module is self.configuration.root or not module.callers:
            return None
        return module.callers[0]

    def _sensitive_attribute(self, block: Block, reference: Reference) -> str | None:
        name = reference.remainder[0]
        if not self.schema.sensitive(block, name):
            return None
        return f"{reference.address}.{name}, which the AWS provider marks sensitive"

    def _sensitive_module_output(
        self, call: Block, name: str, path: tuple[str, ...], depth: int
    ) -> str | None:
        """A child's output passes on the sensitivity of its value: declaring it sensitive
        adds none (terraform plans `output "x" { sensitive = true, value = "literal" }` read
        by a root output without complaint)."""
        module = self.configuration.callee(call)
        for output in module.outputs if module is not None else []:
            value = output.body.attributes.get("value")
            if output.labels[:1] == (name,) and value is not None:
                found = self.source(selected(value.expr, path), depth + 1, call)
                if found is not None:
                    return f"module.{call.labels[0]}.{name}, an output whose value is {found}"
        return None


def selected(expr: Expr, path: tuple[str, ...]) -> Expr:
    """The part of `expr` that `path` reads when `expr` is written as an object
    (`local.cfg.flag` of `cfg = { pw = var.secret, flag = true }` is `true`): terraform
    marks the attribute that holds a sensitive value, not the object around it."""
    return _read(expr, path)[0]


def present(expr: Expr, path: tuple[str, ...]) -> Expr | None:
    """What `path` reads of `expr`, as `selected`; None when `expr` is written as an object
    without the attribute (the read fails, and `try(var.cfg.missing, "x")` falls back)."""
    part, lacking = _read(expr, path)
    return None if lacking else part


def _read(expr: Expr, path: tuple[str, ...]) -> tuple[Expr, bool]:
    """The part of `expr` `path` reads as far as it is written out, and whether an object
    written out lacks the attribute a step names."""
    for name in path:
        if not isinstance(expr, ObjectExpr):
            return expr, False
        value = expr.get(name)
        if value is None:
            return expr, True
        expr = value
    return expr, False


def _marked_true(block: Block) -> bool:
    flag = block.body.get("sensitive")
    return isinstance(flag, Literal) and flag.value is True


def _unmarked_nodes(expr: Expr) -> set[int]:
    """Nodes whose sensitivity does not reach the value: those inside `nonsensitive(...)`."""
    hidden: set[int] = set()
    for node in expr.walk():
        if isinstance(node, FunctionCall) and node.name == "nonsensitive":
            hidden.update(id(n) for n in node.walk())
    return hidden
