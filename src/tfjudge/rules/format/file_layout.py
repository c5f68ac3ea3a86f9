"""## What it does
Fires when the response's files do not follow the layout the prompt asks for:
- a file the prompt names as a deliverable ("split into `provider.tf`, `variables.tf`",
  "1) main.tf - core resources") is missing from the answer;
- a file the prompt rules out is present ("don't give me separate tfvars files");
- the prompt asks for a single file ("everything in one file called `tap_stack.tf`") and
  the answer spreads its resources over several (a `provider.tf` or `variables.tf` beside
  it, declaring no resource, is the usual split and is not counted; one file shown in
  several blocks, a part cut off and its continuation or a draft and its final version,
  is one file).
A file the prompt says already exists ("`provider.tf` (already exists)") is not asked
for. File names are matched by base name; a block the answer never named (no heading,
comment or info string names it) stands in for one asked-for file of its kind. Needs
`--prompt`.

## Why is this bad?
Pipelines copy the named files into place: a missing file leaves the configuration
incomplete, an extra one (a second provider block, a tfvars the pipeline does not expect)
changes what `terraform` reads.

## Example
Prompt: "Everything should be in one file called `tap_stack.tf`."
````markdown
```hcl
# provider.tf
provider "aws" {}
```

```hcl
# tap_stack.tf
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
```
````

## Use instead
````markdown
```hcl
# tap_stack.tf
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
```
````
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from tfjudge.evaluate.references import family_of
from tfjudge.findings import Category, Finding, Severity
from tfjudge.prompt.requirements import PromptRequirements, cite
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import SourceFile


@rule(
    "format.file-layout",
    Severity.LOW,
    Category.FORMAT,
    "The files differ from the layout the prompt asks for",
    impact="Pipelines that copy the named files get an incomplete or different configuration.",
    fix="Deliver exactly the files the prompt names, under those names.",
    requires=("prompt",),
)
def file_layout(ctx: RuleContext) -> Iterator[Finding]:
    requirements = ctx.get(PromptRequirements)
    files = [f for f in ctx.response.files if f.path]
    if not ctx.documents:
        return
    names = {f.name for f in files} | {f.path for f in files}
    # a block the answer never named may be any file the prompt asks for
    unnamed = [f for f in files if f.named_by == "default" and f.language != "text"]
    for wanted in requirements.files:
        base = wanted.key.rpartition("/")[2]
        if wanted.key in names or base in names:
            continue
        stand_in = next(
            (f for f in unnamed if f.name.rpartition(".")[2] == base.rpartition(".")[2]), None
        )
        if stand_in is not None:
            unnamed.remove(stand_in)
            continue
        finding = ctx.finding(
            f"The prompt asks for `{wanted.key}` (prompt line {wanted.line}) and the response "
            f"has no file of that name (its files: {_listing(files)}).",
            title=f"Missing file {wanted.key}",
        )
        yield cite(finding, wanted)
    for ruled_out in requirements.forbidden_files:
        for file in files:
            if fnmatch.fnmatch(file.name, ruled_out.key) or file.path == ruled_out.key:
                finding = ctx.finding(
                    f"The prompt rules out `{ruled_out.key}` (prompt line {ruled_out.line}) and "
                    f"the response has {file.path}.",
                    file,
                    title=f"File {file.path} the prompt rules out",
                )
                yield cite(finding, ruled_out)
    single = requirements.single_file
    # a provider.tf or variables.tf beside the one file is the usual split: only files
    # that declare infrastructure (resources, data sources, modules) count
    building = {
        d.file.path
        for d in ctx.documents
        if any(b.type in ("resource", "data", "module") for b in d.body.blocks)
    }
    terraform = _one_per_family([f for f in files if f.path.endswith(".tf") and f.path in building])
    if single is not None and len(terraform) > 1:
        target = f" (`{single.key}`)" if single.key else ""
        extra = [f for f in terraform if f.name != single.key] if single.key else terraform[1:]
        finding = ctx.finding(
            f"The prompt asks for a single Terraform file{target} (prompt line {single.line}) "
            f"and the response has {len(terraform)}: {_listing(terraform)}.",
            extra[0] if extra else terraform[1],
            title="Several Terraform files where the prompt asks for one",
        )
        yield cite(finding, single)


def _one_per_family(files: list[SourceFile]) -> list[SourceFile]:
    """A file shown in several blocks (`main.tf`, then `main_2.tf`) counts once."""
    seen: set[str] = set()
    kept = []
    for file in files:
        family = family_of(file.path)
        if family not in seen:
            seen.add(family)
            kept.append(file)
    return kept


def _listing(files: list[SourceFile]) -> str:
    shown = ", ".join(f.path for f in files[:8])
    return shown + (", ..." if len(files) > 8 else "") if files else "none"
