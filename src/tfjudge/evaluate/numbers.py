"""Terraform numbers: cty's arbitrary-precision binary floats (Go `math/big.Float`).

A number carries its exact value (an int or a dyadic `Fraction`, or ±infinity) and the
binary precision it was made with: 512 bits for literals and parsed strings, 64 for
counts and lengths (`length()`, `count.index`), 53 for results of float64 maths
(`pow`, `log`). Arithmetic rounds to the larger precision of its operands, half to
even, exactly as Go does, and `format_number` prints the shortest decimal that reads
back to the same value at that precision (`big.Float.Text('f', -1)`), which is what
`tostring()`, templates and `jsonencode()` print: `1/3` gives 155 digits, `0.1 + 0.2`
gives `0.3`, `pow(2, 100)` gives `1267650600228229400000000000000`.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Final

from tfjudge.patterns import lazy_pattern

LITERAL_PREC: Final = 512
INT_PREC: Final = 64
FLOAT64_PREC: Final = 53
MAX_EXACT_BITS: Final = 4096  # beyond this an exact value is not worth carrying

Exact = int | Fraction


class NumberError(ValueError):
    """An operation terraform rejects (NaN, a value out of range)."""


class Num:
    """A cty number. `value` is exact (int or dyadic Fraction) or ±inf (a float)."""

    __slots__ = ("negative_zero", "prec", "value")

    def __init__(self, value: Exact | float, prec: int, negative_zero: bool = False) -> None:
        if isinstance(value, Fraction) and value.denominator == 1:
            value = value.numerator
        self.value: Exact | float = value
        self.prec = prec
        self.negative_zero = negative_zero and value == 0

    # -- construction ----------------------------------------------------------------

    @classmethod
    def of(cls, value: Exact | float, prec: int = LITERAL_PREC) -> Num:
        """`value` rounded to `prec` bits (inf stays inf; a NaN is an error)."""
        if isinstance(value, float):
            if math.isnan(value):
                raise NumberError("NaN")
            if math.isinf(value):
                return cls(value, prec)
            negative_zero = value == 0 and math.copysign(1.0, value) < 0
            return cls(round_to_prec(Fraction(value), prec), prec, negative_zero)
        return cls(round_to_prec(value, prec), prec)

    @classmethod
    def from_int(cls, value: int) -> Num:
        """A Go `SetInt`/`NumberIntVal` number: precision max(64, bit length)."""
        return cls(value, max(INT_PREC, abs(value).bit_length()))

    @classmethod
    def float64(cls, value: float) -> Num:
        return cls.of(value, FLOAT64_PREC)

    # -- inspection ------------------------------------------------------------------

    @property
    def is_inf(self) -> bool:
        return isinstance(self.value, float)

    @property
    def is_int(self) -> bool:
        return isinstance(self.value, int) and not self.is_inf

    @property
    def sign(self) -> int:
        if self.value > 0:
            return 1
        return -1 if self.value < 0 else 0

    def as_float(self) -> float:
        return float(self.value)

    def as_int(self) -> int | None:
        """The value as an int when it is a whole number."""
        return self.value if isinstance(self.value, int) else None

    def __repr__(self) -> str:
        return f"Num({format_number(self)})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Num):
            return numbers_equal(self, other)
        if isinstance(other, bool):
            return False
        if isinstance(other, (int, float)):
            return self.value == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.value) if isinstance(self.value, int) else hash(format_number(self))


ZERO_INT = Num(0, INT_PREC)


def round_to_prec(value: Exact, prec: int) -> Exact:
    """`value` rounded to `prec` significant bits, half to even (big.ToNearestEven)."""
    if value == 0:
        return 0
    if isinstance(value, int):
        if value.bit_length() <= prec:
            return value
        numerator, denominator = value, 1
    else:
        numerator, denominator = value.numerator, value.denominator
        if denominator & (denominator - 1) == 0 and abs(numerator).bit_length() <= prec:
            return value
    negative = numerator < 0
    numerator = abs(numerator)
    shift = numerator.bit_length() - denominator.bit_length() - prec
    mantissa, remainder, scale = _divide_scaled(numerator, denominator, shift)
    if mantissa >= 1 << prec:
        shift += 1
        mantissa, remainder, scale = _divide_scaled(numerator, denominator, shift)
    elif mantissa < 1 << (prec - 1):
        shift -= 1
        mantissa, remainder, scale = _divide_scaled(numerator, denominator, shift)
    twice = 2 * remainder
    if twice > scale or (twice == scale and mantissa & 1):
        mantissa += 1
    result: Exact = mantissa << shift if shift >= 0 else Fraction(mantissa, 1 << -shift)
    return -result if negative else result


def _divide_scaled(numerator: int, denominator: int, shift: int) -> tuple[int, int, int]:
    """floor(n / d / 2**shift), the remainder and the divisor it is relative to."""
    if shift >= 0:
        divisor = denominator << shift
        quotient, remainder = divmod(numerator, divisor)
        return quotient, remainder, divisor
    quotient, remainder = divmod(numerator << -shift, denominator)
    return quotient, remainder, denominator


# -- arithmetic (cty value_ops.go) -------------------------------------------------------


def _result_prec(a: Num, b: Num) -> int:
    return max(a.prec, b.prec)


def add(a: Num, b: Num) -> Num:
    prec = _result_prec(a, b)
    if isinstance(a.value, float) or isinstance(b.value, float):
        if a.is_inf and b.is_inf and a.value != b.value:
            raise NumberError("can't compute sum of opposing infinities")
        return Num(a.value if a.is_inf else b.value, prec)
    total = a.value + b.value
    if total == 0:
        return Num(0, prec, a.negative_zero and b.negative_zero)
    return Num(round_to_prec(total, prec), prec)


def negate(a: Num) -> Num:
    if a.is_inf:
        return Num(-a.value, a.prec)
    if a.value == 0:
        return Num(0, a.prec, not a.negative_zero)
    return Num(-a.value, a.prec)


def subtract(a: Num, b: Num) -> Num:
    return add(a, negate(b))


def _zero_sign(a: Num, b: Num) -> bool:
    """Whether a product or quotient that is zero is -0 (the signs differ)."""
    return _negative(a) != _negative(b)


def _negative(a: Num) -> bool:
    return a.negative_zero or a.value < 0


def multiply(a: Num, b: Num) -> Num:
    prec = _result_prec(a, b)
    if isinstance(a.value, float) or isinstance(b.value, float):
        if a.value == 0 or b.value == 0:
            raise NumberError("can't multiply zero by infinity")
        return Num(math.inf if _negative(a) == _negative(b) else -math.inf, prec)
    product = a.value * b.value
    if product == 0:
        return Num(0, prec, _zero_sign(a, b))
    # cty multiplies at 512 bits, then keeps at least the bits the product needs
    rounded = round_to_prec(product, LITERAL_PREC)
    prec = max(prec, _min_prec(rounded))
    return Num(round_to_prec(rounded, prec), prec)


def _min_prec(value: Exact) -> int:
    """The bits needed to represent `value` exactly (big.Float.MinPrec)."""
    if value == 0:
        return 0
    if isinstance(value, int):
        magnitude = abs(value)
        return magnitude.bit_length() - _trailing_zeros(magnitude)
    return abs(value.numerator).bit_length() - _trailing_zeros(abs(value.numerator))


def _trailing_zeros(value: int) -> int:
    return (value & -value).bit_length() - 1 if value else 0


def divide(a: Num, b: Num) -> Num:
    prec = _result_prec(a, b)
    if a.is_inf and b.is_inf:
        raise NumberError("can't divide infinity by infinity")
    if b.value == 0 and not b.is_inf:
        if a.value == 0 and not a.is_inf:
            raise NumberError("can't divide zero by zero")
        return Num(math.inf if _negative(a) == _negative(b) else -math.inf, prec)
    if isinstance(a.value, float):
        return Num(math.inf if _negative(a) == _negative(b) else -math.inf, prec)
    if isinstance(b.value, float):
        return Num(0, prec, _zero_sign(a, b))
    if a.value == 0:
        return Num(0, prec, _zero_sign(a, b))
    return Num(round_to_prec(Fraction(a.value) / Fraction(b.value), prec), prec)


def modulo(a: Num, b: Num) -> Num:
    """cty's Modulo: a - b * trunc(a / b), with cty's precision handling."""
    if isinstance(a.value, float) or isinstance(b.value, float):
        return multiply(a, b)
    if b.value == 0:
        return a
    quotient = divide(a, b)
    truncated = int(quotient.value)  # Go big.Float.Int truncates toward zero
    prec = a.prec  # Copy(v).SetInt(...), then Mul and Sub into it: a's precision
    product = round_to_prec(b.value * round_to_prec(truncated, prec), prec)
    difference = a.value - product
    product_prec = prec
    if difference == 0:
        return Num(0, product_prec, _negative(a) and product >= 0)
    return Num(round_to_prec(difference, product_prec), product_prec)


def compare(a: Num, b: Num) -> int:
    left, right = a.value, b.value
    if left < right:
        return -1
    return 1 if left > right else 0


def numbers_equal(a: Num, b: Num) -> bool:
    """cty's number equality: exact for whole numbers, else the same 'f' rendering."""
    if a.sign != b.sign:
        return False
    if a.is_inf or b.is_inf:
        return a.value == b.value
    if isinstance(a.value, int) != isinstance(b.value, int):
        return False
    if isinstance(a.value, int):
        return a.value == b.value
    return format_number(a) == format_number(b)


def trunc(a: Num) -> int:
    if a.is_inf:
        raise NumberError("infinity has no integer value")
    return int(a.value)


def floor_value(a: Num) -> Num:
    if isinstance(a.value, float):
        return a
    return Num(round_to_prec(math.floor(a.value), a.prec), a.prec)


def ceil_value(a: Num) -> Num:
    if isinstance(a.value, float):
        return a
    return Num(round_to_prec(math.ceil(a.value), a.prec), a.prec)


# -- parsing (big.ParseFloat base 10, 512 bits) -------------------------------------------

_DECIMAL = lazy_pattern(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INFINITY = lazy_pattern(r"[+-]?[iI]nf")


def parse_number(text: str) -> Num | None:
    """cty.ParseNumberVal: a decimal (sign, digits, point, exponent) or ±Inf; else None."""
    if _INFINITY.fullmatch(text):
        return Num(-math.inf if text.startswith("-") else math.inf, LITERAL_PREC)
    if not _DECIMAL.fullmatch(text):
        return None
    exponent_part = re.search(r"[eE]([+-]?\d+)$", text)
    if exponent_part and abs(int(exponent_part.group(1))) > 100_000:
        return None  # absurd exponents: refuse rather than build a huge integer
    value = Fraction(text)
    negative = text.startswith("-")
    if value == 0:
        return Num(0, LITERAL_PREC, negative)
    return Num(round_to_prec(value, LITERAL_PREC), LITERAL_PREC)


def literal_number(value: int | float) -> Num:
    """A number literal of the configuration (the parser gives int or float)."""
    if isinstance(value, int):
        return Num(round_to_prec(value, LITERAL_PREC), LITERAL_PREC)
    if math.isinf(value) or math.isnan(value):
        return Num(value, LITERAL_PREC) if math.isinf(value) else Num(0, LITERAL_PREC)
    parsed = parse_number(repr(value))
    return parsed if parsed is not None else Num.of(value)


# -- formatting (big.Float.Text('f', -1)) ---------------------------------------------------


def format_number(number: Num) -> str:
    """The shortest decimal that reads back to `number` at its precision, Go's 'f' -1."""
    value = number.value
    if isinstance(value, float):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if number.negative_zero else "0"
    if isinstance(value, int) and abs(value).bit_length() <= number.prec:
        return str(value)
    sign = "-" if value < 0 else ""
    digits, exponent = _shortest_digits(abs(Fraction(value)), number.prec)
    return sign + _format_f(digits, exponent, max(len(digits) - exponent, 0))


def _decimal(mantissa: int, exponent: int) -> tuple[str, int]:
    """Digits (no leading/trailing zeros) and decimal exponent of mantissa * 2**exponent.

    The value is 0.d1d2d3... * 10**exp, Go's `decimal` type.
    """
    if mantissa == 0:
        return "", 0
    if exponent >= 0:
        text = str(mantissa << exponent)
        return text.rstrip("0"), len(text)
    text = str(mantissa * 5**-exponent)
    return text.rstrip("0"), len(text) + exponent


def _shortest_digits(value: Fraction, prec: int) -> tuple[str, int]:
    """Go big/ftoa.go roundShortest for a positive dyadic value of precision `prec`.

    Digits of the bounds are compared position by position without aligning their
    exponents, as Go does.
    """
    numerator, denominator = value.numerator, value.denominator
    exponent = -(denominator.bit_length() - 1)  # the denominator is a power of two
    digits, dexp = _decimal(numerator, exponent)
    # normalise to prec + 1 bits: the lsb is half an ulp
    shift = numerator.bit_length() - (prec + 1)
    mantissa = numerator << -shift if shift < 0 else numerator >> shift
    exponent += shift
    lower, _ = _decimal(mantissa - 1, exponent)
    upper, _ = _decimal(mantissa + 1, exponent)
    inclusive = mantissa & 2 == 0
    for index, digit in enumerate(digits):
        low = lower[index] if index < len(lower) else "0"
        high = upper[index] if index < len(upper) else "0"
        ok_down = low != digit or (inclusive and index + 1 == len(lower))
        ok_up = digit != high and (
            inclusive or ord(digit) + 1 < ord(high) or index + 1 < len(upper)
        )
        if ok_down and ok_up:
            return _round_nearest(digits, dexp, index + 1)
        if ok_down:
            return _round_down(digits, dexp, index + 1)
        if ok_up:
            return _round_up(digits, dexp, index + 1)
    return digits, dexp


def _round_nearest(digits: str, exp: int, n: int) -> tuple[str, int]:
    if n >= len(digits):
        return digits, exp
    if digits[n] == "5" and n + 1 == len(digits):
        up = n > 0 and int(digits[n - 1]) % 2 == 1
    else:
        up = digits[n] >= "5"
    return _round_up(digits, exp, n) if up else _round_down(digits, exp, n)


def _round_down(digits: str, exp: int, n: int) -> tuple[str, int]:
    return digits[:n].rstrip("0"), exp


def _round_up(digits: str, exp: int, n: int) -> tuple[str, int]:
    if n >= len(digits):
        return digits, exp
    head = digits[:n].rstrip("9")
    if not head:
        return "1", exp + 1
    return head[:-1] + str(int(head[-1]) + 1), exp


def _format_f(digits: str, exp: int, places: int) -> str:
    whole = digits[:exp] + "0" * max(exp - len(digits), 0) if exp > 0 else "0"
    if places <= 0:
        return whole
    fraction = "".join(
        digits[exp + i] if 0 <= exp + i < len(digits) else "0" for i in range(places)
    )
    return f"{whole}.{fraction}"


def decimal_digits(number: Num, places: int) -> str:
    """`number` rounded to `places` decimals, Go's Text('f', places) (half to even)."""
    value = number.value
    if isinstance(value, float):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if value < 0 or number.negative_zero else ""
    scaled = abs(Fraction(value)) * 10**places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * remainder
    if twice > scaled.denominator or (twice == scaled.denominator and whole & 1):
        whole += 1
    text = str(whole).rjust(places + 1, "0")
    if places:
        text = f"{text[:-places]}.{text[-places:]}"
    return sign + text


# -- big.Float.Text with any format and precision (format("%e"), "%g", "%v") -------------


def text(number: Num, fmt: str, prec: int) -> str:
    """Go's big.Float.Text(fmt, prec) for fmt in e, E, f, g, G (prec -1: shortest)."""
    value = number.value
    sign = "-" if (isinstance(value, float) and value < 0) or _is_negative(number) else ""
    if isinstance(value, float):
        return "-Inf" if value < 0 else "+Inf"
    if value == 0:
        digits, exp = "", 0
    else:
        magnitude = abs(Fraction(value))
        if prec < 0:
            digits, exp = _shortest_digits(magnitude, number.prec)
        else:
            digits, exp = _decimal(magnitude.numerator, -(magnitude.denominator.bit_length() - 1))
    shortest = prec < 0
    if shortest:
        if fmt in "eE":
            prec = len(digits) - 1
        elif fmt == "f":
            prec = max(len(digits) - exp, 0)
        else:
            prec = len(digits)
    elif fmt in "eE":
        digits, exp = _round_nearest(digits, exp, 1 + prec)
    elif fmt == "f":
        digits, exp = _round_go(digits, exp, exp + prec)
    else:
        digits, exp = _round_go(digits, exp, prec or 1)
        prec = prec or 1
    if fmt in "eE":
        return sign + _fmt_e(digits, exp, fmt, prec)
    if fmt == "f":
        return sign + _format_f(digits, exp, prec)
    eprec = prec
    if eprec > len(digits) and len(digits) >= exp:
        eprec = len(digits)
    if shortest:
        eprec = 6
    exponent = exp - 1
    if exponent < -4 or exponent >= eprec:
        if prec > len(digits):
            prec = len(digits)
        return sign + _fmt_e(digits, exp, "e" if fmt == "g" else "E", prec - 1)
    if prec > exp:
        prec = len(digits)
    return sign + _format_f(digits, exp, max(prec - exp, 0))


def _is_negative(number: Num) -> bool:
    return number.negative_zero or (not isinstance(number.value, float) and number.value < 0)


def _round_go(digits: str, exp: int, n: int) -> tuple[str, int]:
    """Go decimal.round: nothing to do when n is negative or beyond the digits."""
    if n < 0 or n >= len(digits):
        return digits, exp
    return _round_nearest(digits, exp, n)


def _fmt_e(digits: str, exp: int, fmt: str, prec: int) -> str:
    first = digits[0] if digits else "0"
    out = first
    if prec > 0:
        rest = digits[1 : prec + 1]
        out += "." + rest + "0" * (prec - len(rest))
    exponent = exp - 1 if digits else 0
    sign = "-" if exponent < 0 else "+"
    return f"{out}{fmt}{sign}{abs(exponent):02d}"
