"""`collect`: import submissions from an LMS export (folder or zip) or an nbgrader tree.

Every file is accounted for: filed into nbgrader's `submitted/<student>/<assignment>/` layout,
or reported with a reason (unmatched name, wrong assignment, older duplicate, too large, unsafe
name or path, not a notebook, ...). The report is saved beside the grades so that `grade` lists
these files in its CSV too.

Who a file belongs to is read from the part of its name the LMS writes, never from the part the
learner chose. Canvas exports `<name>[_LATE]_<user id>_<file id>_<learner's file name>`: in
`mallory_1234_67891_x_31337_999999_a1.ipynb` the student is 1234, whatever the upload was called.
One format is detected for the whole export (the one most of its file names fit), so a learner
cannot pick another parse by naming a file after a different LMS. `--pattern REGEX` (named group
`student_id`) covers other LMSs.

The export is read as a stream: no file is ever held in memory whole, and nothing in it is
trusted as a path (zip-slip `../`, symlinks, duplicate zip entries, zip bombs are reported).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import struct
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from course_grader.course import Course, short_tag

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one export may make `collect` read or write."""

    max_file_bytes: int = 50 * MiB  # one submitted file; larger ones are reported, never read
    max_total_bytes: int = 8 * 1024 * MiB  # everything read from one export (zip-bomb bound)
    max_ratio: float = 200.0  # uncompressed/compressed, for entries larger than ratio_floor
    ratio_floor: int = 4 * MiB
    max_entries: int = 20_000  # files in the export (a zip's directory is read at once)
    max_name_chars: int = 1024
    max_depth: int = 32  # folder nesting


MAX_FILE_BYTES = Limits().max_file_bytes  # kept for callers that import it
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}
CHUNK = 1 * MiB


class Refused(Exception):
    """One file cannot be taken: `status` and the message go into the report."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status


class CollectError(SystemExit):
    """The export as a whole cannot be read (not one file of it: those are reported).
    A SystemExit, like the CLI's other usage errors: the message is what the instructor sees."""


def cell_safe(text: str) -> str:
    """A spreadsheet must not read a learner's name or file name as a formula (`=HYPERLINK(...)`):
    text starting with = + - @ or a tab/CR gets a leading apostrophe (OWASP's advice)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _safe_fields(record, names: tuple[str, ...]) -> None:
    for name in names:
        setattr(record, name, cell_safe(printable(getattr(record, name))))


@dataclass
class Collected:
    student_id: str
    last_name: str
    first_name: str
    assignment: str
    file: str  # the file's name in the export
    timestamp: str
    late: str = ""
    attempt: int = 0  # the LMS's attempt/submission number (0: none in the name)
    note: str = ""  # why this file was the one graded, when the student sent several

    def __post_init__(self):
        _safe_fields(self, ("student_id", "last_name", "first_name", "file"))


@dataclass
class Problem:
    file: str
    # unmatched | wrong_assignment | duplicate | not_a_notebook | too_large | unsafe_name |
    # unsafe_path | unsafe_zip | unreadable | conflict | ignored | renamed
    status: str
    reason: str
    student_id: str = ""
    last_name: str = ""
    first_name: str = ""

    def __post_init__(self):
        _safe_fields(self, ("file", "student_id", "last_name", "first_name"))


@dataclass
class CollectReport:
    collected: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    lms: str = ""  # the file-name format used: canvas, moodle, blackboard, generic, pattern


# --------------------------------------------------------------------------- names we print


def printable(text: str) -> str:
    """`text` safe to print, store as JSON and write to a CSV: bytes that are not UTF-8,
    control characters and invisible formatting (e.g. right-to-left override) are escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (Python's surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def student_id_problem(student_id: str) -> str | None:
    """Why `student_id` cannot name a folder in submitted/, or None if it can."""
    shown = printable(student_id)
    if not student_id:
        return "the student id is empty"
    if student_id in (".", ".."):
        return f"{student_id!r} is not a student id (it names a directory)"
    if any(sep in student_id for sep in ("/", "\\")):
        return f"student id {shown!r} contains a path separator"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in student_id):
        return f"student id {shown!r} contains a control or invisible character"
    if student_id.startswith("-"):
        return f"student id {shown!r} starts with '-' (would read as a command-line option)"
    if student_id[0] in "@+=":
        return f"student id {shown!r} starts with {student_id[0]!r} (a spreadsheet formula)"
    if student_id.startswith("."):
        return f"student id {shown!r} starts with '.' (a hidden folder)"
    if len(student_id) > 64:
        return f"student id {shown[:20]!r}... is {len(student_id)} characters long (limit 64)"
    if not re.fullmatch(r"[A-Za-z0-9_.@-]+", student_id):
        return f"student id {shown!r} has characters other than A-Z a-z 0-9 _ . @ -"
    return None


# --------------------------------------------------------------------------- reading the export


@dataclass
class Incoming:
    """One file found in the export; its bytes are read only through `opener`."""

    origin: str  # printable path inside the folder or zip
    parts: tuple[str, ...]  # printable path components (parsing looks at these)
    size: int
    timestamp: str  # ISO seconds, from the zip entry or the file's mtime ("" if unknown)
    opener: Callable[[], IO[bytes]] | None = None
    refused: tuple[str, str] | None = None  # (status, reason): never to be read

    @property
    def name(self) -> str:
        return self.parts[-1]


class _Budget:
    """Bytes left to read from the whole export (bounds what a zip bomb can make us do)."""

    def __init__(self, total: int):
        self.left = total


def _read_chunks(item: Incoming, limit: int, budget: _Budget) -> Iterator[bytes]:
    """The file's bytes in chunks; refused past `limit` or the export's budget."""
    read = 0
    with item.opener() as fh:
        while chunk := fh.read(CHUNK):
            read += len(chunk)
            budget.left -= len(chunk)
            if read > limit:
                raise Refused("too_large", f"more than {limit} bytes (it grew while being read)")
            if budget.left < 0:
                raise Refused("too_large", "not read: the export's total size limit was reached")
            yield chunk


def _iso(value) -> str:
    try:
        if isinstance(value, tuple):
            return dt.datetime(*value).isoformat(timespec="seconds")
        return dt.datetime.fromtimestamp(value).isoformat(timespec="seconds")
    except (ValueError, OverflowError, OSError):
        return ""  # a date the calendar does not have: unknown


def _refuse(origin, parts, size, timestamp, status, reason) -> Incoming:
    return Incoming(origin, parts, size, timestamp, None, (status, reason))


def _walk_folder(root: Path, limits: Limits) -> Iterator[Incoming]:
    """Regular files under `root`; symlinks, devices and pipes are reported, never followed."""
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    count = 0
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            origin = "/".join(prefix) or "."
            yield _refuse(origin, prefix or (".",), 0, "", "unreadable", f"cannot list: {err}")
            continue
        for entry in entries:
            count += 1
            if count > limits.max_entries:
                raise CollectError(
                    f"{root} holds more than {limits.max_entries} files: is this the right folder?"
                )
            parts = (*prefix, printable(entry.name))
            origin = "/".join(parts)
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as err:
                yield _refuse(origin, parts, 0, "", "unreadable", f"cannot stat: {err.strerror}")
                continue
            stamp = _iso(info.st_mtime)
            if stat.S_ISLNK(info.st_mode):
                yield _refuse(
                    origin, parts, 0, stamp, "unsafe_path", "a symbolic link: not followed"
                )
            elif stat.S_ISDIR(info.st_mode):
                if len(parts) >= limits.max_depth:
                    yield _refuse(
                        origin, parts, 0, stamp, "unsafe_path",
                        f"folders nested deeper than {limits.max_depth}: not read",
                    )
                else:
                    stack.append((Path(entry.path), parts))
            elif not stat.S_ISREG(info.st_mode):
                yield _refuse(
                    origin, parts, 0, stamp, "unsafe_path",
                    "not a regular file (device, pipe or socket): not read",
                )
            else:
                path = Path(entry.path)
                yield Incoming(origin, parts, info.st_size, stamp, lambda p=path: _open_nofollow(p))


def _open_nofollow(path: Path) -> IO[bytes]:
    """Open a file we saw as regular, refusing a symlink swapped in since (O_NOFOLLOW)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Refused("unsafe_path", "no longer a regular file when read")
    return os.fdopen(fd, "rb")


def _zip_entry_count(path: Path) -> int | None:
    """Entries a zip declares in its end record, read before zipfile loads its whole directory."""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    locator = tail.rfind(b"PK\x06\x07", 0, at)
    if count == 0xFFFF and locator >= 0:  # zip64: the count is in the zip64 end record
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        with open(path, "rb") as fh:
            fh.seek(offset)
            record = fh.read(56)
        if record[:4] == b"PK\x06\x06":
            count = struct.unpack("<Q", record[32:40])[0]
    return count


def _zip_name(info: zipfile.ZipInfo) -> str:
    """The entry's name; UTF-8 written without the UTF-8 flag (common) is read as UTF-8."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass  # a legacy code page: keep zipfile's reading, printable anyway
    return name


def _zip_items(zf: zipfile.ZipFile, limits: Limits) -> Iterator[Incoming]:
    infos = [i for i in zf.infolist() if not i.is_dir()]
    names = Counter(i.filename for i in infos)
    # the lowest byte each entry's data could end at: beyond the next entry = overlapping data
    by_offset = sorted(infos, key=lambda i: i.header_offset)
    overlapping = {
        id(a)
        for a, b in zip(by_offset, by_offset[1:])
        if a.header_offset + 30 + a.compress_size > b.header_offset
    }
    overlapping |= {id(b) for a, b in zip(by_offset, by_offset[1:]) if id(a) in overlapping}
    for info in infos:
        raw = _zip_name(info)
        pieces = re.split(r"[/\\]", raw)
        parts = tuple(printable(p) for p in pieces) or ("",)
        origin = "/".join(parts)
        stamp = _iso(info.date_time)
        mode = info.external_attr >> 16

        def refuse(status, reason, parts=parts, origin=origin, info=info, stamp=stamp):
            return _refuse(origin, parts, info.file_size, stamp, status, reason)

        if ".." in pieces or raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw):
            yield refuse("unsafe_path", "a path leaving the export (absolute or with '..')")
        elif stat.S_ISLNK(mode):
            yield refuse("unsafe_path", "a symbolic link stored in the zip: not followed")
        elif stat.S_IFMT(mode) and not stat.S_ISREG(mode):
            yield refuse("unsafe_path", "not a regular file (device, pipe or socket)")
        elif names[info.filename] > 1:
            yield refuse(
                "unsafe_zip",
                f"the zip holds {names[info.filename]} entries with this name: "
                "cannot tell which one is real",
            )
        elif id(info) in overlapping:
            yield refuse("unsafe_zip", "its data overlaps another entry's (a zip bomb)")
        elif info.flag_bits & 0x1:
            yield refuse("unreadable", "encrypted in the zip")
        elif info.file_size > limits.max_file_bytes:
            yield refuse(
                "too_large",
                f"{info.file_size} bytes (limit {limits.max_file_bytes}): not read",
            )
        elif info.file_size > limits.ratio_floor and (
            info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            yield refuse(
                "unsafe_zip",
                f"compressed {info.file_size / max(info.compress_size, 1):.0f}:1 "
                f"(limit {limits.max_ratio:.0f}:1): a zip bomb, not read",
            )
        else:
            yield Incoming(
                origin, parts, info.file_size, stamp, lambda i=info: zf.open(i)
            )


@contextmanager
def _open_export(path: Path, limits: Limits) -> Iterator[list[Incoming]]:
    """The export's files (read lazily); zips stay open while the caller reads them."""
    if path.is_file() and zipfile.is_zipfile(path):
        count = _zip_entry_count(path)
        if count is not None and count > limits.max_entries:
            raise CollectError(
                f"{path} lists {count} entries (limit {limits.max_entries}): not an LMS export "
                "of one course, or a zip bomb"
            )
        try:
            zf = zipfile.ZipFile(path)
        except UnicodeDecodeError as err:
            raise CollectError(
                f"{path} has an entry whose name is marked UTF-8 but is not ({err.reason} at "
                "byte {err.start}): unpack it with a tool that tolerates this and collect the "
                "folder, or download the export again"
            ) from None
        except (zipfile.BadZipFile, OSError, ValueError) as err:
            raise CollectError(f"{path} is not a readable zip: {err}") from None
        with zf:
            yield list(_zip_items(zf, limits))
        return
    if path.is_dir():
        yield list(_walk_folder(path, limits))
        return
    if path.is_file():
        info = path.stat()
        yield [Incoming(printable(path.name), (printable(path.name),), info.st_size,
                        _iso(info.st_mtime), lambda: _open_nofollow(path))]
        return
    raise CollectError(f"nothing to collect at {path}")


# --------------------------------------------------------------------------- LMS file names


@dataclass
class Parsed:
    """What the LMS's part of a file name says."""

    student_id: str
    last_name: str = ""
    first_name: str = ""
    file: str = ""  # the learner's own file name
    late: bool = False
    attempt: int = 0  # larger = later (the LMS's submission/file number, or its timestamp)
    timestamp: str = ""  # the LMS's submission time, when the name carries it
    not_a_file: str = ""  # the LMS's own extras (receipts, online text): why it is not a file


NAME = r"[^\W\d_](?:[^\W_]|['-])*?"  # a name part: starts with a letter, no underscore
CANVAS = re.compile(
    # <sortable name, squashed>[_LATE]_<user id>_<file id>_<learner's file name>; the name is
    # matched shortest-first so the first `_<id>_<id>_` is the LMS's
    r"^(?P<name>\w+?)(?:_(?P<late>LATE|late))?_(?P<student_id>[0-9]+)_(?P<attempt>[0-9]+)_"
    r"(?P<file>.+)$"
)
CANVAS_ANONYMOUS = re.compile(
    r"^(?:(?P<late>LATE|late)_)?(?P<student_id>anon_[A-Za-z0-9]+)_(?P<attempt>[0-9]+)_(?P<file>.+)$"
)
CANVAS_TEXT = re.compile(r"^\w+?(?:_(?:LATE|late))?_(?P<student_id>[0-9]+)_(?:text|link)\.html$")
MOODLE = re.compile(
    # <Full Name (no underscores)>_<participant id>_assignsubmission_<plugin>_[<file>]
    r"^(?P<name>[^_]+)_(?P<student_id>[0-9]+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.*)$"
)
BLACKBOARD = re.compile(
    # <Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>[_<file> | .txt (the receipt)]
    r"^(?P<prefix>.+?_.+?)_attempt_(?P<when>\d{4}(?:-\d{2}){5})(?:_(?P<file>.+)|(?P<receipt>\.txt))$"
)
GENERIC = re.compile(
    # <last>[_<first>...][_LATE]_<id>_<file>: name parts have no digits at their start, so
    # the first `_<digits>_` is the id
    rf"^(?P<name>{NAME}(?:_{NAME})*?)_(?:(?P<late>LATE)_)?(?P<student_id>[0-9]+)_(?P<file>.+)$"
)


class Format:
    """One LMS's file naming: `parse` reads a file's path components, or returns None."""

    name = ""

    def prepare(self, items: list[Incoming]) -> None:
        """Look at the whole export first (Blackboard needs to, to find user names)."""

    def parse(self, parts: tuple[str, ...]) -> Parsed | None:
        raise NotImplementedError


class Canvas(Format):
    name = "canvas"

    def parse(self, parts):
        base = parts[-1]
        # anonymous first: `anon_<id>_<n>_` starts the name, and CANVAS's shortest-name match
        # would otherwise find a `_<digits>_<digits>_` inside the learner's own file name
        m = CANVAS_ANONYMOUS.match(base) or CANVAS.match(base)
        if not m:
            if m := CANVAS_TEXT.match(base):
                return Parsed(m["student_id"], not_a_file="Canvas's copy of a text or URL entry")
            return None
        g = m.groupdict()
        return Parsed(g["student_id"], g.get("name") or "", "", g["file"], bool(g["late"]),
                      int(g["attempt"]))


class Moodle(Format):
    name = "moodle"

    def parse(self, parts):
        # the outermost matching component is the LMS's: a learner's own folders are inside it
        for i, part in enumerate(parts):
            if m := MOODLE.match(part):
                file = parts[-1] if i < len(parts) - 1 else m["file"]
                if not file:
                    return None
                extra = "" if m["plugin"] == "file" else f"Moodle's {m['plugin']} text, not a file"
                return Parsed(m["student_id"], m["name"], "", file, not_a_file=extra)
        return None


class Blackboard(Format):
    name = "blackboard"

    def __init__(self):
        self.common = ""  # "<Assignment name>_", shared by every file of the export

    def prepare(self, items):
        prefixes = {m["prefix"] for i in items if (m := BLACKBOARD.match(i.name))}
        if len(prefixes) > 1:
            common = os.path.commonprefix(sorted(prefixes))
            self.common = common[: common.rfind("_") + 1]

    def parse(self, parts):
        m = BLACKBOARD.match(parts[-1])
        if not m:
            return None
        prefix = m["prefix"]
        user = prefix[len(self.common):] if self.common else prefix.rsplit("_", 1)[1]
        try:
            when = dt.datetime.strptime(m["when"], "%Y-%m-%d-%H-%M-%S")
        except ValueError:
            return None  # not a date: not Blackboard's
        return Parsed(
            user, file=m["file"] or "", attempt=int(when.strftime("%Y%m%d%H%M%S")),
            timestamp=when.isoformat(),
            not_a_file="Blackboard's submission receipt" if m["receipt"] else "",
        )


class Generic(Format):
    name = "generic"

    def parse(self, parts):
        m = GENERIC.match(parts[-1])
        if not m:
            return None
        last, _, first = m["name"].partition("_")
        return Parsed(m["student_id"], last, first.replace("_", " "), m["file"], bool(m["late"]))


class Pattern(Format):
    """The instructor's regex on the base name: groups student_id, and optionally last,
    first, name, late, attempt, file, assignment."""

    name = "pattern"

    def __init__(self, pattern: str):
        try:
            self.regex = re.compile(pattern)
        except re.error as err:
            raise CollectError(f"--pattern is not a valid regular expression: {err}") from None
        if "student_id" not in self.regex.groupindex:
            raise CollectError("--pattern needs a named group (?P<student_id>...)")

    def parse(self, parts):
        m = self.regex.match(parts[-1])
        if not m:
            return None
        g = m.groupdict()
        attempt = g.get("attempt") or ""
        return Parsed(
            g["student_id"] or "", g.get("last") or g.get("name") or "", g.get("first") or "",
            g.get("assignment") or g.get("file") or parts[-1], bool(g.get("late")),
            int(attempt) if attempt.isascii() and attempt.isdigit() else 0,
        )


FORMATS: dict[str, type[Format]] = {
    f.name: f for f in (Canvas, Moodle, Blackboard, Generic)  # ties go to the first
}


def detect_format(items: list[Incoming]) -> tuple[Format, dict[str, int]]:
    """The format most of the export's file names fit (a few odd names cannot change it)."""
    names = [i for i in items if i.refused is None]
    counts = {}
    best: Format | None = None
    for cls in FORMATS.values():
        fmt = cls()
        fmt.prepare(names)
        counts[fmt.name] = sum(fmt.parse(i.parts) is not None for i in names)
        if best is None or counts[fmt.name] > counts[best.name]:
            best = fmt
    if not counts[best.name]:  # nothing fits anything: the documented naming, say so
        best = Generic()
    return best, counts


# --------------------------------------------------------------------------- collect


def collect(
    course: Course,
    path: Path,
    *,
    assignment: str | None = None,
    pattern: str | None = None,
    due: str | None = None,
    lms: str | None = None,
    limits: Limits | None = None,
) -> CollectReport:
    """Import everything at `path`; returns (and saves) what was collected and what was not.

    `lms` forces a file-name format (canvas, moodle, blackboard, generic) instead of detecting
    it; `pattern` is a regex with a `student_id` group for any other naming.
    """
    limits = limits or Limits()
    path = Path(path)
    known = course.assignment_names()
    report = CollectReport()
    if _is_nbgrader_tree(path, known):
        report.lms = "nbgrader"
        _collect_nbgrader_tree(course, path, known, assignment, report, limits)
    else:
        _collect_lms(course, path, known, assignment, pattern, lms, report, limits)
    _mark_late(report, due)
    _write_timestamps(course, report)
    _save_report(course, report, assignment)
    return report


@dataclass(eq=False)
class _Candidate:
    entry: Collected
    item: Incoming
    parsed: Parsed
    digest: str = ""


def _choose_format(items, pattern, lms) -> Format:
    if pattern:
        return Pattern(pattern)
    if lms and lms != "auto":
        if lms not in FORMATS:
            raise CollectError(f"unknown LMS format {lms!r}; choose one of {', '.join(FORMATS)}")
        fmt = FORMATS[lms]()
        fmt.prepare([i for i in items if i.refused is None])
        return fmt
    return detect_format(items)[0]


def _collect_lms(course, path, known, assignment, pattern, lms, report, limits) -> None:
    budget = _Budget(limits.max_total_bytes)
    with _open_export(path, limits) as items:
        for item in items:  # before any regex sees them: bounded matching time
            if item.refused is None and (
                len(item.origin) > limits.max_name_chars
                or any(len(p) > limits.max_name_chars for p in item.parts)
            ):
                item.origin = item.origin[:200] + "..."
                item.refused = ("unsafe_name", f"a name longer than {limits.max_name_chars} "
                                "characters")
        fmt = _choose_format(items, pattern, lms)
        report.lms = fmt.name
        groups: dict[tuple[str, str], list[_Candidate]] = {}
        for item in items:
            candidate = _sort_one(item, fmt, known, assignment, report, limits)
            if candidate is not None:
                key = (candidate.entry.student_id, candidate.entry.assignment)
                groups.setdefault(key, []).append(candidate)
        for student in _conflicting_names(groups, report):
            for key in [k for k in groups if k[0] == student]:
                del groups[key]
        for (student, target), candidates in sorted(groups.items()):
            _file_best(course, target, student, candidates, report, limits, budget)


def _sort_one(item, fmt, known, assignment, report, limits) -> _Candidate | None:
    """A candidate for grading, or None with the reason in `report`."""
    problems = report.problems
    if item.refused:
        problems.append(Problem(item.origin, *item.refused))
        return None
    if "__MACOSX" in item.parts or item.name in SYSTEM_FILES or item.name.startswith("._"):
        problems.append(Problem(item.origin, "ignored", "operating-system metadata, not a file "
                                "anyone submitted"))
        return None
    parsed = fmt.parse(item.parts)
    if parsed is None:
        reason = f"the file name does not fit the {fmt.name} naming"
        if fmt.name == "generic":
            reason += " (<last>_<first>_<id>_<file>; use --pattern for another)"
        problems.append(Problem(item.origin, "unmatched", reason))
        return None
    if why := student_id_problem(parsed.student_id):
        problems.append(Problem(item.origin, "unsafe_name", why + ": not filed"))
        return None
    who = (parsed.student_id, printable(parsed.last_name), printable(parsed.first_name))
    if parsed.not_a_file:
        problems.append(Problem(item.origin, "ignored", parsed.not_a_file, *who))
        return None
    tagged = _assignment_of(parsed.file, known)
    target = assignment or tagged
    if target is None:
        problems.append(Problem(item.origin, "unmatched",
                                "cannot tell which assignment this file is for (use --assignment)",
                                *who))
        return None
    if assignment and tagged and tagged != assignment:
        problems.append(Problem(item.origin, "wrong_assignment",
                                f"named for {tagged}, collecting {assignment}", *who))
        return None
    late = "LATE marker in file name" if parsed.late else ""
    entry = Collected(*who[:3], target, item.name, parsed.timestamp or item.timestamp, late,
                      parsed.attempt)
    return _Candidate(entry, item, parsed)


def _conflicting_names(groups, report) -> list[str]:
    """Students whose files carry different names: someone's name was made to look like an id
    (e.g. a Canvas display name ending in `_1001`). Neither file is filed; both are reported."""
    names: dict[str, set] = {}
    for (student, _), candidates in groups.items():
        for c in candidates:
            names.setdefault(student, set()).add((c.entry.last_name, c.entry.first_name))
    conflicting = sorted(s for s, n in names.items() if len(n) > 1)
    for student in conflicting:
        shown = ", ".join(" ".join(filter(None, n)) or "(no name)" for n in sorted(names[student]))
        for (sid, _), candidates in groups.items():
            if sid != student:
                continue
            for c in candidates:
                report.problems.append(Problem(
                    c.item.origin, "conflict",
                    f"files for student {student} carry different names ({shown}): check in the "
                    "LMS which is theirs, then collect that file alone",
                    student, c.entry.last_name, c.entry.first_name,
                ))
    return conflicting


# --------------------------------------------------------------------------- one student's files


def _is_notebook_name(name: str) -> bool:
    return name.lower().endswith(".ipynb")


def _rank(c: _Candidate, assignment: str) -> tuple:
    """Larger is preferred: a notebook, named for the assignment, the LMS's later attempt,
    a LATE resubmission over the on-time file it replaced, the later file time."""
    return (
        _is_notebook_name(c.item.name),
        _assignment_of(c.parsed.file, [assignment]) == assignment,
        c.parsed.attempt,
        c.parsed.late,
        c.entry.timestamp,
    )


def _why_not(loser: _Candidate, winner: _Candidate, assignment: str) -> tuple[str, str, str]:
    """(status, reason, what decided) for a file not graded because `winner` was."""
    kept = winner.item.name
    a, b = _rank(loser, assignment), _rank(winner, assignment)
    if not a[0]:
        return "not_a_notebook", f"not a notebook (.ipynb); graded {kept}", "the notebook"
    if a[1] != b[1]:
        return ("duplicate", f"its name does not name {assignment}; graded {kept}, which does",
                f"named for {assignment}")
    if a[2] != b[2]:
        return ("duplicate", f"older attempt (LMS number {loser.parsed.attempt} < "
                f"{winner.parsed.attempt}); graded {kept}", "the LMS's latest attempt")
    if a[3] != b[3]:
        return ("duplicate", f"replaced by a LATE resubmission; graded {kept}",
                "the LATE resubmission")
    if a[4] != b[4]:
        return ("duplicate", f"older file ({loser.entry.timestamp or 'unknown time'} < "
                f"{winner.entry.timestamp}); graded {kept}", "the latest file time")
    if loser.digest and loser.digest == winner.digest:
        return "duplicate", f"identical copy of {kept}, which was graded", "identical copies"
    if loser.digest[:1] != winner.digest[:1]:
        return ("duplicate", f"does not start like a notebook (JSON); graded {kept}",
                "the only one that starts like a notebook")
    return ("duplicate", f"same time and no attempt number to tell it from {kept}, which was "
            "graded (chosen by content): check which one the student meant",
            "nothing but content: check which one the student meant")


def _digest(c: _Candidate, limits: Limits, budget: _Budget) -> str:
    """(looks like JSON, SHA-256) of the content, streamed; for ties nothing else decides."""
    h = hashlib.sha256()
    first = b""
    for chunk in _read_chunks(c.item, limits.max_file_bytes, budget):
        if not first:
            first = chunk.lstrip()[:1]
        h.update(chunk)
    return ("1" if first == b"{" else "0") + h.hexdigest()


def _file_best(course, assignment, student, candidates, report, limits, budget) -> None:
    """File the student's best candidate; every other one is reported with why it lost."""
    candidates.sort(key=lambda c: _rank(c, assignment), reverse=True)
    top = _rank(candidates[0], assignment)
    tied = [c for c in candidates if _rank(c, assignment) == top]
    unreadable: list[_Candidate] = []
    if len(tied) > 1:  # nothing the LMS says tells them apart: decide by content
        for c in tied:
            try:
                c.digest = _digest(c, limits, budget)
            except Exception as err:  # noqa: BLE001 - one bad entry must not stop the class
                report.problems.append(_unreadable(c, err))
                unreadable.append(c)
        rest = [c for c in candidates if c not in tied]
        tied = sorted((c for c in tied if c not in unreadable), key=lambda c: c.digest,
                      reverse=True)
        candidates = tied + rest
    winner = None
    decided: list[str] = []  # what set the winner apart from each other file, best first
    for c in candidates:
        if c in unreadable:
            continue
        if winner is None:
            try:
                _store(course, assignment, student, c, limits, budget)
            except Exception as err:  # noqa: BLE001 - report it, try the next file
                report.problems.append(_unreadable(c, err))
                continue
            winner = c
            report.collected.append(c.entry)
        else:
            status, reason, why = _why_not(c, winner, assignment)
            report.problems.append(Problem(c.item.origin, status, reason, student,
                                           c.entry.last_name, c.entry.first_name))
            decided.append(why)
    if winner is not None and decided:  # against the runner-up: what made the difference
        winner.entry.note = f"kept over {len(decided)} other file(s): {decided[0]}"


def _unreadable(c: _Candidate, err: Exception) -> Problem:
    if isinstance(err, Refused):
        status, reason = err.status, str(err)
    else:  # a damaged zip entry, an I/O error: the file, not the class
        status, reason = "unreadable", f"could not be read: {type(err).__name__}: {err}"
    return Problem(c.item.origin, status, printable(reason)[:300], c.entry.student_id,
                   c.entry.last_name, c.entry.first_name)


# --------------------------------------------------------------------------- filing


def _student_folder(course: Course, student: str) -> Path:
    """submitted/<student>, proven to be a plain folder directly inside submitted/."""
    if why := student_id_problem(student):
        raise Refused("unsafe_name", why)
    course.submitted.mkdir(parents=True, exist_ok=True)
    folder = course.submitted / student
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise Refused("unsafe_path", f"submitted/{student} exists and is not a folder: not touched")
    if folder.resolve().parent != course.submitted.resolve():
        raise Refused("unsafe_path", f"submitted/{student} resolves outside submitted/")
    return folder


def _store(course, assignment, student, c: _Candidate, limits, budget) -> None:
    """Stream the file into submitted/<student>/<assignment>/<notebook> (never whole in memory);
    what was there before is replaced only once the new copy is complete."""
    expected = [p.name for p in course.released_notebooks(assignment)] or [f"{assignment}.ipynb"]
    folder = _student_folder(course, student)
    fd, tmp = tempfile.mkstemp(prefix=".collect-", suffix=".part", dir=course.submitted)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _read_chunks(c.item, limits.max_file_bytes, budget):
                out.write(chunk)
        dest = folder / assignment
        if dest.is_symlink() or dest.is_file():
            dest.unlink()
        elif dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        os.replace(tmp, dest / expected[0])
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --------------------------------------------------------------------------- nbgrader's own tree


def _is_nbgrader_tree(path: Path, assignments: list[str]) -> bool:
    if not path.is_dir() or path.is_symlink():
        return False
    try:
        students = [p for p in path.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return False
    return any((s / a).is_dir() for s in students for a in assignments)


def _collect_nbgrader_tree(course, path, known, assignment, report, limits) -> None:
    budget = _Budget(limits.max_total_bytes)
    for student_dir in sorted(path.iterdir()):
        student = student_dir.name
        shown = printable(student)
        if student_dir.is_symlink():
            report.problems.append(Problem(shown, "unsafe_path", "a symbolic link: not followed"))
            continue
        if not student_dir.is_dir():
            report.problems.append(Problem(shown, "ignored", "a file where student folders are"))
            continue
        for a_dir in sorted(student_dir.iterdir()):
            origin = f"{shown}/{printable(a_dir.name)}"
            if a_dir.is_symlink() or not a_dir.is_dir():
                report.problems.append(Problem(origin, "ignored",
                                               "not an assignment folder (file or link)"))
                continue
            why = student_id_problem(student)
            if a_dir.name not in known or (assignment and a_dir.name != assignment):
                report.problems.append(Problem(origin, "ignored",
                                               "not an assignment being collected",
                                               "" if why else student))
                continue
            if why:
                report.problems.append(Problem(origin, "unsafe_name", why + ": not filed"))
                continue
            _collect_tree_submission(course, a_dir, origin, student, report, limits, budget)


def _collect_tree_submission(course, a_dir, origin, student, report, limits, budget) -> None:
    expected = [p.name for p in course.released_notebooks(a_dir.name)] or [f"{a_dir.name}.ipynb"]
    items = [
        i for i in _walk_folder(a_dir, Limits(max_depth=1, max_entries=limits.max_entries))
        if i.name != "timestamp.txt"
    ]
    for i in items:
        i.origin = f"{origin}/{i.origin}"
    notebooks = [i for i in items if i.refused is None and _is_notebook_name(i.name)]
    for i in items:
        if i.refused and i.refused[1].startswith("folders nested"):
            report.problems.append(Problem(i.origin, "ignored", "a folder inside the submission",
                                           student))
        elif i.refused:
            report.problems.append(Problem(i.origin, *i.refused, student))
        elif i not in notebooks:
            report.problems.append(Problem(i.origin, "ignored", "not a notebook", student))
    # the released notebook's own name first, then any other
    notebooks.sort(key=lambda i: (i.name not in expected, i.name))
    if not notebooks:
        report.problems.append(Problem(origin, "unmatched", "no notebook in the submission folder",
                                       student))
        return
    chosen = notebooks[0]
    if chosen.size > limits.max_file_bytes:
        report.problems.append(Problem(chosen.origin, "too_large",
                                       f"{chosen.size} bytes (limit {limits.max_file_bytes})",
                                       student))
        return
    stamp_file = a_dir / "timestamp.txt"
    stamp = chosen.timestamp
    if stamp_file.is_file() and not stamp_file.is_symlink() and stamp_file.stat().st_size < 100:
        stamp = printable(stamp_file.read_text(encoding="utf-8", errors="replace").strip())
    entry = Collected(student, "", "", a_dir.name, chosen.name, stamp)
    candidate = _Candidate(entry, chosen, Parsed(student, file=chosen.name))
    try:
        _store(course, a_dir.name, student, candidate, limits, budget)
    except Exception as err:  # noqa: BLE001 - report, carry on with the class
        report.problems.append(_unreadable(candidate, err))
        return
    report.collected.append(entry)
    if chosen.name not in expected:
        report.problems.append(Problem(chosen.origin, "renamed", f"graded as {expected[0]}",
                                       student))
    for other in notebooks[1:]:
        report.problems.append(Problem(other.origin, "ignored",
                                       "extra notebook in the submission folder", student))


# --------------------------------------------------------------------------- after filing


def _assignment_of(file_part: str, known: list[str]) -> str | None:
    stem = Path(file_part).stem.lower() if file_part else ""
    for name in known:
        if stem.startswith(name.lower()):
            return name
    for name in known:
        tag = short_tag(name).lower()
        if re.match(rf"^{re.escape(tag)}(?![0-9])", stem):
            return name
    return None


def _mark_late(report: CollectReport, due: str | None) -> None:
    if not due:
        return
    deadline = dt.datetime.fromisoformat(due)
    for entry in report.collected:
        try:
            stamp = dt.datetime.fromisoformat(entry.timestamp.replace(" ", "T").split("+")[0])
        except ValueError:
            continue
        if stamp > deadline:
            late_by = stamp - deadline
            hours = late_by.total_seconds() / 3600
            entry.late = f"late by {hours:.1f} h"


def _write_timestamps(course: Course, report: CollectReport) -> None:
    for entry in report.collected:
        folder = course.submitted / entry.student_id / entry.assignment
        if folder.is_dir() and not folder.is_symlink():
            (folder / "timestamp.txt").write_text(entry.timestamp.replace("T", " "))


def report_path(course: Course, assignment: str) -> Path:
    return course.grades / f"{assignment}.collect.json"


def _save_report(course: Course, report: CollectReport, assignment: str | None) -> None:
    """Save per assignment; problems go to the assignment being collected (if one was named),
    else to the one the file name suggests, else to `_unsorted` (listed by every grade run)."""
    by_assignment: dict[str, CollectReport] = {}
    for entry in report.collected:
        by_assignment.setdefault(entry.assignment, CollectReport()).collected.append(entry)
    for problem in report.problems:
        target = (
            assignment
            or _assignment_of(Path(problem.file).name, course.assignment_names())
            or "_unsorted"
        )
        for entry in report.collected:
            if not assignment and problem.student_id and entry.student_id == problem.student_id:
                target = entry.assignment
        by_assignment.setdefault(target, CollectReport()).problems.append(problem)
    for name, part in by_assignment.items():
        path = report_path(course, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        old = load_report(course, name)
        students = {c.student_id for c in part.collected}
        merged = CollectReport(
            [c for c in old.collected if c.student_id not in students] + part.collected,
            [p for p in old.problems if p.file not in {q.file for q in part.problems}]
            + part.problems,
            report.lms,
        )
        path.write_text(json.dumps(asdict(merged), indent=1))


def load_report(course: Course, assignment: str) -> CollectReport:
    path = report_path(course, assignment)
    if not path.exists():
        return CollectReport()
    data = json.loads(path.read_text())
    return CollectReport(
        [Collected(**c) for c in data.get("collected", [])],
        [Problem(**p) for p in data.get("problems", [])],
        data.get("lms", ""),
    )


def format_collect_report(report: CollectReport) -> str:
    head = f"collected {len(report.collected)} submission(s)"
    lines = [head + (f" (file names read as {report.lms})" if report.lms else "")]
    for c in report.collected:
        late = f"  [{c.late}]" if c.late else ""
        note = f"  ({c.note})" if c.note else ""
        lines.append(f"  {c.assignment:24s} {c.student_id:>10s}  {c.file}{late}{note}")
    if report.problems:
        lines.append(f"{len(report.problems)} file(s) need a look (they will be in the CSV):")
        for p in report.problems:
            who = f" (student {p.student_id})" if p.student_id else ""
            lines.append(f"  {p.status:16s} {p.file}{who}: {p.reason}")
    return "\n".join(lines)
