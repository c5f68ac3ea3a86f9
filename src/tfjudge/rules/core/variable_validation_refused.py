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

from tfjudge.evaluate import Evaluator, Refusal, ValueSource
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Traversal, literal_text
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
        source = refusal.source
        if source is None or (id(source.attribute), id(refusal.validation)) in seen:
            continue
        seen.add((id(source.attribute), id(refusal.validation)))
        yield _finding(ctx, refusal, source)


def _input(refusal: Refusal, source: ValueSource) -> str | None:
    """The input the user may give instead of the refused value: the root variable whose
    default it is, or the caller's variable a module argument is built from."""
    if source.kind == "default":
        return f"var.{refusal.variable.labels[0]}" if refusal.context.caller is None else None
    if source.kind == "argument":
        reads = [e for e in source.attribute.expr.walk() if isinstance(e, Traversal)]
        inputs = [e for e in reads if e.root == "var"]
        return inputs[0].dotted(2) if inputs else None
    return None


def _finding(ctx: RuleContext, refusal: Refusal, source: ValueSource) -> Finding:
    name = refusal.variable.labels[0]
    message = refusal.validation.body.attributes.get("error_message")
    said = (literal_text(message.expr) or "") if message is not None else ""
    condition = refusal.validation.body.attributes.get("condition")
    where = f"{condition.range.file}:{condition.range.start_line}" if condition else ""
    checked = f" (its validation at {where})" if condition else ""
    text = f"Invalid value for variable: var.{name} is given a value it refuses{checked}"
    given_instead = _input(refusal, source)
    if given_instead is not None:
        # the default of an input: plan fails unless the user gives another value
        text += f"; terraform plan stops unless a value is given for {given_instead}"
    return ctx.finding(
        text + (f": {said}" if said else "."),
        source.attribute,
        block=refusal.variable,
        severity=Severity.MEDIUM if given_instead is not None else None,
    )
