"""The batch harness's reading of terraform's diagnostics (no terraform needed).

The diagnostics are as `_diagnostic` builds them from `terraform validate -json` of a batch
(tests/oracle/test_reference_oracle.py's "roots" case runs them through real terraform).
"""

from __future__ import annotations

from tests.oracle.validate_harness import _diagnostic, without_echoes


def _bare(root: str) -> list[str]:
    """What terraform 1.11 reports for `a = <root>` in case000's main.tf, line 2: the
    error at its place, then its placeless repeat."""
    repeats = {
        "count": ('Invalid "count" attribute', 'The "count" object does not have an attribute '),
        "var": (
            "Reference to undeclared input variable",
            'An input variable with the name "" has not been declared.',
        ),
        "local": (
            "Reference to undeclared local value",
            'A local value with the name "" has not been declared. Did you mean "a"?',
        ),
    }
    summary, detail = repeats[root]
    if root == "count":
        detail += 'named "". The only supported attribute is count.index, ...'
    return [
        "Invalid reference",
        f'The "{root}" object cannot be accessed directly. Instead, access one of its attributes.',
        summary,
        detail,
    ]


def test_a_placeless_repeat_goes_with_its_bare_root_error() -> None:
    for root in ("count", "var", "local"):
        summary, detail, repeat, repeat_detail = _bare(root)
        placed = _diagnostic(summary, detail, "case000/main.tf", 2)
        placeless = _diagnostic(repeat, repeat_detail, "", 0)
        assert placed.case == "case000" and placeless.case is None
        assert without_echoes([placed, placeless]) == [placed]


def test_a_placeless_error_without_its_bare_root_error_stays() -> None:
    summary, detail, repeat, repeat_detail = _bare("count")
    placeless = _diagnostic(repeat, repeat_detail, "", 0)
    other_root = _diagnostic(summary, detail.replace('"count"', '"each"'), "case001/main.tf", 4)
    assert without_echoes([placeless, other_root]) == [placeless, other_root]
    # a placed error naming "" is no repeat: it belongs to its case
    placed = _diagnostic(repeat, repeat_detail, "case002/main.tf", 7)
    bare = _diagnostic(summary, detail, "case000/main.tf", 2)
    assert without_echoes([bare, placed]) == [bare, placed]
