"""## What it does
Reports a setting of a `backend` block (or of terraform's `cloud` block), nested blocks
such as `assume_role` included, whose value refers to anything: an input variable, a
local value, a resource, `path`, `terraform`, or calls a function
(`bucket = "state-${var.suffix}"`, `key = local.state_key`, `region = lower(var.region)`).
One finding per setting, worded as terraform words it. Literal values and templates made
only of literals are fine. A backend in an earlier version of a file that the response
writes again later is reported at medium severity, with a note: only a reader who takes
that version fails.

## Why is this bad?
Terraform reads the backend before it evaluates anything else, so the backend's settings
must be literal: `terraform init` fails with "Variables not allowed: Variables may not be
used here." (or "Function calls not allowed"), and nothing can be planned. See
https://developer.hashicorp.com/terraform/language/backend ("A backend block cannot refer
to named values (like input variables, locals, or data source attributes)").

## Example
```hcl
terraform {
  backend "s3" {
    bucket = "terraform-state-${var.environment_suffix}"
    key    = "app/terraform.tfstate"
    region = var.aws_region
  }
}
```

## Use instead
```hcl
terraform {
  backend "s3" {
    bucket = "terraform-state-prod"
    key    = "app/terraform.tfstate"
    region = "us-east-1"
  }
}
```
or leave the varying settings out (a partial configuration) and pass them with
`terraform init -backend-config="bucket=terraform-state-${SUFFIX}"`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References, scoped_traversals
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block, Expr, FunctionCall, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_SETTINGS_BLOCKS = ("backend", "cloud")


@rule(
    "core.backend-variable",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Backend setting that is not a literal",
    impact="terraform init fails ('Variables may not be used here'): nothing is planned.",
    fix="Write the backend setting as a literal, or pass it with -backend-config at init.",
)
def backend_variable(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        replaced = references.replaced_files(module)
        for block in references.active_blocks(module):
            if block.type != "terraform":
                continue
            for settings in block.body.blocks:
                if settings.type not in _SETTINGS_BLOCKS:
                    continue
                note = _replaced_note(settings, replaced)
                for attribute in _settings(settings):
                    yield from _check(ctx, settings, attribute, note)


def _settings(block: Block) -> Iterator[Attribute]:
    for nested in block.walk_blocks():
        yield from nested.body.attributes.values()


def _check(ctx: RuleContext, settings: Block, attribute: Attribute, note: str) -> Iterator[Finding]:
    kind = settings.labels[0] if settings.type == "backend" and settings.labels else ""
    where = f'backend "{kind}"' if settings.type == "backend" else "the cloud block"
    by_line: dict[int, list[Traversal | FunctionCall]] = {}
    for offender in _offenders(attribute.expr):
        by_line.setdefault(offender.range.start_line, []).append(offender)
    for offenders in by_line.values():
        calls = [o.name + "()" for o in offenders if isinstance(o, FunctionCall)]
        names = [_dotted(o) for o in offenders if isinstance(o, Traversal)]
        parts = []
        if names:
            parts.append("refers to " + ", ".join(dict.fromkeys(names)))
        if calls:
            parts.append("calls " + ", ".join(dict.fromkeys(calls)))
        summary = (
            "Variables not allowed: Variables may not be used here"
            if names
            else "Function calls not allowed: Functions may not be called here"
        )
        yield ctx.finding(
            f'The {where} setting "{attribute.name}" {" and ".join(parts)}: terraform init '
            f'fails with "{summary}." Terraform reads the backend before it evaluates any '
            f"variable, local or resource, so its settings must be literals.{note}",
            offenders[0],
            attribute=attribute.name,
            address=None,
            severity=Severity.MEDIUM if note else Severity.CRITICAL,
            title=f"{where[0].upper()}{where[1:]} setting {attribute.name} is not a literal",
        )


def _offenders(expr: Expr) -> list[Traversal | FunctionCall]:
    """What terraform rejects in a backend setting, in source order: every outermost
    function call, and every reference outside them (for-expression iterators are not
    references)."""
    calls = list(_outermost_calls(expr))
    found: list[Traversal | FunctionCall] = list(calls)
    for traversal, bound in scoped_traversals(expr, frozenset()):
        if traversal.root in bound or any(_inside(traversal, call) for call in calls):
            continue
        found.append(traversal)
    return sorted(found, key=lambda node: (node.range.start_line, node.range.start_column))


def _outermost_calls(expr: Expr) -> Iterator[FunctionCall]:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, FunctionCall):
            yield node
            continue
        stack.extend(node.children())


def _inside(node: Expr, outer: Expr) -> bool:
    start = (node.range.start_line, node.range.start_column)
    return (
        (outer.range.start_line, outer.range.start_column)
        <= start
        < (outer.range.end_line, outer.range.end_column)
    )


def _dotted(traversal: Traversal) -> str:
    names = traversal.attr_names
    depth = 3 if traversal.root == "data" else 2
    return ".".join([traversal.root, *names[: depth - 1]])


def _replaced_note(settings: Block, replaced: set[str]) -> str:
    file = settings.file
    if file is None or file.path not in replaced:
        return ""
    return (
        f" ({file.path} is an earlier version of a file the response writes again later; "
        "this is what its first version would do.)"
    )
