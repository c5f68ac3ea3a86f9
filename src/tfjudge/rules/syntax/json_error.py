"""## What it does
Parses every JSON document of the answer: `.json` files and JSON written as a string in
the configuration (a heredoc `policy`, `assume_role_policy`, a Step Functions
`definition`, `container_definitions`, a dashboard body, an event pattern). Terraform
interpolations are replaced by placeholders first, so only the JSON itself is judged; a
`.json` file with `${...}` is a template `templatefile()` renders, judged the same way.
Not judged: an empty file, a template with `%{ }` directives, commented JSON by its
tools' convention (`tsconfig.json`, `.jsonc`), a local value only ever spliced into other
strings (`"Statement": [${local.statements}]`: judged in the document it ends up in),
and, in a directory answer, the files the configuration does not read (test fixtures,
tool directories such as `.vscode`).

## Why is this bad?
Terraform passes such strings to AWS unparsed: `validate` and `plan` succeed and the
API call fails at `apply` with a MalformedPolicyDocument or validation error.

## Example
```hcl
policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}
  ]
}
EOF
```

## Use instead
```hcl
policy = jsonencode({
  Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
})
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Reference, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import top_level_block
from tfjudge.parse.embedded import Embedded, EmbeddedDocuments
from tfjudge.parse.hcl.ast import Expr, Template
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.syntax._read_files import judged_documents
from tfjudge.source import Range


@rule(
    "syntax.json-error",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "JSON document does not parse",
    impact="AWS rejects the document when the resource is created, mid-apply.",
    fix="Write the document with jsonencode() so Terraform builds valid JSON.",
)
def json_error(ctx: RuleContext) -> Iterator[Finding]:
    for error in ctx.get(EmbeddedDocuments).json_errors(judged_documents(ctx)):
        document = error.embedded
        if _fragment(ctx, document):
            continue
        line = error.file_line
        where = f"the {document.attribute} of this block" if document.attribute else "this file"
        yield ctx.finding(
            f"Invalid JSON in {where}: {error.message} (line {error.line}, column "
            f"{error.column} of the document).",
            Range(document.file.path, line, 1, line, 1),
            block=document.block,
            attribute=document.attribute,
        )


def _fragment(ctx: RuleContext, document: Embedded) -> bool:
    """Whether the document is a local value only ever spliced into other strings
    (`"Statement": [${local.statements}]`): a piece of the document it ends up in, where
    it is judged, not a document of its own."""
    block = document.block
    if block is None or block.type != "locals" or document.attribute is None:
        return False
    references = ctx.get(References)
    local = references.local(ctx.configuration.module_of(block), document.attribute)
    uses = references.to(local) if local is not None else []
    return bool(uses) and all(
        _interpolated(use.expr, expr) for use in uses for expr in _holders(use)
    )


def _holders(use: Reference) -> list[Expr]:
    """The expressions a reference is written in: its local value's, or its block's."""
    if use.local is not None:
        return [use.local.expr]
    return [a.expr for a in top_level_block(use.block).attributes_deep()]


def _interpolated(read: Expr, holder: Expr) -> bool:
    """Whether `read` is, where it appears in `holder`, one interpolation among the text of
    a string (not the whole value, which `"${...}"` alone is); True when it is not there."""
    for node in holder.walk():
        if isinstance(node, Template) and any(part is read for part in node.parts):
            return len(node.parts) > 1
        if node is read:
            return False
    return True
