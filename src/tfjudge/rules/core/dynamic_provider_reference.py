"""## What it does
Reports a `provider` meta-argument (resource, data source) or a `providers` map value
(module call) that is not a static provider reference: anything but `aws` or
`aws.ALIAS`, such as `aws[each.key]`, `each.key == "a" ? aws.a : aws.b` or
`aws.west.extra`. Provider configurations are resolved before any expression is
evaluated, so they cannot be chosen per instance.

## Why is this bad?
`terraform init` stops while loading the configuration ("Invalid provider configuration
reference"): nothing is planned or created. See
https://developer.hashicorp.com/terraform/language/meta-arguments/module-providers.

## Example
```hcl
module "network" {
  source    = "./modules/network"
  for_each  = toset(var.regions)
  providers = { aws = aws[each.key] }
}
```

## Use instead
```hcl
module "network_us_east_1" {
  source    = "./modules/network"
  providers = { aws = aws.us_east_1 }
}

module "network_us_west_2" {
  source    = "./modules/network"
  providers = { aws = aws.us_west_2 }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr, GetAttr, Literal, ObjectExpr, Traversal
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_QUOTED = lazy_pattern(r"^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)?$")


def is_static(expr: Expr) -> bool:
    """`aws`, `aws.west`, or the legacy quoted `"aws.west"`."""
    if isinstance(expr, Traversal):
        return len(expr.steps) <= 1 and all(isinstance(s, GetAttr) for s in expr.steps)
    return (
        isinstance(expr, Literal)
        and isinstance(expr.value, str)
        and bool(_QUOTED.match(expr.value))
    )


@rule(
    "core.dynamic-provider-reference",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Provider reference that is not static",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Refer to one provider configuration by name (aws.ALIAS); repeat the block per region.",
)
def dynamic_provider_reference(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            if block.type in ("resource", "data", "ephemeral"):
                provider = block.body.attributes.get("provider")
                if provider is not None and not is_static(provider.expr):
                    yield _finding(ctx, block, provider.expr, "provider")
            elif block.type == "module":
                providers = block.body.attributes.get("providers")
                if providers is None:
                    continue
                values = (
                    [item.value for item in providers.expr.items]
                    if isinstance(providers.expr, ObjectExpr)
                    else [providers.expr]
                )
                bad = [v for v in values if not is_static(v)]
                if bad:
                    yield _finding(ctx, block, bad[0], "providers")


def _finding(ctx: RuleContext, block: Block, expr: Expr, argument: str) -> Finding:
    file = block.file
    text = file.line_text(expr.range.start_line).strip() if file else ""
    return ctx.finding(
        f"Invalid provider configuration reference: the {argument} argument requires a "
        "provider type name, optionally followed by a period and then a configuration alias "
        f"(`{text}`). Provider configurations are static: they cannot be chosen per instance "
        "with each.key, count.index, an index or a conditional.",
        expr,
        block=block,
        attribute=argument,
    )
