"""## What it does
Parses the programs an answer ships: Python (`.py` blocks, `archive_file` sources),
shell (`user_data` scripts, `.sh` blocks) and JavaScript (`.js` blocks, canary scripts),
with Python's own parser and tree-sitter's bash and JavaScript grammars. Terraform
interpolations in a heredoc are replaced by placeholders first. In a directory answer,
only the programs the configuration reads (an archive's source, a `file()`) are judged:
a repository's application code and tests are not terraform's. A program file with
`${...}` may be a template (`templatefile()`): an error is reported only if the text with
each interpolation replaced errs too, and a template with directives (`%{ if }`) is not
judged. f-string errors that Python 3.12 accepts (PEP 701) are not reported when tfjudge
runs on an older Python.

## Why is this bad?
Terraform deploys program text without reading it. A Lambda whose handler does not
parse fails on every invocation (`Runtime.UserCodeSyntaxError`); a `user_data` script
that does not parse leaves the instance unconfigured and its health checks failing.

## Example
```python
def handler(event, context)
    return {"statusCode": 200}
```

## Use instead
```python
def handler(event, context):
    return {"statusCode": 200}
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

_LANGUAGE_NAMES = {"python": "Python", "bash": "shell script", "javascript": "JavaScript"}


@rule(
    "syntax.embedded-code-error",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Embedded program does not parse",
    impact="The program is deployed as written and fails when it first runs.",
    fix="Correct the program's syntax at the reported line.",
)
def embedded_code_error(ctx: RuleContext) -> Iterator[Finding]:
    for error in ctx.get(EmbeddedDocuments).program_errors(judged_documents(ctx)):
        program = error.embedded
        line = error.file_line
        language = _LANGUAGE_NAMES.get(program.language, program.language)
        name = f" {program.name}" if program.name else ""
        yield ctx.finding(
            f"The {language}{name} does not parse: {error.message} (its line {error.line}).",
            Range(program.file.path, line, error.column if program.exact_lines else 1, line, 1),
            block=program.block,
            attribute=program.attribute,
            title=f"{language.capitalize()} does not parse",
        )
