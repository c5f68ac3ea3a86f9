"""Grading one item: the analysis of `tfjudge analyze`, turned into journal rows.

Runs inside a worker process (see `worker`), never in the driver: an item may crash,
hang or exhaust memory, and only its worker pays for it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path

from tfjudge.analysis import (
    ParsedAnswer,
    PromptDocument,
    Settings,
    analyze_response,
    parse_answer,
)
from tfjudge.batch.items import (
    SEVERITY_NAMES,
    STATUS_ERROR,
    STATUS_INVALID,
    STATUS_OK,
    Graded,
    Item,
    Text,
    dumps,
    failed,
    response_row,
)
from tfjudge.errors import InputError
from tfjudge.findings import Finding
from tfjudge.records import record
from tfjudge.response.loader import Response, load_response, load_text_input
from tfjudge.response.reader import read_text


@record(frozen=True)
class GradeOptions:
    """What every worker needs to grade: the analysis settings and the limits."""

    settings: Settings = field(default_factory=Settings)
    timeout: float = 60.0  # seconds per item
    memory_mb: int = 2048  # address space of a worker process, MB (0: no limit)
    initializer: str | None = None  # "module:function" run once in each worker
    sys_path: tuple[str, ...] = ()  # the driver's import path, so the initializer imports

    @property
    def max_bytes(self) -> int:
        return self.settings.max_bytes


def grade(item: Item, options: GradeOptions) -> Graded:
    """Grade one item; every failure of the answer or of the analysis becomes a row."""
    if item.problem is not None:
        return failed(item, STATUS_INVALID, item.problem)
    try:
        response = _load_answer(item.response, item.id, options.max_bytes)
    except InputError as exc:
        return failed(item, STATUS_INVALID, str(exc))
    try:
        prompt = _load_prompt(item.prompt, item.id, options.max_bytes)
        ideal = _load_ideal(item.ideal, item.id, options.max_bytes)
        analysis = analyze_response(response, prompt, ideal, options.settings)
    except InputError as exc:  # a prompt or ideal that cannot be read
        return failed(item, STATUS_ERROR, f"cannot use the item's prompt or ideal: {exc}")
    except MemoryError:
        return failed(item, STATUS_ERROR, memory_message(options), fatal=True)
    except RecursionError:
        return failed(item, STATUS_ERROR, "the analysis exceeded Python's recursion limit")
    except Exception as exc:  # a bug in tfjudge: this item fails, the run goes on
        return failed(item, STATUS_ERROR, f"analysis failed: {type(exc).__name__}: {exc}")
    summary = analysis.summary()
    notes = list(response.notes) + list(analysis.rule_errors)
    row = response_row(item, STATUS_OK, summary=summary, lines=response.line_count, notes=notes)
    findings = finding_rows(item, analysis.findings)
    counts = [int(summary[severity]) for severity in SEVERITY_NAMES]
    return Graded(
        item.seq,
        item.id,
        STATUS_OK,
        dumps(row),
        findings,
        deployable=bool(summary["deployable"]),
        counts=(counts[0], counts[1], counts[2], counts[3]),
    )


def memory_message(options: GradeOptions) -> str:
    return f"the analysis exceeded the memory limit ({options.memory_mb} MB)"


def finding_rows(item: Item, findings: Iterable[Finding]) -> str:
    """The item's rows of `findings.jsonl`: each is `dumps` of `{"seq", "id", "index",
    **finding.to_dict(), "labels"}`, with the parts the item's rows share (its seq, id and
    labels) encoded once rather than once per finding."""
    head = dumps({"seq": item.seq, "id": item.id})[:-1] + ',"index":'
    tail = ',"labels":' + dumps(item.labels) + "}\n"
    # a finding's dict is never empty (its rule, severity, ... are required): its fields,
    # without the braces, always follow the index after a comma
    return "".join(
        f"{head}{index},{dumps(finding.to_dict())[1:-1]}{tail}"
        for index, finding in enumerate(findings)
    )


def _load_answer(value: Text, label: str, max_bytes: int) -> Response:
    if isinstance(value, Path):
        return load_response(value, max_bytes)
    if value is None:
        raise InputError(f"{label} has no response")
    _check_size(value, label, max_bytes)
    return load_text_input(value, label)


def _load_prompt(value: Text, label: str, max_bytes: int) -> PromptDocument | None:
    if value is None:
        return None
    if isinstance(value, Path):
        return PromptDocument(str(value), read_text(value, max_bytes).text)
    _check_size(value, f"{label} (prompt)", max_bytes)
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
    return PromptDocument(f"{label}/prompt", text.replace("\r\n", "\n"))


class IdealCache:
    """Parsed ideals by content: the answers of one task share its ideal, which a worker
    then parses once rather than once per answer. Only successes are kept (an error names
    the item); an ideal's label never reaches a row, and rules only read the parsed ideal.

    Bounded by the ideals' size, not their number, so that answers interleaving many tasks
    (a dataset ordered by model, then by task) still find theirs: a parsed ideal holds
    about 25 times its text, so the default 4 MB of text is about 100 MB of memory.
    """

    def __init__(self, budget: int = 4 * 1_048_576) -> None:
        self.budget = budget
        self._entries: OrderedDict[object, tuple[ParsedAnswer, int]] = OrderedDict()
        self._size = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: object) -> ParsedAnswer | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: object, parsed: ParsedAnswer) -> None:
        size = sum(len(f.text) for f in parsed.response.files) + 1
        if key in self._entries or size > self.budget:
            return
        self._entries[key] = (parsed, size)
        self._size += size
        while self._size > self.budget:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._size -= dropped

    def clear(self) -> None:
        self._entries.clear()
        self._size = 0


IDEALS = IdealCache()


def _load_ideal(value: Text, label: str, max_bytes: int) -> ParsedAnswer | None:
    if value is None:
        return None
    key: object = value
    if isinstance(value, Path):
        try:
            stat = value.stat()
        except OSError:
            key = None  # load_response reports it
        else:
            key = (value, stat.st_size, stat.st_mtime_ns, max_bytes)
    else:
        _check_size(value, f"{label} (ideal)", max_bytes)
    cached = IDEALS.get(key) if key is not None else None
    if cached is not None:
        return cached
    if isinstance(value, Path):
        parsed = parse_answer(load_response(value, max_bytes))
    else:
        parsed = parse_answer(load_text_input(value, f"{label}/ideal"))
    if key is not None:
        IDEALS.put(key, parsed)
    return parsed


def _check_size(value: str | bytes, label: str, max_bytes: int) -> None:
    size = len(value.encode("utf-8", errors="replace")) if isinstance(value, str) else len(value)
    if size > max_bytes:
        raise InputError(
            f"{label} is {size / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.1f} MB (raise it with --max-bytes)"
        )
