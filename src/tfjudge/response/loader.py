"""Loading a response: a Markdown answer, a single Terraform file or a directory."""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import field
from pathlib import Path

from tfjudge.errors import InputError
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.response.disk import Disk
from tfjudge.response.markdown import Fence, split_markdown
from tfjudge.response.naming import (
    DEFAULT_NAME,
    compatible,
    fragment_kind,
    has_placeholder_line,
    is_prose_line,
    language_of_fence,
    language_of_path,
    looks_like_tfvars,
    name_comment,
    name_from_comment,
    names_in_text,
    normalize_path,
    sniff_language,
)
from tfjudge.response.reader import (
    DEFAULT_MAX_BYTES,
    decode_bytes,
    read_text,
    unix_line_breaks,
)
from tfjudge.response.unfenced import find_unfenced_programs, find_unfenced_regions
from tfjudge.source import SourceFile

TERRAFORM_SUFFIXES = (".tf", ".tfvars", ".tf.json")
_LOCAL_MODULE_SOURCE = lazy_pattern(r'^\s*source\s*=\s*"(\.\.?/[^"]*)"', re.MULTILINE)
_MAX_OUTSIDE_MODULES = 20
LOCK_FILE = ".terraform.lock.hcl"
_DIRECTORY_SUFFIXES = (
    *TERRAFORM_SUFFIXES,
    ".py",
    ".js",
    ".json",
    ".sh",
    ".tpl",
    ".tftpl",
    ".yaml",
    ".yml",
)
_SKIPPED_DIRECTORIES = {"node_modules", "__pycache__"}
_LABEL_DECORATION = lazy_pattern(
    r"^[\s#>*_`\-+\d.)]*(?:files?(?:name)?\s*[:\-]\s*)?", re.IGNORECASE
)
_CONTEXT_WINDOW = 8
# a local module source, with the name of the module block it stands in when it is the
# block's own argument (no nested block between the header and it)
_LOCAL_SOURCE = lazy_pattern(
    r'(?:\bmodule\s+"([\w-]+)"\s*\{[^{}]*?)?\bsource\s*=\s*"\./((?:[\w-]+/)*[\w-]+)/?"'
)
_MODULE_WORD = lazy_pattern(
    r"^(?:the\s+)?modules?(?:\s+\d+)?(?:\s*[-:–—]\s*|\s+)|\s+modules?$", re.IGNORECASE
)
_DIRECTORY_PATH = lazy_pattern(r"(?:[A-Za-z0-9_-]+/)+[A-Za-z0-9_-]+")
SNIPPET_NAME = "snippet.hcl"  # HCL that is no file of the configuration
_RULE_LINES = {"---", "***", "___"}
_DECLARATION = lazy_pattern(
    r'^(?:resource|data|ephemeral|variable|output|module)(?:[ \t]+"[^"\n]*")+', re.MULTILINE
)
# a line above a block saying it changes or continues the file before it
_EDIT_LEAD_IN = lazy_pattern(
    r"\b(?:continu\w*|updat\w*|add\w*|fix\w*|modif\w*|chang\w*|replac\w*|rest of|remaining)\b",
    re.IGNORECASE,
)


@record
class Response:
    """A response and the files extracted from it."""

    path: str
    kind: str  # "markdown", "file" or "directory"
    text: str = ""
    files: list[SourceFile] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)
    headings: dict[int, str] = field(default_factory=dict)
    unfenced_regions: int = 0
    notes: list[str] = field(default_factory=list)
    # a directory's other files (`README.md`, `lambda.zip`), by path: not read, but there
    other_paths: list[str] = field(default_factory=list)
    # the directory around an answer read from disk (None for Markdown and datasets)
    disk: Disk | None = None
    # a directory's `.terraform.lock.hcl` files: the provider releases terraform init installs
    lock_files: list[SourceFile] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1 if self.text else 0

    @property
    def code_files(self) -> list[SourceFile]:
        return [f for f in self.files if f.language not in ("text", "")]

    @property
    def terraform_files(self) -> list[SourceFile]:
        """`.tf` and `.tfvars` files: what terraform reads (an unnamed HCL fragment is not)."""
        return [
            f for f in self.files if f.language == "hcl" and f.path.endswith((".tf", ".tfvars"))
        ]


def load_response(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Response:
    if path.is_dir():
        return _load_directory(path, max_bytes)
    decoded = read_text(path, max_bytes)
    if path.name.endswith(TERRAFORM_SUFFIXES):
        source = SourceFile(path.name, "hcl", decoded.text, source_line=1, origin="file")
        notes = [*decoded.notes, *_sibling_note(path)]
        return Response(
            str(path), "file", decoded.text, [source], notes=notes, disk=Disk(path.parent)
        )
    response = parse_markdown(decoded.text, str(path))
    response.notes[:0] = decoded.notes
    return response


def _sibling_note(path: Path) -> list[str]:
    """A `.tf` file is judged alone, as a whole answer; terraform would read the `.tf`
    files beside it too, so the user hears how to judge that module instead."""
    if not path.name.endswith(".tf"):
        return []
    siblings = sorted(p.name for p in path.parent.glob("*.tf") if p.name != path.name)
    if not siblings:
        return []
    shown = ", ".join(siblings[:3]) + (", ..." if len(siblings) > 3 else "")
    return [
        f"{path.name} is judged alone, as a whole answer; "
        + (f"the {len(siblings)} other .tf files" if len(siblings) > 1 else "the other .tf file")
        + f" beside it ({shown}) not read: analyse {path.parent} to judge the module "
        "terraform loads"
    ]


def load_text_input(text: str | bytes, label: str) -> Response:
    """A response held in memory (batch datasets): always read as Markdown."""
    if isinstance(text, bytes):
        decoded = decode_bytes(text, label)
        text, notes = decoded.text, decoded.notes
    else:
        text, notes = unix_line_breaks(text), []
    if not text.strip():
        raise InputError(f"{label} is empty")
    response = parse_markdown(text, label)
    response.notes[:0] = notes
    return response


def directory_files(path: Path) -> Iterator[Path]:
    """The files of a directory answer that are read as its source, in path order."""
    return (file for file in _all_files(path) if file.name.endswith(_DIRECTORY_SUFFIXES))


def _all_files(path: Path) -> Iterator[Path]:
    """The directory's files, without tool and editor directories (`.terraform`, `.git`,
    `.vscode`, `.devcontainer`, `node_modules`): terraform reads none of them."""
    for file in sorted(path.rglob("*")):
        folders = file.relative_to(path).parts[:-1]
        if any(f in _SKIPPED_DIRECTORIES or f.startswith(".") for f in folders):
            continue
        if file.is_file():
            yield file


def _load_directory(path: Path, max_bytes: int) -> Response:
    sources: list[SourceFile] = []
    notes: list[str] = []
    others: list[str] = []
    total = 0
    locks: list[SourceFile] = []
    for file in _all_files(path):
        relative = file.relative_to(path)
        if file.name == LOCK_FILE:
            lock = _lock_file(file, relative.as_posix(), max_bytes)
            locks.extend([lock] if lock is not None else [])
        if not file.name.endswith(_DIRECTORY_SUFFIXES):
            others.append(relative.as_posix())
            continue
        total += file.stat().st_size
        if total > max_bytes:
            raise InputError(f"{path}: more than {max_bytes / 1_048_576:.1f} MB of source files")
        terraform = file.name.endswith(TERRAFORM_SUFFIXES)
        try:
            decoded = read_text(file, max_bytes, allow_empty=True)
        except InputError as error:
            if file.name.endswith((".tf", ".tf.json")):
                raise
            # an encrypted secret (a git-crypt values file), a binary fixture: not source
            notes.append(f"{relative.as_posix()} is not read as source: {error}")
            others.append(relative.as_posix())
            continue
        notes.extend(decoded.notes)
        language = "hcl" if terraform else language_of_path(file.name)
        sources.append(SourceFile(relative.as_posix(), language, decoded.text, origin="file"))
    if not any(s.path.endswith(TERRAFORM_SUFFIXES) for s in sources):
        raise InputError(f"{path} holds no .tf files")
    outside = _modules_outside(path, sources, max_bytes - total)
    if outside:
        directories = sorted({s.directory for s in outside})
        notes.append(
            "read too, as terraform does: the local module"
            + ("s" if len(directories) > 1 else "")
            + f" the configuration calls from outside {path.name}/ ({', '.join(directories)})"
        )
        sources.extend(outside)
    return Response(
        str(path),
        "directory",
        "",
        sources,
        notes=notes,
        other_paths=others,
        disk=Disk(path),
        lock_files=locks,
    )


def _modules_outside(root: Path, sources: list[SourceFile], budget: int) -> list[SourceFile]:
    """The `.tf` files of the local modules the configuration calls from outside the
    directory (`source = "../../"` in a module repository's example), and of the modules
    they call, named by their path from the directory (`../../main.tf`): terraform loads
    them with the configuration."""
    found: list[SourceFile] = []
    seen: set[str] = set()
    pending = [(s.directory, s.text) for s in sources if s.path.endswith(".tf")]
    while pending and len(seen) < _MAX_OUTSIDE_MODULES:
        directory, text = pending.pop()
        for match in _LOCAL_MODULE_SOURCE.finditer(text):
            target = posixpath.normpath(posixpath.join(directory or ".", match.group(1)))
            if not target.startswith("..") or target in seen:
                continue  # inside the directory: read already
            seen.add(target)
            for file in sorted((root / target).glob("*.tf")) if (root / target).is_dir() else []:
                try:
                    size = file.stat().st_size
                    budget -= size
                    if budget < 0:
                        return found
                    text_of_file = read_text(file, budget + size, allow_empty=True)
                except (OSError, InputError):
                    continue  # unreadable: the configuration is judged without it
                source = SourceFile(
                    f"{target}/{file.name}", "hcl", text_of_file.text, origin="file"
                )
                found.append(source)
                pending.append((target, source.text))
    return found


def _lock_file(file: Path, relative: str, max_bytes: int) -> SourceFile | None:
    try:
        text = read_text(file, max_bytes, allow_empty=True).text
    except InputError:
        return None  # an unreadable lock file locks nothing tfjudge can know
    return SourceFile(relative, "hcl", text, origin="file")


def parse_markdown(text: str, label: str) -> Response:
    parts = split_markdown(text)
    lines = parts.lines
    response = Response(label, "markdown", text, fences=parts.fences, headings=parts.headings)
    excluded: set[int] = set()
    pieces: list[_Piece] = []
    for fence in parts.fences:
        excluded.update(range(fence.fence_line - 1, fence.end_line))
        pieces.append(_fence_piece(fence, lines))
    regions = find_unfenced_regions(lines, excluded, parts.outside)
    for region in regions:
        content = "\n".join(lines[region.start : region.end + 1]) + "\n"
        source = SourceFile(
            "",
            "hcl",
            content,
            source_line=region.start + 1,
            truncated=region.truncated,
            origin="unfenced",
        )
        pieces.append(_Piece(region.start, region.end, source))
        excluded.update(range(region.start, region.end + 1))
    for program in find_unfenced_programs(lines, excluded, parts.outside):
        content = "\n".join(lines[program.start : program.end + 1]) + "\n"
        source = SourceFile(
            "",
            language_of_path(program.name),
            content,
            source_line=program.start + 1,
            fence_info=program.name,
            origin="unfenced",
        )
        pieces.append(_Piece(program.start, program.end, source))
        excluded.update(range(program.start, program.end + 1))
    pieces.sort(key=lambda piece: piece.first)
    called = _called_module_directories(text, [p.source for p in pieces])
    used: dict[str, int] = {}
    named: list[tuple[SourceFile, str]] = []  # each file and the name chosen for it
    previous_end = -1
    prose_inside: set[int] = set()
    for piece in pieces:
        source = piece.source
        name = _choose_name(source, lines, piece.first, previous_end, named, called)
        for index, section in enumerate(_sections(source, name)):
            if index > 0:
                by_comment = name_from_comment(section.text)
                section.named_by = "comment" if by_comment else "default"
                name = normalize_path(by_comment or _default_name(section))
            section.path = _unique(name, used)
            named.append((section, name))
            response.files.append(section)
        prose_inside.update(piece.prose_lines)
        # prose moved out of a block's end may name the next block: it is above the floor
        previous_end = min(piece.prose_lines) - 1 if piece.prose_lines else piece.last
    response.unfenced_regions = len(regions)
    response.prose = [
        (n, line) for n, line in parts.prose if n - 1 not in excluded or n - 1 in prose_inside
    ]
    response.prose.extend((n + 1, lines[n]) for n in sorted(prose_inside) if lines[n].strip())
    response.prose.sort()
    return response


@record
class _Piece:
    """A fence or an unfenced region: 0-based first and last line, and the file it holds."""

    first: int
    last: int
    source: SourceFile
    prose_lines: list[int] = field(default_factory=list)


def _fence_piece(fence: Fence, lines: list[str]) -> _Piece:
    info = fence.language
    language = language_of_fence(info) if info else sniff_language(fence.content)
    source = SourceFile(
        "",
        language,
        fence.content,
        source_line=fence.content_line,
        fence_info=fence.info,
        truncated=not fence.closed,
        origin="fence",
    )
    piece = _Piece(fence.fence_line - 1, fence.end_line - 1, source)
    if (fence.interrupted and language == "hcl") or (not fence.closed and language != "yaml"):
        _trim_trailing_prose(piece, lines)
    return piece


def _trim_trailing_prose(piece: _Piece, lines: list[str]) -> None:
    """A block cut short by the next opener often ends with the author's prose: move it out."""
    content_lines = piece.source.text.split("\n")[:-1]
    keep = len(content_lines)
    while keep > 0:
        line = content_lines[keep - 1]
        if line.strip() and not is_prose_line(line) and line.strip() not in _RULE_LINES:
            break
        keep -= 1
    base = (piece.source.source_line or 1) - 1
    moved = [base + i for i in range(keep, len(content_lines))]
    if moved:
        piece.source.text = "\n".join(content_lines[:keep]) + "\n"
        piece.prose_lines = moved


def _sections(source: SourceFile, name: str) -> list[SourceFile]:
    """One HCL block holding several files, each announced by a `# name.tf` comment line
    after a blank line. A block a heading names as one file whose first line names
    another keeps its section comments as comments (`### main.tf` over `# vpc.tf` ...
    `# alb.tf`: the author merged those files into main.tf)."""
    if source.language != "hcl":
        return [source]
    first_name = name_from_comment(source.text)
    if (
        source.named_by in ("info", "context")
        and first_name
        and normalize_path(first_name) != normalize_path(name)
    ):
        return [source]
    lines = source.text.split("\n")
    starts = [
        index
        for index, line in enumerate(lines)
        if index > 0
        and not lines[index - 1].strip()
        and not line.startswith((" ", "\t"))
        and name_comment(line)
    ]
    if not starts:
        return [source]
    pieces: list[SourceFile] = []
    bounds = [0, *starts, len(lines)]
    for first, last in itertools.pairwise(bounds):
        text = "\n".join(lines[first:last]).rstrip("\n") + "\n"
        if not text.strip():
            continue
        offset = source.source_line + first if source.source_line is not None else None
        pieces.append(
            SourceFile(
                "",
                source.language,
                text,
                source_line=offset,
                fence_info=source.fence_info,
                truncated=source.truncated and last == len(lines),
                origin=source.origin,
                named_by=source.named_by,
            )
        )
    return pieces


def _choose_name(
    source: SourceFile,
    lines: list[str],
    first: int,
    floor: int,
    named: list[tuple[SourceFile, str]],
    called: Mapping[str, str],
) -> str:
    """Signals nearest first: the info string, the lines above, a first-line comment.

    A label naming several files (`**Files: dev.tfvars, prod.tfvars**`) names the block
    after the one its first-line comment picks. A block nothing names is a fragment
    (`snippet.hcl`), a later part of the file before it (`_previous_part`), or the
    language's default.
    """
    context, listed = _name_from_context(lines, first, floor, source, called)
    context = _fitting(source, context, listed)
    comment = name_from_comment(source.text)
    if len(listed) > 1 and comment and (comment in listed or comment.rsplit("/", 1)[-1] in listed):
        context = None  # the line lists the layout; the comment says which file this is
    candidates = [
        *(("info", n) for n in names_in_text(source.fence_info)),
        ("context", context),
        ("comment", comment),
    ]
    signal, name = next(
        ((s, c) for s, c in candidates if c and compatible(c, source.language)),
        ("default", ""),
    )
    if signal == "default":
        name = _default_name(source)
        lead_in = _lead_in(lines, first, floor)
        if name == SNIPPET_NAME:
            source.fragment = "values" if looks_like_tfvars(source.text) else "elided"
        elif source.language == "hcl":
            previous = _previous_part(source, lead_in, named)
            kind = fragment_kind(source.text, lead_in)
            if kind:
                name, source.fragment = SNIPPET_NAME, kind
            elif previous is not None:
                signal, name = "previous", previous
    source.named_by = signal
    return normalize_path(name)


def _fitting(source: SourceFile, chosen: str | None, listed: list[str]) -> str | None:
    """Of several files a line names ("create terraform.tfvars with values for the variables
    of variables.tf"), one whose kind fits the block: values go in a .tfvars file."""
    if chosen is None or len(listed) < 2 or source.language != "hcl":
        return chosen
    values = looks_like_tfvars(source.text)
    if chosen.endswith(".tfvars") == values:
        return chosen
    fitting = [n for n in listed if n.endswith(".tfvars") == values]
    return fitting[0] if fitting else chosen


def _previous_part(
    source: SourceFile, lead_in: str, named: list[tuple[SourceFile, str]]
) -> str | None:
    """The file an unnamed block of Terraform belongs to, when the answer says which:
    - the block before it was cut off (its fence never closed): this block goes on;
    - it declares a block a named file declared: it is a later copy of that file;
    - the answer has named one Terraform file so far and the line above speaks of
      changing or continuing it ("Let me update the script:").
    """
    if source.language != "hcl" or looks_like_tfvars(source.text):
        return None
    terraform = [(f, n) for f, n in named if f.language == "hcl" and n.endswith(".tf")]
    if not terraform:
        return None
    last, last_name = terraform[-1]
    if last.truncated and named[-1][0] is last:
        return last_name
    headers = _declarations(source.text)
    for file, name in reversed(terraform):
        if file.named_by != "default" and headers & _declarations(file.text):
            return name
    names = {n for f, n in terraform if f.named_by != "default"}
    if len(names) == 1 and _EDIT_LEAD_IN.search(lead_in):
        return names.pop()
    return None


def _declarations(text: str) -> set[str]:
    """The labelled top-level blocks of HCL text (`resource "aws_vpc" "main"`)."""
    return {" ".join(m.group(0).split()) for m in _DECLARATION.finditer(text)}


def _default_name(source: SourceFile) -> str:
    if source.language == "hcl" and (
        looks_like_tfvars(source.text) or has_placeholder_line(source.text)
    ):
        return SNIPPET_NAME
    return DEFAULT_NAME.get(source.language, "block.txt")


def _lead_in(lines: list[str], first: int, floor: int) -> str:
    """The nearest non-blank line above a block (below the previous block)."""
    for index in range(first - 1, floor, -1):
        if lines[index].strip():
            return lines[index].strip()
    return ""


def _name_from_context(
    lines: list[str], first: int, floor: int, source: SourceFile, called: Mapping[str, str]
) -> tuple[str | None, list[str]]:
    """A file named in the lines just above a block: label lines first, then sentences.

    Returns the name and every name the line giving it lists.
    """
    language = source.language
    sentence_name: str | None = None
    sentence_names: list[str] = []
    seen = 0
    index = first - 1
    while index > floor and seen < _CONTEXT_WINDOW:
        line = lines[index].strip()
        index -= 1
        if not line:
            continue
        seen += 1
        names = [n for n in names_in_text(line) if compatible(n, language)]
        if names and _is_label_line(line):
            inside = _directory_in_parentheses(line, called) or _module_of_file_label(
                line, names[-1], called, lines[max(floor + 1, 0) : index + 1]
            )
            if inside is not None and "/" not in names[-1]:
                return f"{inside}/{names[-1]}", [f"{inside}/{names[-1]}"]
            return names[-1], names
        directory = _module_directory_label(line, called) if language == "hcl" else None
        if directory is not None and not _calls_module_in(source.text, directory):
            return f"{directory}/main.tf", [f"{directory}/main.tf"]
        if names and sentence_name is None and seen <= 2:
            sentence_name, sentence_names = names[-1], names
            inside = _module_of_file_label(line, names[-1], called, [])
            if inside is not None and len(names) == 1 and "/" not in names[-1]:
                sentence_name = f"{inside}/{names[-1]}"
                sentence_names = [sentence_name]
        elif sentence_name is None and seen <= 2 and language == "hcl":
            spoken = _module_directory_spoken_of(line, called)
            if spoken is not None and not _calls_module_in(source.text, spoken):
                sentence_name = f"{spoken}/main.tf"
                sentence_names = [sentence_name]
        if line.startswith("#") or line.startswith("```"):
            break
    return sentence_name, sentence_names


def _module_directory_label(line: str, called: Mapping[str, str]) -> str | None:
    """`### modules/vpc`, `* **modules/s3_bucket:**`: a line that is only a child module's
    directory labels the code below as that module's (its `main.tf`); so does a label that
    is only the name of a module the answer calls by a local path and shows no file of
    (`**uptime_checks:**`, `**Module network:**` for `source = "./modules/network"`)."""
    text = _LABEL_DECORATION.sub("", line).strip().strip("*_`").strip()
    text = text.rstrip(":/ ").strip("*_`").rstrip(":/ ").lstrip("/")
    if (line.startswith(("#", "*", "_")) or line.endswith(":")) and text:
        name = _MODULE_WORD.sub("", text).strip("*_` ")
        if name in called:
            return called[name]
    if not _DIRECTORY_PATH.fullmatch(text):
        return None
    segments = normalize_path(text).split("/")
    return "/".join(segments) if "modules" in segments[:-1] else None


def _module_directory_spoken_of(line: str, called: Mapping[str, str]) -> str | None:
    """The one called module directory a sentence names ("And here's the
    `modules/ami_image` module:")."""
    # a directory at the top (`./aws_lambda_function`) is spoken of by its path only: its
    # bare name is a word of the prose ("4. **aws_lambda_function**: This module ...")
    spoken = {
        directory
        for name, directory in called.items()
        if re.search(_spoken_path(directory), line)
        or re.search(
            rf"`{re.escape(name)}`\s+module\b|\bmodule\s+`{re.escape(name)}`", line, re.IGNORECASE
        )
    }
    return spoken.pop() if len(spoken) == 1 else None


def _module_of_file_label(
    line: str, name: str, called: Mapping[str, str], above: list[str]
) -> str | None:
    """`**Module - vpc.tf:**`, or `**vpc.tf:**` under a `**Module Code:**` lead-in: the file
    of the called module its name stands for (`./modules/vpc`)."""
    stem = name.rsplit(".", 1)[0]
    if stem not in called or name == "main.tf":
        return None
    lead_ins = [line, *(a for a in above[-3:] if a.strip())]
    if any(re.search(r"\bmodules?\b", text, re.IGNORECASE) for text in lead_ins):
        return called[stem]
    return None


def _spoken_path(directory: str) -> str:
    prefix = r"(?:\./)?" if "/" in directory else r"\./"
    return rf"(?<![\w/.-]){prefix}{re.escape(directory)}/?(?![\w/.-])"


def _directory_in_parentheses(line: str, called: Mapping[str, str]) -> str | None:
    """`**vpc.tf (./modules/vpc)**`: the called module's directory a file label places it in."""
    for directory in called.values():
        if re.search(rf"\(\s*(?:\./)?{re.escape(directory)}/?\s*\)", line):
            return directory
    return None


def _called_module_directories(text: str, sources: list[SourceFile]) -> dict[str, str]:
    """The directories of the local modules the answer's code calls, by their last name
    (`uptime_checks` for `./modules/uptime_checks`) and by the name of the call
    (`elb_module` for `module "elb_module" { source = "./modules/elb" }`), when the answer
    names no file in them."""
    called: dict[str, str] = {}
    for source in sources:
        if source.language != "hcl" or '"./' not in source.text:
            continue
        for match in _LOCAL_SOURCE.finditer(source.text):
            call, path = match.groups()
            directory = normalize_path(path).rstrip("/")
            if directory and not re.search(rf"{re.escape(directory)}/[\w.-]+\.tf\b", text):
                called.setdefault(directory.rsplit("/", 1)[-1], directory)
                if call is not None:
                    called.setdefault(call, directory)
    return called


def _calls_module_in(text: str, directory: str) -> bool:
    """Whether the code calls the module of `directory` (`source = "./modules/vpc"`): the
    section the label heads shows how the module is used, from its caller."""
    name = re.escape(directory.rsplit("/", 1)[-1])
    return bool(re.search(rf'\bsource\s*=\s*"[^"]*\b{name}/?"', text))


def _is_label_line(line: str) -> bool:
    """A heading, or a line whose first word is the file name (`**main.tf**:`, `File: x.tf`,
    `main.tf - the root module`). A list item that goes on to describe the file in a
    sentence (`- outputs.tf defines the outputs.`) describes it; it labels no block."""
    if line.startswith("#"):
        return True
    rest = _LABEL_DECORATION.sub("", line).strip().strip("*_`")
    names = names_in_text(rest)
    if not names or not normalize_path(rest).startswith(normalize_path(names[0])):
        return False
    position = rest.find(names[0])
    tail = rest[position + len(names[0]) :] if position >= 0 else ""
    tail = tail.strip().strip("*_`").strip()
    return not tail or tail[0] in ":(-–—|" or tail.endswith(":")


def _unique(name: str, used: dict[str, int]) -> str:
    count = used.get(name, 0) + 1
    used[name] = count
    if count == 1:
        return name
    stem, dot, extension = name.rpartition(".")
    candidate = f"{stem}_{count}.{extension}" if dot else f"{name}_{count}"
    while candidate in used:
        count += 1
        candidate = f"{stem}_{count}.{extension}" if dot else f"{name}_{count}"
    used[candidate] = 1
    return candidate
