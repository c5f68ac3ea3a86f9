"""Reading input bytes safely: size limits, binary detection, tolerant decoding."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from tfjudge.errors import InputError
from tfjudge.records import record

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_BINARY_SAMPLE = 8192


@record(slots=True)
class DecodedText:
    """Text decoded from an input's bytes, with notes on what decoding had to replace."""

    text: str
    notes: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, label: str) -> DecodedText:
    """Decode as UTF-8 (BOM tolerated); undecodable bytes become U+FFFD and are reported."""
    if b"\x00" in data[:_BINARY_SAMPLE]:
        raise InputError(f"{label} looks like a binary file (it contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        notes: list[str] = []
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        notes = [
            f"{label} is not valid UTF-8 (first bad byte at offset {exc.start}); "
            f"{bad} undecodable byte(s) replaced with U+FFFD"
        ]
    return DecodedText(unix_line_breaks(text), notes)


def unix_line_breaks(text: str) -> str:
    """Every line break as `\\n`: Windows' `\\r\\n` and old Macs' lone `\\r` too."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *, allow_empty: bool = False
) -> DecodedText:
    """Read a text file for analysis, or raise InputError with a one-line reason. An empty
    file is such a reason unless `allow_empty` (a file of a directory, which Terraform
    reads whatever it holds)."""
    label = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{label}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror})") from None
    if size > max_bytes:
        raise InputError(
            f"{label} is {size / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.1f} MB (raise it with --max-bytes)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror})") from None
    if not data.strip() and not allow_empty:
        raise InputError(f"{label} is empty")
    return decode_bytes(data, label)
