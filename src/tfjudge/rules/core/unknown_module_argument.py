"""## What it does
Reports the arguments of a `module` block that the called module does not declare as
variables, and nested blocks in a `module` block (which no module can take): one finding
per call, at the first such argument, the others listed, in `terraform validate`'s words
("Unsupported argument": An argument named "tags" is not expected here). Terraform's own
arguments of a module block (`source`, `version`, `count`, `for_each`, `providers`,
`depends_on`) are never reported.

Only calls of a local module the answer shows whole are judged for their arguments (every
file of the directory parsed, none cut off): a registry module's variables are not known
here. Nested blocks are reported in every call, a registry module's too.

## Why is this bad?
`terraform validate`, `plan` and `apply` stop at the call: nothing is deployed. The usual
cause is a module whose `variables.tf` the answer never wrote (the module then also uses
`var.x` it does not declare: `core.undeclared-variable`), or a caller and a module written
with different names for one input. See
https://developer.hashicorp.com/terraform/language/modules/syntax.

## Example
```hcl
module "storage" {
  source      = "./modules/storage"
  bucket_name = "app-assets"
  tags        = { Team = "web" }
}

# modules/storage/variables.tf
variable "bucket_name" {
  type = string
}
```

## Use instead
```hcl
module "storage" {
  source      = "./modules/storage"
  bucket_name = "app-assets"
  tags        = { Team = "web" }
}

# modules/storage/variables.tf
variable "bucket_name" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module
from tfjudge.parse.hcl.ast import Attribute, Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import MODULE_META_ARGUMENTS, ModuleCall, judged_module_calls
from tfjudge.rules.registry import rule

# block types terraform keeps for itself in a module call ("Reserved block type name")
RESERVED_IN_MODULE = frozenset({"lifecycle", "locals"})


@rule(
    "core.unknown-module-argument",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Module call argument the module does not declare",
    impact="terraform validate, plan and apply stop at the module call: nothing is deployed.",
    fix="Declare each argument as a variable of the called module, or drop it from the call.",
)
def unknown_module_argument(ctx: RuleContext) -> Iterator[Finding]:
    judged_calls: set[int] = set()
    for judged in judged_module_calls(ctx):
        judged_calls.add(id(judged.call))
        unknown = _unknown(judged)
        if not unknown:
            continue
        first = unknown[0]
        yield ctx.finding(
            _message(judged, unknown, _undeclared_uses(ctx, judged.child)),
            first.range,
            block=judged.call,
            related=[f"{u.range.file}:{u.range.start_line}" for u in unknown[1:]],
        )
    # a call of a module not shown (the registry's): its variables are unknown, but no
    # module takes a nested block
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        for call in references.active_blocks(module):
            if call.type != "module" or id(call) in judged_calls:
                continue
            nested = call.body.blocks
            if not nested:
                continue
            shown = _listed([f"{b.type} {{}}" for b in nested], quote=False)
            yield ctx.finding(
                f"{_refusal(nested[0])} module.{call.labels[0] if call.labels else '?'} holds "
                f"{shown}: a module call takes arguments, not blocks (a dynamic block "
                "included).",
                nested[0].type_range,
                block=call,
                related=[f"{b.range.file}:{b.range.start_line}" for b in nested[1:]],
            )


def _unknown(judged: ModuleCall) -> list[Attribute | Block]:
    """Nested blocks, and arguments that are neither Terraform's nor declared variables."""
    return [
        item
        for item in judged.call.body.items
        if isinstance(item, Block)
        or (item.name not in MODULE_META_ARGUMENTS and item.name not in judged.variables)
    ]


def _undeclared_uses(ctx: RuleContext, child: Module) -> set[str]:
    """Names the module reads as `var.NAME` without declaring them."""
    return {
        r.address.removeprefix("var.")
        for r in ctx.get(References).references
        if r.kind == "variable" and r.module is child and not r.declared
    }


def _refusal(block: Block) -> str:
    """terraform's words for a nested block in a module call ("lifecycle" is reserved)."""
    if block.type in RESERVED_IN_MODULE:
        return (
            "Reserved block type name in module block: The block type name "
            f'"{block.type}" is reserved for use by Terraform in a future version.'
        )
    return f'Unsupported block type: Blocks of type "{block.type}" are not expected here.'


def _message(judged: ModuleCall, unknown: list[Attribute | Block], used: set[str]) -> str:
    first = unknown[0]
    if isinstance(first, Block):
        words = _refusal(first).removesuffix(".")
    else:
        words = f'Unsupported argument: An argument named "{first.name}" is not expected here'
    directory = judged.child.directory
    arguments = [u.name for u in unknown if isinstance(u, Attribute)]
    blocks = [f"{u.type} {{}}" for u in unknown if isinstance(u, Block)]
    parts = [f"{words}."]
    if arguments:
        declared = ", ".join(sorted(judged.variables))
        known = f"it declares: {declared}" if declared else "it declares no variable at all"
        parts.append(
            f"{judged.name} passes {_listed(arguments)}, which {directory}/ does not declare "
            f"as variables ({known})."
        )
    if blocks:
        parts.append(
            f"{judged.name} holds the nested block{'s' if len(blocks) > 1 else ''} "
            f"{_listed(blocks, quote=False)}: a module call takes arguments, not blocks."
        )
    read = sorted(n for n in arguments if n in used)
    if read:
        uses = _listed([f"var.{n}" for n in read], quote=False)
        parts.append(f"{directory}/ reads {uses} without declaring {_it(read)}.")
    return " ".join(parts)


def _it(names: list[str]) -> str:
    return "it" if len(names) == 1 else "them"


def _listed(names: list[str], quote: bool = True) -> str:
    quoted = [f'"{n}"' if quote else n for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
