"""The output-fault reproducers of issue 16 (item 5): standard output on a full disk, closed
or cut off; output names at and beyond the file system's limit; targets that are devices,
FIFOs or symbolic links; and signals arriving while a file is being written."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from standoff.core.errors import UserError
from standoff.core.writer import write_atomic
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, COLUMNS="120", PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))


def standoff(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "standoff", *args], capture_output=True, text=True,
                          timeout=120, env=ENV, **kwargs)  # type: ignore[call-overload]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".standoff-"))


# ----------------------------------------------------------------------- standard output
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["schema"]])
def test_stdout_on_a_full_disk(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "standoff", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, env=ENV)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert proc.stderr.strip() == "error: cannot write to standard output: No space left on device"


@pytest.mark.parametrize("args", [["list"], ["schema"]])
def test_stdout_closed(args: list[str]) -> None:
    proc = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "standoff", *args],
                          capture_output=False, stderr=subprocess.PIPE, text=True, timeout=120, env=ENV)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "cannot write to standard output" in proc.stderr


def test_reader_going_away_exits_0_quietly() -> None:
    """`standoff brief | head -1`: the pipe closes early; status 0, nothing on stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "standoff", "schema"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ENV)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before anything is written: the first write meets a broken pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""


def test_in_process_output_is_unchanged() -> None:
    """The guard around stdout is invisible when nothing goes wrong."""
    r = run_cli("list", "--json")
    assert r.code == 0 and r.stdout.lstrip().startswith("[")
    assert sys.stdout.__class__.__name__ != "_GuardedStdout"


# -------------------------------------------------------------------------- file names
def test_a_long_legal_name_works(tmp_path: Path) -> None:
    name = "a" * 240 + ".json"  # 245 bytes: legal, but too long for a temporary name built on it
    r = run_cli("schema", "-o", str(tmp_path / name))
    assert r.code == 0, r.stderr
    assert (tmp_path / name).stat().st_size > 0
    assert leftovers(tmp_path) == []


def test_a_name_too_long_is_a_clear_error(tmp_path: Path) -> None:
    r = run_cli("schema", "-o", str(tmp_path / ("b" * 251 + ".json")))
    assert r.code == 2 and "Traceback" not in r.stderr
    assert "the file name is 256 bytes long" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_path_too_long_is_a_clear_error(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(["d" * 200] * 25), "out.json")  # over PATH_MAX
    r = run_cli("schema", "-o", str(deep))
    assert r.code == 2 and "Traceback" not in r.stderr and "cannot" in r.stderr


# ---------------------------------------------------------------------------- targets
@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_is_never_replaced() -> None:
    r = run_cli("schema", "-o", "/dev/null")
    assert r.code == 2 and "character device" in r.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_target_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    r = run_cli("schema", "-o", str(fifo))
    assert r.code == 2 and "FIFO" in r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    r = run_cli("schema", "-o", str(link))
    assert r.code == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert real.read_text().startswith("{")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # a replaced file keeps its permissions
    assert leftovers(tmp_path) == []


def test_a_dangling_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("missing.json")
    r = run_cli("schema", "-o", str(link))
    assert r.code == 2 and "does not exist" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json"]


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_writer_errors_are_user_errors(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="not a folder"):
        write_atomic(tmp_path / "file" / "out.txt", "x")
    with pytest.raises(UserError, match="it is a folder"):
        write_atomic(tmp_path, "x")


# ---------------------------------------------------------------------------- signals
SLOW_WRITE = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from standoff.core import writer
    def slow_fsync(fd):
        print("ready", flush=True)
        time.sleep(60)
    writer.os.fsync = slow_fsync
    writer.write_atomic(Path(sys.argv[1]), b"new content" * 1000)
""")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
@pytest.mark.parametrize("existing", [True, False])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, signum: int, existing: bool) -> None:
    target = tmp_path / "out.json"
    if existing:
        target.write_text("old content")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(target)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert len(leftovers(tmp_path)) == 1  # the temporary file exists while writing
        proc.send_signal(signum)
        proc.wait(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == -signum or (signum == signal.SIGINT and proc.returncode != 0)
    assert leftovers(tmp_path) == []
    if existing:
        assert target.read_text() == "old content"  # nothing written half-way
    else:
        assert not target.exists()
