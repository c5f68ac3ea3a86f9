"""## What it does
Fires when the prompt asks for one code block ("give me one complete code block", "return
only one fenced code block") and the response has more than one fenced block. The
finding is at the second block and lists where each block starts. Needs `--prompt`.

## Why is this bad?
A pipeline that takes "the" code block takes the first one and loses the rest (often the
outputs, or the variables), and a grader that asked for one block fails the format.

## Example
Prompt: "Return only one fenced code block with language hcl."
````markdown
```hcl
variable "region" {}
```

```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```
````

## Use instead
````markdown
```hcl
variable "region" {}

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


@rule(
    "format.multiple-code-blocks",
    Severity.HIGH,
    Category.FORMAT,
    "Several code blocks when the prompt asks for one",
    impact="Tools that take the answer's code block keep only one of them; the rest of the "
    "configuration is lost.",
    fix="Put the whole configuration in the one code block the prompt asks for.",
    requires=("prompt",),
)
def multiple_code_blocks(ctx: RuleContext) -> Iterator[Finding]:
    requirement = ctx.get(PromptRequirements).single_block
    fences = ctx.response.fences
    if requirement is None or ctx.response.kind != "markdown" or len(fences) < 2:
        return
    starts = ", ".join(str(f.fence_line) for f in fences[:12])
    more = "" if len(fences) <= 12 else ", ..."
    finding = ctx.finding(
        f"The prompt asks for one code block (prompt line {requirement.line}) and the response "
        f"has {len(fences)}, opening at lines {starts}{more}.",
        response_line=fences[1].fence_line,
        root_cause="The model split the answer into several blocks (or added examples and "
        "commands) although one block was asked for.",
    )
    yield cite(finding, requirement)
