"""## What it does
Reports a variable whose value one of its own `validation` blocks refuses: the
`condition` is false for the value the configuration gives it (its `default`, an entry of
`terraform.tfvars` or `*.auto.tfvars`, or a module call's argument), in terraform's words
("Invalid value for variable", then the validation's `error_message`). A condition that
reads a value known only at apply, or another variable the configuration leaves unset,
is not judged. A root variable's default (or a module argument built from the caller's
variables) is an input the user may replace: it is reported at medium, as a variable
without a value is; a value the configuration fixes (a literal module argument, a values
file) is critical. The
blocks of a module no call creates are not judged with its defaults.

## Why is this bad?
`terraform plan` checks every variable's validations first and stops at the one that
fails: nothing is deployed until someone passes a value the author's own rule accepts.
See https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules.

## Example
```hcl
variable "environment" {
  type    = string
  default = "Production"
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}
```

## Use instead
```hcl
variable "environment" {
  type    = string
  default = "prod"
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from tfjudge.evaluate import Evaluator, ModuleContext, Refusal
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block, Traversal, literal_text
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "core.variable-validation-refused",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Variable value its own validation refuses",
    impact="terraform plan stops at the variable: nothing is deployed.",
    fix="Give the variable a value its validation accepts (or correct the condition).",
)
def variable_validation_refused(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for refusal in ctx.get(Evaluator).refusals():
        if refusal.context.caller is None and not refusal.context.module.is_root:
            continue  # a module no call creates: its defaults are not what it would get
        source = _value_source(refusal.context, refusal.variable)
        if source is None or (id(source.written), id(refusal.validation)) in seen:
            continue
        seen.add((id(source.written), id(refusal.validation)))
        yield _finding(ctx, refusal, source)


class _Source(NamedTuple):
    """Where a variable's value is written, and the root variable whose default it is
    when it is one (an input the user may give instead)."""

    written: Attribute
    input: str | None


def _value_source(context: ModuleContext, variable: Block) -> _Source | None:
    """The module call's argument, the values file's entry, or the default. An argument
    built from the caller's variables is an input the user may change."""
    name = variable.labels[0]
    caller = context.caller
    if caller is not None:
        argument = caller.body.attributes.get(name)
        if argument is None:
            default = variable.body.attributes.get("default")
            return None if default is None else _Source(default, None)
        inputs = [e for e in argument.expr.walk() if isinstance(e, Traversal) and e.root == "var"]
        return _Source(argument, inputs[0].dotted(2) if inputs else None)
    if context.module.is_root:
        for document in context.module.tfvars:
            entry = document.body.attributes.get(name)
            if entry is not None:
                return _Source(entry, None)
    default = variable.body.attributes.get("default")
    return None if default is None else _Source(default, f"var.{name}")


def _finding(ctx: RuleContext, refusal: Refusal, source: _Source) -> Finding:
    name = refusal.variable.labels[0]
    message = refusal.validation.body.attributes.get("error_message")
    said = (literal_text(message.expr) or "") if message is not None else ""
    condition = refusal.validation.body.attributes.get("condition")
    where = f"{condition.range.file}:{condition.range.start_line}" if condition else ""
    checked = f" (its validation at {where})" if condition else ""
    text = f"Invalid value for variable: var.{name} is given a value it refuses{checked}"
    if source.input is not None:
        # the default of an input: plan fails unless the user gives another value
        text += f"; terraform plan stops unless a value is given for {source.input}"
    return ctx.finding(
        text + (f": {said}" if said else "."),
        source.written,
        block=refusal.variable,
        severity=Severity.MEDIUM if source.input is not None else None,
    )
