"""Filesystem functions over the answer's own files: `file`, `templatefile`, the file
hashes, `fileexists`, `dirname`, `basename`. A file the answer does not provide is unknown
(core.missing-local-file reports it)."""

from __future__ import annotations

import base64
from typing import Any

from tfjudge.evaluate.expressions import EvalError, Scope, UnknownResult
from tfjudge.evaluate.functions import Call, function
from tfjudge.evaluate.values import DYNAMIC, STRING, UNKNOWN, PartialString, Value, partial
from tfjudge.parse.hcl.ast import Expr, Literal, Template
from tfjudge.parse.hcl.parser import parse_template


def _content(call: Call, path: str) -> str:
    if call.files is None:
        raise UnknownResult
    file = call.files.find(path)
    if file is None:
        raise UnknownResult
    return file.text


@function("file", STRING)
def _file(call: Call, path: str) -> Value:
    return _content(call, path)


@function("filebase64", STRING)
def _filebase64(call: Call, path: str) -> Value:
    return base64.b64encode(_content(call, path).encode()).decode("ascii")


@function("fileexists", STRING)
def _fileexists(call: Call, path: str) -> Value:
    if call.files is not None and call.files.find(path) is not None:
        return True
    return UNKNOWN


def _file_hex(algorithm: str) -> Any:
    def digest(call: Call, path: str) -> Value:
        import hashlib  # few configurations hash files: keep it out of every start-up

        return hashlib.new(algorithm, _content(call, path).encode()).hexdigest()

    return digest


def _file_b64(algorithm: str) -> Any:
    def digest(call: Call, path: str) -> Value:
        import hashlib

        raw = hashlib.new(algorithm, _content(call, path).encode()).digest()
        return base64.b64encode(raw).decode("ascii")

    return digest


for _name in ("md5", "sha1", "sha256", "sha512"):
    function(f"file{_name}", STRING)(_file_hex(_name))
for _name in ("sha256", "sha512"):
    function(f"filebase64{_name}", STRING)(_file_b64(_name))


def template_expr(text: str) -> Expr:
    """A template file's text as a template expression."""
    expr = parse_template(text)
    if expr is None:
        raise EvalError("Invalid template")
    return expr


@function("templatefile", STRING, DYNAMIC)
def _templatefile(call: Call, path: str, variables: Value) -> Value:
    if not isinstance(variables, dict):
        raise EvalError("Invalid vars value: must be a map or an object")
    text = _content(call, path)
    if len(text) > call.interpreter.limits.string:
        raise UnknownResult
    expr = template_expr(text)
    names = {str(k): v for k, v in variables.items()}
    result = call.interpreter.eval(expr, Scope(None, names))
    if text.endswith("\n") or not isinstance(expr, (Template, Literal)):
        return result
    return _drop_last_newline(result)


def _drop_last_newline(value: Value) -> Value:
    """The template was parsed with a newline added at its end: take it off again."""
    if isinstance(value, str):
        return value[:-1] if value.endswith("\n") else value
    if isinstance(value, PartialString) and isinstance(value.parts[-1], str):
        return partial((*value.parts[:-1], value.parts[-1].removesuffix("\n")))
    return UNKNOWN


def _go_clean_base(path: str) -> str:
    if path == "":
        return "."
    stripped = path.rstrip("/")
    if stripped == "":
        return "/"
    return stripped.rsplit("/", 1)[-1]


@function("basename", STRING)
def _basename(call: Call, path: str) -> Value:
    return _go_clean_base(path)


@function("dirname", STRING)
def _dirname(call: Call, path: str) -> Value:
    import posixpath

    head = path[: path.rfind("/") + 1] if "/" in path else ""
    cleaned = posixpath.normpath(head) if head else "."
    if cleaned.startswith("//") and not cleaned.startswith("///"):
        cleaned = cleaned[1:]
    return cleaned
