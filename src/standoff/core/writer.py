"""One output writer: every file standoff writes goes through :func:`write_atomic`.

A file is written to a temporary file beside its target and renamed over it, so that a
reader sees the old content or the new, never half of it; the data is flushed to disk
before the rename. The rules:

* **Short temporary name.** ``.standoff-<8 hex digits>.tmp`` in the target's folder, so
  any target name the file system accepts can be written (a 245-character name works);
  a name longer than the file system allows (255 bytes on most) is a clear error.
* **Regular files only.** An existing target that is a folder, a device (``/dev/null``,
  ``/dev/sda``), a FIFO or a socket is refused, never replaced by a regular file.
* **Symbolic links are followed.** A target that is a symbolic link keeps its link: the
  file it points to is replaced (with the same checks), as a shell's ``>`` would write
  through it. A link to a missing file (a dangling link) is refused, so that standoff
  never creates a file at a place the user did not name.
* **Permissions.** A replaced file keeps its permission bits; a new file gets ``0666``
  less the umask, like any other program's output.
* **Signals.** While a temporary file exists, SIGTERM, SIGINT and SIGHUP remove it before
  the process ends (by the same signal, so the exit status is the usual one); any
  exception removes it too. Only ``kill -9`` (which nothing can catch) can leave a
  ``.standoff-*.tmp`` file behind.

Every failure is a :class:`~standoff.core.errors.UserError` naming the target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from standoff.core.errors import UserError
from standoff.core.reader import file_kind

#: Signals that remove pending temporary files before the process ends.
CLEANUP_SIGNALS = tuple(
    s for s in (getattr(signal, n, None) for n in ("SIGTERM", "SIGINT", "SIGHUP")) if s is not None
)
#: Longest file name assumed when the file system cannot be asked.
DEFAULT_NAME_MAX = 255

_pending: dict[str, None] = {}  # temporary files and folders to remove on a signal (ordered set)
_lock = threading.Lock()


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def _handler(previous: dict[int, Any]) -> Callable[[int, FrameType | None], Any]:
    def on_signal(signum: int, frame: FrameType | None) -> Any:
        prev = previous.get(signum, signal.SIG_DFL)
        if callable(prev):
            # e.g. Python's SIGINT handler: it raises KeyboardInterrupt, which unwinds
            # through the writer, and the writer removes its temporary file
            return prev(signum, frame)
        if prev == signal.SIG_IGN:
            return None
        with _lock:
            paths = list(_pending)
        for p in paths:
            _remove(p)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # end by the same signal: the usual exit status
        return None

    return on_signal


@contextlib.contextmanager
def removed_on_failure(path: str | os.PathLike[str]) -> Iterator[None]:
    """Remove ``path`` (a temporary file or folder) if the block raises, or if one of
    :data:`CLEANUP_SIGNALS` ends the process while the block runs."""
    key = os.fspath(path)
    with _lock:
        _pending[key] = None
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        handler = _handler(previous)
        for sig in CLEANUP_SIGNALS:
            try:
                previous[sig] = signal.signal(sig, handler)
            except (ValueError, OSError):  # not settable here (e.g. an embedded interpreter)
                continue
    try:
        yield
    except BaseException:
        _remove(key)
        raise
    finally:
        for sig, prev in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, prev if prev is not None else signal.SIG_DFL)
        with _lock:
            _pending.pop(key, None)


def name_max(folder: Path) -> int:
    """Longest file name (in bytes) the file system of ``folder`` accepts."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_NAME_MAX


def _problem(shown: str, exc: OSError) -> UserError:
    if exc.errno == errno.ENOSPC:
        return UserError(f"cannot write {shown}: no space left on the device")
    if exc.errno == errno.ENAMETOOLONG:
        return UserError(f"cannot write {shown[:80]}...: the path is too long for the file system")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"cannot write {shown}: {exc.strerror}", hint="choose a place you can write to")
    return UserError(f"cannot write {shown}: {exc.strerror or exc}")


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The regular file a write to ``path`` replaces or creates (see the module docstring):
    a symbolic link is followed; folders, devices, FIFOs, sockets and dangling links are
    refused; a name too long for the file system is refused."""
    p = Path(path)
    shown = str(p)
    if os.path.islink(p):
        real = Path(os.path.realpath(p))
        if not os.path.lexists(real) or os.path.islink(real):
            raise UserError(
                f"cannot write {shown}: it is a symbolic link to {os.readlink(p)!r}, which does not exist",
                hint="give the real file name, or create the file the link points to",
            )
        p = real
    name = os.fsencode(p.name)
    parent = p.parent if str(p.parent) else Path(".")
    limit = name_max(parent) if os.path.isdir(parent) else DEFAULT_NAME_MAX
    if len(name) > limit:
        raise UserError(
            f"cannot write {shown[:60]}...: the file name is {len(name)} bytes long,"
            f" and this file system allows at most {limit}",
            hint="choose a shorter name",
        )
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise UserError(f"cannot write {shown}: a part of the path is not a folder") from None
    except OSError as exc:
        raise _problem(shown, exc) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"cannot write {shown}: it is a folder", hint="give a file name")
        raise UserError(
            f"cannot write {shown}: it is a {file_kind(st.st_mode)}, not a regular file",
            hint="standoff writes only regular files; give a file name",
        )
    return p


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring)."""
    shown = str(path)
    target = resolve_target(path)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(f"cannot write {shown}: {parent} is not a folder") from None
    except OSError as exc:
        raise UserError(f"cannot create the folder of {shown}: {exc.strerror}") from None
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None  # a new file: 0666 less the umask, applied by os.open
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(100):
        tmp = parent / f".standoff-{secrets.token_hex(4)}.tmp"
        if not os.path.lexists(tmp):
            break
    with removed_on_failure(tmp):
        try:
            fd = os.open(tmp, flags, 0o666)
        except OSError as exc:
            raise _problem(shown, exc) from None
        try:
            try:
                view = memoryview(payload)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
                if mode is not None:
                    os.fchmod(fd, mode)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except OSError as exc:
            _remove(os.fspath(tmp))
            raise _problem(shown, exc) from None


__all__ = ["CLEANUP_SIGNALS", "name_max", "removed_on_failure", "resolve_target", "write_atomic"]
