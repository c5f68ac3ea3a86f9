"""The directory around an answer read from disk, for the files its configuration reads
but tfjudge does not load as source: `../fixtures/app.zip` beside a module directory,
`user_data.sh` beside a single `.tf` file given alone, and what its repository's
`.gitignore` files keep out of it. A Markdown answer has none: what it does not show, it
does not provide.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

MAX_IGNORE_FILE_BYTES = 1_000_000
MAX_PARENTS = 16  # directories above the answer searched for a repository's .gitignore


class Disk:
    """Existence checks of relative paths in canonical form (`a/b.zip`, `../fixtures`)
    under `root`, each asked of the file system once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._seen: dict[tuple[str, bool], bool] = {}
        self._specs: dict[Path, GitIgnoreSpec | None] = {}
        self._repository: Path | None = None

    def has_file(self, relative: str) -> bool:
        return self._exists(relative, directory=False)

    def has_directory(self, relative: str) -> bool:
        return self._exists(relative, directory=True)

    def ignored(self, relative: str, directory: bool = False) -> bool:
        """Whether git ignores the path: a `.gitignore` of its repository, from the top of
        the repository (or the answer) down to the path's directory, excludes it (a build's
        output, a key each user makes, a package a script zips)."""
        if not relative or "\0" in relative:
            return False
        try:
            path = (self.root / relative).resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: as good as absent
            return False
        for holder in self._ignore_directories(path.parent):
            spec = self._spec(holder)
            if spec is None:
                continue
            inside = path.relative_to(holder).as_posix()
            if spec.match_file(inside) or (directory and spec.match_file(inside + "/")):
                return True
        return False

    def _ignore_directories(self, directory: Path) -> list[Path]:
        """`directory` and those above it up to the top of its repository (the directory
        holding `.git`), or without a repository up to the answer's own directory."""
        top = self._top()
        if not directory.is_relative_to(top):
            return []  # outside the repository: its .gitignore files do not apply
        return [directory, *(d for d in directory.parents if d.is_relative_to(top))]

    def _top(self) -> Path:
        if self._repository is None:
            root = self.root.resolve()
            above = [root, *root.parents][:MAX_PARENTS]
            self._repository = next((d for d in above if (d / ".git").exists()), root)
        return self._repository

    def _spec(self, directory: Path) -> GitIgnoreSpec | None:
        if directory not in self._specs:
            self._specs[directory] = _read_spec(directory / ".gitignore")
        return self._specs[directory]

    def _exists(self, relative: str, *, directory: bool) -> bool:
        key = (relative, directory)
        if key not in self._seen:
            self._seen[key] = _check(self.root, relative, directory)
        return self._seen[key]


def _check(root: Path, relative: str, directory: bool) -> bool:
    """`relative` is a path in canonical relative form (`evaluate.files.normalize`)."""
    if not relative or "\0" in relative:
        return False
    path = root / relative
    try:
        return path.is_dir() if directory else path.is_file()
    except OSError:  # a name too long, a permission denied: as good as absent
        return False


def _read_spec(path: Path) -> GitIgnoreSpec | None:
    from pathspec import GitIgnoreSpec  # only a repository with a missing file needs it

    try:
        if not path.is_file() or path.stat().st_size > MAX_IGNORE_FILE_BYTES:
            return None
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return GitIgnoreSpec.from_lines(lines)
