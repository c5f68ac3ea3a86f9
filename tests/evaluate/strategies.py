"""Hypothesis strategies for Terraform expressions: typed generators of expression text.

Each generator produces the text of an expression of one kind (string, number, bool, list,
map), built from literals, operators, conditionals, for expressions, templates, splats
and the functions real answers use, with arguments that are usually valid and sometimes
not (an index out of range, a regex that does not match): terraform's errors are part of
what the evaluator must get right.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

ALPHABET = 'abcxyzABZ0129 -_./:,@%$#{}()"\\\n\té日ßİ'
_WORDS = ["app", "prod", "us-east-1", "web-tg", "Name", "a", "b", "", "x y", "10", "1.5", "true"]
_PATTERNS = [
    "[a-z]+",
    "(\\\\d+)",
    "^a",
    "([a-z]+)-([0-9]+)",
    "(?P<word>[a-z]+)",
    "x*",
    "\\\\s+",
    "[[:alpha:]]+",
    "(a|b)c?",
    ".",
    "z$",
]
_FORMATS = [
    "%s",
    "%s-%s",
    "%d",
    "%05d",
    "%-5d|",
    "%x",
    "%X",
    "%o",
    "%b",
    "%+d",
    "%.2f",
    "%8.3f",
    "%e",
    "%g",
    "%v",
    "%q",
    "%t",
    "%5s|",
    "%-6s|",
    "%.1s",
    "%%",
    "%[2]s/%[1]s",
    "name-%03d",
    "%s%%",
    "%",
]
_CIDRS = [
    "10.0.0.0/16",
    "10.0.0.0/8",
    "192.168.1.0/24",
    "172.16.0.0/12",
    "fd00::/56",
    "10.1.2.3/20",
]


def string_literal(text: str) -> str:
    """`text` as an HCL quoted string literal."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        else:
            out.append(char)
    literal = "".join(out).replace("${", "$${").replace("%{", "%%{")
    return f'"{literal}"'


# "$$${" is valid HCL that tree-sitter-hcl misreads: keep doubled $ and % out of the text
raw_text = st.one_of(
    st.sampled_from(_WORDS),
    st.text(ALPHABET, max_size=8).filter(lambda t: "$$" not in t and "%%" not in t),
)
string_lit = raw_text.map(string_literal)
small_int = st.integers(-3, 12).map(str)
number_lit = st.one_of(
    small_int,
    st.sampled_from(
        ["0", "1", "2", "0.5", "1.5", "-2.25", "0.1", "0.2", "3", "1.0e3", "2.5e-2", "100"]
    ),
    st.integers(-(10**6), 10**6).map(str),
)
bool_lit = st.sampled_from(["true", "false"])


def _call(name: str, *args: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*args).map(lambda values: f"{name}({', '.join(values)})")


def _binary(
    op: str, left: st.SearchStrategy[str], right: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    return st.tuples(left, right).map(lambda pair: f"({pair[0]} {op} {pair[1]})")


def _conditional(
    cond: st.SearchStrategy[str], value: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    return st.tuples(cond, value, value).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})")


def _list_of(item: st.SearchStrategy[str], max_size: int = 4) -> st.SearchStrategy[str]:
    return st.lists(item, max_size=max_size).map(lambda items: f"[{', '.join(items)}]")


def _map_of(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    keys = st.sampled_from(["a", "b", "c", "Name", "env", "k1"])
    return st.dictionaries(keys, value, max_size=4).map(
        lambda items: "{" + ", ".join(f"{k} = {v}" for k, v in items.items()) + "}"
    )


@st.composite
def _template(draw: st.DrawFn, inner: st.SearchStrategy[str]) -> str:
    parts = draw(
        st.lists(
            st.one_of(raw_text.map(lambda t: ("text", t)), inner.map(lambda e: ("expr", e))),
            min_size=1,
            max_size=3,
        )
    )
    out = []
    for kind, value in parts:
        if kind == "text":
            out.append(string_literal(value)[1:-1])
        else:
            out.append("${" + value + "}")
    return '"' + "".join(out) + '"'


def expressions(depth: int = 2) -> dict[str, st.SearchStrategy[str]]:
    """Strategies by kind: string, number, bool, list, map, any."""
    if depth <= 0:
        strings: st.SearchStrategy[str] = string_lit
        numbers: st.SearchStrategy[str] = number_lit
        bools: st.SearchStrategy[str] = bool_lit
        lists = _list_of(st.one_of(string_lit, number_lit), 3)
        maps = _map_of(st.one_of(string_lit, number_lit))
        return {
            "string": strings,
            "number": numbers,
            "bool": bools,
            "list": lists,
            "map": maps,
            "any": st.one_of(strings, numbers, bools, lists, maps),
        }
    sub = expressions(depth - 1)
    s, n, b, lst, m = sub["string"], sub["number"], sub["bool"], sub["list"], sub["map"]
    str_list = _list_of(s, 4)
    index = st.one_of(small_int, n)
    strings = st.one_of(
        string_lit,
        _template(st.one_of(s, n, b)),
        _call("upper", s),
        _call("lower", s),
        _call("title", s),
        _call("trimspace", s),
        _call("trim", s, string_lit),
        _call("trimprefix", s, s),
        _call("trimsuffix", s, s),
        _call("replace", s, s, s),
        _call(
            "replace",
            s,
            st.sampled_from(_PATTERNS).map(lambda p: f'"/{p}/"'),
            st.sampled_from(['"$1"', '"<$0>"', '"${1}x"', '"-"', '"$$"']),
        ),
        _call("substr", s, index, index),
        _call("join", string_lit, str_list),
        _call("join", s, lst),
        st.tuples(st.sampled_from(_FORMATS), st.lists(st.one_of(s, n, b), max_size=3)).map(
            lambda t: f"format({', '.join([json.dumps(t[0]), *t[1]])})"
        ),
        _call("tostring", st.one_of(s, n, b)),
        _call("element", str_list, index),
        _call("lookup", m, st.sampled_from(['"a"', '"b"', '"zz"']), s),
        _call("coalesce", s, s),
        _call("jsonencode", st.one_of(s, n, b, lst, m)),
        _call("base64encode", s),
        _call("md5", s),
        _call("sha256", s),
        _call("sha1", s),
        _call(
            "cidrsubnet",
            st.sampled_from(_CIDRS).map(json.dumps),
            st.integers(0, 9).map(str),
            st.integers(0, 20).map(str),
        ),
        _call("cidrhost", st.sampled_from(_CIDRS).map(json.dumps), st.integers(-5, 300).map(str)),
        _call("cidrnetmask", st.sampled_from(_CIDRS).map(json.dumps)),
        _call("strrev", s),
        _call("chomp", s),
        _call("indent", st.integers(0, 3).map(str), s),
        _call("regex", st.sampled_from(_PATTERNS).map(json.dumps), s),
        _conditional(b, s),
        st.tuples(b, s).map(
            lambda t: f'"%{{ if {t[0]} }}yes-${{{t[1]}}}%{{ else }}no%{{ endif }}"'
        ),
        str_list.map(lambda items: f'"%{{ for v in {items} }}<${{v}}>%{{ endfor }}"'),
        _call("try", s, string_lit),
        _call("urlencode", s),
    )
    numbers = st.one_of(
        number_lit,
        _binary("+", n, n),
        _binary("-", n, n),
        _binary("*", n, n),
        _binary("/", n, n),
        _binary("%", n, n),
        st.tuples(n).map(lambda t: f"-({t[0]})"),
        _call("length", st.one_of(s, lst, m)),
        _call("min", n, n),
        _call("max", n, n, n),
        _call("abs", n),
        _call("ceil", n),
        _call("floor", n),
        _call("pow", st.integers(-3, 5).map(str), st.integers(-2, 8).map(str)),
        _call(
            "tonumber",
            st.one_of(s, st.sampled_from(['"12"', '"1e3"', '"-0.5"', '"x"', '" 1"', '"0x10"'])),
        ),
        _call("signum", n),
        _call("element", _list_of(n), index),
        _conditional(b, n),
        _call("sum", _list_of(n)),
        _call(
            "parseint",
            st.sampled_from(['"ff"', '"101"', '"-7"', '"zz"', '"12"']),
            st.sampled_from(["2", "10", "16", "36"]),
        ),
    )
    bools = st.one_of(
        bool_lit,
        _binary("<", n, n),
        _binary(">=", n, n),
        _binary("==", s, s),
        _binary("!=", n, s),
        _binary("==", lst, lst),
        _binary("&&", b, b),
        _binary("||", b, b),
        st.tuples(b).map(lambda t: f"!({t[0]})"),
        _call("contains", lst, st.one_of(s, n)),
        _call("startswith", s, s),
        _call("endswith", s, s),
        _call("strcontains", s, s),
        _call("can", st.one_of(s, n, lst)),
        _call("tobool", st.sampled_from(['"true"', '"false"', '"1"', '"yes"', "true", '"TRUE"'])),
        _conditional(b, b),
        _call("alltrue", _list_of(b)),
        _call("anytrue", _list_of(b)),
    )
    lists = st.one_of(
        _list_of(st.one_of(s, n, b)),
        _call("tolist", lst),
        _call("toset", lst),
        _call("split", st.sampled_from(['","', '"-"', '""', '" "']), s),
        _call("concat", lst, lst),
        _call("distinct", lst),
        _call("flatten", _list_of(lst, 3)),
        _call("slice", lst, st.integers(0, 3).map(str), st.integers(0, 4).map(str)),
        _call("range", st.integers(-3, 6).map(str)),
        _call("range", st.integers(-3, 6).map(str), st.integers(-3, 8).map(str)),
        _call("range", small_int, small_int, st.sampled_from(["1", "2", "-1", "0.5", "-0.25"])),
        _call("keys", m),
        _call("values", m),
        _call("reverse", lst),
        _call("sort", str_list),
        _call("compact", str_list),
        _call("regexall", st.sampled_from(_PATTERNS).map(json.dumps), s),
        _call(
            "cidrsubnets",
            st.sampled_from(_CIDRS).map(json.dumps),
            st.integers(1, 6).map(str),
            st.integers(1, 8).map(str),
        ),
        st.tuples(
            lst, st.sampled_from(["upper(tostring(x))", "x", "length(tostring(x))", "[x]"])
        ).map(lambda t: f"[for x in {t[0]} : {t[1]}]"),
        st.tuples(lst).map(lambda t: f"[for i, x in {t[0]} : i if i != 1]"),
        st.tuples(_list_of(m, 3)).map(lambda t: f"{t[0]}[*].a"),
        # parenthesized: `a[*][*]` nests the second splat inside the first (not modelled)
        st.tuples(lst).map(lambda t: f"({t[0]})[*]"),
        _conditional(b, lst),
        _call("chunklist", lst, st.integers(0, 3).map(str)),
        _call("setunion", lst, lst),
        _call("setintersection", lst, lst),
        _call("setsubtract", lst, lst),
        _call("matchkeys", str_list, str_list, str_list),
    )
    maps = st.one_of(
        _map_of(st.one_of(s, n, b, lst)),
        _call("tomap", m),
        _call("merge", m, m),
        _call("merge", m, st.just("null"), m),
        _call("zipmap", str_list, lst),
        _call("jsondecode", _call("jsonencode", m)),
        _call(
            "jsondecode",
            st.sampled_from(
                [
                    '"{\\"a\\": 1, \\"b\\": [true, null, 1.5e2]}"',
                    '"[1, 2"',
                    '"{\\"a\\":1,\\"a\\":2}"',
                ]
            ),
        ),
        st.tuples(m).map(lambda t: f"{{for k, v in {t[0]} : upper(k) => v}}"),
        st.tuples(lst).map(lambda t: f"{{for x in {t[0]} : tostring(x) => x...}}"),
        _conditional(b, m),
        _call("regex", st.sampled_from(['"(?P<a>[a-z]+)(?P<b>[0-9]*)"']), s),
        _call("transpose", st.just('{a = ["x", "y"], b = ["y"]}')),
    )
    anything = st.one_of(
        strings,
        numbers,
        bools,
        lists,
        maps,
        st.tuples(lst, index).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(m, st.sampled_from(["a", "b", "Name"])).map(lambda t: f"{t[0]}.{t[1]}"),
        _call("try", st.one_of(lst, m), st.one_of(s, n)),
        _call("one", lst),
        _call("index", lst, st.one_of(s, n)),
    )
    return {
        "string": strings,
        "number": numbers,
        "bool": bools,
        "list": lists,
        "map": maps,
        "any": anything,
    }


EXPRESSIONS = expressions(2)["any"]
DEEP_EXPRESSIONS = expressions(3)["any"]
