"""Go RE2 regular expressions (terraform's `regex`, `regexall`, `replace("/re/")`) in Python.

The pattern is translated to Python's `re` where the two agree: `\\d \\w \\s` are ASCII,
`$` is the end of the text unless `(?m)`, `(?<name>...)` is a named group, POSIX classes
become ranges. What RE2 rejects (look-arounds, back-references) is an `RegexError`; what
Python cannot express (`\\pL`, `(?U)`) is `RegexUnsupported` and the caller's value is
unknown. Replacement templates follow Go's `Regexp.Expand` (`$1`, `${name}`, `$$`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_SPACE = "\\t\\n\\f\\r "
_CLASS_ESCAPES = {"d": "0-9", "w": "0-9A-Za-z_", "s": _SPACE}
_MAX_PATTERN = 10_000


class RegexError(ValueError):
    """A pattern RE2 rejects."""


class RegexUnsupported(ValueError):
    """A valid RE2 pattern that Python's `re` cannot express faithfully."""


def compile_go(pattern: str) -> re.Pattern[str]:
    if len(pattern) > _MAX_PATTERN:
        raise RegexUnsupported("pattern too long")
    translated = _translate(pattern)
    try:
        return re.compile(translated)
    except re.error as error:
        raise RegexError(str(error)) from None
    except (RecursionError, OverflowError):
        raise RegexUnsupported("pattern too complex") from None


def _translate(pattern: str) -> str:
    out: list[str] = []
    multiline = False
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == "\\":
            piece, index = _escape(pattern, index, in_class=False)
            out.append(piece)
            continue
        if char == "[":
            piece, index = _char_class(pattern, index)
            out.append(piece)
            continue
        if char == "(":
            piece, index, flags = _group_open(pattern, index, at_start=not out)
            if "m" in flags:
                multiline = True
            out.append(piece)
            continue
        if char == "$":
            out.append("$" if multiline else "\\Z")
            index += 1
            continue
        if char == "{":
            match = re.match(r"\{(\d+)(,(\d*))?\}", pattern[index:])
            if match:
                numbers = [int(g) for g in (match.group(1), match.group(3)) if g]
                if any(n > 1000 for n in numbers):
                    raise RegexError("invalid repeat count")
                out.append(match.group(0))
                index += len(match.group(0))
                continue
            out.append("\\{")
            index += 1
            continue
        if char == "}":
            out.append("\\}")
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _escape(pattern: str, index: int, in_class: bool) -> tuple[str, int]:
    if index + 1 >= len(pattern):
        raise RegexError("trailing backslash at end of expression")
    code = pattern[index + 1]
    if code.isdigit() and code != "0":
        raise RegexError("invalid escape sequence (back-references are not supported)")
    if code in "pP":
        raise RegexUnsupported("unicode classes")
    if code == "Q":
        end = pattern.find("\\E", index + 2)
        literal = pattern[index + 2 :] if end < 0 else pattern[index + 2 : end]
        return re.escape(literal), len(pattern) if end < 0 else end + 2
    if code in "dwDW":
        body = _CLASS_ESCAPES[code.lower()]
        if in_class:
            if code.isupper():
                raise RegexUnsupported("negated class escape inside a class")
            return body, index + 2
        return (f"[^{body}]" if code.isupper() else f"[{body}]"), index + 2
    if code in "sS":
        if in_class:
            if code == "S":
                raise RegexUnsupported("negated class escape inside a class")
            return _SPACE, index + 2
        return (f"[^{_SPACE}]" if code == "S" else f"[{_SPACE}]"), index + 2
    if code == "z":
        return "\\Z", index + 2
    if code == "Z":
        raise RegexError("invalid escape sequence: \\Z")
    if code in "bB" and not in_class:
        return "\\" + code, index + 2
    if code in "AfnrtvaxC" or not code.isalnum():
        if code == "C":
            raise RegexUnsupported("\\C")
        if code == "x":
            match = re.match(r"\\x(\{[0-9A-Fa-f]+\}|[0-9A-Fa-f]{2})", pattern[index:])
            if not match:
                raise RegexError("invalid escape sequence")
            digits = match.group(1).strip("{}")
            return f"\\U{int(digits, 16):08x}", index + len(match.group(0))
        if code == "0":
            return "\\x00", index + 2
        return "\\" + code, index + 2
    raise RegexError(f"invalid escape sequence: \\{code}")


def _char_class(pattern: str, index: int) -> tuple[str, int]:
    out = ["["]
    position = index + 1
    if position < len(pattern) and pattern[position] == "^":
        out.append("^")
        position += 1
    first = True
    while position < len(pattern):
        char = pattern[position]
        if char == "]" and not first:
            out.append("]")
            return "".join(out), position + 1
        first = False
        if char == "[" and pattern.startswith("[:", position):
            end = pattern.find(":]", position + 2)
            if end < 0:
                raise RegexError("missing closing ]")
            name = pattern[position + 2 : end]
            negated = name.startswith("^")
            body = _POSIX.get(name.lstrip("^"))
            if body is None:
                raise RegexError(f"invalid character class range: [:{name}:]")
            if negated:
                raise RegexUnsupported("negated POSIX class")
            out.append(body)
            position = end + 2
            continue
        if char == "\\":
            piece, position = _escape(pattern, position, in_class=True)
            out.append(piece)
            continue
        if char == "[":
            out.append("\\[")
        else:
            out.append(char)
        position += 1
    raise RegexError("missing closing ]")


def _group_open(pattern: str, index: int, at_start: bool) -> tuple[str, int, str]:
    rest = pattern[index:]
    if not rest.startswith("(?"):
        return "(", index + 1, ""
    if rest.startswith(("(?=", "(?!", "(?<=", "(?<!")):
        raise RegexError("invalid or unsupported Perl syntax (look-around)")
    named = re.match(r"\(\?P?<([A-Za-z0-9_]+)>", rest)
    if named:
        return f"(?P<{named.group(1)}>", index + len(named.group(0)), ""
    flags = re.match(r"\(\?([imsU]*)(-[imsU]*)?(:|\))", rest)
    if not flags:
        raise RegexError("invalid or unsupported Perl syntax")
    on, off, end = flags.group(1), flags.group(2) or "", flags.group(3)
    if "U" in on + off:
        raise RegexUnsupported("ungreedy flag")
    consumed = index + len(flags.group(0))
    if end == ":":
        return f"(?{on}{off}:", consumed, ""
    if off or not at_start:
        raise RegexUnsupported("flags in the middle of a pattern")
    return (f"(?{on})" if on else ""), consumed, on


def finditer_go(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches as Go's FindAll: empty matches right after a previous match are skipped."""
    previous_end = -1
    for match in regex.finditer(text):
        if match.start() == match.end() == previous_end:
            continue
        previous_end = match.end()
        yield match


def expand_go(template: str, match: re.Match[str]) -> str:
    """Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`; `$$` is a dollar."""
    out: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char != "$":
            out.append(char)
            index += 1
            continue
        if template.startswith("$$", index):
            out.append("$")
            index += 2
            continue
        name, after = _template_name(template, index + 1)
        if name is None:
            out.append("$")
            index += 1
            continue
        out.append(_group_text(match, name))
        index = after
    return "".join(out)


def _template_name(template: str, index: int) -> tuple[str | None, int]:
    braced = index < len(template) and template[index] == "{"
    start = index + 1 if braced else index
    end = start
    while end < len(template) and (template[end].isalnum() or template[end] == "_"):
        if not template[end].isascii():
            break
        end += 1
    if end == start:
        return None, index
    if braced:
        if end >= len(template) or template[end] != "}":
            return None, index
        return template[start:end], end + 1
    return template[start:end], end


def _group_text(match: re.Match[str], name: str) -> str:
    try:
        if name.isdigit():
            number = int(name)
            if number > (match.re.groups or 0):
                return ""
            return match.group(number) or ""
        return match.group(name) or ""
    except (IndexError, re.error):
        return ""
