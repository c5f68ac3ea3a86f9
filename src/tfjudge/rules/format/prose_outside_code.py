"""## What it does
Fires when the prompt asks for code only ("just give me the HCL code, no explanations
outside of it", "respond only with the Terraform code") and the response has prose
outside its code blocks: reasoning, headings, explanations, a summary. A line that only
names the next file (`### main.tf`, `**variables.tf**`) is not prose. One finding at the
first prose line, counting the rest. Needs `--prompt`.

## Why is this bad?
The answer is consumed by a program: a pipeline that writes the response to
`tap_stack.tf` or pipes it to `terraform fmt` breaks on the first line of prose, and a
grader that asked for code only marks the whole answer as failing the format.

## Example
Prompt: "Just give me the HCL code in one code block, no explanations outside of it."
````markdown
### Reasoning Trace
First I need a VPC...

```hcl
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

import re
from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.requirements import PromptRequirements, cite
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_FILE_LABEL = lazy_pattern(
    r"^\s*(?:#{1,6}\s*|\*\*|__|`)*\s*(?:file(?:name)?\s*[:\-]\s*)?`?[\w./-]+\.\w{1,7}`?"
    r"\s*(?:\*\*|__|`)*\s*:?\s*$",
    re.IGNORECASE,
)


@rule(
    "format.prose-outside-code",
    Severity.CRITICAL,
    Category.FORMAT,
    "Prose outside the code when the prompt asks for code only",
    impact="Whatever consumes the answer as code breaks on the prose, and the answer fails "
    "the task's format requirement.",
    fix="Return only the code block(s) the prompt asks for, with no text around them.",
    requires=("prompt",),
)
def prose_outside_code(ctx: RuleContext) -> Iterator[Finding]:
    requirement = ctx.get(PromptRequirements).code_only
    if requirement is None or ctx.response.kind != "markdown" or not ctx.response.files:
        return
    prose = [(n, text) for n, text in ctx.response.prose if not _FILE_LABEL.match(text)]
    if not prose:
        return
    first_line, first_text = prose[0]
    headings = sum(1 for n, _ in prose if n in ctx.response.headings)
    detail = f", {headings} of them headings" if headings else ""
    finding = ctx.finding(
        f"The prompt asks for code only (prompt line {requirement.line}) and the response has "
        f"{len(prose)} line{'s' if len(prose) != 1 else ''} of prose outside its code{detail}, "
        f"starting at line {first_line}: `{first_text.strip()[:80]}`.",
        response_line=first_line,
        root_cause="The model explained or reasoned in the answer instead of returning only "
        "the code.",
    )
    yield cite(finding, requirement)
