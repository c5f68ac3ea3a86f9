"""## What it does
Reports an entry of `terraform { required_providers { ... } }` that `terraform init`
refuses, in its words:
- a local name that is not lowercase letters, digits and inner dashes (`my_aws`, `Tls`):
  "Invalid provider local name"; the label of a `provider` block likewise
  (`provider "aws_core_provider"`);
- a `version` (or a bare string, Terraform 0.12's form of a version) that is no version
  constraint (`latest`, `^5.0`, `5.x`, `*`, `hashicorp/azure`): "Invalid version
  constraint";
- a `source` that is no `[hostname/][namespace/]type` address (`./providers/aws`, four
  parts, a type starting `terraform-provider-`).

## Why is this bad?
`terraform init` reads the requirements before it installs anything and stops at these
errors: nothing is planned or created. See
https://developer.hashicorp.com/terraform/language/providers/requirements.

## Example
```hcl
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "latest"
    }
    my_random = {
      source = "hashicorp/random"
    }
  }
}
```

## Use instead
```hcl
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = {
      source = "hashicorp/random"
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Expr, Literal, ObjectExpr
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range

_LOCAL_NAME = lazy_pattern(r"[a-z0-9]+(?:-+[a-z0-9]+)*")
_PART = lazy_pattern(r"[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*")
_HOSTNAME = lazy_pattern(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d+)?")
# Terraform's syntax exactly: schema.versions.parse_constraint reads what a constraint
# admits and is lenient on purpose (`5.x` still picks major 5), so it cannot judge syntax.
_CONSTRAINT = lazy_pattern(
    r"\s*(?:=|!=|>=|<=|>|<|~>)?\s*v?\d+(?:\.\d+)*(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?\s*"
)
BAD_VERSION = (
    "Invalid version constraint: This string does not use correct version constraint syntax"
)


@rule(
    "core.invalid-required-provider",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Provider requirement terraform init refuses",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix='Use a lowercase local name, source = "namespace/type" and a version such as "~> 5.0".',
)
def invalid_required_provider(ctx: RuleContext) -> Iterator[Finding]:
    for module in ctx.configuration.modules.values():
        for provider in module.providers:
            name = provider.labels[0] if provider.labels else None
            if name is not None and not _LOCAL_NAME.fullmatch(name):
                at = provider.label_ranges[0] if provider.label_ranges else provider.type_range
                yield ctx.finding(_local_name(name), at, block=provider)
        for settings in module.terraform_blocks:
            for required in settings.body.blocks_of("required_providers"):
                for entry in required.body.attributes.values():
                    for where, message in _problems(entry):
                        yield ctx.finding(message, where, block=settings)


def _problems(entry: Attribute) -> Iterator[tuple[Range, str]]:
    name = entry.name
    if not _LOCAL_NAME.fullmatch(name):
        yield entry.name_range, _local_name(name)
    expr = entry.expr
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        if not _valid_constraints(expr.value):
            yield expr.range, f'{BAD_VERSION}: "{expr.value}".'
        return
    if not isinstance(expr, ObjectExpr):
        return
    for item in expr.items:
        value = _string(item.value)
        if value is None:
            continue
        if item.key_name == "version" and not _valid_constraints(value):
            yield item.value.range, f'{BAD_VERSION}: "{value}".'
        if item.key_name == "source":
            problem = _source_problem(value)
            if problem is not None:
                yield item.value.range, problem


def _local_name(name: str) -> str:
    if _LOCAL_NAME.fullmatch(name.lower()):
        return (
            f'Invalid provider local name: Provider names must be normalized. Replace "{name}" '
            f'with "{name.lower()}" to fix this error.'
        )
    return (
        f"Invalid provider local name: {name} is an invalid provider local name: must contain "
        "only letters, digits, and dashes, and may not use leading or trailing dashes."
    )


def _string(expr: Expr) -> str | None:
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return None


def _valid_constraints(text: str) -> bool:
    return all(_CONSTRAINT.fullmatch(part) for part in text.split(","))


def _source_problem(source: str) -> str | None:
    parts = source.split("/")
    if len(parts) > 3:
        return (
            f'Invalid provider source string: "{source}": the "source" attribute must be in '
            'the format "[hostname/][namespace/]name".'
        )
    if len(parts) == 3 and not _HOSTNAME.fullmatch(parts[0]):
        return (
            f'Invalid provider source hostname: "{parts[0]}" in source "{source}" is not a '
            "hostname."
        )
    named = list(zip(("namespace", "type")[-len(parts[-2:]) :], parts[-2:], strict=True))
    for kind, part in named:
        if not _PART.fullmatch(part):
            return (
                f'Invalid provider {kind}: Invalid provider {kind} "{part}" in source '
                f'"{source}": must contain only letters, digits, and dashes, and may not use '
                "leading or trailing dashes."
            )
    if parts[-1].lower().startswith("terraform-provider-"):
        short = "/".join([*parts[:-1], parts[-1][len("terraform-provider-") :]])
        return (
            f'Invalid provider type: Provider source "{source}" has a type with the prefix '
            f'"terraform-provider-", which isn\'t valid. Did you mean "{short}"?'
        )
    return None
