"""String functions (go-cty stdlib/string.go, format.go, regexp.go; terraform funcs/string.go).

Lengths, `substr` and padding count grapheme clusters, as cty does; case mapping is Go's
rune by rune (`strings.ToUpper`), not Python's full mapping (`ß` stays `ß`).
"""

from __future__ import annotations

import re
import unicodedata

from tfjudge.evaluate.expressions import EvalError, known
from tfjudge.evaluate.functions import Call, Param, function
from tfjudge.evaluate.goregex import compile_go, expand_go, finditer_go
from tfjudge.evaluate.numbers import Num, text
from tfjudge.evaluate.values import (
    BOOL,
    NUMBER,
    STRING,
    UNKNOWN,
    ConversionError,
    PartialString,
    TfList,
    Type,
    Unknown,
    Value,
    convert,
    is_wholly_known,
    list_of,
    object_of,
    partial,
    tuple_of,
)
from tfjudge.patterns import lazy_pattern

_STRING_PARTIAL = Param(STRING, partial=True)

# -- grapheme clusters (a compact approximation of UAX #29, what cty's textseg does) ------

_ZWJ = "\u200d"


def _extends(cluster: str, char: str) -> bool:
    if cluster[-1] == "\r":
        return char == "\n"
    if char in ("\r", "\n") or cluster[-1] == "\n":
        return False
    if char == _ZWJ or "\ufe00" <= char <= "\ufe0f" or "\U0001f3fb" <= char <= "\U0001f3ff":
        return True
    if unicodedata.category(char) in ("Mn", "Me", "Mc"):
        return True
    if cluster[-1] == _ZWJ and _pictographic(char):
        return True
    return _regional(char) and _regional(cluster[-1]) and _regional_count(cluster) % 2 == 1


def _pictographic(char: str) -> bool:
    return ord(char) >= 0x1F000 or "\u2600" <= char <= "\u27bf"


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _regional_count(cluster: str) -> int:
    return sum(1 for c in cluster if _regional(c))


def graphemes(value: str) -> list[str]:
    if value.isascii() and "\r" not in value:
        return list(value)
    clusters: list[str] = []
    for char in value:
        if clusters and _extends(clusters[-1], char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def grapheme_count(value: str) -> int:
    if value.isascii() and "\r" not in value:
        return len(value)
    return len(graphemes(value))


# -- case ------------------------------------------------------------------------------------

_LOWER_SPECIAL = {"\u0130": "i"}


def go_upper(value: str) -> str:
    if value.isascii():
        return value.upper()
    return "".join(_simple(c, c.upper()) for c in value)


def go_lower(value: str) -> str:
    if value.isascii():
        return value.lower()
    return "".join(_LOWER_SPECIAL.get(c) or _simple(c, c.lower()) for c in value)


def _simple(char: str, mapped: str) -> str:
    return mapped if len(mapped) == 1 else char


@function("upper", _STRING_PARTIAL)
def _upper(call: Call, value: str | PartialString) -> Value:
    if isinstance(value, PartialString):
        return partial(go_upper(p) if isinstance(p, str) else p for p in value.parts)
    return go_upper(value)


@function("lower", _STRING_PARTIAL)
def _lower(call: Call, value: str | PartialString) -> Value:
    if isinstance(value, PartialString):
        return partial(go_lower(p) if isinstance(p, str) else p for p in value.parts)
    return go_lower(value)


def _is_separator(char: str) -> bool:
    if ord(char) <= 0x7F:
        return not (char.isalnum() or char == "_")
    if unicodedata.category(char)[0] == "L" or unicodedata.category(char) == "Nd":
        return False
    return _go_space(char)


_GO_SPACE = set("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)
}


def _go_space(char: str) -> bool:
    return char in _GO_SPACE


@function("title", STRING)
def _title(call: Call, value: str) -> Value:
    out: list[str] = []
    previous = " "
    for char in value:
        out.append(_simple(char, char.title()) if _is_separator(previous) else char)
        previous = char
    return "".join(out)


@function("strrev", STRING)
def _strrev(call: Call, value: str) -> Value:
    return "".join(reversed(graphemes(value)))


@function("trimspace", STRING)
def _trimspace(call: Call, value: str) -> Value:
    start, end = 0, len(value)
    while start < end and _go_space(value[start]):
        start += 1
    while end > start and _go_space(value[end - 1]):
        end -= 1
    return value[start:end]


@function("trim", STRING, STRING)
def _trim(call: Call, value: str, cutset: str) -> Value:
    return value.strip(cutset) if cutset else value


@function("trimprefix", STRING, STRING)
def _trimprefix(call: Call, value: str, prefix: str) -> Value:
    return value.removeprefix(prefix)


@function("trimsuffix", STRING, STRING)
def _trimsuffix(call: Call, value: str, suffix: str) -> Value:
    return value.removesuffix(suffix)


@function("chomp", STRING)
def _chomp(call: Call, value: str) -> Value:
    return re.sub(r"(?:\r\n?|\n)*\Z", "", value)


def whole_number(value: Num, low: int = -(2**63), high: int = 2**63 - 1) -> int:
    """gocty.FromCtyValue into an int: a whole number in range, else an error."""
    number = value.as_int()
    if number is None or not low <= number <= high:
        raise EvalError(f"value must be a whole number, between {low} and {high}")
    return number


@function("indent", NUMBER, STRING)
def _indent(call: Call, spaces: Num, value: str) -> Value:
    count = whole_number(spaces)
    call.check_size(max(count, 0))
    return value.replace("\n", "\n" + " " * max(count, 0))


@function("substr", STRING, NUMBER, NUMBER)
def _substr(call: Call, value: str, offset_value: Num, length_value: Num) -> Value:
    offset = whole_number(offset_value)
    length = whole_number(length_value)
    clusters = graphemes(value)
    if offset < 0:
        offset += len(clusters)
    elif length == 0:
        return ""
    if offset > 0:
        if offset >= len(clusters):
            return ""
        clusters = clusters[offset:]
    if length <= 0:  # a zero length after a negative offset takes the rest, as cty does
        return "".join(clusters)
    return "".join(clusters[:length])


@function("join", STRING, variadic=Param(list_of(STRING), partial=False))
def _join(call: Call, separator: str, *lists: list[Value]) -> Value:
    if not lists:
        raise EvalError("at least one list is required")
    items: list[Value] = []
    for number, values in enumerate(lists):
        for index, item in enumerate(values):
            if item is None:
                where = (
                    f"element {index} of list {number + 1}"
                    if len(lists) > 1
                    else f"element {index}"
                )
                raise EvalError(f"{where} is null; cannot concatenate null values")
            items.append(item)
    if not all(isinstance(i, str) for i in items):
        if any(isinstance(i, Unknown) for i in items):
            raise_unknown()
        pieces: list[Value] = []
        for index, item in enumerate(items):
            if index:
                pieces.append(separator)
            pieces.append(item)
        return partial(pieces)
    call.check_size(len(items))
    return call.check_string(separator.join(items))


def raise_unknown() -> None:
    known(UNKNOWN)


@function("split", STRING, STRING)
def _split(call: Call, separator: str, value: str) -> Value:
    parts = list(value) if separator == "" else value.split(separator)
    call.check_size(len(parts))
    return TfList(parts, STRING)


@function("replace", STRING, STRING, STRING)
def _replace(call: Call, value: str, search: str, replacement: str) -> Value:
    if len(search) > 1 and search[0] == "/" and search[-1] == "/":
        regex = compile_go(search[1:-1])
        out: list[str] = []
        cursor = 0
        for match in finditer_go(regex, value):
            out.append(value[cursor : match.start()])
            out.append(expand_go(replacement, match))
            cursor = match.end()
            call.check_string("".join(out[-2:]))
        out.append(value[cursor:])
        return call.check_string("".join(out))
    if search == "":
        if value == "":
            return replacement
        # Go inserts the replacement before every rune and at the end
        return call.check_string(replacement + replacement.join(value) + replacement)
    if replacement and value.count(search) * len(replacement) > call.interpreter.limits.string:
        call.check_string(" " * (call.interpreter.limits.string + 1))
    return value.replace(search, replacement)


@function("startswith", Param(STRING, partial=True), STRING)
def _startswith(call: Call, value: str | PartialString, prefix: str) -> Value:
    if isinstance(value, PartialString):
        if prefix == "":
            return True
        known_prefix = value.prefix
        if known_prefix.startswith(prefix):
            return True
        if len(known_prefix) >= len(prefix):
            return False
        return UNKNOWN
    return value.startswith(prefix)


@function("endswith", Param(STRING, partial=True), STRING)
def _endswith(call: Call, value: str | PartialString, suffix: str) -> Value:
    if isinstance(value, PartialString):
        if suffix == "":
            return True
        known_suffix = value.suffix
        if known_suffix.endswith(suffix):
            return True
        if len(known_suffix) >= len(suffix):
            return False
        return UNKNOWN
    return value.endswith(suffix)


@function("strcontains", STRING, STRING)
def _strcontains(call: Call, value: str, substring: str) -> Value:
    return substring in value


# -- regex -------------------------------------------------------------------------------


def _regex_shape(regex: re.Pattern[str]) -> str:
    names = set(regex.groupindex)
    unnamed = regex.groups - len(names)
    if unnamed and names:
        raise EvalError("invalid regexp pattern: cannot mix both named and unnamed capture groups")
    if unnamed:
        return "tuple"
    return "object" if names else "string"


def _regex_result(regex: re.Pattern[str], match: re.Match[str], shape: str) -> Value:
    if shape == "string":
        return match.group(0)
    if shape == "tuple":
        return [match.group(i) for i in range(1, regex.groups + 1)]
    return {name: match.group(name) for name in regex.groupindex}


@function("regex", STRING, STRING)
def _regex(call: Call, pattern: str, value: str) -> Value:
    regex = compile_go(pattern)
    shape = _regex_shape(regex)
    match = regex.search(value)
    if match is None:
        raise EvalError("pattern did not match any part of the given string")
    return _regex_result(regex, match, shape)


@function("regexall", STRING, STRING)
def _regexall(call: Call, pattern: str, value: str) -> Value:
    regex = compile_go(pattern)
    shape = _regex_shape(regex)
    results = []
    for match in finditer_go(regex, value):
        results.append(_regex_result(regex, match, shape))
        call.check_size(len(results))
    return TfList(results, _regex_type(regex, shape))


def _regex_type(regex: re.Pattern[str], shape: str) -> Type:
    if shape == "string":
        return STRING
    if shape == "tuple":
        return tuple_of([STRING] * regex.groups)
    return object_of(dict.fromkeys(regex.groupindex, STRING))


# -- format ---------------------------------------------------------------------------------

_VERB = lazy_pattern(
    r"%(?P<flags>[-+# 0]*)(?P<width>[1-9][0-9]*)?(?P<precision>\.[0-9]*)?"
    r"(?:\[(?P<index>[1-9][0-9]*)\])?(?P<mode>[A-Za-z])?"
)


def format_string(call: Call, template: str, args: list[Value]) -> Value:
    """cty's format(): verbs %v %s %q %t %d %b %o %x %X %e %E %f %g %G, flags, [n]."""
    out: list[Value] = []
    next_arg = 1
    highest = 0
    position = 0
    while position < len(template):
        char = template[position]
        if char != "%":
            end = template.find("%", position)
            end = len(template) if end < 0 else end
            out.append(template[position:end])
            position = end
            continue
        if template.startswith("%%", position):
            out.append("%")
            position += 2
            continue
        match = _VERB.match(template, position)
        assert match is not None
        if match.group("mode") is None:
            if match.end() >= len(template):
                raise EvalError(f"invalid format string starting at offset {position}")
            bad = template[match.end()]
            raise EvalError(f"unrecognized format character {bad!r} at offset {match.end()}")
        number = int(match.group("index")) if match.group("index") else next_arg
        highest = max(highest, number)
        if number > len(args):
            raise EvalError(
                f"not enough arguments for {match.group(0)!r} at {position}: "
                f"need index {number} but have {len(args)} total"
            )
        out.append(_format_verb(match, args[number - 1], position))
        next_arg = number + 1
        position = match.end()
        call.check_size(len(out))
    if highest < len(args):
        if highest == 0:
            raise EvalError("too many arguments; no verbs in format string")
        raise EvalError(f"too many arguments; only {highest} used by format string")
    return partial(out)


def _format_verb(match: re.Match[str], arg: Value, offset: int) -> Value:
    mode = match.group("mode")
    raw = match.group(0)
    flags = match.group("flags")
    if mode != "v" and arg is None:
        raise EvalError(
            f"unsupported value for {raw!r} at {offset}: null value cannot be formatted"
        )
    if isinstance(arg, (Unknown, PartialString)) or not is_wholly_known(arg):
        plain = not match.group("width") and not match.group("precision")
        return arg if mode in "vs" and isinstance(arg, PartialString) and plain else UNKNOWN
    width = int(match.group("width")) if match.group("width") else -1
    precision_text = match.group("precision")
    precision = int(precision_text[1:] or "0") if precision_text else -1
    if mode == "v":
        return _format_as_is(arg, flags, width)
    if mode == "t":
        return "true" if _convert_for(arg, BOOL, raw, offset) else "false"
    if mode in "bdoxX":
        number = _convert_for(arg, NUMBER, raw, offset)
        whole = number.as_int()
        if whole is None:
            raise EvalError(f"unsupported value for {raw!r} at {offset}: an integer is required")
        return _format_integer(whole, mode, flags, width, precision)
    if mode in "eEfgG":
        number = _convert_for(arg, NUMBER, raw, offset)
        return _format_float(number, mode, flags, width, precision)
    if mode in "sq":
        string = _convert_for(arg, STRING, raw, offset)
        if precision > 0:
            string = "".join(graphemes(string)[:precision])
        if mode == "q":
            from tfjudge.evaluate.functions.encoding import json_string

            string = json_string(string)
        return _pad(string, flags, width)
    raise EvalError(f"unsupported format verb {mode!r} in {raw!r} at offset {offset}")


def _convert_for(arg: Value, wanted: object, raw: str, offset: int) -> Value:
    try:
        return convert(arg, wanted)  # type: ignore[arg-type]
    except ConversionError as error:
        raise EvalError(f"unsupported value for {raw!r} at {offset}: {error}") from None


def _format_as_is(arg: Value, flags: str, width: int) -> str:
    if "#" not in flags and arg is not None:
        if isinstance(arg, str):
            return _pad(arg, flags, width)
        if isinstance(arg, Num):
            return _pad(text(arg, "g", -1), flags, width)
    from tfjudge.evaluate.functions.encoding import json_encode

    return _pad(json_encode(arg), flags, width)


def _pad(value: str, flags: str, width: int) -> str:
    if width < 0:
        return value
    missing = width - grapheme_count(value)
    if missing <= 0:
        return value
    padding = ("0" if "0" in flags else " ") * missing
    return value + padding if "-" in flags else padding + value


def _go_padding(sign: str, body: str, flags: str, width: int, zero_ok: bool) -> str:
    """Go fmt's padding of a formatted number (big.Float and big.Int Format)."""
    minus = "-" in flags
    zero = "0" in flags and not minus and zero_ok
    length = len(sign) + len(body)
    if width <= length:
        return sign + body
    pad = width - length
    if minus:
        return sign + body + " " * pad
    if zero:
        return sign + "0" * pad + body
    return " " * pad + sign + body


def _format_integer(value: int, mode: str, flags: str, width: int, precision: int) -> str:
    base = {"b": 2, "o": 8, "d": 10, "x": 16, "X": 16}[mode]
    digits = _to_base(abs(value), base)
    if mode == "X":
        digits = digits.upper()
    sign = "-" if value < 0 else "+" if "+" in flags else " " if " " in flags else ""
    prefix = ""
    if "#" in flags:
        prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(mode, "")
    zeros = 0
    if precision >= 0:
        if len(digits) < precision:
            zeros = precision - len(digits)
        elif digits == "0" and precision == 0:
            return ""
    length = len(sign) + len(prefix) + zeros + len(digits)
    left = right = 0
    if width > length:
        extra = width - length
        if "-" in flags:
            right = extra
        elif "0" in flags and precision < 0:
            zeros = extra
        else:
            left = extra
    return " " * left + sign + prefix + "0" * zeros + digits + " " * right


def _to_base(value: int, base: int) -> str:
    if base == 10:
        return str(value)
    if base == 16:
        return format(value, "x")
    if base == 8:
        return format(value, "o")
    return format(value, "b")


def _format_float(number: Num, mode: str, flags: str, width: int, precision: int) -> str:
    fmt = mode
    if precision < 0:
        precision = -1 if fmt in "gG" else 6
    body = text(number, fmt, precision)
    sign = ""
    if body.startswith("-"):
        sign, body = "-", body[1:]
    elif body.startswith("+"):  # +Inf
        sign, body = (" " if " " in flags else "+"), body[1:]
    elif "+" in flags:
        sign = "+"
    elif " " in flags:
        sign = " "
    return _go_padding(sign, body, flags, width, zero_ok=not number.is_inf)


@function("format", STRING, variadic=Param(null=True, unknown=True, partial=True))
def _format(call: Call, template: str, *args: Value) -> Value:
    return format_string(call, template, list(args))


@function("formatlist", STRING, variadic=Param(null=True, unknown=True, partial=True))
def _formatlist(call: Call, template: str, *args: Value) -> Value:
    if not args:
        return TfList([known(format_string(call, template, []))], STRING)
    length = -1
    chooser = 0
    for number, arg in enumerate(args):
        if isinstance(arg, list):
            if length == -1:
                length = len(arg)
                chooser = number
            elif len(arg) != length:
                raise EvalError(
                    f"argument {number + 1} has length {len(arg)}, which is inconsistent "
                    f"with argument {chooser + 1} of length {length}"
                )
        elif isinstance(arg, Unknown):
            return UNKNOWN
    if length == 0:
        return TfList(element=STRING)
    results: list[Value] = []
    for index in range(max(length, 1)):
        row = [arg[index] if isinstance(arg, list) else arg for arg in args]
        if not all(is_wholly_known(v) for v in row):
            results.append(UNKNOWN)
            continue
        try:
            results.append(known(format_string(call, template, row)))
        except EvalError as error:
            raise EvalError(f"error on format iteration {index}: {error}") from None
        call.check_size(len(results))
    return TfList(results, STRING)


@function("tostring", Param(STRING, null=True, partial=True))
def _tostring(call: Call, value: Value) -> Value:
    return value
