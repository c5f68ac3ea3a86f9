"""## What it does
Fires when the prompt names the fence language of the code ("one fenced code block with
language `hcl`", or an example fence ```` ```hcl ```` under a format instruction) and a
block holding Terraform is tagged otherwise (```` ```terraform ````, ```` ```tf ````) or not
tagged at all. One finding per such block. Blocks in other languages (a Python handler,
a shell command) are not judged. Needs `--prompt`.

## Why is this bad?
Tools that extract the answer by fence language (`hcl`) miss the block, and renderers
highlight it wrongly. Minor, but the prompt asked for it.

## Example
Prompt: "Return one fenced code block with language `hcl`."
````markdown
```terraform
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```
````

## Use instead
````markdown
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```
````
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.prompt.requirements import PromptRequirements, cite
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range


@rule(
    "format.wrong-language-tag",
    Severity.LOW,
    Category.FORMAT,
    "A code block is tagged with another language than the prompt names",
    impact="Extraction by fence language misses the block; highlighting is wrong.",
    fix="Tag the Terraform code blocks with the language the prompt names.",
    requires=("prompt",),
)
def wrong_language_tag(ctx: RuleContext) -> Iterator[Finding]:
    requirement = ctx.get(PromptRequirements).fence_language
    if requirement is None or ctx.response.kind != "markdown":
        return
    wanted = requirement.key
    for file in ctx.response.files:
        if file.origin != "fence" or file.language != "hcl" or file.source_line is None:
            continue
        tag = file.fence_info.strip().split(" ", 1)[0].lower() if file.fence_info.strip() else ""
        if tag == wanted:
            continue
        shown = f"```{tag}" if tag else "an untagged fence"
        fence_line = file.source_line - 1
        finding = ctx.finding(
            f"The prompt asks for `{wanted}` code blocks (prompt line {requirement.line}); "
            f"{file.path} is in {shown} (line {fence_line}).",
            Range(file.path, 1, 1, 1, 1),
            response_line=fence_line,
        )
        finding.response_line = fence_line
        yield cite(finding, requirement)
