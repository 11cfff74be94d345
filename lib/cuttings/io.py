"""Read text files into decoded lines (encodings, BOMs, line endings), refusing binary input."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CuttingsError

PathLike = str | os.PathLike


@dataclass
class Source:
    """One decoded input file.

    ``lines`` are the file's lines without their line terminators, after CRLF and CR became LF;
    ``"\\n".join(lines) + ("\\n" if trailing_newline else "")`` is the decoded text exactly.
    """

    file: str
    encoding: str
    newline: str
    trailing_newline: bool
    n_bytes: int
    sha256: str
    lines: list[str] = field(repr=False)

    @property
    def text(self) -> str:
        """The decoded text (LF line endings), rebuilt from ``lines``."""
        return "\n".join(self.lines) + ("\n" if self.trailing_newline and self.lines else "")


_CONTROL = {c for c in range(32) if chr(c) not in "\t\n\r\f\v"} | {0x7F}


def decode(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes to text; return ``(text, encoding)``.

    UTF-8 first (a BOM is removed and reported as ``utf-8-sig``); UTF-16 when it opens with its BOM;
    otherwise cp1252, then latin-1 for bytes cp1252 leaves undefined. Raises ``CuttingsError`` for
    binary data (NUL bytes outside UTF-16, or mostly control characters).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise CuttingsError(f"{name}: not a text file (broken UTF-16: {exc.reason})") from None
    if b"\x00" in data:
        raise CuttingsError(f"{name}: not a text file (contains NUL bytes)")
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        text, encoding = body.decode("utf-8"), ("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        try:
            text, encoding = body.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = body.decode("latin-1"), "latin-1"
    sample = text[:65536]
    if sample and sum(ord(ch) in _CONTROL for ch in sample) > 0.05 * len(sample):
        raise CuttingsError(f"{name}: not a text file (mostly control characters)")
    return text, encoding


def split_lines(text: str) -> tuple[list[str], str, bool]:
    """Split decoded text into lines; return ``(lines, newline, trailing_newline)``.

    ``newline`` names the original convention: ``LF``, ``CRLF``, ``CR``, ``mixed`` or ``none``.
    Only CR and LF end lines (form feeds and Unicode separators stay inside the line).
    """
    n_crlf = text.count("\r\n")
    n_cr = text.count("\r") - n_crlf
    n_lf = text.count("\n") - n_crlf
    kinds = [name for name, n in (("LF", n_lf), ("CRLF", n_crlf), ("CR", n_cr)) if n]
    newline = kinds[0] if len(kinds) == 1 else ("none" if not kinds else "mixed")
    if n_crlf or n_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return [], newline, False
    lines = text.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines.pop()
    return lines, newline, trailing


def read_source(path: PathLike, *, display: str | None = None) -> Source:
    """Read and decode one file into a ``Source``; raise ``CuttingsError`` with one line on failure."""
    name = display or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CuttingsError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CuttingsError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise CuttingsError(f"{name}: cannot read (permission denied)") from None
    except OSError as exc:
        raise CuttingsError(f"{name}: cannot read ({exc.strerror or exc})") from None
    text, encoding = decode(data, name=name)
    lines, newline, trailing = split_lines(text)
    return Source(
        file=name,
        encoding=encoding,
        newline=newline,
        trailing_newline=trailing,
        n_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        lines=lines,
    )


def expand_paths(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """Return the files named by ``paths``: a file, a folder (every ``*.txt`` below it, sorted) or a list.

    Raises ``CuttingsError`` for a missing path or a folder that holds no ``.txt`` file.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                (q for q in path.rglob("*.txt") if q.is_file()),
                key=lambda q: q.relative_to(path).as_posix(),
            )
            if not found:
                raise CuttingsError(f"{p}: folder holds no .txt files")
            files.extend(os.path.normpath(q) for q in found)
        elif path.exists() or path.is_symlink():
            files.append(os.path.normpath(path))
        else:
            raise CuttingsError(f"{p}: no such file or folder")
    if not files:
        raise CuttingsError("no input files given")
    return files
