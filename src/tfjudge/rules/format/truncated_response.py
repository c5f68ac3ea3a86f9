"""## What it does
Finds answers that stop mid-way: a code fence still open when the response ends, an HCL
file that ends with brackets, a string or a heredoc still open, or a last program that
stops mid-statement. One finding per cut file, at its last line. A directory read from
disk is not judged: its files were not cut by a generation's length, and a block left
open there is syntax.hcl-error's.

## Why is this bad?
A truncated answer is never deployable: the cut file does not parse, and everything the
answer meant to write after the cut (often outputs, policies, whole services) is
missing. Reviewers want it flagged first, because every other finding is partial.

## Example
```hcl
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Statement = [{
      Action = [
        "s3:GetObject",
```

## Use instead
Generate the answer again with room for its whole length, or split it into files and
check that each block and each fence is closed.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.response.truncation import Truncation
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range


@rule(
    "format.truncated-response",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "The response stops mid-way",
    impact="The cut file does not parse and everything after the cut is missing.",
    fix="Regenerate the answer in full; close every block, string and code fence.",
)
def truncated_response(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.response.kind == "directory":
        return  # files on disk were not generated to a length: an unclosed block is an error
    for cut in ctx.get(Truncation).cuts:
        last = cut.file.line_text(cut.line).strip()
        yield ctx.finding(
            f"{cut.file.path} is cut off: {cut.reason}. Its last line is `{last[:80]}`.",
            Range(cut.file.path, cut.line, 1, cut.line, len(last) + 1),
            title=f"The response stops mid-way in {cut.file.path}",
        )
