"""One bounded reader for every input file.

Every file standoff reads on a user's behalf (scenarios, outcome files, GENIUS XML,
DEU and stakeholder tables) goes through :func:`read_bytes`, which:

* refuses anything that is not a regular file -- folders, FIFOs, character and block
  devices, sockets -- including through symbolic links (``scenario.yaml -> /dev/zero``),
  so that a read can neither block forever on a FIFO nor run until memory is exhausted on
  an endless device;
* opens without blocking and checks the opened file again (``fstat``), so that a file
  swapped for a FIFO between the check and the open is refused too;
* reads at most ``limit + 1`` bytes and refuses the file if there are more, never trusting
  the size that ``stat`` reports (``/proc`` files report 0; a file may grow while read);
* turns every way a path can be wrong into a :class:`~standoff.core.errors.UserError`
  that names the file and says what is wrong.

Symbolic links to regular files are followed: a link is a legitimate way to point at a
file, and what is read is the file it points to, with the same checks.
"""

from __future__ import annotations

import errno
import os
import stat

from standoff.core.errors import UserError

#: Bytes read per system call.
_CHUNK = 1 << 20


def describe_size(n: int) -> str:
    """A byte count in words: ``5 MiB``, ``64 KiB``, ``100 bytes``."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n:,} bytes"


def file_kind(mode: int) -> str:
    """What kind of file a ``st_mode`` describes, in words."""
    if stat.S_ISREG(mode):
        return "regular file"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _os_problem(shown: str, exc: OSError, what: str, hint: str) -> UserError:
    """The UserError for an OSError raised while looking at or opening ``shown``."""
    code = exc.errno
    if code == errno.ENOENT:
        if os.path.islink(shown):
            return UserError(f"{shown}: a symbolic link to {os.readlink(shown)!r}, which does not exist",
                             hint=hint)
        return UserError(f"{shown}: no such file", hint=hint)
    if code == errno.ENOTDIR:
        return UserError(f"{shown}: no such file (a part of the path is not a directory)", hint=hint)
    if code in (errno.EACCES, errno.EPERM):
        return UserError(f"{shown}: cannot read the {what} (permission denied)")
    if code == errno.ELOOP:
        return UserError(f"{shown}: too many levels of symbolic links (a loop?)")
    if code == errno.ENAMETOOLONG:
        return UserError(f"{shown[:80]}...: the file name is too long")
    if code == errno.ENXIO:
        return UserError(f"{shown}: is a socket or a device without a reader, not a regular file")
    return UserError(f"{shown}: cannot read the {what} ({exc.strerror or exc})")


def _refuse_kind(shown: str, mode: int, what: str) -> UserError:
    kind = file_kind(mode)
    if stat.S_ISDIR(mode):
        return UserError(f"{shown}: is a directory, not a {what}", hint="give the path of a file")
    return UserError(
        f"{shown}: is a {kind}, not a regular file",
        hint=f"standoff reads a {what} only from a regular file; save the input to a file first",
    )


def read_bytes(path: str | os.PathLike[str], *, limit: int, what: str = "file", hint: str = "") -> bytes:
    """The content of a regular file of at most ``limit`` bytes (see the module docstring).

    ``what`` names the kind of input in messages ("scenario", "GENIUS file"); ``hint``
    is added when the file does not exist.
    """
    shown = os.fspath(path)
    if not str(shown).strip():
        raise UserError(f"no {what} given (the path is empty)")
    try:
        st = os.stat(shown)  # follows symbolic links: the target is what counts
    except OSError as exc:
        raise _os_problem(shown, exc, what, hint) from None
    except ValueError:  # an embedded NUL byte
        raise UserError(f"{shown!r}: not a valid path (it contains a NUL byte)") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refuse_kind(shown, st.st_mode, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(shown, flags)
    except OSError as exc:
        raise _os_problem(shown, exc, what, hint) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the check and the open
            raise _refuse_kind(shown, st.st_mode, what)
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except OSError as exc:
                raise UserError(f"{shown}: cannot read the {what} ({exc.strerror or exc})") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UserError(
                    f"{shown}: the {what} is larger than the {describe_size(limit)} limit",
                    hint="is this the right file? Limits: docs/reference/limits.md",
                )
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: str | os.PathLike[str], *, limit: int, what: str = "file", hint: str = "") -> str:
    """:func:`read_bytes`, decoded as UTF-8 (a byte-order mark is dropped); a file with NUL
    bytes or invalid UTF-8 is refused with the offset of the first bad byte."""
    data = read_bytes(path, limit=limit, what=what, hint=hint)
    return decode_text(data, os.fspath(path), what)


def decode_text(data: bytes, shown: str, what: str = "file") -> str:
    """UTF-8 text of ``data`` (byte-order mark dropped), or a UserError naming ``shown``."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UserError(f"{shown}: this is a binary file (a NUL byte at offset {nul}), not a {what}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{shown}: not UTF-8 text (bad byte at offset {exc.start})",
            hint="save the file as UTF-8",
        ) from None


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is (or links to) a regular file; never raises."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


__all__ = ["decode_text", "describe_size", "file_kind", "is_regular_file", "read_bytes", "read_text"]
