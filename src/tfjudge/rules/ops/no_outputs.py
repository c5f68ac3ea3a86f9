"""## What it does
Fires once when the root module declares resources but not a single `output` block (not
when every resource only runs a command, waits or writes a local file, or is an
attachment, association, policy or setting whose provider schema computes nothing but its
`id`: `aws_iam_role_policy_attachment`, `aws_elb_attachment`, `aws_s3_bucket_policy`;
there is nothing to report that the configuration was not given). Low when the
configuration is shaped as a module another one calls (required inputs, no provider or
`terraform` block): whether it needs outputs depends on what its callers read. An
answer that refers to outputs it does not show (it names an `outputs.tf` file or runs
`terraform output`: an excerpt or a set of patches to a larger configuration) is not
judged.

## Why is this bad?
Whoever deploys the stack, and every pipeline or stack built on it, needs its endpoints,
names and ARNs (the load balancer's DNS name, the API's URL, the database endpoint, the
bucket name): without outputs they are dug out of the console or the state file by hand,
and integration tests have nothing to read. See "Output Values" in the Terraform
documentation.

## Example
```hcl
resource "aws_lb" "web" {
  name = "web"
}
```

## Use instead
```hcl
resource "aws_lb" "web" {
  name = "web"
}

output "alb_dns_name" {
  value = aws_lb.web.dns_name
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module
from tfjudge.parse.hcl.ast import Block
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema

# `\boutputs?\.tf\b|\bterraform output\b`, written to start with a literal, which the
# regex engine finds with a fast scan (a leading `\b` makes it try every position)
SHOWN_ELSEWHERE = lazy_pattern(r"output(?<=\boutput)(?:s?\.tf\b|(?<=\bterraform output)\b)")
# resources with no endpoint, name or ARN to report: commands, waits, local files
NOTHING_TO_REPORT = frozenset(
    {"null_resource", "terraform_data", "time_sleep", "local_file", "local_sensitive_file"}
)


# what every resource computes: a resource computing nothing else has nothing to report
ONLY_ID = frozenset({"id", "tags_all"})


@rule(
    "ops.no-outputs",
    Severity.HIGH,
    Category.MAINTAINABILITY,
    "The configuration declares no outputs",
    impact="Endpoints, names and ARNs must be dug out of the console or the state by hand.",
    fix="Declare outputs for what users and other stacks need (URLs, endpoints, names, ARNs).",
)
def no_outputs(ctx: RuleContext) -> Iterator[Finding]:
    root = ctx.configuration.root
    if not root.resources or root.outputs or SHOWN_ELSEWHERE.search(ctx.response.text):
        return
    schema = ctx.get(ProviderSchema)
    if all(_reports_nothing(r, schema) for r in root.resources):
        return
    first = root.documents[0].file if root.documents else None
    message = (
        f"The configuration declares {_count(len(root.resources))} and no output: nothing "
        "it creates (endpoints, names, ARNs) is reported to its users."
    )
    severity = None
    if _shaped_as_called_module(root):
        severity = Severity.LOW
        message += (
            " It has required inputs and no provider or terraform settings, the shape of a "
            "module another configuration calls: outputs matter only if its callers read them."
        )
    yield ctx.finding(
        message, first, root_cause="No output block anywhere in the root module.", severity=severity
    )


def _shaped_as_called_module(root: Module) -> bool:
    """Required inputs, and neither a provider configuration nor terraform settings."""
    if root.providers or root.terraform_blocks:
        return False
    return any("default" not in v.body.attributes for v in root.variables)


def _reports_nothing(resource: Block, schema: ProviderSchema) -> bool:
    if not resource.labels:
        return False
    if resource.labels[0] in NOTHING_TO_REPORT:
        return True
    found = schema.schema.resource(resource.labels[0]) if schema.judges(resource) else None
    return found is not None and all(
        name in ONLY_ID or not attribute.computed for name, attribute in found.attributes.items()
    )


def _count(resources: int) -> str:
    return "1 resource" if resources == 1 else f"{resources} resources"
