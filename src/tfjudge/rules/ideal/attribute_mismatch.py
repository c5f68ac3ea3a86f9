"""## What it does
For each block of the response that has a counterpart in the ideal (see
`ideal.missing-block` for the matching), compares the key attributes that decide what
gets deployed: `runtime`, `runtime_version`, `engine`, `engine_version`, `engine_mode`,
`instance_class`, `instance_type`, `node_type`, `retention_in_days`, `billing_mode`.
Fires when the ideal sets one to a literal (directly or through a variable's default) and
the response sets another literal or leaves it unset. A variable's `default` is compared
when the ideal's value is written in the prompt (a region, a domain) and the response's
is not. Values that depend on expressions tfjudge cannot evaluate are not compared.
Needs `--ideal`.

## Why is this bad?
These are the values the working solution was tested with: an older runtime, a
different engine version or instance class is what breaks a deployment (Performance
Insights on a micro class, a parameter group family for another version) or ships
something other than what was asked.

## Example
Ideal: `runtime = "python3.12"`; response:
```hcl
resource "aws_lambda_function" "api" {
  runtime = "python3.9"
}
```

## Use instead
```hcl
resource "aws_lambda_function" "api" {
  runtime = "python3.12"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.ideal.matching import IdealMatch
from tfjudge.model.config import Configuration
from tfjudge.parse.hcl.ast import Block, Expr, Literal, LiteralValue, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

KEY_ATTRIBUTES = (
    "runtime",
    "runtime_version",
    "engine",
    "engine_version",
    "engine_mode",
    "instance_class",
    "instance_type",
    "node_type",
    "retention_in_days",
    "billing_mode",
)
_UNKNOWN = object()


@rule(
    "ideal.attribute-mismatch",
    Severity.LOW,
    Category.REQUIREMENTS,
    "A key attribute differs from the working solution",
    impact="What gets deployed differs from what the working solution was tested with.",
    fix="Set the attribute as the working solution does (quoted).",
    requires=("ideal",),
)
def attribute_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.ideal is None or not ctx.documents:
        return
    matched = ctx.get(IdealMatch)
    prompt = ctx.prompt.text if ctx.prompt is not None else ""
    for ideal_address, response_address in matched.pairs.items():
        ideal_block = matched.ideal[ideal_address]
        block = matched.response[response_address]
        if block.type == "resource":
            yield from _compare_resource(
                ctx, ideal_block, block, ctx.ideal.configuration, ctx.configuration
            )
        elif block.type == "variable" and prompt:
            yield from _compare_default(ctx, ideal_block, block, prompt)


def _compare_resource(
    ctx: RuleContext,
    ideal_block: Block,
    block: Block,
    ideal_configuration: Configuration,
    configuration: Configuration,
) -> Iterator[Finding]:
    for name in KEY_ATTRIBUTES:
        ideal_expr = ideal_block.body.get(name)
        if ideal_expr is None:
            continue
        wanted = _value(ideal_expr, ideal_configuration)
        if wanted is _UNKNOWN or wanted is None:
            continue
        expr = block.body.get(name)
        have = _value(expr, configuration) if expr is not None else None
        if have is _UNKNOWN or have == wanted:
            continue
        shown = "leaves it unset" if expr is None else f"sets {_show(have)}"
        at = block.body.attributes[name] if expr is not None else block
        yield ctx.finding(
            f"`{name}`: the ideal sets {_show(wanted)} and the response {shown}.",
            at,
            block=block,
            attribute=name,
            title=f"{name} differs from the working solution",
            fix=f"Set {name} = {_show(wanted)}.",
        )


def _compare_default(
    ctx: RuleContext, ideal_block: Block, block: Block, prompt: str
) -> Iterator[Finding]:
    ideal_default = ideal_block.body.get("default")
    expr = block.body.get("default")
    if not isinstance(ideal_default, Literal) or not isinstance(ideal_default.value, str):
        return
    wanted = ideal_default.value
    if len(wanted) < 4 or wanted not in prompt:
        return
    have = expr.value if isinstance(expr, Literal) else _UNKNOWN
    if have is _UNKNOWN or have == wanted or (isinstance(have, str) and have in prompt):
        return
    yield ctx.finding(
        f"`default`: the prompt and the ideal say {_show(wanted)}; the response has {_show(have)}.",
        block.body.attributes["default"] if expr is not None else block,
        block=block,
        attribute="default",
        title="A default differs from the prompt and the working solution",
        fix=f"Set default = {_show(wanted)}.",
    )


def _value(expr: Expr, configuration: Configuration) -> LiteralValue | object:
    """A literal, or a variable's literal default; anything else is unknown."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Traversal) and expr.root == "var" and len(expr.steps) == 1:
        name = expr.attr_names[0] if expr.attr_names else ""
        for variable in configuration.root.variables:
            if variable.labels[:1] == (name,):
                default = variable.body.get("default")
                if isinstance(default, Literal):
                    return default.value
    return _UNKNOWN


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
