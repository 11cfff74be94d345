"""Read text files into decoded lines (encodings, BOMs, line endings), refusing binary input."""
from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CuttingsError

PathLike = str | os.PathLike

# The path that names standard input, and how its rows name it in the tables.
STDIN = "-"
STDIN_NAME = "<stdin>"
# Decoders tried on a line that is not valid UTF-8, in order (latin-1 maps every byte).
FALLBACKS = ("cp1252", "latin-1")


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
    fallback_lines: list[int] = field(default_factory=list, repr=False)  # 1-based: lines not valid UTF-8

    @property
    def text(self) -> str:
        """The decoded text (LF line endings), rebuilt from ``lines``."""
        return "\n".join(self.lines) + ("\n" if self.trailing_newline and self.lines else "")


_CONTROL = {c for c in range(32) if chr(c) not in "\t\n\r\f\v"} | {0x7F}


def decode(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes to text; return ``(text, encoding)`` (see ``decode_lines`` for the rules)."""
    text, encoding, _ = decode_lines(data, name=name)
    return text, encoding


_EOL = re.compile(rb"(\r\n|\r|\n)")


def decode_lines(data: bytes, *, name: str = "<bytes>") -> tuple[str, str, list[int]]:
    """Decode bytes to text; return ``(text, encoding, fallback_lines)``.

    UTF-8 first (a BOM is removed and reported as ``utf-8-sig``); UTF-16 when it opens with its BOM.
    Bytes that are not valid UTF-8 are decoded line by line: a line that is valid UTF-8 stays UTF-8,
    a line that is not is read as cp1252 (latin-1 for the bytes cp1252 leaves undefined), so one bad
    byte never turns the file's other lines into mojibake. ``encoding`` names what was used on the
    lines holding non-ASCII bytes: ``utf-8``, ``cp1252``, ``latin-1`` or a mix such as
    ``utf-8+cp1252``; ``fallback_lines`` are the 1-based numbers of the lines read with a fallback
    (lines as ``split_lines`` counts them). Raises ``CuttingsError`` for binary data (NUL bytes
    outside UTF-16, or mostly control characters).
    """
    fallback: list[int] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", fallback
        except UnicodeDecodeError as exc:
            raise CuttingsError(f"{name}: not a text file (broken UTF-16: {exc.reason})") from None
    if b"\x00" in data:
        raise CuttingsError(f"{name}: not a text file (contains NUL bytes)")
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        text, encoding = body.decode("utf-8"), ("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        text, encoding, fallback = _decode_by_line(body)
    sample = text[:65536]
    if sample and sum(ord(ch) in _CONTROL for ch in sample) > 0.05 * len(sample):
        raise CuttingsError(f"{name}: not a text file (mostly control characters)")
    return text, encoding, fallback


def _decode_by_line(body: bytes) -> tuple[str, str, list[int]]:
    """Decode ``body`` (not valid UTF-8 as a whole) one line at a time: UTF-8 where a line is valid."""
    parts = _EOL.split(body)  # text, line ending, text, line ending, ..., text
    used: set[str] = set()
    fallback: list[int] = []
    out = []
    for i, chunk in enumerate(parts):
        if i % 2:  # a line ending
            out.append(chunk.decode("ascii"))
            continue
        try:
            out.append(chunk.decode("utf-8"))
            if not chunk.isascii():
                used.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        fallback.append(i // 2 + 1)
        for codec in FALLBACKS:
            try:
                out.append(chunk.decode(codec))
                used.add(codec)
                break
            except UnicodeDecodeError:
                continue
    encoding = "+".join(c for c in ("utf-8", *FALLBACKS) if c in used)
    return "".join(out), encoding, fallback


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
    """Read and decode one file into a ``Source``; raise ``CuttingsError`` with one line on failure.

    The file is read ``CHUNK`` bytes at a time, cut after a line ending, so that its bytes, its text and
    its lines are never all in memory at once (the peak is about its lines plus a chunk). The path
    ``-`` reads standard input (named ``<stdin>`` in the tables).
    """
    if str(path) == STDIN:
        return source_from_bytes(_read_stdin(), display or STDIN_NAME)
    name = display or str(path)
    try:
        with Path(path).open("rb") as f:
            return _read_stream(f, name)
    except FileNotFoundError:
        raise CuttingsError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CuttingsError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise CuttingsError(f"{name}: cannot read (permission denied)") from None
    except OSError as exc:
        raise CuttingsError(f"{name}: cannot read ({exc.strerror or exc})") from None


def source_from_bytes(data: bytes, name: str) -> Source:
    """Decode the bytes of one input named ``name`` into a ``Source`` (``CuttingsError`` if binary)."""
    import io

    return _read_stream(io.BytesIO(data), name)


CHUNK = 1 << 20  # bytes read at a time (1 MB)


def _read_stream(f, name: str) -> Source:
    """Read a binary stream into a ``Source``, a chunk of whole lines at a time: the same decoding and
    lines as ``decode_lines`` and ``split_lines`` on its whole bytes."""
    sha = hashlib.sha256()
    n_bytes = 0
    lines: list[str] = []
    fallback: list[int] = []
    used: set[str] = set()
    counts = [0, 0, 0]  # LF, CRLF, CR
    bom = False
    first = True
    pending: list[bytes] = []
    trailing = False
    seen = control = 0
    checked = False
    while True:
        block = f.read(CHUNK)
        sha.update(block)
        n_bytes += len(block)
        if first and block.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: decoded whole
            rest = block + f.read()
            sha.update(rest[len(block):])
            text, encoding, _ = decode_lines(rest, name=name)
            whole, newline, trailing = split_lines(text)
            return Source(name, encoding, newline, trailing, len(rest), sha.hexdigest(), whole, [])
        if b"\x00" in block:
            raise CuttingsError(f"{name}: not a text file (contains NUL bytes)")
        if block:
            cut = block.rfind(b"\n")
            if cut < 0:  # no line ends here: keep reading (a very long line)
                pending.append(block)
                continue
            pending.append(block[:cut + 1])
            piece = b"".join(pending)
            pending = [block[cut + 1:]] if cut + 1 < len(block) else []
        else:
            piece = b"".join(pending)
            pending = []
        if first:
            first = False
            bom = piece.startswith(b"\xef\xbb\xbf")
            if bom:
                piece = piece[3:]
        try:
            text = piece.decode("utf-8")
            if not piece.isascii():
                used.add("utf-8")
        except UnicodeDecodeError:
            text, encoding, bad = _decode_by_line(piece)
            used.update(encoding.split("+"))
            fallback.extend(len(lines) + n for n in bad)
        del piece
        if seen < 65536:  # the first 64K characters decide whether it is text at all
            sample = text[:65536 - seen]
            seen += len(sample)
            control += sum(ord(ch) in _CONTROL for ch in sample)
        if seen and (seen >= 65536 or not block) and not checked:
            checked = True
            if control > 0.05 * seen:
                raise CuttingsError(f"{name}: not a text file (mostly control characters)")
        n_crlf = text.count("\r\n")
        n_cr = text.count("\r") - n_crlf
        counts[0] += text.count("\n") - n_crlf
        counts[1] += n_crlf
        counts[2] += n_cr
        if n_crlf or n_cr:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text:
            part = text.split("\n")
            trailing = part[-1] == ""
            if trailing:
                part.pop()
            lines.extend(part)
        del text
        if not block:
            break
    kinds = [k for k, n in zip(("LF", "CRLF", "CR"), counts) if n]
    newline = kinds[0] if len(kinds) == 1 else ("none" if not kinds else "mixed")
    if fallback:
        encoding = "+".join(c for c in ("utf-8", *FALLBACKS) if c in used)
    else:
        encoding = "utf-8-sig" if bom else "utf-8"
    return Source(name, encoding, newline, trailing and bool(lines), n_bytes, sha.hexdigest(), lines, fallback)


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # replaced by a text stream (e.g. in a notebook): no bytes to read
        data = sys.stdin.read() if sys.stdin is not None else ""
        return data.encode("utf-8") if isinstance(data, str) else data
    try:
        return stream.read()
    except OSError as exc:
        raise CuttingsError(f"{STDIN_NAME}: cannot read ({exc.strerror or exc})") from None


def fallback_summary(sources: Iterable[Source], *, shown: int = 3, lines_shown: int = 5) -> str | None:
    """One line naming the inputs that had lines read with a fallback decoder, or None when none had.

    E.g. ``2 lines of 1 file are not valid UTF-8 and were read as cp1252: a.txt (lines 3, 7)``.
    """
    bad = [s for s in sources if s.fallback_lines]
    if not bad:
        return None
    n_lines = sum(len(s.fallback_lines) for s in bad)
    codecs = sorted({c for s in bad for c in s.encoding.split("+") if c != "utf-8"},
                    key=lambda c: FALLBACKS.index(c) if c in FALLBACKS else len(FALLBACKS))
    named = []
    for s in bad[:shown]:
        nums = ", ".join(map(str, s.fallback_lines[:lines_shown]))
        more = f", … {len(s.fallback_lines) - lines_shown} more" if len(s.fallback_lines) > lines_shown else ""
        named.append(f"{s.file} (line{'s' if len(s.fallback_lines) > 1 else ''} {nums}{more})")
    rest = f" and {len(bad) - shown} more file{'s' if len(bad) - shown > 1 else ''}" if len(bad) > shown else ""
    return (f"{n_lines} line{'s' if n_lines > 1 else ''} of {len(bad)} file{'s' if len(bad) > 1 else ''} "
            f"{'are' if n_lines > 1 else 'is'} not valid UTF-8 and {'were' if n_lines > 1 else 'was'} read as "
            f"{' or '.join(codecs)}: {'; '.join(named)}{rest} (files.fallback_lines counts them)")


def expand_paths(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """Return the files named by ``paths``: a file, a folder (every ``*.txt`` below it, sorted), ``-``
    (standard input, once) or a list of them.

    Raises ``CuttingsError`` for a missing path or a folder that holds no ``.txt`` file.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[str] = []
    for p in paths:
        if str(p) == STDIN:
            if STDIN in files:
                raise CuttingsError("standard input (-) can be read only once")
            files.append(STDIN)
            continue
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
