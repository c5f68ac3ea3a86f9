"""Evaluating expressions and small configurations in tests."""

from __future__ import annotations

from typing import Any

from tfjudge.analysis import ParsedAnswer, parse_answer
from tfjudge.evaluate import Evaluator, References
from tfjudge.evaluate.expressions import EvalError, Interpreter, Limits, Scope
from tfjudge.evaluate.files import FileStore
from tfjudge.evaluate.functions import FunctionTable
from tfjudge.evaluate.functions.encoding import json_encode
from tfjudge.evaluate.values import Value, is_wholly_known
from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import Expr
from tfjudge.response.loader import Response
from tfjudge.source import SourceFile


def _source(text: str) -> SourceFile:
    return SourceFile("expr.tf", "hcl", f"x = {text}\n")


def parse_expr(text: str) -> Expr:
    document = parse_hcl(_source(text))
    assert not document.errors, (text, document.errors)
    return document.body.attributes["x"].expr


def raw(text: str, limits: Limits | None = None) -> Value:
    """The evaluator's own value of an expression with no configuration around it."""
    functions = FunctionTable(FileStore([_source(text)]))
    return Interpreter(functions, limits).evaluate(parse_expr(text), Scope(None))


def as_json(text: str) -> str | None:
    """The value as terraform's jsonencode would print it; None when unknown or an error."""
    value = raw(text)
    if not is_wholly_known(value):
        return None
    try:
        return json_encode(value)
    except EvalError:  # terraform's jsonencode fails on it too (infinity)
        return None


def answer(files: dict[str, str]) -> ParsedAnswer:
    sources = [
        SourceFile(path, "hcl" if path.endswith((".tf", ".tfvars")) else "text", text)
        for path, text in files.items()
    ]
    return parse_answer(Response("answer", "directory", files=sources))


def evaluator(files: dict[str, str]) -> tuple[ParsedAnswer, References, Evaluator]:
    parsed = answer(files)
    references = References(parsed.configuration)
    return parsed, references, Evaluator(parsed.configuration, references, parsed.response.files)


def block(parsed: ParsedAnswer, address: str) -> Any:
    from tfjudge.model.config import block_address

    for candidate in parsed.configuration.all_blocks():
        if block_address(candidate) == address:
            return candidate
    raise KeyError(address)
