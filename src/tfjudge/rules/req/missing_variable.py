"""## What it does
Fires for each variable the prompt names that the response does not declare: a
`var.service_names` written in the prompt, a name in backticks next to the word
"variable" ("declare a variable `environment_suffix`"), or a snake_case name listed under
a "Variables" heading. A declared variable whose name contains the asked one as a whole
part (`aurora_instance_class` for `instance_class`) counts as declared; one that is used
but never declared is `core.undeclared-variable`'s finding, not this rule's.

## Why is this bad?
The prompt's variables are its interface: pipelines pass them with `-var` or in tfvars
files, and `terraform plan` stops with "Value for undeclared variable" when a tfvars file
sets one the configuration lacks. A missing `environment_suffix` also means the names
cannot be made unique per deployment.

## Example
Prompt: "Declare a variable `environment_suffix` and use it in every name."
```hcl
variable "project_name" {
  type = string
}
```

## Use instead
```hcl
variable "project_name" {
  type = string
}

variable "environment_suffix" {
  type = string
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Configuration
from tfjudge.parse.hcl.ast import Traversal
from tfjudge.prompt.requirements import PromptRequirements, cite
from tfjudge.prompt.satisfaction import variable_satisfied
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "req.missing-variable",
    Severity.MEDIUM,
    Category.REQUIREMENTS,
    "A variable the prompt names is not declared",
    impact="Callers that set the variable fail at plan, and what it should configure is "
    "hard-coded or missing.",
    fix="Declare the variable and use it where the prompt says.",
    requires=("prompt",),
)
def missing_variable(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.configuration.resource_count == 0:
        return  # no configuration to judge: format.no-code or an excerpt
    declared = [b.labels[0] for b in ctx.configuration.root.variables if b.labels]
    referenced: set[str] | None = None  # worked out for the first variable not declared
    for requirement in ctx.get(PromptRequirements).variables:
        if variable_satisfied(requirement.key, declared):
            continue
        if referenced is None:
            referenced = _referenced_variables(ctx.configuration)
        if requirement.key in referenced:
            continue  # used but never declared: core.undeclared-variable says so
        finding = ctx.finding(
            f"The prompt names the variable `{requirement.key}` (prompt line "
            f"{requirement.line}) and the response declares no `variable "
            f'"{requirement.key}"`.',
            address=f"var.{requirement.key}",
            title=f"Missing variable: {requirement.key}",
            root_cause="The prompt names this variable; the response never declares it.",
            fix_code=f'variable "{requirement.key}" {{\n  type = string\n}}\n',
        )
        yield cite(finding, requirement)


def _referenced_variables(configuration: Configuration) -> set[str]:
    """The names of the variables the configuration's expressions use (`var.name`)."""
    return {
        expr.attr_names[0]
        for block in configuration.all_blocks()
        for expr in block.expressions()
        if isinstance(expr, Traversal) and expr.root == "var" and expr.attr_names
    }
