"""Terraform's wording of HCL syntax errors (summary and detail, as hclsyntax prints them)."""

from __future__ import annotations

from tfjudge.parse.hcl.ast import SyntaxProblem
from tfjudge.source import Range

MESSAGES: dict[str, str] = {
    "Unclosed configuration block": (
        "There is no closing brace for this block before the end of the file. This may be "
        "caused by incorrect brace nesting elsewhere in this file."
    ),
    "Unterminated tuple constructor expression": (
        "There is no corresponding closing bracket before the end of the file. This may be "
        "caused by incorrect bracket nesting elsewhere in this file."
    ),
    "Unterminated function call": (
        "There is no closing parenthesis for this function call before the end of the file. "
        "This may be caused by incorrect parenthesis nesting elsewhere in this file."
    ),
    "Missing expression": ("Expected the start of an expression, but found the end of the file."),
    "Unterminated template string": "No closing marker was found for the string.",
    "Unclosed template interpolation sequence": (
        "There is no closing brace for this interpolation sequence before the end of the "
        "file. This might be caused by incorrect nesting inside the given expression."
    ),
    "Ambiguous attribute key": (
        "If this expression is intended to be a reference, wrap it in parentheses. If it's "
        "instead intended as a literal name containing periods, wrap it in quotes to create "
        "a string literal."
    ),
    "Invalid multi-line string": (
        "Quoted strings may not be split over multiple lines. To produce a multi-line "
        'string, either use the \\n escape to represent a newline character or use the "heredoc" '
        "multi-line template syntax."
    ),
    "Extra characters after interpolation expression": (
        "Template interpolation doesn't expect a colon at this location. Did you intend this "
        "to be a literal sequence to be processed as part of another language? If so, you "
        'can escape it by starting with "$${" instead of just "${".'
    ),
    "Missing item separator": "Expected a comma to mark the beginning of the next item.",
    "Missing attribute separator": (
        "Expected a newline or comma to mark the beginning of the next attribute."
    ),
    "Missing argument separator": (
        "A comma is required to separate each function argument from the next."
    ),
    "Missing newline after argument": "An argument definition must end with a newline.",
    "Invalid single-argument block definition": (
        "An argument definition on the same line as its containing block creates a "
        "single-line block definition, which must contain only a single argument. Place the "
        "block's closing brace immediately after the argument definition."
    ),
    "Argument or block definition required": "An argument or block definition is required here.",
    "Invalid character": "This character is not used within the language.",
    "Invalid expression": (
        "Expected the start of an expression, but found an invalid expression token."
    ),
    "Missing attribute value": ('Expected an attribute value, introduced by an equals sign ("=").'),
}


def syntax_problem(summary: str, span: Range, detail: str | None = None) -> SyntaxProblem:
    return SyntaxProblem(summary, detail or MESSAGES.get(summary, ""), span)
