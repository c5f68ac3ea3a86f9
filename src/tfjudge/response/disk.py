"""The directory around an answer read from disk, for the files its configuration reads
but tfjudge does not load as source: `../fixtures/app.zip` beside a module directory,
`user_data.sh` beside a single `.tf` file given alone. A Markdown answer has none: what
it does not show, it does not provide.
"""

from __future__ import annotations

from pathlib import Path


class Disk:
    """Existence checks of relative paths in canonical form (`a/b.zip`, `../fixtures`)
    under `root`, each asked of the file system once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._seen: dict[tuple[str, bool], bool] = {}

    def has_file(self, relative: str) -> bool:
        return self._exists(relative, directory=False)

    def has_directory(self, relative: str) -> bool:
        return self._exists(relative, directory=True)

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
