"""## What it does
Parses every JSON document of the answer: `.json` files and JSON written as a string in
the configuration (a heredoc `policy`, `assume_role_policy`, a Step Functions
`definition`, `container_definitions`, a dashboard body, an event pattern). Terraform
interpolations are replaced by placeholders first, so only the JSON itself is judged; a
`.json` file with `${...}` is a template `templatefile()` renders, judged the same way.
Not judged: an empty file, a template with `%{ }` directives, commented JSON by its
tools' convention (`tsconfig.json`, `.jsonc`), and, in a directory answer, the files
the configuration does not read (test fixtures, tool directories such as `.vscode`).

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

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.embedded import EmbeddedDocuments
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
        line = error.file_line
        where = f"the {document.attribute} of this block" if document.attribute else "this file"
        yield ctx.finding(
            f"Invalid JSON in {where}: {error.message} (line {error.line}, column "
            f"{error.column} of the document).",
            Range(document.file.path, line, 1, line, 1),
            block=document.block,
            attribute=document.attribute,
        )
