"""Encoding and hashing functions: jsonencode/jsondecode (go-cty json, Go's encoding/json
escaping, keys sorted), base64, url, hashes, uuidv5."""

from __future__ import annotations

import base64
import binascii
import json
import urllib.parse
from typing import Any

from tfjudge.evaluate.expressions import EvalError, UnknownResult, known
from tfjudge.evaluate.functions import Call, Param, function
from tfjudge.evaluate.numbers import Num, format_number, parse_number
from tfjudge.evaluate.values import (
    DYNAMIC,
    STRING,
    Value,
    is_wholly_known,
    sorted_items,
)

_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_string(text: str) -> str:
    """A JSON string as Go's encoding/json writes it (HTML characters escaped)."""
    out = ['"']
    for char in text:
        if char in _SHORT:
            out.append(_SHORT[char])
        elif char in _HTML:
            out.append(_HTML[char])
        elif char < " ":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def json_encode(value: Value) -> str:
    """cty's json.Marshal of a known value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, Num):
        if value.is_inf:
            raise EvalError("value must not be infinite")
        return format_number(value)
    if isinstance(value, list):
        return "[" + ",".join(json_encode(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{json_string(k)}:{json_encode(v)}" for k, v in sorted_items(value))
        return "{" + ",".join(items) + "}"
    known(value)
    raise EvalError("value cannot be encoded as JSON")


@function("jsonencode", Param(DYNAMIC, null=True))
def _jsonencode(call: Call, value: Value) -> Value:
    if not is_wholly_known(value):
        raise UnknownResult
    return call.check_string(json_encode(value))


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(pairs)  # a repeated key: the last one wins, as in cty


def _number(text: str) -> Num:
    number = parse_number(text)
    if number is None:
        raise ValueError(text)
    return number


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def json_decode(text: str) -> Value:
    try:
        return json.loads(
            text,
            object_pairs_hook=_object,
            parse_float=_number,
            parse_int=_number,
            parse_constant=_reject_constant,
        )
    except (ValueError, RecursionError) as error:
        raise EvalError(f"invalid JSON: {error}") from None


@function("jsondecode", STRING)
def _jsondecode(call: Call, text: str) -> Value:
    if len(text) > call.interpreter.limits.string:
        raise UnknownResult
    return json_decode(text)


@function("base64encode", STRING)
def _base64encode(call: Call, text: str) -> Value:
    return base64.b64encode(text.encode()).decode("ascii")


@function("base64decode", STRING)
def _base64decode(call: Call, text: str) -> Value:
    cleaned = text.replace("\r", "").replace("\n", "")
    try:
        raw = base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        raise EvalError("failed to decode base64 data") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EvalError("the result of decoding the provided string is not valid UTF-8") from None


@function("urlencode", STRING)
def _urlencode(call: Call, text: str) -> Value:
    return urllib.parse.quote_plus(text, safe="-_.~")


def _hex(algorithm: str) -> Any:
    def digest(call: Call, text: str) -> Value:
        import hashlib  # few configurations hash: keep it out of every start-up

        return hashlib.new(algorithm, text.encode()).hexdigest()

    return digest


def _b64digest(algorithm: str) -> Any:
    def digest(call: Call, text: str) -> Value:
        import hashlib

        return base64.b64encode(hashlib.new(algorithm, text.encode()).digest()).decode("ascii")

    return digest


for _name in ("md5", "sha1", "sha256", "sha512"):
    function(_name, STRING)(_hex(_name))
for _name in ("sha256", "sha512"):
    function(f"base64{_name}", STRING)(_b64digest(_name))


@function("uuidv5", STRING, STRING)
def _uuidv5(call: Call, namespace: str, name: str) -> Value:
    import uuid  # uuid imports platform and more: only for the configurations that call it

    spaces = {
        "dns": uuid.NAMESPACE_DNS,
        "url": uuid.NAMESPACE_URL,
        "oid": uuid.NAMESPACE_OID,
        "x500": uuid.NAMESPACE_X500,
    }
    space = spaces.get(namespace)
    if space is None:
        try:
            space = uuid.UUID(namespace)
        except ValueError:
            raise EvalError(f"uuidv5() doesn't support namespace {namespace}") from None
    return str(uuid.uuid5(space, name))
