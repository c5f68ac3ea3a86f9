"""## What it does
Reports a `templatefile(path, vars)` whose template reads a name `vars` does not hold, in
terraform's words ("Invalid function argument: Invalid value for "vars" parameter: vars
map does not contain key ..."). The template is the answer's file at `path`; the names
are those its `${...}` interpolations and `%{...}` directives read, but for the ones its
own `%{ for }` binds. Typical: a shell script's `${HOME}` or `${INSTANCE_ID}` (a template
reads `$${HOME}` or `$HOME` as the shell's), or `${var.region}` (a template sees only
`vars`, not the module's variables). Not judged: a template file the answer does not
give (core.missing-local-file), one that does not parse, and `vars` whose keys are known
only at apply.

## Why is this bad?
`terraform validate` (when the path and keys are known) and `plan` stop at the call:
nothing is deployed. See
https://developer.hashicorp.com/terraform/language/functions/templatefile.

## Example
```hcl
resource "aws_instance" "web" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = templatefile("${path.module}/user_data.sh", { app_port = 8080 })
}

# user_data.sh
#!/bin/bash
echo "listening on ${app_port}" > /etc/motd
echo "home is ${HOME}" >> /etc/motd
```

## Use instead
```hcl
resource "aws_instance" "web" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = templatefile("${path.module}/user_data.sh", { app_port = 8080 })
}

# user_data.sh
#!/bin/bash
echo "listening on ${app_port}" > /etc/motd
echo "home is $${HOME}" >> /etc/motd
```
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.evaluate.branches import block_instances
from tfjudge.evaluate.files import normalize
from tfjudge.evaluate.reads import LocalRead, LocalReads
from tfjudge.evaluate.templates import TemplateNames
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr, FunctionCall, ObjectExpr
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import SourceFile


@rule(
    "core.template-variable-missing",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "templatefile() without a variable its template reads",
    impact="terraform validate or plan stops at the call: nothing is deployed.",
    fix="Pass the variable in vars, or escape what is not one: $${NAME} in the template.",
)
def template_variable_missing(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    templates = ctx.get(TemplateNames)
    seen: set[int] = set()
    for read in ctx.get(LocalReads).reads:
        call = read.expr
        if read.what != "templatefile()" or not isinstance(call, FunctionCall):
            continue
        if len(call.args) != 2 or id(call) in seen:
            continue
        file = _template_file(ctx, evaluator, read)
        used = templates.used(file) if file is not None else None
        if file is None or used is None:
            continue
        keys = _keys(evaluator, call.args[1], read.block)
        if keys is None:
            continue
        missing = sorted((name for name in used if name not in keys), key=lambda n: used[n])
        if missing:
            seen.add(id(call))
            yield _finding(ctx, read, file.path, missing, used[missing[0]].line)


def _template_file(ctx: RuleContext, evaluator: Evaluator, read: LocalRead) -> SourceFile | None:
    """The file a relative path names from the working directory of terraform (the root
    module the reading block's module belongs to). A Markdown answer's file places are
    guesses: there the path is matched leniently, as `file()` is."""
    root = ctx.configuration.root_of(ctx.configuration.module_of(read.block))
    by_path = evaluator.files.by_path
    for candidate in (posixpath.join(root.directory, read.path), read.path):
        normal = normalize(candidate)
        if normal and normal in by_path:
            return by_path[normal]
    return None if ctx.response.kind == "directory" else evaluator.files.find(read.path)


def _keys(evaluator: Evaluator, expr: Expr, block: Block) -> set[str] | None:
    """The names `vars` holds, when the configuration knows them all."""
    if isinstance(expr, ObjectExpr):
        names = [item.key_name for item in expr.items]
        if all(name is not None for name in names):
            return {name for name in names if name is not None}
    found: set[str] | None = None
    for instance in block_instances(evaluator, block):
        value = evaluator.evaluate(expr, instance)
        if not isinstance(value, dict):
            return None
        found = set(value) if found is None else found & set(value)
    return found


def _finding(
    ctx: RuleContext, read: LocalRead, path: str, missing: list[str], line: int
) -> Finding:
    first = missing[0]
    quoted = ", ".join('"' + name + '"' for name in missing[1:])
    others = f" (nor {quoted})" if quoted else ""
    if first in ("var", "local", "module", "data", "path"):
        hint = f"a template sees only the vars passed to it, not {first}.*"
    else:
        hint = f"a shell or runtime variable is written $${{{first}}} (or ${first}) in a template"
    return ctx.finding(
        f'Invalid function argument: Invalid value for "vars" parameter: vars map does not '
        f'contain key "{first}"{others}, referenced at {path}:{line}; {hint}.',
        read.expr.range,
        block=read.block,
    )
