"""Evidence that an answer's code was cut and then resumed (a model hitting its output limit
and being asked to go on): where the code stops, where it picks up again, and how we know.

Two signals:
- the author says so between two code blocks ("I'll continue from where I left off",
  "Continuing from the previous response"), often as prose stuck inside a block whose
  fence the next opener interrupted;
- an HCL block ends inside a construct (brackets still open) and the next HCL block starts
  by closing brackets it never opened: the second half of one file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from typing import TYPE_CHECKING, NamedTuple

from tfjudge.facts import fact
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.response.loader import Response
from tfjudge.response.scanner import scanned
from tfjudge.source import SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

_RESUME = lazy_pattern(
    r"where (i|we) left off"
    r"|\bcontinu(e|ing)( on)? from (the )?(previous|last|above|where|my)"
    r"|\b(previous|last) (response|message|answer|part) (was|got) (cut|truncated)"
    r"|\b(was|got) (cut off|truncated)[^.]*\bcontinu"
    r"|\(continued\)|\bcontinuation of (the |my )?(previous|last|above|code|file|configuration)",
    re.IGNORECASE,
)
_CODE_LANGUAGES_EXCLUDED = ("text", "markdown", "")


class Resumption(NamedTuple):
    """Code cut at `before` (the last code line ahead of the break) and resumed in `after`."""

    before: SourceFile
    after: SourceFile
    response_line: int  # where the break is: the author's line, or the resumed block's start
    reason: str
    said: str = ""  # the author's words, when they say so


@record
class Resumptions:
    """The answer's resumptions, and the HCL files a later block completes."""

    found: list[Resumption]
    resumed_files: set[str]


def find_resumptions(
    response: Response, parsed_clean: Collection[str] = frozenset()
) -> list[Resumption]:
    """`parsed_clean` names HCL files that parsed without error: balanced, so neither cut
    nor the closing half of a cut file; they are not scanned again."""
    code = [f for f in response.files if f.language not in _CODE_LANGUAGES_EXCLUDED]
    code.sort(key=lambda f: f.source_line or 0)
    found: dict[int, Resumption] = {}
    for line, text in response.prose:
        if not _RESUME.search(text):
            continue
        before = [f for f in code if (f.source_line or 0) < line]
        after = [f for f in code if (f.source_line or 0) > line]
        if before and after:
            found[line] = Resumption(
                before[-1], after[0], line, "the author says the code continues", text.strip()
            )
    hcl = [f for f in code if f.language == "hcl"]
    for first, second in itertools.pairwise(hcl):
        if first.path in parsed_clean or second.path in parsed_clean:
            continue
        if _continues(first, second) and second.source_line is not None:
            line = second.source_line
            if not any(r.after is second for r in found.values()):
                found[line] = Resumption(
                    first,
                    second,
                    line,
                    f"{first.path} ends with brackets still open and {second.path} starts by "
                    "closing brackets it never opened",
                )
    return [found[line] for line in sorted(found)]


def resumed_files(
    resumptions: list[Resumption], parsed_clean: Collection[str] = frozenset()
) -> set[str]:
    """Paths of HCL files that stop mid-construct and that a later block completes."""
    return {
        r.before.path
        for r in resumptions
        if r.before.language == "hcl"
        and r.before.path not in parsed_clean
        and _open_at_end(r.before)
    }


def parsed_clean(ctx: RuleContext) -> set[str]:
    """The HCL files that parsed without error: balanced, so never cut mid-construct."""
    return {d.file.path for d in ctx.documents if not d.errors}


@fact(Resumptions)
def _resumptions_fact(ctx: RuleContext) -> Resumptions:
    clean = parsed_clean(ctx)
    found = find_resumptions(ctx.response, clean)
    return Resumptions(found, resumed_files(found, clean))


def _continues(first: SourceFile, second: SourceFile) -> bool:
    return _open_at_end(first) and scanned(second.text).unmatched is not None


def _open_at_end(file: SourceFile) -> bool:
    state = scanned(file.text)
    return bool(state.stack) or state.heredoc is not None
