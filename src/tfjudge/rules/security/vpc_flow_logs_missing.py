"""## What it does
Fires for each `aws_vpc` that no `aws_flow_log` names: a flow log's `vpc_id` is resolved
by reference (through locals, conditionals and module variables, and through a child
module's output back to the `aws_vpc` it returns). Silent on every VPC of the
configuration when some flow log's target cannot be resolved (a data source, a
variable, a subnet or interface flow log), since it may log any of them.

Low by default (checkov's CKV2_AWS_11, "Ensure VPC flow logging is enabled in all VPCs");
medium when the prompt asks for flow logs or for logging, auditing or monitoring of
network traffic.

## Why is this bad?
Without flow logs nothing records which addresses talked to which on what ports: a
security group opened too wide, exfiltration through a NAT gateway or a scan from inside
leaves no trace to investigate, and the logs cannot be turned on after the fact. See
"Logging IP traffic using VPC Flow Logs" in the Amazon VPC User Guide.

## Example
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```

## Use instead
```hcl
resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.evaluate import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Configuration, Module
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.protection import asks_for_logging
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_NETWORK = lazy_pattern(
    r"\bflow[- ]logs?\b|\bnetwork (?:traffic|activity|flows?)\b|\bVPC traffic\b|"
    r"\bIP traffic\b",
    re.IGNORECASE,
)


@rule(
    "security.vpc-flow-logs-missing",
    Severity.LOW,
    Category.SECURITY,
    "VPC without flow logs",
    impact="No record of the network traffic in the VPC to investigate an incident with.",
    fix="Add an aws_flow_log with vpc_id = the VPC's id and traffic_type = ALL.",
    applies_to=("aws_vpc",),
)
def vpc_flow_logs_missing(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    vpcs = [
        block
        for block in ctx.configuration.all_resources()
        if block.labels[0] == "aws_vpc" and not references.is_superseded(block)
    ]
    if not vpcs:
        return
    logged = _logged_vpcs(ctx.configuration, references)
    if logged is None:
        return
    prompt_text = getattr(ctx.prompt, "text", None)
    ask = asks_for_logging(prompt_text, _NETWORK) if isinstance(prompt_text, str) else None
    reason = f", although the prompt asks for it ({ask.quote})" if ask else ""
    for vpc in vpcs:
        if any(vpc is block for block in logged):
            continue
        name = vpc.labels[1] if len(vpc.labels) > 1 else "this"
        yield ctx.finding(
            f"aws_vpc.{name} has no aws_flow_log: its network traffic is recorded nowhere{reason}.",
            vpc.type_range,
            block=vpc,
            severity=Severity.MEDIUM if ask else Severity.LOW,
        )


def _logged_vpcs(configuration: Configuration, references: References) -> list[Block] | None:
    """The VPC blocks some flow log names; None when a flow log's target is unresolved."""
    logged: list[Block] = []
    for flow_log in configuration.all_resources():
        if flow_log.labels[0] != "aws_flow_log" or references.is_superseded(flow_log):
            continue
        vpc_id = flow_log.body.get("vpc_id")
        if vpc_id is None:
            return None
        found = _vpcs_of(vpc_id, configuration, references, 0)
        if found is None:
            return None
        logged.extend(found)
    return logged


def _vpcs_of(
    expr: Expr, configuration: Configuration, references: References, depth: int
) -> list[Block] | None:
    """The aws_vpc blocks `expr` comes from, following module outputs; None if unknown."""
    targets = references.targets(expr)
    if not targets or depth > 10:
        return None
    found: list[Block] = []
    for target in targets:
        block = target.block
        if block.type == "resource" and block.labels[0] == "aws_vpc":
            found.append(block)
            continue
        if block.type != "module" or not target.attributes:
            return None
        value = _output_value(configuration, block, target.attributes[0])
        inner = _vpcs_of(value, configuration, references, depth + 1) if value else None
        if inner is None:
            return None
        found.extend(inner)
    return found


def _output_value(configuration: Configuration, call: Block, name: str) -> Expr | None:
    for module in configuration.modules.values():
        if any(caller is call for caller in module.callers):
            return _output_of(module, name)
    return None


def _output_of(module: Module, name: str) -> Expr | None:
    for output in module.outputs:
        if output.labels and output.labels[0] == name:
            return output.body.get("value")
    return None
