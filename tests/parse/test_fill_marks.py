"""fill_marks: each interpolation mark replaced, knowing whether it stands in a JSON string.

The reference is the plain character loop it must agree with, escapes and all."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from tfjudge.parse.hcl.text import INTERPOLATION_MARK, fill_marks


def reference(text: str, replace: Callable[[bool], str]) -> str:
    out: list[str] = []
    in_string = escaped = False
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


def json_filler(in_string: bool) -> str:
    return "x" if in_string else "0"


@given(st.text(alphabet=['"', "\\", INTERPOLATION_MARK, "a", "{", ":", " "], max_size=40))
def test_fill_marks_agrees_with_the_character_loop(text: str) -> None:
    assert fill_marks(text, json_filler) == reference(text, json_filler)
    assert fill_marks(text, lambda _: "_tf_") == reference(text, lambda _: "_tf_")


def test_marks_in_and_out_of_strings() -> None:
    mark = INTERPOLATION_MARK
    text = f'{{"a": "{mark}", "b": {mark}, "c": "\\"{mark}", "d": "\\\\", "e": {mark}}}'
    assert fill_marks(text, json_filler) == '{"a": "x", "b": 0, "c": "\\"x", "d": "\\\\", "e": 0}'
    assert fill_marks("no marks", json_filler) == "no marks"
