"""The files an answer provides, as `file()`, `templatefile()` and archive sources see them.

Terraform resolves a relative path against the working directory (the root module); the
answer's file names come from headings and comments, so a path is matched leniently: the
exact path, the path under a module directory, a file whose path ends with it, and last
a unique file of that base name.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from tfjudge.source import SourceFile


def normalize(path: str) -> str | None:
    """A relative path in canonical form ("a/b.py"); None for absolute or empty paths."""
    text = path.strip().replace("\\", "/")
    if not text or text.startswith(("/", "~")) or ":" in text[:3]:
        return None
    normal = posixpath.normpath(text)
    return "" if normal == "." else normal


class FileStore:
    def __init__(self, files: Iterable[SourceFile], roots: Iterable[str] = ("",)) -> None:
        self.files = list(files)
        self.by_path = {f.path: f for f in self.files}
        self.roots = [r for r in roots if r]
        self._by_name: dict[str, list[SourceFile]] = {}
        for file in self.files:
            self._by_name.setdefault(file.name, []).append(file)

    def find(self, path: str) -> SourceFile | None:
        """The answer's file that `path` names, or None when the answer has none."""
        normal = normalize(path)
        if not normal:
            return None
        stripped = normal
        while stripped.startswith("../"):
            stripped = stripped[3:]
        for candidate in (normal, stripped, *(posixpath.join(r, stripped) for r in self.roots)):
            if candidate in self.by_path:
                return self.by_path[candidate]
        for file in self.files:
            if file.path.endswith("/" + stripped):
                return file
        named = self._by_name.get(posixpath.basename(stripped), [])
        return named[0] if len(named) == 1 else None

    def has_directory(self, path: str) -> bool:
        """Whether some file of the answer lies under directory `path`."""
        normal = normalize(path)
        if normal is None:
            return False
        stripped = normal
        while stripped.startswith("../"):
            stripped = stripped[3:]
        if not stripped:
            return bool(self.files)
        prefix = stripped.rstrip("/") + "/"
        return any(f.path.startswith(prefix) or ("/" + prefix) in f.path for f in self.files)
