"""## What it does
Fires for resources whose name cannot coexist with a second deployment of the same
configuration in the same account (names AWS requires to be unique per account and region,
and S3 bucket names, unique worldwide; `tfjudge.resources.names` lists the types):

- with `--prompt`, when the prompt asks for an environment suffix (`environment_suffix`,
  `environmentSuffix`, or a variable it names with "suffix"): each such name that does not
  use that variable, directly or through locals, nor a random value (`random_id`,
  `random_string`, `random_pet`);
- without a prompt, or when the prompt asks for none: each S3 bucket name that is a plain
  literal (its evaluated value fully known: literals and variables' defaults only; a
  name built from `terraform.workspace` is named apart per workspace, as intended).
  `random_password.x.id`, which the random provider always sets to `"none"`, is as good as
  a literal.

Names given with `*_prefix` are unique and not judged.

## Why is this bad?
The second deployment (another environment, a parallel CI run, a teammate's stack) fails
with "already exists" (BucketAlreadyExists, EntityAlreadyExists,
ResourceAlreadyExistsException) on the first such name, half-way through its apply.

## Example
```hcl
resource "aws_sns_topic" "alerts" {
  name = "monitoring-alerts"
}
```

## Use instead
```hcl
resource "aws_sns_topic" "alerts" {
  name = "monitoring-alerts-${var.environment_suffix}"
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, PartialString, References, is_wholly_known
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import LocalValue
from tfjudge.parse.hcl.ast import Block, Expr, Traversal
from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.requirements import PromptRequirements
from tfjudge.resources.names import GLOBALLY_UNIQUE, UNIQUE_NAMES, readable
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SUFFIX_WORDS = lazy_pattern(r"\benvironment[_ ]?suffix\b|\benvironmentSuffix\b", re.IGNORECASE)
RANDOM_TYPES = ("random_id", "random_string", "random_pet", "random_uuid", "random_integer")


@rule(
    "ops.missing-name-suffix",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Name that collides with a second deployment in the same account",
    impact="A second deployment (environment, CI run, teammate) fails with 'already exists' "
    "on this name.",
    fix="Put the environment suffix (or a random suffix) in the name.",
    applies_to=tuple({**UNIQUE_NAMES, **GLOBALLY_UNIQUE}),
)
def missing_name_suffix(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    suffix = _suffix_variable(ctx)
    table = UNIQUE_NAMES if suffix else GLOBALLY_UNIQUE
    for block in ctx.configuration.all_resources():
        argument = table.get(block.labels[0])
        if argument is None or references.is_superseded(block):
            continue
        attribute = block.body.attributes.get(argument)
        instances = evaluator.instances(block)
        if attribute is None or not instances or _imported(ctx, block):
            continue
        sources = _sources(references, attribute.expr, 0)
        if sources & {"random", "resource"}:
            continue
        values = [evaluator.evaluate(attribute.expr, i) for i in instances]
        if all(v is None or v == "" for v in values):
            continue  # unset (an empty name is one): the provider generates a unique name
        if suffix:
            if f"var.{suffix}" in sources:
                continue
            yield ctx.finding(
                f'{argument} = "{readable(values[0])}" does not use var.{suffix}: a second '
                "deployment in the account collides on it.",
                attribute,
                block=block,
                attribute=argument,
            )
        elif "workspace" in sources:
            continue  # each workspace is its own deployment, named apart by design
        elif all(_plain(v, sources, _known_variables(ctx, block, sources)) for v in values):
            shown = readable(values[0])
            if "constant" in sources:
                shown = shown.replace("${…}", "none")
                why = ' (random_password.id is always "none")'
            else:
                why = ""
            yield ctx.finding(
                f'The bucket name "{shown}"{why} is a fixed literal: S3 names are unique '
                "worldwide, so a second deployment (or anyone else) collides on it.",
                attribute,
                block=block,
                attribute=argument,
            )


def _imported(ctx: RuleContext, block: Block) -> bool:
    """Whether an `import` block adopts the resource: it takes the existing name, and
    nothing is created that could collide."""
    module = ctx.configuration.module_of(block)
    for adoption in module.of_type("import"):
        target = adoption.body.get("to")
        if isinstance(target, Traversal) and target.dotted(2) == ".".join(block.labels[:2]):
            return True
    return False


def _suffix_variable(ctx: RuleContext) -> str | None:
    """The variable the prompt asks every name to carry, when it asks for one."""
    text = getattr(ctx.prompt, "text", None)
    if not isinstance(text, str):
        return None
    asked = [r.key for r in ctx.get(PromptRequirements).variables if "suffix" in r.key.lower()]
    if not asked and not SUFFIX_WORDS.search(text):
        return None
    declared = [b.labels[0] for b in ctx.configuration.root.variables if b.labels]
    for name in asked + declared:
        if "suffix" in name.lower().replace("_", ""):
            return name
    return asked[0] if asked else "environment_suffix"


def _known_variables(ctx: RuleContext, block: Block, sources: set[str]) -> set[str]:
    evaluator = ctx.get(Evaluator)
    module = ctx.configuration.module_of(block)
    return {
        s
        for s in sources
        if s.startswith("var.") and is_wholly_known(evaluator.variable(module, s[4:]))
    }


def _sources(references: References, expr: Expr, depth: int) -> set[str]:
    """What a name is built from: `var.x` names, "random", "resource" (a computed attribute
    of a managed resource, unique per deployment), "constant" (random_password.id), followed
    through locals, `each.*` (the block's `for_each`) and other resources' configured names."""
    found: set[str] = set()
    if depth > 8:
        return found
    for reference in references.in_expr(expr):
        target = reference.target
        if reference.kind == "variable":
            found.add(reference.address)
        elif reference.address == "terraform.workspace":
            found.add("workspace")
        elif reference.kind == "each":
            for_each = reference.block.body.get("for_each")
            if for_each is not None:
                found |= _sources(references, for_each, depth + 1)
        elif isinstance(target, LocalValue):
            found |= _sources(references, target.expr, depth + 1)
        elif isinstance(target, Block) and target.type == "resource":
            found |= _resource_sources(references, target, reference.remainder, depth)
    return found


def _resource_sources(
    references: References, target: Block, remainder: tuple[str, ...], depth: int
) -> set[str]:
    kind = target.labels[0]
    if kind in RANDOM_TYPES:
        return {"random"}
    if kind == "random_password":
        return {"constant"} if remainder[:1] == ("id",) else {"random"}
    configured = target.body.attributes.get(remainder[0]) if remainder else None
    if configured is None:
        return {"resource"}  # an id or ARN: known after apply, unique to this deployment
    return _sources(references, configured.expr, depth + 1)


def _plain(value: Any, sources: set[str], known_variables: set[str]) -> bool:
    """A name fixed before apply: known, or unknown only through random_password.id."""
    if "resource" in sources:
        return False
    if isinstance(value, str):
        return True
    variables = {s for s in sources if s.startswith("var.")}
    return (
        isinstance(value, PartialString) and "constant" in sources and variables <= known_variables
    )
