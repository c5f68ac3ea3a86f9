"""The interpreter and the functions, one table row per behaviour.

Expected values are terraform's (`terraform console`, v1.11), as `jsonencode` prints
them; None means terraform reports an error there and the evaluator gives UNKNOWN.
tests/oracle/test_console_oracle.py checks the same against the live console.
"""

from __future__ import annotations

import pytest

from tests.evaluate.helpers import as_json, parse_expr, raw
from tfjudge.evaluate.expressions import Interpreter, Scope
from tfjudge.evaluate.functions import FunctionTable
from tfjudge.evaluate.numbers import (
    Num,
    add,
    divide,
    format_number,
    literal_number,
    parse_number,
    round_to_prec,
)
from tfjudge.evaluate.values import UNKNOWN, PartialString

NUMBERS = [
    ("1/3", "0." + "3" * 154 + "5"),
    ("0.1 + 0.2", "0.3"),
    (
        "length([1, 2, 3]) / 7",
        "0." + "428571" * 25 + "42856",
    ),
    ("range(3)[1] / range(4)[3]", "0.33333333333333333334"),
    ("pow(2, 100)", "1267650600228229400000000000000"),
    ("pow(2, 0.5)", "1.4142135623730951"),
    ("-0", "-0"),
    ("7.5 % 2", "1.5"),
    ("-7 % 3", "-1"),
    ("floor(-1.5)", "-2"),
    ("ceil(2.000001)", "3"),
    ("1.0e400 + 1", "1" + "0" * 400),
    ("abs(-2.5)", "2.5"),
    ("max(1, 9, 3)", "9"),
]

EXPRESSIONS = [
    # operators and conversions
    ('"5" + 1', "6"),
    ('1 == "1"', "false"),
    ("[1] == tolist([1])", "false"),
    ('true && "true"', "true"),
    ("!false", "true"),
    ("10 / 0", None),  # +Inf: jsonencode cannot print it
    ("null == null", "true"),
    ("1 + null", None),
    # conditionals unify both branches' types
    ('true ? 1 : "a"', '"1"'),
    ('false ? 1 : "a"', '"a"'),
    ("true ? [1] : [1, 2]", "[1]"),
    ('true ? {a = 1} : {b = "x"}', '{"a":"1"}'),
    ("true ? 1 : true", None),
    ("true ? 1 : upper(null)", "1"),  # the other branch's error does not matter
    ("null ? 1 : 2", None),
    # collections, for expressions, splats, indexes
    ("{a = 1, a = 2}", '{"a":2}'),
    # object keys: a string as it is, a number or bool converted, null or a list refused
    (
        '{(1) = "n", (true) = "b", ("s") = "t", ("${"x"}y") = 1}',
        '{"1":"n","s":"t","true":"b","xy":1}',
    ),
    ("{(null) = 1}", None),
    ("{([1]) = 1}", None),
    # interpolation: a string as it is, a number or bool converted, null or a list refused
    ('"${"a"}-${1.5}-${true}"', '"a-1.5-true"'),
    ('"a-${null}"', None),
    ('"a-${[1]}"', None),
    ("[for k, v in {b = 1, a = 2} : k]", '["a","b"]'),
    ('{for x in ["a", "a"] : x => 1}', None),
    ('{for x in ["a", "a"] : x => 1...}', '{"a":[1,1]}'),
    ("[for i, x in [5, 6, 7] : x if i != 1]", "[5,7]"),
    ("[1, 2, 3][*]", "[1,2,3]"),
    ('"abc"[*]', '["abc"]'),
    ("null[*]", "[]"),
    ("[{a = 1}, {a = 2}][*].a", "[1,2]"),
    # an index after an attribute-only splat takes an element of its result (terraform console)
    ('tolist([{id = "a"}, {id = "b"}]).*.id[1]', '"b"'),
    ('tolist([{id = ["a", "c"]}, {id = ["b", "d"]}]).*.id[1]', '["b","d"]'),
    ('tolist([{id = ["a", "c"]}, {id = ["b", "d"]}])[*].id[1]', '["c","d"]'),
    ('tolist([{id = "a"}, {id = "b"}]).*[1].id', '"b"'),
    ("[1, 2][2]", None),
    ('{a = 1}["b"]', None),
    ("{a = 1}.a", "1"),
    ('toset(["a"])[0]', None),
    ('["x", "y"]["1"]', '"y"'),
    # templates
    ('"${[1, 2]}"', "[1,2]"),
    ('"${null}"', "null"),
    ('"a${null}"', None),
    ('"a${1.5}b${true}"', '"a1.5btrue"'),
    ('"%{for i, x in ["a", "b"]}${i}${x},%{endfor}"', '"0a,1b,"'),
    ('"%{if 1 < 2}yes%{else}no%{endif}"', '"yes"'),
    ('"a ${"b"} %{~ if true ~} c %{~ endif ~} d"', '"a bcd"'),
]

FUNCTIONS = [
    (
        'format("%5s|%-5s|%q|%x|%X|%o|%b|%e|%g|%t", "a", "b", "c", 255, 255, 8, 5, 1234.5, 0.000012, true)',
        '"    a|b    |\\"c\\"|ff|FF|10|101|1.234500e+03|1.2e-05|true"',
    ),
    ('format("%d", "12")', '"12"'),
    ('format("%d", 1.5)', None),
    ('format("%.2f %v %v %v", 1, "x", true, 2.5)', '"1.00 x true 2.5"'),
    ('format("%[2]s %[1]s", "a", "b")', '"b a"'),
    ('format("%s", "a", "b")', None),
    ('format("%v", [1])', '"[1]"'),
    ('format("%%")', '"%"'),
    ('formatlist("%s-%d", ["a", "b"], 1)', '["a-1","b-1"]'),
    ('join(",", ["a", 1, true])', '"a,1,true"'),
    ('join(",", ["a", null])', None),
    ('split(",", "a,,b")', '["a","","b"]'),
    ('split("", "héllo")', '["h","é","l","l","o"]'),
    ('lower("İSTANBUL")', '"istanbul"'),
    ('upper("straße")', '"STRAßE"'),
    ('title("hello world-foo_bar")', '"Hello World-Foo_bar"'),
    ('substr("hello", -3, -1)', '"llo"'),
    ('substr("hello", 1, 100)', '"ello"'),
    ('substr("hello", -2, 0)', '"lo"'),
    ('replace("hello world", "o", "0")', '"hell0 w0rld"'),
    ('replace("hello world", "/o(.)/", "0$1")', '"hell0 w0rld"'),
    ('replace("aaa", "/a*/", "x")', '"x"'),
    ('replace("abc", "", "-")', '"-a-b-c-"'),
    ('trimspace("\\t x \\n")', '"x"'),
    ('trim("?!hello?!", "!?")', '"hello"'),
    ('trimprefix("helloworld", "hello")', '"world"'),
    ('trimsuffix("helloworld", "world")', '"hello"'),
    ('lookup({a = 1}, "b", "x")', '"x"'),
    ('lookup(tomap({a = 1}), "b", "x")', None),
    ('lookup({a = 1}, "b")', None),
    ('merge({a = 1}, {b = "x"}, null)', '{"a":1,"b":"x"}'),
    ("merge({a = 1}, [1])", None),
    ('concat([1], ["a"])', '[1,"a"]'),
    ('concat(tolist([1]), tolist(["a"]))', '["1","a"]'),
    ('length("héllo")', "5"),
    ("length({a = 1, b = 2})", "2"),
    ("length(5)", None),
    ('coalesce("", null, "x")', '"x"'),
    ('coalesce(1, "a")', '"1"'),
    ("coalesce(null, null)", None),
    ('element(["a", "b"], 5)', '"b"'),
    ('element(["a", "b"], -2)', '"a"'),
    ('element(["a", "b"], -1)', None),
    ("element([], 0)", None),
    ('try(upper(null), "fallback")', '"fallback"'),
    ("can(upper(null))", "false"),
    ('can(upper("x"))', "true"),
    ("keys({b = 1, a = 2, B = 3})", '["B","a","b"]'),
    ("values({b = 1, a = 2})", "[2,1]"),
    ('tolist(["a", 1, true])', '["a","1","true"]'),
    ("tolist([1, true])", None),
    ('toset(["b", "a", "b", "10", "9"])', '["10","9","a","b"]'),
    ("toset([10, 9, 1.5])", "[1.5,9,10]"),
    ('tomap({a = 1, b = "x"})', '{"a":"1","b":"x"}'),
    ('zipmap(["a", "b"], [1, 2])', '{"a":1,"b":2}'),
    ('zipmap(["a"], [1, 2])', None),
    ("flatten([[1, [2]], 3, []])", "[1,2,3]"),
    ("distinct([1, 2, 1])", "[1,2]"),
    ("min(3, 1.5)", "1.5"),
    ("min()", None),
    ('contains(["a", "b"], "b")', "true"),
    ('contains(["1"], 1)', "false"),
    ('cidrsubnet("10.0.0.0/16", 8, 2)', '"10.0.2.0/24"'),
    ('cidrsubnet("10.0.0.0/16", 8, 256)', None),
    ('cidrsubnet("10.0.0.0/30", 8, 0)', None),
    ('cidrsubnet("fd00::/56", 8, 3)', '"fd00:0:0:3::/64"'),
    (
        'cidrsubnets("10.0.0.0/16", 4, 4, 8, 4)',
        '["10.0.0.0/20","10.0.16.0/20","10.0.32.0/24","10.0.48.0/20"]',
    ),
    ('cidrhost("10.0.0.0/24", -2)', '"10.0.0.254"'),
    ('cidrnetmask("172.16.0.0/12")', '"255.240.0.0"'),
    (
        'jsonencode({b = [1, "x", true, null], a = 1.5})',
        '"{\\"a\\":1.5,\\"b\\":[1,\\"x\\",true,null]}"',
    ),
    ('jsonencode({"<a>" = "&"})', '"{\\"\\\\u003ca\\\\u003e\\":\\"\\\\u0026\\"}"'),
    ('jsondecode("{\\"a\\": [1, 2.5, null, true]}")', '{"a":[1,2.5,null,true]}'),
    ('jsondecode("[1, 2")', None),
    ('base64encode("héllo")', '"aMOpbGxv"'),
    ('base64decode("aMOpbGxv")', '"héllo"'),
    ('md5("abc")', '"900150983cd24fb0d6963f7d28e17f72"'),
    ('sha256("abc")', '"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"'),
    ("abs(-3)", "3"),
    ("ceil(1.2)", "2"),
    ("floor(1.8)", "1"),
    ("range(3)", "[0,1,2]"),
    ("range(1, 0.5, -0.1)[1]", "0.9"),
    ("range(1025)", None),
    ("range(5, 5, 0)", "[]"),
    ("slice([1, 2, 3, 4], 1, 3)", "[2,3]"),
    ("slice([1, 2], 1, 3)", None),
    ('startswith("hello", "he")', "true"),
    ('endswith("hello", "lo")', "true"),
    ('regex("(\\\\d+)-(\\\\d+)", "ab 12-34")', '["12","34"]'),
    ('regex("(?P<a>[a-z]+)", "12 ab")', '{"a":"ab"}'),
    ('regex("[a-z]+", "123")', None),
    ('regex("(a)(?P<b>b)", "ab")', None),
    ('regex("(?=a)", "ab")', None),
    ('regexall("[a-z]+", "ab 12 cd")', '["ab","cd"]'),
    ('regexall("x*", "abxd")', '["","","x",""]'),
    ("one([])", "null"),
    ("one([1, 2])", None),
    ('setproduct(["a", "b"], [1, 2])', '[["a",1],["a",2],["b",1],["b",2]]'),
    ('sort(["b", "a", "10", "9"])', '["10","9","a","b"]'),
    ("reverse([1, 2, 3])", "[3,2,1]"),
    ('compact(["a", "", null, "b"])', '["a","b"]'),
    ("chunklist([1, 2, 3], 2)", "[[1,2],[3]]"),
    ('index(["a", "b"], "b")', "1"),
    ('transpose({a = ["x", "y"], b = ["y"]})', '{"x":["a"],"y":["a","b"]}'),
    ('parseint("ff", 16)', "255"),
    ('tonumber("1e3")', "1000"),
    ('tonumber("x")', None),
    ('tobool("true")', "true"),
    ('tobool("yes")', None),
    ('strrev("abc")', '"cba"'),
    ('indent(2, "a\\nb")', '"a\\n  b"'),
    ('chomp("a\\n\\n")', '"a"'),
    ('urlencode("a b&c")', '"a+b%26c"'),
    ("nosuchfunction(1)", None),
]


@pytest.mark.parametrize(("expression", "expected"), NUMBERS)
def test_numbers_print_as_terraform_prints_them(expression: str, expected: str) -> None:
    assert as_json(expression) == expected


@pytest.mark.parametrize(("expression", "expected"), EXPRESSIONS)
def test_expressions(expression: str, expected: str | None) -> None:
    assert as_json(expression) == expected


@pytest.mark.parametrize(("expression", "expected"), FUNCTIONS)
def test_functions(expression: str, expected: str | None) -> None:
    assert as_json(expression) == expected


def test_arithmetic_keeps_the_precision_of_its_operands() -> None:
    third = divide(literal_number(1), literal_number(3))
    assert third.prec == 512
    counted = divide(Num.from_int(1), Num.from_int(3))
    assert counted.prec == 64
    assert format_number(counted) == "0.33333333333333333334"
    assert format_number(add(literal_number(0.1), literal_number(0.2))) == "0.3"


def test_rounding_is_half_to_even_at_the_precision() -> None:
    assert round_to_prec(0b10101, 4) == 0b10100  # 21 -> 20: ties to even
    assert round_to_prec(0b10111, 4) == 0b11000  # 23 -> 24
    assert round_to_prec(255, 8) == 255


def test_number_parsing_follows_go() -> None:
    assert format_number(parse_number("1e3") or Num(0, 1)) == "1000"
    assert parse_number("-Inf") is not None
    assert parse_number(" 1") is None
    assert parse_number("0x10") is None
    assert parse_number("1.") is not None


def _with(names: dict[str, object], text: str) -> object:
    interpreter = Interpreter(FunctionTable())
    return interpreter.evaluate(parse_expr(text), Scope(None, dict(names)))


def test_unknown_propagates_without_raising() -> None:
    names = {"u": UNKNOWN}
    assert _with(names, "u + 1") is UNKNOWN
    assert _with(names, "upper(u)") is UNKNOWN
    assert _with(names, "u ? 1 : 2") is UNKNOWN
    assert _with(names, "[for x in u : x]") is UNKNOWN
    assert _with(names, "length([u, u])") == Num.from_int(2)
    assert _with(names, "concat([u], [1])") == [UNKNOWN, Num.from_int(1)]
    assert _with(names, "try(u, 1)") is UNKNOWN  # terraform cannot decide yet either
    assert _with(names, "can(u)") is UNKNOWN
    assert _with(names, "jsonencode({a = u})") is UNKNOWN


def test_templates_with_unknown_parts_keep_their_known_parts() -> None:
    value = _with({"u": UNKNOWN}, '"app-${u}-tg"')
    assert value == PartialString(("app-", UNKNOWN, "-tg"))
    assert isinstance(value, PartialString)
    assert value.known_length == 7
    assert value.prefix == "app-" and value.suffix == "-tg"
    assert _with({"u": UNKNOWN}, 'upper("app-${u}")') == PartialString(("APP-", UNKNOWN))
    assert _with({"u": UNKNOWN}, 'join("-", ["a", "${u}x"])') == PartialString(("a-", UNKNOWN, "x"))
    assert _with({"u": UNKNOWN}, 'format("%s-%s", "a", u)') == PartialString(("a-", UNKNOWN))
    assert _with({"u": UNKNOWN}, 'startswith("app-${u}", "app")') is True
    assert _with({"u": UNKNOWN}, 'startswith("app-${u}", "web")') is False
    assert _with({"u": UNKNOWN}, 'length("app-${u}")') is UNKNOWN
    assert _with({"u": UNKNOWN}, 'replace("app-${u}", "a", "b")') is UNKNOWN


def test_raw_values_carry_cty_kinds() -> None:
    from tfjudge.evaluate.values import TfList, TfMap, TfSet

    assert type(raw("[1]")) is list  # a tuple
    assert isinstance(raw("tolist([1])"), TfList)
    assert isinstance(raw('toset(["a"])'), TfSet)
    assert isinstance(raw("tomap({a = 1})"), TfMap)
    assert type(raw("{a = 1}")) is dict  # an object
