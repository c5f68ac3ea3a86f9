"""## What it does
Reports a reference to an aliased provider configuration (`provider = aws.secondary`, a
`providers = { aws = aws.secondary }` value) that its module does not declare: no
`provider "aws"` block with `alias = "secondary"`, no `configuration_aliases` entry, no
caller passing it in. One finding per module and alias, at the first use, with the
address of the missing configuration (`provider.aws.secondary`). Also reports a module
call that does not pass a configuration its module lists in `configuration_aliases`.

## Why is this bad?
`terraform validate` and `plan` stop ("Provider configuration not present", or "Missing
required provider configuration" for a module call): nothing is created. Aliases are
per module: a child module does not see the root module's aliases unless the call passes
them in `providers`. See
https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations.

## Example
```hcl
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "replica" {
  provider = aws.secondary
  bucket   = "replica"
}
```

## Use instead
```hcl
provider "aws" {
  alias  = "secondary"
  region = "us-west-2"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Literal, ObjectExpr, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import label, missing
from tfjudge.rules.registry import rule


@rule(
    "core.undeclared-provider-alias",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Reference to an undeclared provider configuration",
    impact="terraform validate and plan stop: nothing is deployed.",
    fix='Declare provider "TYPE" { alias = "NAME" } in the module (or pass it in providers).',
)
def undeclared_provider_alias(ctx: RuleContext) -> Iterator[Finding]:
    for gap in missing(ctx, ("provider",)):
        _, kind, alias = gap.address.split(".", 2)
        users = sorted({label(r) for r in gap.references})
        shown = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
        yield ctx.finding(
            f"Provider configuration not present: {shown} use{'s' if len(users) == 1 else ''} "
            f'{kind}.{alias}, but {gap.where()} declares no provider "{kind}" block with '
            f'alias = "{alias}" (and no configuration_aliases entry for it).',
            gap.first.range,
            address=gap.address,
            related=gap.other_uses(),
        )
    yield from _unpassed_aliases(ctx)


def _unpassed_aliases(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        required = [
            address
            for address, declaration in references.declarations[
                module.directory
            ].provider_aliases.items()
            if not isinstance(declaration, Block)
        ]
        if not required:
            continue
        for caller in module.callers:
            if references.is_superseded(caller):
                continue
            passed = _passed(caller)
            for address in required:
                name = address.removeprefix("provider.")
                if name in passed:
                    continue
                yield ctx.finding(
                    f"Missing required provider configuration: module {caller.labels[0]} "
                    f'({module.directory}) requires a configuration for "{name}" '
                    f"(configuration_aliases), but the call's providers map does not pass one.",
                    caller.type_range,
                    block=caller,
                )


def _passed(caller: Block) -> set[str]:
    providers = caller.body.get("providers")
    if not isinstance(providers, ObjectExpr):
        return set()
    names: set[str] = set()
    for item in providers.items:
        key = item.key
        if isinstance(key, Traversal):
            names.add(".".join([key.root, *key.attr_names]))
        elif isinstance(key, Literal) and isinstance(key.value, str):
            names.add(key.value)
    return names
