"""## What it does
Finds answers whose code was cut and resumed, as when a model hits its output limit and is
asked to go on:

- between two code blocks (or stuck inside the first, whose fence the next opener
  interrupted) the author says the code continues: "I'll continue from where I left
  off", "Continuing from the previous response", "(continued)";
- an HCL block ends inside a construct (brackets still open) and the next HCL block
  starts by closing brackets it never opened.

One finding per break, at the author's line (or at the resumed block). Ordinary
multi-file answers ("Now the variables file:") are not breaks.

## Why is this bad?
The code is not one piece a reader can take as it stands. When the first fence was never
closed, a Markdown renderer shows one code block that runs on through the author's prose
and the second opener, and copying it gives a file that does not parse ("Argument or
block definition required", "Invalid character"). When a block stops mid-construct, each
half fails to parse on its own and the two must be spliced by hand, at the right line,
without the overlap the model often repeats. A reviewer must notice the splice; an
automated pipeline that takes blocks as files deploys nothing.

## Example
````markdown
```hcl
resource "aws_cloudwatch_log_group" "trail" {
  name = "/aws/cloudtrail/main"
}

# CLOUDTRAIL
I'll continue from where I left off and complete the CloudTrail configuration.

```hcl
resource "aws_cloudtrail" "main" {
  name = "main"
}
```
````

## Use instead
One complete code block per file, each closed before the next begins; when an answer is
regenerated in parts, join the parts into one file before handing it over.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.response.resumption import Resumption, Resumptions
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range


@rule(
    "format.resumed-response",
    Severity.HIGH,
    Category.FORMAT,
    "The code is cut and resumed",
    impact="The code must be spliced by hand; taken as written it does not parse.",
    fix="Give each file as one complete, closed code block.",
)
def resumed_response(ctx: RuleContext) -> Iterator[Finding]:
    for resumption in ctx.get(Resumptions).found:
        yield _finding(ctx, resumption)


def _finding(ctx: RuleContext, resumption: Resumption) -> Finding:
    before, after = resumption.before, resumption.after
    start = before.source_line or 1
    end = start + max(before.line_count, 1) - 1
    interrupted = _interrupted_at(ctx, start)
    fence = (
        f" The fence opened at response line {start - 1} is never closed: a Markdown reader "
        "sees one code block running on through this prose and the next opener."
        if interrupted
        else ""
    )
    if resumption.said:
        message = (
            f"The code stops at response line {end} ({before.path}) and resumes at response "
            f"line {after.source_line} ({after.path}) after the author's "
            f'"{resumption.said[:120]}".{fence} The answer must be spliced by hand.'
        )
        return ctx.finding(message, response_line=resumption.response_line)
    message = (
        f"The code is cut and resumed: {resumption.reason} (response lines {end} and "
        f"{after.source_line}).{fence} Each half fails to parse alone; the answer must be "
        "spliced by hand."
    )
    return ctx.finding(message, Range(after.path, 1, 1, 1, 1))


def _interrupted_at(ctx: RuleContext, content_line: int) -> bool:
    return any(
        fence.interrupted and fence.content_line == content_line for fence in ctx.response.fences
    )
