"""The text of a string expression with its interpolations replaced by placeholders.

Used to check documents written inside HCL (JSON policies, Python, shell scripts)
without evaluating them: `${var.x}` becomes a placeholder the embedded language
accepts where it stands.
"""

from __future__ import annotations

from collections.abc import Callable

from tfjudge.parse.hcl.ast import Expr, FunctionCall, Literal, Template, TemplateFor, TemplateIf
from tfjudge.patterns import lazy_pattern

INTERPOLATION_MARK = "\x00"


def string_skeleton(expr: Expr) -> str | None:
    """Literal text with INTERPOLATION_MARK for each interpolation; None when not a string.

    A directive keeps one pass of its body: the `if` branch, one `for` iteration.
    """
    if isinstance(expr, FunctionCall) and expr.name in _TRANSPARENT_WRAPPERS and expr.args:
        return string_skeleton(expr.args[0])
    if isinstance(expr, Literal):
        return expr.value if isinstance(expr.value, str) else None
    if isinstance(expr, Template):
        return _parts_text(expr.parts)
    return None


_TRANSPARENT_WRAPPERS = {"base64encode", "trimspace", "chomp", "indent"}


def _parts_text(parts: tuple[object, ...]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, TemplateIf):
            out.append(_parts_text(part.true_parts))
        elif isinstance(part, TemplateFor):
            out.append(_parts_text(part.parts))
        else:
            out.append(INTERPOLATION_MARK)
    return "".join(out)


def fill_marks(text: str, replace: Callable[[bool], str]) -> str:
    """Replace each mark; `replace(in_string)` says what to put, knowing whether the mark
    stands inside a double-quoted string of the embedded document."""
    if INTERPOLATION_MARK not in text:
        return text
    inside, outside = replace(True), replace(False)
    if inside == outside:
        return text.replace(INTERPOLATION_MARK, inside)
    out: list[str] = []
    start = 0
    in_string = False
    escaped_at = -1  # the index of the character a backslash in a string escapes
    for found in _SPECIAL.finditer(text):
        at = found.start()
        ch = text[at]
        if ch == INTERPOLATION_MARK:
            out.append(text[start:at])
            out.append(inside if in_string else outside)
            start = at + 1
            if escaped_at == at:  # the mark is not the escaped character: the next one is
                escaped_at = at + 1
        elif in_string:
            if escaped_at == at:
                escaped_at = -1
            elif ch == "\\":
                escaped_at = at + 1
            else:
                in_string = False
        elif ch == '"':
            in_string = True
    out.append(text[start:])
    return "".join(out)


_SPECIAL = lazy_pattern('["\\\\\x00]')
