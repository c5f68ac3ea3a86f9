"""Naming the files of an answer: which file a code block is, and in which language.

Signals, nearest first (SPEC.md): a heading or sentence just above the block naming a
file, a first-line comment naming one, else a default for the block's language.
"""

from __future__ import annotations

import json
import re

EXTENSION_LANGUAGE = {
    "tf": "hcl",
    "tfvars": "hcl",
    "hcl": "hcl",
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
}

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
FILE_NAME = re.compile(
    rf"(?<![\w/.-])(?P<path>(?:\.{{0,2}}/)?(?:[\w.-]+/)*[\w-][\w.-]*\.(?:{_EXTENSIONS}))(?![\w-]|\.\w)"
)
_COMMENT_NAME = re.compile(
    rf"^\s*(?:#|//|/\*|--|<!--)\s*(?:(?:file|filename|path|name)\s*[:=]\s*)?`?"
    rf"(?P<path>(?:\.{{0,2}}/)?(?:[\w.-]+/)*[\w-][\w.-]*\.(?:{_EXTENSIONS}))`?"
    rf"(?:\s*(?:\*/|-->))?(?:\s+[-–—:(].*)?\s*$",
    re.IGNORECASE,
)
_HCL_BLOCK_HEADER = re.compile(
    r'^\s*(resource|data|variable|output|module|provider|terraform|locals)\b\s*("[^"]*"\s*)*\{'
)
_TFVARS_LINE = re.compile(r"^\s*[A-Za-z_][\w-]*\s*=")
PLACEHOLDER_LINE = re.compile(r"^\s*(\.\.\.|…|#\s*\.\.\.|//\s*\.\.\.)\s*(#.*)?$")
_SHELL_HINT = re.compile(r"^\s*(\$ |terraform |aws |cd |mkdir |export |pip |npm |zip |chmod )")


def language_of_fence(info: str) -> str:
    return FENCE_LANGUAGE.get(info, "text" if info else "")


def language_of_path(path: str) -> str:
    extension = path.rpartition(".")[2].lower()
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
    match = _COMMENT_NAME.match(line)
    return match.group("path") if match else None


def name_from_comment(content: str) -> str | None:
    for line in content.split("\n"):
        if not line.strip():
            continue
        match = _COMMENT_NAME.match(line)
        return match.group("path") if match else None
    return None


def names_in_text(text: str) -> list[str]:
    return [match.group("path") for match in FILE_NAME.finditer(text)]


def normalize_path(path: str) -> str:
    path = path.strip().strip("`*\"'").replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


_PROSE_LINE = re.compile(r"^\s*([A-Z][\w']*\s+\S+\s+\S+|#{1,6}\s|[-*+]\s+\*\*|\*\*)")


def is_prose_line(line: str) -> bool:
    """A line of Markdown prose (a sentence, a heading, a bold label), not HCL."""
    stripped = line.strip()
    if not stripped or (stripped.startswith(("#", "//")) and not stripped.startswith("##")):
        return False
    if "=" in stripped or stripped.endswith(("{", "}", "[", "]", "(", ")", ",")):
        return False
    return bool(_PROSE_LINE.match(stripped))
