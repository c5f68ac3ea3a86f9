"""Documents and programs inside an answer: JSON policies, Python, shell and JavaScript.

They come as files of their own (a ```python block, `policy.json`) or as strings inside
the configuration (a heredoc policy, an `archive_file` source, `user_data`). Each is
found, taken to text with placeholders for Terraform interpolations, and parsed with the
tool made for its language: `json`, Python's `ast`, tree-sitter's bash and JavaScript.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tree_sitter import Language, Node, Parser

from tfjudge.facts import fact
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Expr,
    HclDocument,
    Literal,
    Template,
    TemplateFor,
    TemplateIf,
)
from tfjudge.parse.hcl.parser import parse_template
from tfjudge.parse.hcl.text import fill_marks, string_skeleton
from tfjudge.parse.python import parse_python
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.response.naming import language_of_path
from tfjudge.source import SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext


@cache
def _program_parser(language: str) -> Parser:
    """The tree-sitter parser of a shell or JavaScript program, made on first use."""
    package = "tree_sitter_bash" if language == "bash" else "tree_sitter_javascript"
    return Parser(Language(_grammar(package)))


def _grammar(package: str) -> Any:
    """The `language()` of a tree-sitter grammar package, read from its compiled `_binding`
    module without running the package's `__init__`: that imports `importlib.resources`,
    and with it tempfile, shutil, bz2, lzma and random (31M instructions, about 6 ms a
    process), only to offer the highlight queries tfjudge does not read."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"_binding{suffix}"
            if not path.is_file():
                continue
            binding = importlib.util.spec_from_file_location(f"{package}._binding", path)
            if binding is not None and binding.loader is not None:
                module = importlib.util.module_from_spec(binding)
                binding.loader.exec_module(module)
                return module.language()
    return importlib.import_module(package).language()  # a layout this does not know


JSON_ATTRIBUTES = {
    "definition",
    "container_definitions",
    "dashboard_body",
    "event_pattern",
    "access_policies",
}
# arguments that are JSON only in some resource types (the provider validates them as JSON)
JSON_ATTRIBUTES_OF = {
    "aws_dynamodb_table_item": {"item"},
    "aws_cloudwatch_event_target": {"input"},
    "aws_lambda_invocation": {"input"},
}
_SHELL_SHEBANG = lazy_pattern(r"^#!\s*/(usr/)?(bin/)?(env\s+)?(ba|z|da|k)?sh\b")
PROGRAM_LANGUAGES = ("python", "bash", "javascript")


@record(eq=False)
class Embedded:
    """A document or program: its text and where its first line stands in its file."""

    language: str
    text: str
    file: SourceFile
    first_line: int  # line of the file holding the document's line 1
    block: Block | None = None
    attribute: str | None = None
    name: str = ""
    exact_lines: bool = True  # False for a quoted string, whose lines are `\n` escapes

    def file_line(self, line: int) -> int:
        return self.first_line + line - 1 if self.exact_lines else self.first_line


@record(eq=False)
class EmbeddedError:
    """A syntax error in an embedded document, at its line and column in that document."""

    embedded: Embedded
    line: int  # line in the document
    column: int
    message: str

    @property
    def file_line(self) -> int:
        return self.embedded.file_line(self.line)


Judged = Callable[[Embedded], bool]  # which documents a caller asks about


@record(eq=False)
class EmbeddedDocuments:
    """The JSON documents and programs embedded in the configuration's strings. Each is
    parsed when first asked about, once however many stages ask."""

    json: list[Embedded] = field(default_factory=list)
    programs: list[Embedded] = field(default_factory=list)
    checked: dict[int, EmbeddedError | None] = field(default_factory=dict, repr=False)

    def json_errors(self, judged: Judged | None = None) -> list[EmbeddedError]:
        """The errors of the JSON documents (of those `judged` keeps: the others are not
        parsed)."""
        return self._errors(self.json, check_json, judged)

    def program_errors(self, judged: Judged | None = None) -> list[EmbeddedError]:
        return self._errors(self.programs, check_program, judged)

    def _errors(
        self,
        documents: list[Embedded],
        check: Callable[[Embedded], EmbeddedError | None],
        judged: Judged | None,
    ) -> list[EmbeddedError]:
        found: list[EmbeddedError] = []
        for document in documents:
            if judged is not None and not judged(document):
                continue
            key = id(document)
            if key not in self.checked:
                self.checked[key] = check(document)
            error = self.checked[key]
            if error is not None:
                found.append(error)
        return found


def find_embedded(files: list[SourceFile], documents: list[HclDocument]) -> EmbeddedDocuments:
    found = EmbeddedDocuments()
    for file in files:
        if file.language == "json" or file.path.endswith(".json"):
            text = _json_file_text(file)
            if text is not None:
                found.json.append(Embedded("json", text, file, 1, name=file.path))
        elif file.language in PROGRAM_LANGUAGES:
            found.programs.append(Embedded(file.language, file.text, file, 1, name=file.path))
    for document in documents:
        for block in document.body.blocks:
            for nested in block.walk_blocks():
                _collect_from_block(nested, document.file, found)
    return found


# JSON files that allow comments by their tools' convention
COMMENTED_JSON = lazy_pattern(r"^(?:tsconfig|jsconfig)(?:\.[\w-]+)?\.json$|\.jsonc$")


def _json_file_text(file: SourceFile) -> str | None:
    """The text of a JSON file to judge: a template's (`"Resource": ${arns}`, for
    templatefile()) with each interpolation marked; None for an empty file, a file of
    commented JSON (tsconfig.json), and a template with directives (`%{ for }`), whose
    one pass tfjudge cannot judge as JSON."""
    text = file.text
    if not text.strip() or COMMENTED_JSON.search(file.name):
        return None
    if "${" not in text and "%{" not in text:
        return text
    template = parse_template(text)
    if template is None or _has_directives(template):
        return None
    return string_skeleton(template)


def _has_directives(template: Expr) -> bool:
    """Whether a template file holds `%{ if }` or `%{ for }`: one pass of text cannot stand
    for what it renders."""
    parts = template.parts if isinstance(template, Template) else ()
    return any(isinstance(part, TemplateFor | TemplateIf) for part in parts)


def _collect_from_block(block: Block, file: SourceFile, found: EmbeddedDocuments) -> None:
    attributes = block.body.attributes
    typed = JSON_ATTRIBUTES_OF.get(block.labels[0], set()) if block.labels else set()
    for name, attribute in attributes.items():
        if name == "policy" or name.endswith("_policy") or name in JSON_ATTRIBUTES or name in typed:
            embedded = _embedded_string(attribute, "json", file, block)
            if embedded is not None and embedded.text.lstrip()[:1] in ("{", "["):
                found.json.append(embedded)
        elif name == "user_data":
            embedded = _embedded_string(attribute, "bash", file, block)
            if embedded is not None and _is_shell_script(embedded.text):
                found.programs.append(embedded)
    content = attributes.get("content") or attributes.get("source_content")
    filename = attributes.get("filename") or attributes.get("source_content_filename")
    if content is not None and filename is not None and isinstance(filename.expr, Literal):
        language = language_of_path(str(filename.expr.value))
        if language in PROGRAM_LANGUAGES:
            embedded = _embedded_string(content, language, file, block)
            if embedded is not None:
                embedded.name = str(filename.expr.value)
                found.programs.append(embedded)


def _is_shell_script(text: str) -> bool:
    stripped = text.lstrip()
    return bool(_SHELL_SHEBANG.match(stripped))


def _embedded_string(
    attribute: Attribute, language: str, file: SourceFile, block: Block
) -> Embedded | None:
    skeleton = string_skeleton(attribute.expr)
    if skeleton is None:
        return None
    heredoc = _is_heredoc(attribute.expr)
    first_line = attribute.expr.range.start_line + 1 if heredoc else attribute.range.start_line
    return Embedded(
        language,
        skeleton,
        file,
        first_line,
        block=block,
        attribute=attribute.name,
        exact_lines=heredoc,
    )


def _is_heredoc(expr: Expr) -> bool:
    return bool(getattr(expr, "heredoc", False)) or any(
        getattr(node, "heredoc", False) for node in expr.walk()
    )


# -- checks ------------------------------------------------------------------------------


def check_json(document: Embedded) -> EmbeddedError | None:
    text = fill_marks(document.text, lambda in_string: "x" if in_string else "0")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and document.attribute is None and _json_stream(text):
            return None
        before = text[: exc.pos].rstrip()
        message = exc.msg
        if before.endswith(",") and text[exc.pos : exc.pos + 1] in ("}", "]"):
            message = f"trailing comma before `{text[exc.pos]}` (JSON allows none)"
        return EmbeddedError(document, exc.lineno, exc.colno, message)
    return None


def _json_stream(text: str) -> bool:
    """Whether `text` is JSON values one after another (JSON Lines, DynamoDB's import
    format): a data file, not one broken document."""
    decoder = json.JSONDecoder()
    position, count = 0, 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return count > 1
        try:
            _, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return False
        count += 1


def check_program(program: Embedded) -> EmbeddedError | None:
    """The first syntax error of a program. A program file with `${...}` may be a template
    terraform renders (`templatefile()`, a `template_file`): an error of its text as written
    is reported only if the text rendered with each interpolation replaced errs too, and
    not at all when it holds directives (`%{ if }`), which one text cannot stand for."""
    error = _check_text(program, program.text)
    if error is None or program.block is not None:
        return error
    if "${" not in program.text and "%{" not in program.text:
        return error
    template = parse_template(program.text)
    if template is None:
        return error
    if _has_directives(template):
        return None
    rendered = string_skeleton(template)
    return error if rendered is None else _check_text(program, rendered)


def _check_text(program: Embedded, text: str) -> EmbeddedError | None:
    if program.language == "python":
        return _check_python(program, text)
    parser = _program_parser("bash" if program.language == "bash" else "javascript")
    text = fill_marks(text, lambda _: "tfvalue")
    root = parser.parse(text.encode("utf-8")).root_node
    if not root.has_error:
        return None
    node = _first_error(root)
    if node is None:
        return None
    line, column = node.start_point[0] + 1, node.start_point[1] + 1
    lines = text.split("\n")
    snippet = lines[line - 1].strip()[:60] if line <= len(lines) else ""
    what = f"missing `{node.type}`" if node.is_missing else "unexpected text"
    where = f" near `{snippet}`" if snippet else " at the end of the script"
    label = "shell" if program.language == "bash" else "JavaScript"
    return EmbeddedError(program, line, column, f"{label} syntax error: {what}{where}")


def _check_python(program: Embedded, text: str) -> EmbeddedError | None:
    text = fill_marks(text, lambda _: "_tf_")
    try:
        parse_python(text)
    except SyntaxError as exc:
        if exc.msg.startswith("f-string") and sys.version_info < (3, 12):
            return None  # valid from Python 3.12 (PEP 701), a runtime the answer may use
        return EmbeddedError(program, exc.lineno or 1, exc.offset or 1, exc.msg)
    except ValueError as exc:
        return EmbeddedError(program, 1, 1, str(exc))
    return None


def _first_error(root: Node) -> Node | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return node
        if node.has_error:
            stack.extend(reversed(node.children))
    return None


@fact(EmbeddedDocuments)
def _embedded_fact(ctx: RuleContext) -> EmbeddedDocuments:
    return find_embedded(ctx.response.files, ctx.documents)
