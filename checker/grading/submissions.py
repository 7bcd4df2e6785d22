"""A class's submissions: one entry per student in a folder, checked before anything runs.

An entry is a repository checkout (a folder) or a `.zip` of one; GitHub's "Download ZIP"
wraps the repository in one top folder, which is stepped into. The entry's name, less
`.zip`, is the student's id. An entry that cannot be graded safely becomes a row with a
status and a message (`Submission.status`), never an exception: an empty folder, a file
that is not a zip, a zip holding a path that escapes its folder, a tree without katas/, a
symbolic link that leaves the tree, two entries with one id, a submission over the size
limit. A zip is unpacked into a private scratch folder; only regular files and folders
come out of it.
"""

from __future__ import annotations

import csv
import hashlib
import os
import stat
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from checker.core.catalogue import Kata
from checker.core.errors import KataUsageError
from checker.core.limits import MAX_SUBMISSION_BYTES, MAX_ZIP_MEMBERS
from checker.core.results import BAD_INPUT, RowStatus

__all__ = [
    "BAD_INPUT",
    "Submission",
    "content_hash",
    "find_submissions",
    "in_shard",
    "parse_shard",
    "prepare",
    "read_roster",
]

# The statuses of a submission that cannot be graded, each with its message.
EMPTY = "The submission is empty: {name} holds no files."
NOT_A_ZIP = "{name} is not a folder or a .zip file that can be read ({why})."
UNSAFE_ZIP = "The zip holds a path that escapes its folder ({path}): it was not unpacked."
NO_KATAS = "No katas/ folder in {name}: it is not a torch-katas repository (or a zip of one)."
UNSAFE_LINK = "{path} is a symbolic link that leaves the submission: nothing of it was graded."
DUPLICATE = "Two or more entries have the id {id} ({names}): rename all but one, then grade again."
TOO_LARGE = "The submission is over {limit} MiB ({what}): it was not graded."

ROSTER_EMPTY = "The roster {path} names no students (the first column of each row is the id)."
ROSTER_UNREADABLE = "Cannot read the roster {path}: {why}."
BAD_SHARD = "--shard must be K/N with 1 <= K <= N (e.g. 2/4), not {given!r}."
_ROSTER_HEADERS = {"id", "student", "student_id", "login", "username", "email", "sis user id", "sis_user_id"}
_ZIP_CLUTTER = {"__MACOSX"}


@dataclass(frozen=True)
class Submission:
    """One student's entry: where it is, and why it cannot be graded ("" while it can)."""

    id: str
    path: Path | None  # the entry as found; None for a roster row without one
    status: RowStatus | None = None  # None (gradable), MISSING, or one of BAD_INPUT
    message: str = ""


def find_submissions(folder: Path) -> list[Submission]:
    """Every entry of `folder` by id (hidden files aside), sorted; two entries with one id make one bad row."""
    by_id: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue  # .DS_Store, .git: not a student
        student = entry.name[: -len(".zip")] if entry.name.lower().endswith(".zip") else entry.name
        by_id.setdefault(student, []).append(entry)
    found = []
    for student, entries in sorted(by_id.items()):
        if len(entries) > 1:
            names = ", ".join(entry.name for entry in entries)
            found.append(
                Submission(student, entries[0], RowStatus.DUPLICATE_ID, DUPLICATE.format(id=student, names=names))
            )
        else:
            found.append(Submission(student, entries[0]))
    return found


def read_roster(path: Path) -> list[str]:
    """The ids in the roster's first column (a header row such as "id" or "login" is skipped)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle) if row and row[0].strip()]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise KataUsageError(
            ROSTER_UNREADABLE.format(path=path, why=getattr(error, "strerror", None) or error)
        ) from None
    ids = [row[0].strip() for row in rows]
    if ids and ids[0].lower() in _ROSTER_HEADERS:
        ids = ids[1:]
    if not ids:
        raise KataUsageError(ROSTER_EMPTY.format(path=path))
    return list(dict.fromkeys(ids))


def parse_shard(given: str | None) -> tuple[int, int]:
    """(K, N) from "K/N"; (1, 1) for no shard; KataUsageError if malformed."""
    if not given:
        return 1, 1
    try:
        k, n = (int(part) for part in given.split("/"))
    except ValueError:
        raise KataUsageError(BAD_SHARD.format(given=given)) from None
    if not 1 <= k <= n:
        raise KataUsageError(BAD_SHARD.format(given=given))
    return k, n


def in_shard(student: str, shard: tuple[int, int]) -> bool:
    """Is this id in shard K of N? Stable: the same id lands in the same shard on every machine."""
    k, n = shard
    return int(hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest(), 16) % n == k - 1


def prepare(submission: Submission, scratch: Path) -> tuple[Submission, Path | None]:
    """The tree to grade (a zip unpacked under `scratch`), or the submission marked with why not."""
    path = submission.path
    if submission.status or path is None:
        return submission, None
    try:
        if path.is_symlink():
            return _bad(submission, RowStatus.UNSAFE_LINK, UNSAFE_LINK.format(path=path.name)), None
        if path.is_dir():
            tree = path.resolve()
        elif path.is_file() and zipfile.is_zipfile(path):
            tree = _unpack(path, scratch / "unpacked")
        else:
            why = "not a zip archive" if path.is_file() else "not a regular file"
            return _bad(submission, RowStatus.NOT_A_ZIP, NOT_A_ZIP.format(name=path.name, why=why)), None
        problem = _check_tree(tree, path.name)
    except _Bad as bad:
        return _bad(submission, bad.status, bad.message), None
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError) as error:
        return _bad(submission, RowStatus.NOT_A_ZIP, NOT_A_ZIP.format(name=path.name, why=error)), None
    if problem:
        return _bad(submission, *problem), None
    return submission, tree


def content_hash(tree: Path | None, katas: list[Kata]) -> str:
    """A digest of the planned katas' solution files as they are (absent, a link, or their bytes)."""
    digest = hashlib.sha256()
    for kata in katas:
        digest.update(f"\0{kata.id}\0".encode())
        if tree is None:
            continue
        target = kata.stub_path(tree)
        try:
            if target.is_symlink() or not target.is_file():
                digest.update(b"<no regular file>")
            else:
                digest.update(target.read_bytes())
        except OSError as error:
            digest.update(f"<unreadable {error.errno}>".encode())
    return digest.hexdigest()[:16]


class _Bad(Exception):
    def __init__(self, status: RowStatus, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _bad(submission: Submission, status: RowStatus, message: str) -> Submission:
    return replace(submission, status=status, message=message)


def _unpack(archive: Path, target: Path) -> Path:
    """Unpack `archive` into `target`, refusing escapes, links out and bombs; the repository's root."""
    if archive.stat().st_size > MAX_SUBMISSION_BYTES:
        raise _Bad(RowStatus.TOO_LARGE, TOO_LARGE.format(limit=MAX_SUBMISSION_BYTES // 2**20, what="the zip file"))
    with zipfile.ZipFile(archive) as bundle:
        members = bundle.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _Bad(
                RowStatus.TOO_LARGE, TOO_LARGE.format(limit=MAX_SUBMISSION_BYTES // 2**20, what=f"{len(members)} files")
            )
        if sum(member.file_size for member in members) > MAX_SUBMISSION_BYTES:
            raise _Bad(RowStatus.TOO_LARGE, TOO_LARGE.format(limit=MAX_SUBMISSION_BYTES // 2**20, what="unpacked"))
        target.mkdir(parents=True, exist_ok=True)
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or (name.parts and ":" in name.parts[0]):
                raise _Bad(RowStatus.UNSAFE_ZIP, UNSAFE_ZIP.format(path=member.filename))
            if not name.parts or name.parts[0] in _ZIP_CLUTTER:
                continue
            mode = member.external_attr >> 16
            if stat.S_ISLNK(mode):
                link = PurePosixPath(bundle.read(member).decode("utf-8", "replace"))
                if link.is_absolute() or _escapes(name.parent / link):
                    raise _Bad(RowStatus.UNSAFE_LINK, UNSAFE_LINK.format(path=member.filename))
                continue  # a link inside the tree: not unpacked (only regular files are graded)
            destination = target.joinpath(*name.parts)
            if member.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(member) as source, open(destination, "wb") as sink:
                left = MAX_SUBMISSION_BYTES + 1
                while chunk := source.read(min(1 << 20, left)):
                    sink.write(chunk)
                    left -= len(chunk)
                    if left <= 0:  # a header that lied about the size
                        raise _Bad(
                            RowStatus.TOO_LARGE, TOO_LARGE.format(limit=MAX_SUBMISSION_BYTES // 2**20, what="unpacked")
                        )
    entries = [entry for entry in target.iterdir() if entry.name not in _ZIP_CLUTTER]
    if not entries:
        raise _Bad(RowStatus.EMPTY, EMPTY.format(name=archive.name))
    if not (target / "katas").is_dir() and len(entries) == 1 and entries[0].is_dir():
        return entries[0]  # GitHub's "Download ZIP": one top folder, NAME-main/
    return target


def _escapes(path: PurePosixPath) -> bool:
    depth = 0
    for part in path.parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return True
    return False


def _check_tree(tree: Path, name: str) -> tuple[str, str] | None:
    """Why this tree cannot be graded (status, message), or None: empty, too large, no katas/, a link out."""
    total, any_file = 0, False
    for folder, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if not (folder == str(tree) and d == ".git")]  # history is not graded
        here = Path(folder)
        for entry in [*dirs, *files]:
            path = here / entry
            if path.is_symlink() and not path.resolve().is_relative_to(tree):
                return RowStatus.UNSAFE_LINK, UNSAFE_LINK.format(path=path.relative_to(tree).as_posix())
        for entry in files:
            path = here / entry
            if path.is_symlink():
                continue
            any_file = True
            try:
                total += path.lstat().st_size
            except OSError:
                continue
            if total > MAX_SUBMISSION_BYTES:
                return RowStatus.TOO_LARGE, TOO_LARGE.format(limit=MAX_SUBMISSION_BYTES // 2**20, what="its files")
    if not any_file and not (tree / ".git").exists():
        return RowStatus.EMPTY, EMPTY.format(name=name)
    if not (tree / "katas").is_dir() or (tree / "katas").is_symlink():
        return RowStatus.NO_KATAS, NO_KATAS.format(name=name)
    return None
