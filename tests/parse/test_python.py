"""parse_python: one parse per text, shared; errors raised as ast.parse raises them."""

from __future__ import annotations

import ast

import pytest

from tfjudge.parse.python import parse_python


def test_the_same_text_is_parsed_once() -> None:
    text = "import json\ndef handler(event, context):\n    return json.dumps(event)\n"
    tree = parse_python(text)
    assert isinstance(tree, ast.Module)
    assert parse_python(text) is tree
    assert ast.dump(tree) == ast.dump(ast.parse(text))


@pytest.mark.parametrize("text", ["def handler(:\n", "x = 1\0"])
def test_errors_are_raised_every_time(text: str) -> None:
    for _ in range(2):
        with pytest.raises((SyntaxError, ValueError)) as first:
            parse_python(text)
        with pytest.raises(type(first.value)):
            ast.parse(text)
