"""Evidence that an answer was cut off: where, and how we know.

Three signals, one per file that shows them:
- a code fence left open at the end of the response;
- an HCL file that ends with brackets, a string or a heredoc still open;
- the last program of the response failing to parse at its very end, when the response
  ends there too (a script followed by the answer's closing notes was finished: an error at
  its end is a syntax error, such as `<subnet_id>` read as a redirection).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tfjudge.facts import fact
from tfjudge.parse.embedded import EmbeddedDocuments
from tfjudge.records import record
from tfjudge.response.resumption import Resumptions, parsed_clean
from tfjudge.response.scanner import scanned
from tfjudge.source import SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

_PROSE_LANGUAGES = ("text", "markdown", "")


class Cut(NamedTuple):
    """A file that ends mid-way, with its last line and why it looks cut."""

    file: SourceFile
    line: int  # last non-blank line of the file
    reason: str


@record
class Truncation:
    """The files of an answer that end mid-way."""

    cuts: list[Cut]


def last_code_line(file: SourceFile) -> int:
    """The number of the file's last non-blank line (1 when all are blank)."""
    return _line_count(file.text.rstrip())


def _line_count(text: str) -> int:
    return text.count("\n") + 1


def find_cuts(
    files: list[SourceFile],
    embedded: EmbeddedDocuments,
    parsed_clean: set[str],
    resumed: frozenset[str] | set[str] = frozenset(),
    response_end: int | None = None,
) -> list[Cut]:
    """`parsed_clean` names the HCL files that parsed without error: they cannot be cut;
    `resumed` the ones a later block completes (format.resumed-response reports those);
    `response_end` is the response's last non-blank line (None: not known)."""
    cuts: dict[str, Cut] = {}
    code_files = [f for f in files if f.language not in _PROSE_LANGUAGES]
    for file in code_files:
        if file.language == "hcl" and file.path not in parsed_clean | resumed:
            reason = _open_at_end(file)
            if reason:
                cuts[file.path] = Cut(file, last_code_line(file), reason)
    last = code_files[-1] if code_files else None
    if last is not None and last.truncated and last.path not in cuts:
        cuts[last.path] = Cut(
            last,
            last_code_line(last),
            "its code block is never closed: the response ends inside it",
        )
    if last is not None and last.path not in cuts and _ends_response(last, response_end):
        for error in embedded.program_errors():
            program = error.embedded
            if program.file is last and error.file_line >= last_code_line(last):
                cuts[last.path] = Cut(
                    last, last_code_line(last), f"its program stops mid-statement ({error.message})"
                )
    return sorted(cuts.values(), key=lambda cut: (cut.file.source_line or 0, cut.line))


def _ends_response(file: SourceFile, response_end: int | None) -> bool:
    """Whether nothing but the closing fence follows the file's last line in the response."""
    if response_end is None or file.source_line is None:
        return True
    return response_end - (file.source_line + last_code_line(file) - 1) <= 1


def _open_at_end(file: SourceFile) -> str | None:
    state = scanned(file.text)
    if state.heredoc is not None:
        return f"it ends inside the heredoc opened at line {state.heredoc_line} (<<{state.heredoc})"
    if state.stack:
        depth = len(state.stack)
        return (
            f"it ends with {depth} bracket{'s' if depth > 1 else ''} still open "
            f"(the innermost opened at line {state.open_lines[-1]})"
        )
    return None


@fact(Truncation)
def _truncation_fact(ctx: RuleContext) -> Truncation:
    clean = parsed_clean(ctx)
    resumed = ctx.get(Resumptions).resumed_files
    end = _line_count(ctx.response.text.rstrip()) if ctx.response.kind == "markdown" else None
    embedded = ctx.get(EmbeddedDocuments)
    return Truncation(find_cuts(ctx.response.files, embedded, clean, resumed, end))
