"""## What it does
Reports a function call terraform rejects before it computes anything, in
`terraform validate`'s words:

- a name Terraform has no function for (`toUpperCase("x")`, `lenght(var.l)`): "Call to
  unknown function";
- Terraform 0.11's `list(...)` or `map(...)`: "Error in function call";
- fewer arguments than the function's parameters (`lookup(var.m)`,
  `cidrsubnet(var.cidr, 8)`): "Not enough function arguments";
- more arguments than a function without a variadic parameter takes (`upper("a", "b")`):
  "Too many function arguments".

The functions and their parameters are terraform's own (`terraform metadata functions
-json` of the release recorded in `data/terraform/functions.json`). Not judged: calls of
provider functions (`provider::aws::arn_parse`), calls inside `try()` or `can()` (their
errors are what those catch), calls in a conditional's branch the configuration never
takes (`var.strict ? error("...") : x` with `strict` false: an assertion terraform only
reaches when it should fail), an argument list expanded with `...`, and unknown names in
a configuration whose `required_version` needs a newer terraform than the recorded one.

## Why is this bad?
`terraform validate` and `plan` stop at the call: nothing is planned or created.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = toLowerCase("Logs-${var.env}")
}

locals {
  subnet = cidrsubnet(var.vpc_cidr, 8)
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = lower("Logs-${var.env}")
}

locals {
  subnet = cidrsubnet(var.vpc_cidr, 8, 1)
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.evaluate.signatures import Signature, builtin_functions, functions_release
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Configuration
from tfjudge.parse.hcl.ast import Block, Expr, FunctionCall, Literal, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import CATCHING, Unevaluated, active_top_blocks, catching
from tfjudge.rules.registry import rule
from tfjudge.schema.names import near_misses
from tfjudge.schema.versions import parse_constraint

JUDGED_BLOCKS = frozenset(
    {"resource", "data", "module", "output", "locals", "provider", "variable", "check"}
)
# Terraform 0.11's list() and map(): terraform keeps them only to say what replaces them
# (its metadata lists neither; the words are terraform validate's)
REMOVED = {"list": "tolist([ ... ])", "map": "tomap({ ... })"}


@rule(
    "core.invalid-function-call",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Call of a function Terraform does not have, or with the wrong number of arguments",
    impact="terraform validate and plan stop at the call: nothing is deployed.",
    fix="Use one of Terraform's built-in functions, with the arguments it takes.",
)
def invalid_function_call(ctx: RuleContext) -> Iterator[Finding]:
    functions = builtin_functions()
    judge_names = not _needs_newer_terraform(ctx.configuration)
    unevaluated = Unevaluated(ctx.get(Evaluator))
    for _, block in active_top_blocks(ctx, JUDGED_BLOCKS):
        if not block.range.file.endswith(".tf"):
            continue
        for call in _calls(block):
            message = _problem(call, functions, judge_names)
            # `var.strict ? error("...") : x`: terraform never calls it
            if message is not None and not unevaluated.holds(block, call):
                yield ctx.finding(message, call.range, block=block)


def _calls(block: Block) -> Iterator[FunctionCall]:
    """The calls terraform evaluates on their own: not those inside `try()` or `can()`. Of
    a variable, only its validations: `type = list(string)` is a type constraint, and a
    call in a `default` is core.invalid-variable-default's (no call is allowed there)."""
    # most blocks call nothing: decided on the block's shared expression list, by exact
    # type in C (the syntax tree's classes have no subclasses)
    if FunctionCall not in map(type, block.expressions()):
        return
    holders = block.body.blocks_of("validation") if block.type == "variable" else [block]
    for holder in holders:
        for attribute in holder.attributes_deep():
            if not isinstance(attribute.expr, Literal | Traversal):  # most hold no call
                yield from uncaught_calls(attribute.expr)


def uncaught_calls(expr: Expr) -> list[FunctionCall]:
    """The calls in `expr`, depth first, that no try() or can() around them catches. Only
    an expression that calls one of those is walked with `catching` (a tuple per node)."""
    nodes = list(expr.walk())
    calls = [node for node in nodes if isinstance(node, FunctionCall)]
    if not any(call.name in CATCHING for call in calls):
        return calls
    return [
        node for node, inside in catching(nodes) if not inside and isinstance(node, FunctionCall)
    ]


def _problem(call: FunctionCall, functions: dict[str, Signature], judge_names: bool) -> str | None:
    name = call.name
    if "::" in name and not name.startswith("core::"):
        return None  # a provider's function
    signature = functions.get(name)
    if name in REMOVED:
        return (
            f'Error in function call: Call to function "{name}" failed: the "{name}" function '
            "was deprecated in Terraform v0.12 and is no longer available; use "
            f"{REMOVED[name]} syntax to write a literal {name}."
        )
    if signature is None:
        if not judge_names:
            return None
        hint = _suggestion(name, functions)
        return f'Call to unknown function: There is no function named "{name}".' + (
            f' Did you mean "{hint}"?' if hint else ""
        )
    if call.expand_final:
        return None
    given, wanted = len(call.args), len(signature.parameters)
    if given < wanted:
        least = "at least " if signature.variadic else ""
        return (
            f'Not enough function arguments: Function "{name}" expects {least}{wanted} '
            f'argument(s). Missing value for "{signature.parameters[given]}".'
        )
    if given > wanted and signature.variadic is None:
        return f'Too many function arguments: Function "{name}" expects only {wanted} argument(s).'
    return None


def _suggestion(name: str, functions: dict[str, Signature]) -> str | None:
    """The closest built-in name within two edits, as terraform suggests one."""
    close = near_misses(name, (known for known in functions if "::" not in known))
    return close[0] if close else None


def _needs_newer_terraform(configuration: Configuration) -> bool:
    """Whether some `required_version` rules out the release the function list is from."""
    release = functions_release()
    for block in configuration.all_blocks():
        if block.type != "terraform":
            continue
        constraint = block.body.get("required_version")
        if isinstance(constraint, Literal) and isinstance(constraint.value, str):
            clauses = parse_constraint(constraint.value)
            if clauses and not all(clause.allows(release) for clause in clauses):
                return True
    return False
