"""Number functions (go-cty stdlib/number.go). `pow` and `log` compute in float64, as Go
does; `pow` with a whole exponent follows Go's math.Pow exactly (repeated squaring)."""

from __future__ import annotations

import math

from tfjudge.evaluate.expressions import EvalError
from tfjudge.evaluate.functions import Call, function
from tfjudge.evaluate.functions.strings import whole_number
from tfjudge.evaluate.numbers import (
    LITERAL_PREC,
    Num,
    NumberError,
    ceil_value,
    compare,
    floor_value,
    round_to_prec,
)
from tfjudge.evaluate.values import NUMBER, STRING, Value


@function("abs", NUMBER)
def _abs(call: Call, number: Num) -> Value:
    value = number.value
    return Num(-value if value < 0 else value, number.prec)


@function("ceil", NUMBER)
def _ceil(call: Call, number: Num) -> Value:
    return ceil_value(number)


@function("floor", NUMBER)
def _floor(call: Call, number: Num) -> Value:
    return floor_value(number)


@function("min", variadic=NUMBER)
def _min(call: Call, *numbers: Num) -> Value:
    if not numbers:
        raise EvalError("must pass at least one number")
    best = Num(math.inf, LITERAL_PREC)
    for number in numbers:
        if compare(number, best) < 0:
            best = number
    return best


@function("max", variadic=NUMBER)
def _max(call: Call, *numbers: Num) -> Value:
    if not numbers:
        raise EvalError("must pass at least one number")
    best = Num(-math.inf, LITERAL_PREC)
    for number in numbers:
        if compare(number, best) > 0:
            best = number
    return best


@function("signum", NUMBER)
def _signum(call: Call, number: Num) -> Value:
    return Num.from_int(whole_signum(whole_number(number)))


def whole_signum(value: int) -> int:
    return (value > 0) - (value < 0)


@function("log", NUMBER, NUMBER)
def _log(call: Call, number: Num, base: Num) -> Value:
    value, base_value = number.as_float(), base.as_float()
    try:
        result = _go_log(value) / _go_log(base_value)
    except ZeroDivisionError:
        raise NumberError("log of base 1") from None
    return Num.float64(result)


def _go_log(value: float) -> float:
    if value == 0:
        return -math.inf
    if value < 0 or math.isnan(value):
        return math.nan
    if math.isinf(value):
        return math.inf
    return math.log(value)


@function("pow", NUMBER, NUMBER)
def _pow(call: Call, number: Num, power: Num) -> Value:
    return Num.float64(go_pow(number.as_float(), power.as_float()))


def go_pow(x: float, y: float) -> float:
    """Go's math.Pow: special cases, then repeated squaring for the whole part of y."""
    if y == 0 or x == 1:
        return 1.0
    if y == 1:
        return x
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if x == 0:
        return _pow_zero(x, y)
    if math.isinf(y):
        if x == -1:
            return 1.0
        if (abs(x) < 1) == (y > 0):
            return 0.0
        return math.inf
    if math.isinf(x):
        if x < 0:
            return go_pow(1 / x, -y)
        return 0.0 if y < 0 else math.inf
    if y == 0.5:
        return math.sqrt(x)
    if y == -0.5:
        return 1 / math.sqrt(x)
    yf, yi = math.modf(abs(y))
    if yf != 0 and x < 0:
        return math.nan
    if yi >= 2.0**63:
        if x == -1:
            return 1.0
        if (abs(x) < 1) == (y > 0):
            return 0.0
        return math.inf
    a1 = 1.0
    ae = 0
    if yf != 0:
        if yf > 0.5:
            yf -= 1
            yi += 1
        a1 = math.exp(yf * math.log(x))
    x1, xe = math.frexp(x)
    i = int(yi)
    while i != 0:
        if xe < -(1 << 12) or xe > (1 << 12):
            ae += xe
            break
        if i & 1 == 1:
            a1 *= x1
            ae += xe
        x1 *= x1
        xe <<= 1
        if x1 < 0.5:
            x1 += x1
            xe -= 1
        i >>= 1
    if y < 0:
        a1 = 1 / a1
        ae = -ae
    try:
        return math.ldexp(a1, ae)
    except OverflowError:
        return math.copysign(math.inf, a1)


def _pow_zero(x: float, y: float) -> float:
    odd = y == int(y) and int(y) % 2 == 1 if not math.isinf(y) else False
    if y < 0:
        if math.copysign(1, x) < 0 and odd:
            return -math.inf
        return math.inf
    if math.copysign(1, x) < 0 and odd:
        return -0.0
    return 0.0


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@function("parseint", STRING, NUMBER)
def _parseint(call: Call, text: str, base_value: Num) -> Value:
    base = whole_number(base_value)
    if not 2 <= base <= 62:
        raise EvalError("base must be a whole number between 2 and 62 inclusive")
    body = text
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    alphabet = _DIGITS + _DIGITS[10:].upper() if base > 36 else _DIGITS
    if not body:
        raise EvalError(f"cannot parse {text!r} as a base {base} integer")
    value = 0
    for char in body:
        digit = alphabet.find(char if base > 36 else char.lower())
        if digit < 0 or digit >= base:
            raise EvalError(f"cannot parse {text!r} as a base {base} integer")
        value = value * base + digit
    value = -value if negative else value
    return Num(
        round_to_prec(value, max(64, abs(value).bit_length())), max(64, abs(value).bit_length())
    )
