"""Naming the files of an answer: which file a code block is, and in which language.

Signals, nearest first (SPEC.md): a heading or sentence just above the block naming a
file, a first-line comment naming one, else a default for the block's language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from tfjudge.patterns import lazy_pattern

EXTENSION_LANGUAGE = {
    "tf": "hcl",
    "tfvars": "hcl",
    "hcl": "hcl",
    "tfbackend": "hcl",  # settings for `terraform init -backend-config`, not configuration
    "py": "python",
    "js": "javascript",
    "mjs": "javascript",
    "cjs": "javascript",
    "ts": "typescript",
    "json": "json",
    "yaml": "yaml",
    "yml": "yaml",
    "sh": "bash",
    "bash": "bash",
    "ps1": "powershell",
    "tpl": "template",
    "tftpl": "template",
    "md": "markdown",
    "txt": "text",
    "sql": "sql",
    "html": "html",
    "conf": "text",
    "cfg": "text",
    "ini": "text",
    "toml": "toml",
    "j2": "template",
    # files an answer names that tfjudge reads as text: data, policies, other languages
    "csv": "text",
    "rego": "text",
    "xml": "text",
    "go": "text",
}
# a copy of a file under another name, never read by terraform (`terraform.tfvars.example`)
_COPY_SUFFIXES = ("example", "sample", "dist", "bak", "orig")

FENCE_LANGUAGE = {
    "hcl": "hcl",
    "hcl2": "hcl",
    "terraform": "hcl",
    "tf": "hcl",
    "tfvars": "hcl",
    "python": "python",
    "py": "python",
    "python3": "python",
    "javascript": "javascript",
    "js": "javascript",
    "node": "javascript",
    "nodejs": "javascript",
    "typescript": "typescript",
    "ts": "typescript",
    "json": "json",
    "yaml": "yaml",
    "yml": "yaml",
    "bash": "bash",
    "sh": "bash",
    "shell": "bash",
    "zsh": "bash",
    "console": "console",
    "powershell": "powershell",
    "markdown": "markdown",
    "md": "markdown",
    "text": "text",
    "txt": "text",
    "plaintext": "text",
    "sql": "sql",
    "html": "html",
    "toml": "toml",
    "ini": "text",
    "diff": "text",
}

DEFAULT_NAME = {
    "hcl": "main.tf",
    "python": "lambda_function.py",
    "javascript": "index.js",
    "typescript": "index.ts",
    "json": "document.json",
    "yaml": "document.yaml",
    "bash": "script.sh",
    "console": "commands.sh",
    "powershell": "script.ps1",
    "markdown": "README.md",
    "sql": "script.sql",
    "html": "index.html",
    "toml": "config.toml",
    "template": "template.tpl",
}

_EXTENSIONS = "|".join(sorted(EXTENSION_LANGUAGE, key=len, reverse=True))
_PATH = (
    rf"(?:\.{{0,2}}/)?(?:[\w.-]+/)*[\w-][\w.-]*\.(?:{_EXTENSIONS})"
    rf"(?:\.(?:{'|'.join(_COPY_SUFFIXES)}))?"
)
FILE_NAME = lazy_pattern(rf"(?<![\w/.-])(?P<path>{_PATH})(?![\w-]|\.\w)")
# a comment line that only names a file (`# main.tf`, `## File: variables.tf - inputs`,
# `# Module File: modules/vpc/main.tf`)
_COMMENT_NAME = lazy_pattern(
    rf"^\s*(?:#+|//|/\*|--|<!--)\s*"
    rf"(?:(?:[A-Za-z]+\s+){{0,2}}(?:file|filename|path|name)\s*[:=]\s*)?`?"
    rf"(?P<path>{_PATH})`?"
    rf"(?:\s*(?:\*/|-->))?(?:\s+[-–—:(].*)?\s*$",
    re.IGNORECASE,
)
# a comment line that only decorates (`# =====`, `#`, `// -----`)
_BANNER_COMMENT = lazy_pattern(r"^\s*(?:#+|//+)\s*[=\-*#_~/|+]*\s*$")
_HCL_BLOCK_HEADER = lazy_pattern(
    r'^\s*(resource|data|variable|output|module|provider|terraform|locals)\b\s*("[^"]*"\s*)*\{'
)
_TFVARS_LINE = lazy_pattern(r"^\s*[A-Za-z_][\w-]*\s*=")
PLACEHOLDER_LINE = lazy_pattern(r"^\s*(\.\.\.|…|#\s*\.\.\.|//\s*\.\.\.)\s*(#.*)?$")
_SHELL_HINT = lazy_pattern(r"^\s*(\$ |terraform |aws |cd |mkdir |export |pip |npm |zip |chmod )")


def has_placeholder_line(text: str) -> bool:
    """Whether a `...` line stands for code left out: a line of HCL, not of a heredoc's
    text (`# ...` in a `user_data` script) or of a block comment."""
    from tfjudge.response.scanner import ScanState, scan_line

    if "..." not in text and "…" not in text:
        return False
    state = ScanState()
    for number, line in enumerate(text.split("\n"), 1):
        in_code = state.heredoc is None and not state.in_block_comment
        if in_code and PLACEHOLDER_LINE.match(line):
            return True
        scan_line(state, line, number)
    return False


def language_of_fence(info: str) -> str:
    return FENCE_LANGUAGE.get(info, "text" if info else "")


def language_of_path(path: str) -> str:
    stem, _, extension = path.lower().rpartition(".")
    if extension in _COPY_SUFFIXES and "." in stem:
        extension = stem.rpartition(".")[2]
    return EXTENSION_LANGUAGE.get(extension, "text")


def looks_like_hcl(content: str) -> bool:
    return any(_HCL_BLOCK_HEADER.match(line) for line in content.split("\n")[:400])


def looks_like_tfvars(content: str) -> bool:
    lines = [line for line in content.split("\n") if line.strip() and not _is_comment(line)]
    if not lines or looks_like_hcl(content):
        return False
    starts = [line for line in lines if not line.startswith((" ", "\t", "}", "]", ")"))]
    return bool(starts) and all(_TFVARS_LINE.match(line) for line in starts)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith(("#", "//"))


def sniff_language(content: str) -> str:
    """The language of a block without an info string."""
    if looks_like_hcl(content) or looks_like_tfvars(content):
        return "hcl"
    stripped = content.lstrip()
    if stripped.startswith("#!"):
        first = stripped.split("\n", 1)[0]
        if "python" in first:
            return "python"
        if "node" in first:
            return "javascript"
        return "bash"
    if stripped.startswith(("{", "[")):
        try:
            json.loads(content)
        except ValueError:
            return "text"
        return "json"
    lines = [line for line in content.split("\n") if line.strip()]
    if lines and all(_SHELL_HINT.match(line) or _is_comment(line) for line in lines):
        return "console"
    return "text"


def compatible(path: str, language: str) -> bool:
    """Whether a file name fits a block of this language."""
    named = language_of_path(path)
    if not language:
        return True
    if language == "text":
        return named in ("text", "markdown")
    if named == language:
        return True
    # a template file (.tpl, .tftpl) holds whatever language it renders: bash, yaml, json
    return {named, language} <= {"bash", "console"} or named == "template"


def name_comment(line: str) -> str | None:
    """The path a comment line names when the line is only that (`# variables.tf`)."""
    if "." not in line:
        # no file extension: most comment lines, on which the pattern backtracks long
        return None
    match = _COMMENT_NAME.match(line)
    return match.group("path") if match else None


def name_from_comment(content: str) -> str | None:
    """The file a block's first comment line names, past blank and banner lines."""
    for line in _lines(content):
        if not line.strip() or _BANNER_COMMENT.match(line):
            continue
        return name_comment(line)
    return None


def _lines(text: str) -> Iterator[str]:
    """The lines of `text.split("\n")`, one at a time: reading the first few lines of a
    block does not cut all of them."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def names_in_text(text: str) -> list[str]:
    return [match.group("path") for match in FILE_NAME.finditer(text)]


def normalize_path(path: str) -> str:
    path = path.strip().strip("`*\"'").replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


_PROSE_LINE = lazy_pattern(r"^\s*([A-Z][\w']*\s+\S+\s+\S+|#{1,6}\s|[-*+]\s+\*\*|\*\*)")


def is_prose_line(line: str) -> bool:
    """A line of Markdown prose (a sentence, a heading, a bold label), not HCL."""
    stripped = line.strip()
    if not stripped or (stripped.startswith(("#", "//")) and not stripped.startswith("##")):
        return False
    if "=" in stripped or stripped.endswith(("{", "}", "[", "]", "(", ")", ",")):
        return False
    return bool(_PROSE_LINE.match(stripped))


# -- fragments: HCL an answer shows to explain, not a file of its configuration ------------

_TOP_LEVEL_BLOCKS = {
    "resource",
    "data",
    "ephemeral",
    "variable",
    "output",
    "module",
    "provider",
    "terraform",
    "locals",
    "moved",
    "import",
    "check",
    "removed",
}
_ANY_BLOCK_HEADER = lazy_pattern(
    r'^\s*(?P<type>[A-Za-z_][\w-]*)(\s+("[^"]*"|[A-Za-z_][\w-]*))*\s*\{'
)
_ATTRIBUTE_LINE = lazy_pattern(r"^\s*[A-Za-z_][\w-]*\s*=(?!=)")
_BEFORE_LABEL = lazy_pattern(
    r"^(?:#+|//)\s*(?:❌\s*)?(?:before|old|original|wrong|incorrect|bad|broken|don'?t|avoid)\b",
    re.IGNORECASE,
)
_AFTER_LABEL = lazy_pattern(
    r"^(?:#+|//)\s*(?:✅\s*)?(?:after|new|updated|fixed|correct|right|good|better)\b",
    re.IGNORECASE,
)
# a lead-in that is only such a label: `**Before:**`, `After (fixed):`, `❌ Wrong`
_ILLUSTRATION_LEAD_IN = lazy_pattern(
    r"^[#>*_\s]*(?:❌|✅)?\s*(?:before|after|old|new|original|wrong|incorrect|correct|bad|good|"
    r"broken|fixed)\b(?:\s*\([^)]*\))?(?:\s+(?:version|code|configuration|config))?[\s*_:]*$",
    re.IGNORECASE,
)


def fragment_kind(content: str, lead_in: str = "") -> str:
    """Why HCL is no file of the configuration, "" when it is one:

    - "illustration": the line above labels it one side of a comparison (`**Before:**`,
      `After:`), or it holds both sides itself (a `# Before` comment, then an `# After` one);
    - "fragment": it is not a file terraform could read: blocks that are not top-level in
      Terraform (`backend "s3" {`, `ingress {`) as many as those that are, or as many
      arguments beside blocks at the top level as there are blocks of Terraform.
    Code that closes more brackets than it opens is broken, not a fragment.
    """
    if _ILLUSTRATION_LEAD_IN.match(lead_in):
        return "illustration"
    lines = content.split("\n")
    before = next((i for i, line in enumerate(lines) if _BEFORE_LABEL.match(line)), None)
    if before is not None and any(_AFTER_LABEL.match(line) for line in lines[before + 1 :]):
        return "illustration"
    return "fragment" if _not_a_file(lines) else ""


def _not_a_file(lines: list[str]) -> bool:
    from tfjudge.response.scanner import ScanState, scan_line

    state = ScanState()
    blocks: list[str] = []
    arguments = 0
    for number, line in enumerate(lines, 1):
        if state.depth == 0 and state.heredoc is None and not state.in_block_comment:
            header = _ANY_BLOCK_HEADER.match(line)
            if header:
                blocks.append(header.group("type"))
            elif _ATTRIBUTE_LINE.match(line):
                arguments += 1
        scan_line(state, line, number)
        if state.unmatched_closers:
            return False
    # a file of Terraform with a stray block or argument is a file with errors; a piece of
    # a block (`backend "s3" {`, `ingress {`, `tags = {...}` beside one resource) is not
    known = sum(1 for kind in blocks if kind in _TOP_LEVEL_BLOCKS)
    unknown = len(blocks) - known
    if unknown and unknown >= known:
        return True
    return bool(blocks) and arguments >= max(known, 1)
