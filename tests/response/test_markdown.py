from __future__ import annotations

from tfjudge.response.markdown import Fence, lines_outside, split_markdown


def _fence(first: int, last: int) -> Fence:
    return Fence("hcl", "", first, first + 1, last, closed=True)


def test_lines_outside_are_the_gaps_between_fences() -> None:
    fences = [_fence(2, 4), _fence(5, 5), _fence(8, 9)]
    assert lines_outside(fences, 11) == [0, 5, 6, 9, 10]
    assert lines_outside([], 3) == [0, 1, 2]
    assert lines_outside([_fence(1, 3)], 3) == []


def test_prose_is_every_non_blank_line_outside_fences() -> None:
    parts = split_markdown("Intro\n\n```hcl\nx = 1\n```\n\nDone.\n```\nopen")
    assert parts.outside == [0, 1, 5, 6]
    assert parts.prose == [(1, "Intro"), (7, "Done.")]
