"""## What it does
Fires on an `aws_lambda_function` with a Python or Node.js `runtime` whose `handler`
names a module the function's package does not contain, or a function that module does
not define. The package is what the answer builds or gives:

- the `archive_file` its `filename` refers to (or whose `output_path` equals it): the
  files of its `source` blocks, its `source_file`, its `source_content_filename`, or the
  answer's files under its `source_dir` (when the answer shows any);
- a literal `.zip` no `archive_file` builds, when the answer gives exactly one program
  for it — a file whose name is the zip's (`lambda/payment_validation.zip` and
  `lambda/payment_validation.py`) — and never mentions the handler's module file.

`index.handler` on Python needs `index.py` (or `index/__init__.py`) at the package root
defining `handler` (a `def`, an assignment or an import); `src/app.handler` on Node.js
needs `src/app.js` (`.mjs`, `.cjs`) exporting `handler`. Python is parsed with `ast`,
Terraform interpolations in it standing in as names; code that does not parse is left to
`syntax.embedded-code-error`. Other runtimes, container images and packages from S3 are not
judged.

## Why is this bad?
The function deploys, but every invocation fails before any code runs:
`Runtime.ImportModuleError: Unable to import module 'index': No module named 'index'`,
or `Runtime.HandlerNotFound` when the module lacks the function. Whatever triggers it —
an API route, a queue, a schedule — gets errors.

Source: AWS Lambda Developer Guide, "Define Lambda function handler in Python" and "...in
Node.js" (the handler is `file name.function name`),
https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html,
https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html

## Example
```hcl
data "archive_file" "validator" {
  type        = "zip"
  source_file = "${path.module}/lambda/payment_validation.py"
  output_path = "${path.module}/build/validator.zip"
}

resource "aws_lambda_function" "validator" {
  function_name = "payment-validation"
  filename      = data.archive_file.validator.output_path
  handler       = "index.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.lambda.arn
}
```

## Use instead
```hcl
resource "aws_lambda_function" "validator" {
  function_name = "payment-validation"
  filename      = data.archive_file.validator.output_path
  handler       = "payment_validation.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.lambda.arn
}
```
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator
from dataclasses import field

from tfjudge.evaluate import Evaluator, PartialString
from tfjudge.evaluate.files import normalize
from tfjudge.evaluate.reads import path_from_top
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.parse.python import parse_python
from tfjudge.records import record
from tfjudge.rules.aws._common import data_sources, resources, target_blocks
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import SourceFile

_EXTENSIONS = {"python": (".py",), "nodejs": (".js", ".mjs", ".cjs")}
_PLACEHOLDER = "_tf_"


@record
class Package:
    """What a function's deployment package holds, as far as the answer shows."""

    files: dict[str, str | None] = field(default_factory=dict)  # path in the zip -> text
    origin: str = ""
    exact: bool = True  # False when the package may hold files the answer does not show


@rule(
    "aws.lambda-handler-mismatch",
    Severity.HIGH,
    Category.RELIABILITY,
    "Lambda handler that names no module or function of its package",
    impact="Every invocation fails with Runtime.ImportModuleError or HandlerNotFound.",
    fix='Make handler "<file>.<function>" match a file at the package root and a function '
    "it defines.",
    applies_to=("aws_lambda_function",),
)
def lambda_handler_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for function in resources(ctx, "aws_lambda_function"):
        runtime = evaluator.attribute(function, "runtime")
        handler = evaluator.attribute(function, "handler")
        language = _language(runtime)
        if language is None or not isinstance(handler, str) or "." not in handler:
            continue
        package = _package(ctx, function)
        if package is None or not package.files:
            continue
        module, _, name = handler.rpartition(".")
        found = _module_file(package, module, language)
        attribute = function.body.attributes.get("handler")
        if found is None:
            if not package.exact and _mentioned(ctx, module, language, package):
                continue
            wanted = " or ".join(_candidates(module, language)[:2])
            held = ", ".join(sorted(package.files)[:6])
            yield ctx.finding(
                f'handler "{handler}" needs {wanted} in the package, but {package.origin} '
                f"holds only {held}: every invocation fails with Runtime.ImportModuleError",
                attribute,
                block=function,
                attribute="handler",
            )
            continue
        path, text = found
        if text is None:
            continue
        defined = _defines(text, name, language)
        if defined is False:
            yield ctx.finding(
                f'handler "{handler}" names {name}(), but {path} in {package.origin} does '
                "not define it: every invocation fails with Runtime.HandlerNotFound",
                attribute,
                block=function,
                attribute="handler",
            )


def _language(runtime: object) -> str | None:
    if not isinstance(runtime, str):
        return None
    for language in _EXTENSIONS:
        if runtime.startswith(language):
            return language
    return None


# -- the package ----------------------------------------------------------------------------


def _package(ctx: RuleContext, function: Block) -> Package | None:
    evaluator = ctx.get(Evaluator)
    if function.body.get("image_uri") is not None or function.body.get("s3_bucket") is not None:
        return None
    filename = function.body.get("filename")
    if filename is None:
        return None
    archives = target_blocks(ctx, filename, "archive_file")
    path = evaluator.evaluate(filename)
    if not archives and isinstance(path, str):
        archives = [a for a in _archives(ctx) if evaluator.attribute(a, "output_path") == path]
    if archives:
        return _archive_package(ctx, archives[0]) if len(archives) == 1 else None
    if isinstance(path, str) and path.endswith(".zip"):
        return _named_program(ctx, path)
    return None


def _archives(ctx: RuleContext) -> list[Block]:
    return [*data_sources(ctx, "archive_file"), *resources(ctx, "archive_file")]


def _archive_package(ctx: RuleContext, archive: Block) -> Package | None:
    evaluator = ctx.get(Evaluator)
    origin = ".".join(archive.labels[:2])
    if archive.type == "data":
        origin = "data." + origin
    package = Package(origin=origin)
    for source in evaluator.nested(archive, "source"):
        name = evaluator.nested_value(source, "filename")
        if not isinstance(name, str):
            return None
        package.files[_zip_path(name)] = _text(evaluator.nested_value(source, "content"))
    content_name = evaluator.attribute(archive, "source_content_filename")
    if isinstance(content_name, str):
        package.files[_zip_path(content_name)] = _text(
            evaluator.attribute(archive, "source_content")
        )
    source_file = evaluator.attribute(archive, "source_file")
    if isinstance(source_file, str):
        file = evaluator.files.find(_strip_module(source_file))
        package.files[posixpath.basename(source_file)] = file.text if file else None
    elif archive.body.get("source_file") is not None:
        return None
    source_dir = archive.body.get("source_dir")
    if source_dir is not None:
        directory = evaluator.evaluate(source_dir)
        if not isinstance(directory, str):
            return None
        if ctx.response.disk is not None:
            where = path_from_top(evaluator, archive, source_dir, directory)
            shown = _files_in(evaluator.files.files, where)
        else:
            shown = _files_under(evaluator.files.files, _strip_module(directory))
        if not any(_program(f) for f in shown.values()):
            return None  # the answer shows nothing of the directory: its contents are unknown
        package.files.update({path: f.text for path, f in shown.items()})
        shown_as = normalize(_strip_module(directory)) or directory
        package.origin = f'{origin} (the answer\'s files under "{shown_as}")'
        package.exact = False
    return package


def _named_program(ctx: RuleContext, path: str) -> Package | None:
    """A zip no archive builds, whose code the answer gives as one file of the zip's name."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    programs = [
        f for f in ctx.response.files if _program(f) and posixpath.splitext(f.name)[0] == stem
    ]
    if len(programs) != 1:
        return None
    program = programs[0]
    origin = f"the code the answer gives for {normalize(path) or path}, {program.path},"
    return Package({program.name: program.text}, origin, exact=False)


def _files_in(files: list[SourceFile], directory: str | None) -> dict[str, SourceFile]:
    """The files at or below `directory` exactly, by their path inside it."""
    if directory is None:
        return {}
    prefix = directory.rstrip("/") + "/" if directory not in ("", ".") else ""
    return {f.path[len(prefix) :]: f for f in files if f.path.startswith(prefix)}


def _files_under(files: list[SourceFile], directory: str) -> dict[str, SourceFile]:
    """The answer's files under `directory`, by their path inside it: a Markdown answer's
    files are placed by their names, so any directory of that name matches."""
    normal = normalize(directory) or ""
    while normal.startswith("../"):
        normal = normal[3:]
    marker = "/" + normal.strip("/") + "/" if normal.strip("/") else "/"
    found: dict[str, SourceFile] = {}
    for file in files:
        path = "/" + file.path
        at = path.find(marker)
        if at >= 0:
            found[path[at + len(marker) :]] = file
    return found


def _program(file: SourceFile) -> bool:
    return file.language in ("python", "javascript") or file.path.endswith(
        (".py", ".js", ".mjs", ".cjs")
    )


def _strip_module(path: str) -> str:
    return re.sub(r"^\$\{path\.(?:module|root|cwd)\}/", "", path)


def _zip_path(name: str) -> str:
    return normalize(name) or name


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, PartialString):
        return value.render(_PLACEHOLDER)
    return None


# -- the handler ------------------------------------------------------------------------------


def _candidates(module: str, language: str) -> list[str]:
    base = module.replace(".", "/") if language == "python" else module
    paths = [base + extension for extension in _EXTENSIONS[language]]
    if language == "python":
        paths.append(base + "/__init__.py")
    return paths


def _module_file(package: Package, module: str, language: str) -> tuple[str, str | None] | None:
    for candidate in _candidates(module, language):
        if candidate in package.files:
            return candidate, package.files[candidate]
    return None


def _mentioned(ctx: RuleContext, module: str, language: str, package: Package) -> bool:
    """Whether the answer names the module's file anywhere else (a build step may make it)."""
    names = {posixpath.basename(c) for c in _candidates(module, language)} - {"__init__.py"}
    if any(f.name in names for f in ctx.response.files):
        return True
    if package.origin.startswith("the code the answer gives"):
        return any(name in ctx.response.text for name in names)
    return False


def _defines(text: str, name: str, language: str) -> bool | None:
    """Whether the module defines `name`; None when it cannot be told."""
    if language == "python":
        try:
            tree = parse_python(text.replace("${", "_tf_{"))
        except (SyntaxError, ValueError):
            return None
        return name in _python_names(tree)
    escaped = re.escape(name)
    patterns = (
        rf"\bexports\.{escaped}\s*=",
        rf"\bmodule\.exports\s*=\s*\{{[^}}]*\b{escaped}\b",
        rf"\bmodule\.exports\.{escaped}\s*=",
        rf"\bexport\s+(?:async\s+)?function\s*\*?\s*{escaped}\b",
        rf"\bexport\s+(?:const|let|var)\s+{escaped}\b",
        rf"\bexport\s*\{{[^}}]*\b{escaped}\b",
    )
    if any(re.search(p, text) for p in patterns):
        return True
    if re.search(r"\bmodule\.exports\s*=\s*[A-Za-z_$]", text):
        return None  # module.exports = someObject: its keys are not visible here
    return False


def _python_names(tree: ast.Module) -> set[str]:
    return _names_in(tree.body)


def _names_in(statements: list[ast.stmt]) -> set[str]:
    """Names a module binds at its top level (inside `if` and `try` too)."""
    names: set[str] = set()
    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.If):
            names |= _names_in(node.body) | _names_in(node.orelse)
        elif isinstance(node, ast.Try):
            names |= _names_in(node.body) | _names_in(node.orelse) | _names_in(node.finalbody)
            for handler in node.handlers:
                names |= _names_in(handler.body)
    return names
