"""## What it does
Reports an index that terraform rejects while evaluating the configuration: a key a map
or object does not have (`local.env_config["qa"]` where the map has `dev` and `prod`), a
list position past its end (`["a", "b"][2]`), a set indexed at all. The collection and
the key must both be known before apply: values from literals, locals, variable defaults,
`terraform.tfvars`, `count.index`, `each.key` and `terraform.workspace` (which is
`"default"` until another workspace is selected: `terraform validate` and a fresh working
directory see that value). An index inside `try()` or `can()`, or in the branch of a
conditional that is not taken, is not reported, as terraform does not report it. One
finding per place, at the index.

## Why is this bad?
`terraform validate` and `plan` stop with "Invalid index": nothing is planned. The common
case in real answers is an environment map indexed by the workspace name
(`local.env_config[terraform.workspace]`) without an entry for `default`, so validation
in CI and the first plan after `init` fail until someone selects a workspace. See
https://developer.hashicorp.com/terraform/language/expressions/references#terraform-workspace.

## Example
```hcl
locals {
  env_config = {
    dev  = { instance_type = "t3.micro" }
    prod = { instance_type = "t3.large" }
  }
  current = local.env_config[terraform.workspace]
}
```

## Use instead
```hcl
locals {
  env_config = {
    dev  = { instance_type = "t3.micro" }
    prod = { instance_type = "t3.large" }
  }
  current = lookup(local.env_config, terraform.workspace, local.env_config["dev"])
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import block_at
from tfjudge.rules.registry import rule


@rule(
    "core.invalid-index",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Invalid index",
    impact="terraform validate and plan stop at the index: nothing is planned or deployed.",
    fix="Index with a key the collection has, or use lookup() with a default.",
)
def invalid_index(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for where, message in evaluator.index_errors():
        owner = block_at(ctx, where)
        note = ""
        if f'key "{evaluator.workspace}"' in message and _reads_workspace(ctx, owner):
            note = (
                f' terraform.workspace is "{evaluator.workspace}" until another workspace is '
                "selected, which is what terraform validate and the first plan after init see."
            )
        yield ctx.finding(f"{message}.{note}", where, block=owner)


def _reads_workspace(ctx: RuleContext, block: Block | None) -> bool:
    """Whether the module of `block` reads terraform.workspace anywhere."""
    if block is None:
        return False
    module = ctx.configuration.module_of(block)
    return any("terraform.workspace" in file.text for file in module.files)
