"""## What it does
Reports a `module` block whose local `source` (`./modules/vpc`, `../shared`) names a
directory the answer never provides: no file of the answer is in it, or (in a Markdown
answer, whose file names are guesses) in a directory of the same name elsewhere; a
directory read from disk is judged by its paths, as terraform reads it. One finding per
missing directory, at the first call's header, the other calls listed. As `terraform
init` says: "Unreadable module directory".

A single `.tf` file given alone is judged by the directories beside it on disk. Not
judged: a source that leaves the answer (`../../modules/x` from the top, where the answer
may be one directory of a larger repository), a registry or Git source, and a directory
the prompt names (the task gives that module).

## Why is this bad?
`terraform init` stops at the first module it cannot read: nothing is planned or created.
Answers that "use modules for reusability" and then write only the calls are among the
commonest ways a generated configuration fails. See
https://developer.hashicorp.com/terraform/language/modules/sources#local-paths.

## Example
```hcl
module "network" {
  source     = "./modules/network"
  cidr_block = "10.0.0.0/16"
}
```

## Use instead
```hcl
module "network" {
  source     = "./modules/network"
  cidr_block = "10.0.0.0/16"
}

# modules/network/main.tf
variable "cidr_block" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr_block
}
```
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module
from tfjudge.parse.hcl.ast import Attribute, Block, Literal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import active_module_calls
from tfjudge.rules.registry import rule


@rule(
    "core.missing-module",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Module call to a local directory the answer never provides",
    impact="terraform init stops at the module it cannot read: nothing is deployed.",
    fix="Write the module's files in that directory, or declare its resources in the caller.",
)
def missing_module(ctx: RuleContext) -> Iterator[Finding]:
    calls: dict[str, list[tuple[Block, Attribute]]] = {}
    for call, source, target in _unresolved_calls(ctx):
        calls.setdefault(target, []).append((call, source))
    paths = [f.path for f in ctx.response.files] + ctx.response.other_paths
    directories = {p.rpartition("/")[0] for p in paths}
    prompt = ctx.prompt.text if ctx.prompt is not None else ""
    disk = ctx.response.disk
    on_disk = ctx.response.kind == "directory"  # its paths are where the files are
    for target, found in calls.items():
        if target in directories or target in prompt:
            continue
        if not on_disk and _shown_elsewhere(target, directories):
            continue
        if ctx.response.kind == "file" and (disk is None or disk.has_directory(target)):
            continue  # a lone .tf file's module directories are on disk, not loaded
        call, source = found[0]
        names = ", ".join(f"module.{c.labels[0]}" for c, _ in found)
        unplaced = _unplaced_code(ctx, target, [c.labels[0] for c, _ in found])
        where = (
            f"the answer shows code for it ({unplaced}) but never says it goes there"
            if unplaced
            else "the answer provides no file in it"
        )
        yield ctx.finding(
            f"Unreadable module directory: {names} {'calls' if len(found) == 1 else 'call'} "
            f'source = "{_value(source)}", the directory {target}/, and {where}: terraform '
            "init cannot read the module and stops.",
            call.type_range,
            block=call,
            related=[f"{c.type_range.file}:{c.type_range.start_line}" for c, _ in found[1:]],
        )


def _unresolved_calls(ctx: RuleContext) -> Iterator[tuple[Block, Attribute, str]]:
    """Active module calls with a local source inside the answer that reaches no module."""
    for module, call in active_module_calls(ctx):
        source = call.body.attributes.get("source")
        target = _local_target(module, source)
        if source is None or target is None or ctx.configuration.callee(call) is not None:
            continue
        yield call, source, target


def _local_target(module: Module, source: Attribute | None) -> str | None:
    """The directory a local source names, relative to the answer; None for another kind
    of source or one that leaves the answer."""
    value = _value(source)
    if not value.startswith(("./", "../")):
        return None
    target = posixpath.normpath(posixpath.join(module.directory, value))
    if target == "." or target.startswith(".."):
        return None
    return target


def _value(source: Attribute | None) -> str:
    if source is None or not isinstance(source.expr, Literal):
        return ""
    value = source.expr.value
    return value if isinstance(value, str) else ""


def _shown_elsewhere(target: str, directories: set[str]) -> bool:
    """A directory of the answer with the target's name (`api/` for `./modules/api`): the
    module is written, in another place than the call says; not judged in a Markdown
    answer, whose file names are the writer's guess (a directory read from disk is what
    terraform reads)."""
    name = target.rpartition("/")[2]
    return any(d.rpartition("/")[2] == name for d in directories if d)


def _unplaced_code(ctx: RuleContext, target: str, calls: list[str]) -> str:
    """Files tfjudge had to name itself whose lead-in line names the module ("**vpc
    module:**" above a block of the VPC's resources): the code is there, its place is not."""
    wanted = {_squashed(target.rpartition("/")[2]), *(_squashed(c) for c in calls)}
    lines = ctx.response.text.split("\n")
    found = []
    for file in ctx.response.terraform_files:
        if file.named_by != "default" or file.source_line is None:
            continue
        if any(f'module "{call}"' in file.text for call in calls):
            continue  # the code that calls the module, not the module's
        lead_in = _squashed(_line_above(lines, file.source_line - 2))
        if any(name and name in lead_in for name in wanted):
            found.append(f"{file.path}, response line {file.source_line}")
    return "; ".join(found)


def _line_above(lines: list[str], fence: int) -> str:
    """The nearest non-blank line above the fence line (0-based `fence`)."""
    for index in range(min(fence, len(lines)) - 1, max(fence - 4, -1), -1):
        if lines[index].strip():
            return lines[index]
    return ""


def _squashed(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum()).replace("module", "")
