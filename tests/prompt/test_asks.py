"""allows_placeholders: the prompt sentence that asks for placeholder values; may_say."""

from __future__ import annotations

import pytest

from tfjudge.prompt.asks import _PLACEHOLDER, allows_placeholders
from tfjudge.prompt.requirements import may_say, sentences


@pytest.mark.parametrize(
    ("prompt", "line"),
    [
        ("Create a bucket.\nUse placeholder values for bucket names.", 2),
        ("Use **place-holders** for the account ids.", 1),
        ("Use place**holder** values where ids are needed.", 1),  # markup joins the word
        ("Use __placeholders__ for ids.", 1),
        ("Create a bucket.\n\n```\n# placeholder\n```\n", None),  # a code fence is an example
        ("No placeholders or pseudo-code.", None),  # negated
        ("Create an S3 bucket with versioning.", None),
        ("Replace the holder of the place.", None),
    ],
)
def test_allows_placeholders(prompt: str, line: int | None) -> None:
    found = allows_placeholders(prompt)
    assert (found.line if found else None) == line


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Use placeholders.", True),
        ("Use place**holder** values.", True),  # `sentences` joins the word
        ("Use _placeholder_ values.", True),
        ("Create an S3 bucket.", False),
        ("Use a_placeholder_value.", False),  # one word: no placeholder in any sentence
    ],
)
def test_may_say(text: str, says: bool) -> None:
    assert may_say(text, _PLACEHOLDER) is says
    assert any(_PLACEHOLDER.search(s.text) for s in sentences(text)) is says
