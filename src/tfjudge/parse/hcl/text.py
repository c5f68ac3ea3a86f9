"""The text of a string expression with its interpolations replaced by placeholders.

Used to check documents written inside HCL (JSON policies, Python, shell scripts)
without evaluating them: `${var.x}` becomes a placeholder the embedded language
accepts where it stands.
"""

from __future__ import annotations

from collections.abc import Callable

from tfjudge.parse.hcl.ast import Expr, FunctionCall, Literal, Template, TemplateFor, TemplateIf

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
    out: list[str] = []
    in_string = False
    escaped = False
    for ch in text:
        if ch == INTERPOLATION_MARK:
            out.append(replace(in_string))
            continue
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        out.append(ch)
    return "".join(out)
