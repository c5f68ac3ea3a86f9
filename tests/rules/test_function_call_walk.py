"""`uncaught_calls` (core.invalid-function-call) against the general `catching` walk."""

from __future__ import annotations

import pytest

from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import Expr, FunctionCall
from tfjudge.rules.core._common import catching
from tfjudge.rules.core.invalid_function_call import uncaught_calls
from tfjudge.source import SourceFile

EXPRESSIONS = [
    '"plain"',
    "var.x",
    "lower(var.name)",
    'format("%s-%s", upper(var.a), lower(var.b))',
    "[for s in var.l : trimspace(s)]",
    'try(lookup(var.m, "k"), upper(var.d))',
    'can(regex("^a", var.s)) ? lower(var.s) : null',
    "merge(try(jsondecode(var.j), {}), { a = length(var.l) })",
    "core::try(tonumber(var.n), 0) + max(1, 2)",
    'coalesce(can(cidrhost(var.c, 1)) ? "ok" : "no", try(element(var.l, 0), ""))',
]


def _general(expression: str) -> list[FunctionCall]:
    expr = _expression(expression)
    return [e for e, inside in catching(expr.walk()) if not inside and isinstance(e, FunctionCall)]


def _expression(expression: str) -> Expr:
    document = parse_hcl(SourceFile("main.tf", "hcl", f"locals {{\n  x = {expression}\n}}\n"))
    return document.body.blocks[0].body.attributes["x"].expr


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_uncaught_calls_match_the_catching_walk(expression: str) -> None:
    expr = _expression(expression)
    fast = [(call.name, call.range) for call in uncaught_calls(expr)]
    assert fast == [(call.name, call.range) for call in _general(expression)]


def test_calls_inside_try_or_can_are_left_out() -> None:
    expr = _expression('try(lookup(var.m, "k"), upper(var.d)) == lower(can(abs(1)))')
    names = [call.name for call in uncaught_calls(expr)]
    assert names == ["try", "lower", "can"]
