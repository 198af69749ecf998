"""Small helpers shared by the ingest, model, analysis and output code."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large table or graph is built.

    Reading a bundle or building its graph allocates millions of small objects that form no cycles;
    every automatic collection meanwhile re-scans all the objects made so far (about a third of
    the build time on a million rows). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def release_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    Reading a large bundle frees hundreds of megabytes in small pieces (the text frames, the parsers'
    temporaries) that glibc keeps for later: a sixth of the process's memory at a million rows. Returned,
    the analysis that follows starts lower, and so does the process's peak.
    """
    global _libc
    if _libc is None:
        import ctypes

        try:
            _libc = ctypes.CDLL("libc.so.6")
            _libc.malloc_trim  # noqa: B018 - only glibc has it
        except (OSError, AttributeError):
            _libc = False
    if _libc:
        _libc.malloc_trim(0)


_libc: Any = None  # the C library once looked up; False where it has no malloc_trim


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep what exists now (the graph) out of the collector's sight, and collect less often, until
    the block ends.

    An analysis of a large graph allocates and frees many small objects, and keeps its results; with
    the default thresholds the collector would run thousands of times, and each full collection
    re-scans the whole graph, which never changes meanwhile (together about a quarter of the analysis
    time on a million rows). ``gc.freeze`` moves the existing objects to the permanent generation;
    the raised thresholds (10,000 young objects instead of 700) make young collections rarer. Cyclic
    garbage is still collected, and both are undone at the end. Does nothing when something else has
    already frozen objects (gc.freeze is process-wide: unfreezing theirs is not ours to do) or when
    the collector is off.
    """
    if gc.get_freeze_count() or not gc.isenabled():
        yield
        return
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), max(threshold[1], 50), max(threshold[2], 50))
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


# ------------------------------------------------------------------ writing files
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # + full-width forms


def edge_items(G) -> Iterator[tuple]:
    """``G.edges(keys=True, data=True)`` of a ``MultiDiGraph`` as (u, v, key, attrs), in the same order,
    straight from its adjacency dicts: the NetworkX view costs more than the work a view does per edge
    on a project of a million records."""
    for u, nbrs in G._succ.items():
        for v, kd in nbrs.items():
            for k, d in kd.items():
                yield u, v, k, d


def formula_like(value: object) -> bool:
    """True for text a spreadsheet would take as a formula (``=HYPERLINK(…)``, ``+1``, ``@SUM(A1)``)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def sheet_text(value: object) -> object:
    """A cell value for a CSV file we write: formula-like text gets a leading ``'`` (OWASP), so a
    spreadsheet shows it as text; numbers (also negative ones) and other text are left alone.

    >>> sheet_text('=HYPERLINK("http://x","y")'), sheet_text("-2+3"), sheet_text(-2), sheet_text("P1")
    ('\\'=HYPERLINK("http://x","y")', "'-2+3", -2, 'P1')
    """
    return "'" + value if isinstance(value, str) and formula_like(value) else value


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]')
_RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_filename(text: str, max_chars: int = 50) -> str:
    """``text`` (an id from the data) as one harmless file-name part: no path separator, no ``..``, no
    control or bidi character, no Windows device name, at most ``max_chars`` characters (50 keeps
    even 4-byte characters, hash and suffix under the usual 255-byte limit; CJK is kept). When anything had
    to change, a short hash of the original is appended, so two ids never share a file.

    >>> safe_filename("P1"), safe_filename("项目一")
    ('P1', '项目一')
    >>> safe_filename("../../x"), safe_filename("A/B")
    ('_.._x-9bdbf20b', 'A_B-239c020a')
    """
    name = _UNSAFE_NAME.sub("_", text).strip(" .")  # no leading dot: no "..", no hidden file
    if not name or name.split(".")[0].lower() in _RESERVED_NAMES:
        name = "_" + name
    name = name[:max_chars]
    if name != text:
        name += "-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return name


def inside(path: Path, folder: Path) -> Path:
    """``path``, after checking that it resolves inside ``folder`` (a last line of defence)."""
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ValueError(f"refusing to write {path}: outside {folder}")
    return path


def _default_mode(base: int) -> int:
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


@contextmanager
def atomic_path(path: str | Path, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` when the block succeeds and
    remove it when it fails, so a reader never sees a half-written file and a failure leaves nothing.

    ``private`` files (raw personal numbers) get mode 0600, others the usual mode (0666 less umask).
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from None
    os.close(fd)  # mkstemp makes it 0600: the file is never readable by others while being written
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if not private:
            os.chmod(tmp_path, _default_mode(0o666))
        os.replace(tmp_path, path)
    except OSError as e:
        tmp_path.unlink(missing_ok=True)
        if e.filename == str(tmp_path):  # name the file the user asked for, not our temporary one
            raise OSError(e.errno, e.strerror, str(path)) from e
        raise
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_dir(path: str | Path, private: bool = False) -> Iterator[Path]:
    """Yield a temporary folder for the files of ``path``; move them all into ``path`` when the block
    succeeds, remove the temporary folder when it fails (nothing is left behind).

    A new ``path`` is renamed into place in one step; into an existing folder the finished files are
    moved one by one (each move is atomic) after every one of them was written.
    """
    path = Path(path)
    fresh = not path.exists()
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent if fresh else path))
    try:
        yield tmp
        for f in tmp.rglob("*") if not private else ():
            os.chmod(f, _default_mode(0o777 if f.is_dir() else 0o666))
        if fresh:
            os.chmod(tmp, _default_mode(0o777) if not private else 0o700)
            os.replace(tmp, path)
        else:
            _move_into(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _move_into(src: Path, dst: Path) -> None:
    """Move the contents of ``src`` into the existing folder ``dst`` (sub-folders merged, files
    replaced, each move atomic), then remove ``src``."""
    for f in sorted(src.iterdir()):
        target = dst / f.name
        if f.is_dir() and target.is_dir():
            _move_into(f, target)
        else:
            os.replace(f, target)
    src.rmdir()


def cut(text: str, limit: int) -> str:
    """``text`` of at most ``limit`` characters (an ellipsis says something was cut).

    >>> cut("王" * 5, 3)
    '王王…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ printing user text
# C0/C1 control characters (ESC starts terminal escape sequences), DEL, and bidi overrides and
# isolates, which can make a terminal or editor show text in a different order than it is.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object, newlines: bool = False) -> str:
    r"""User text made harmless for a terminal or a text file: control and bidi characters become
    visible escapes (``\x1b``, ``\u202e``); tabs stay; newlines stay only when ``newlines``.

    >>> printable("a\x1b[31mb\u202ec\nd")
    'a\\x1b[31mb\\u202ec\\nd'
    """
    s = str(text)
    s = _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), s)
    return s if newlines else s.replace("\n", "\\n").replace("\r", "\\r")


_URI_PASSWORD = re.compile(r"(\b[a-zA-Z][\w+.-]*://[^/\s:@]*:)[^@\s]*@")


def redact(text: object) -> str:
    """Text with the password of any ``scheme://user:password@host`` in it replaced by ``***``.

    >>> redact("cannot reach bolt://neo4j:s3cret@db:7687")
    'cannot reach bolt://neo4j:***@db:7687'
    """
    return _URI_PASSWORD.sub(r"\1***@", str(text))


def mask_value(value: object, kind: str | None = None) -> str:
    """A personal number masked: the first 3 and last 4 characters kept, of a 身份证号 the first 4
    (the region) and last 4; a value too short to keep both ends shows at most its last 2.

    The one masking rule of the project (:class:`graphchain.report.masking.Masker` applies it to
    whole texts and graphs, the ring signals to shared identifiers).

    >>> mask_value("13800138000"), mask_value("11010519491231002X"), mask_value("12345")
    ('138****8000', '1101**********002X', '****5')
    """
    s = str(value).strip()
    if not s:
        return s
    head = 4 if kind == "id_number" or (kind is None and len(s) in (15, 18) and s[:14].isdigit()) else 3
    tail = 4
    if len(s) <= head + tail + 1:  # too short to keep both ends without showing it all
        head, tail = 0, min(2, len(s) // 3)
    return s[:head] + "*" * (len(s) - head - tail) + (s[-tail:] if tail else "")
