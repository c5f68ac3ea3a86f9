"""## What it does
Reads the outputs the prompt lists ("Outputs: VPC ID, subnet IDs, the API URL", "output
the table ARN") and fires for each one no output of the response provides. An output
provides it when its name shares the item's words (`vpc_id` for "VPC ID",
`dashboard_names` for "CloudWatch dashboard names") or its value refers to a resource of
the type the item names. With `--ideal`, the address is the ideal's output for the item
(`output.public_subnet_ids`); otherwise it is made from the item's words.

## Why is this bad?
Outputs are how pipelines, tests and people find what was built: a missing output breaks
every integration test and script that reads it, even when the resources exist.

## Example
Prompt: "Provide outputs for the VPC ID and the ALB DNS name."
```hcl
output "vpc_id" {
  value = aws_vpc.main.id
}
```

## Use instead
```hcl
output "vpc_id" {
  value = aws_vpc.main.id
}

output "alb_dns_name" {
  value = aws_lb.web.dns_name
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.prompt.requirements import PromptRequirements, cite
from tfjudge.prompt.satisfaction import output_satisfied, outputs_for
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "req.missing-output",
    Severity.HIGH,
    Category.REQUIREMENTS,
    "An output the prompt lists is missing",
    impact="Pipelines, tests and people that read the output find nothing.",
    fix="Declare the output with the value the prompt asks for.",
    requires=("prompt",),
)
def missing_output(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.configuration.resource_count == 0:
        return  # no configuration to judge: format.no-code or an excerpt
    outputs = ctx.configuration.root.outputs
    ideal_outputs = ctx.ideal.configuration.root.outputs if ctx.ideal is not None else []
    reported: set[str] = set()
    for requirement in ctx.get(PromptRequirements).outputs:
        if output_satisfied(requirement, outputs):
            continue
        names = [b.labels[0] for b in outputs_for(requirement, ideal_outputs)] or [requirement.key]
        for name in names:
            if name in reported:
                continue
            reported.add(name)
            finding = ctx.finding(
                f"The prompt asks for an output of the {' '.join(requirement.words)} "
                f"(prompt line {requirement.line}) and no output of the response provides it.",
                address=f"output.{name}",
                title=f"Missing output: {name}",
                root_cause="The prompt lists this output; the response declares no output "
                "whose name or value provides it.",
            )
            yield cite(finding, requirement)
