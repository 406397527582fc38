"""`transform ARGS` run as the console script runs, without a new interpreter's start-up each time.

A run of the command as a subprocess costs about 0.6 CPU-s, most of it Python starting and
importing the library; the run itself on the sample district about 0.07. Here the test process
imports the command line once, and each run is a fork of it made to look like a new process:
its own cwd, environment, fds 0/1/2, default signal handlers (and the early SIGTERM handler
the console script arms), fresh stdio, no cache of the test process, the interpreter's own
exit (SystemExit, a traceback, atexit, flushing). What it returns is what `subprocess.run`
returns, so a test reads the same exit code, stdout, stderr and files.

What is not forked runs as a real subprocess: a command other than transform, options this
runner does not copy (pass_fds, a new session, ...), an environment that changes what the
interpreter or a library reads only when it starts (PYTHON*, the locale, typer's terminal
switches), and every run when TRANSFORM_TESTS_SUBPROCESS=1 (to prove both ways agree). The
tests whose point is the process itself (the console script, `python -m transform`, signals
sent from outside, start-up and imports) call subprocess themselves.
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import gc
import io
import locale
import logging
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

import transform.api  # imported once here, not in each run
import transform.cli
from transform import starting

SCRIPT = Path(sys.executable).with_name("transform")
MAIN = Path(transform.cli.__file__).with_name("__main__.py")
ALWAYS_SUBPROCESS = os.environ.get("TRANSFORM_TESTS_SUBPROCESS") == "1"

# Read once when the interpreter or a library starts (the stdio encoding, typer.rich_utils, the zone):
# a run whose environment changes one of them starts a real interpreter.
_READ_AT_START = ("PYTHON", "LANG", "LC_", "TERMINAL_WIDTH", "_TYPER", "TYPER_", "FORCE_COLOR", "PY_COLORS")
_READ_AT_START_EXACT = ("GITHUB_ACTIONS", "TZ")  # TZ: libc reads it again only at time.tzset()
# Memo tables at module level in transform, beside its functools caches (cleared generically).
_MEMO_TABLES = (("transform.pipeline.read", "_KINDS"), ("transform.starting", "EARLY"))


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    capture_output: bool = False,
    text: bool | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    check: bool = False,
    input: str | bytes | None = None,
    stdin: int | None = None,
    stdout: int | None = None,
    stderr: int | None = None,
    **other: Any,
) -> subprocess.CompletedProcess[Any]:
    """subprocess.run(cmd, ...) for a transform command, forked where it can be."""
    args = [os.fspath(part) for part in cmd]
    argv0, module_form = _transform_command(args)
    captured = capture_output or (stdout == subprocess.PIPE and stderr == subprocess.PIPE)
    forkable = (
        not ALWAYS_SUBPROCESS
        and argv0 is not None
        and not other
        and captured
        and stdin in (None, subprocess.DEVNULL)
        and (env is None or not _changes_start_up(env))
    )
    if not forkable:
        options = {"stdin": stdin, "stdout": stdout, "stderr": stderr, **other}
        if capture_output:
            options["capture_output"] = True
        return subprocess.run(cmd, text=text, cwd=cwd, env=env, timeout=timeout, check=check, input=input, **options)
    assert argv0 is not None
    argv = [argv0, *args[3 if module_form else 1 :]]
    result = _forked(
        list(cmd),
        argv,
        module_form,
        cwd=cwd,
        env=env,
        timeout=timeout,
        text=bool(text),
        input=input,
        stdin_null=stdin == subprocess.DEVNULL,
    )
    if check and result.returncode:
        raise subprocess.CalledProcessError(result.returncode, result.args, result.stdout, result.stderr)
    return result


def _transform_command(args: list[str]) -> tuple[str | None, bool]:
    """sys.argv[0] as the command would see it (None: not the transform command), and whether
    it is the `python -m transform` form."""
    if args[:3] == [sys.executable, "-m", "transform"]:
        return str(MAIN), True
    if args and Path(args[0]) == SCRIPT:
        return args[0], False
    return None, False


def _changes_start_up(env: Mapping[str, str]) -> bool:
    names = set(env) | set(os.environ)
    read_at_start = (n for n in names if n.startswith(_READ_AT_START) or n in _READ_AT_START_EXACT)
    return any(env.get(name) != os.environ.get(name) for name in read_at_start)


def _forked(
    cmd: list[Any],
    argv: list[str],
    module_form: bool,
    *,
    cwd: str | os.PathLike[str] | None,
    env: Mapping[str, str] | None,
    timeout: float | None,
    text: bool,
    input: str | bytes | None,
    stdin_null: bool,
) -> subprocess.CompletedProcess[Any]:
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() as given,
        Path(os.devnull).open("rb") as null,
    ):
        if input is not None:
            given.write(input.encode(locale.getpreferredencoding(False)) if isinstance(input, str) else input)
            given.seek(0)
        stdin = given.fileno() if input is not None else null.fileno() if stdin_null else 0
        with warnings.catch_warnings():
            # Python 3.12 warns of a fork in a process with threads (pytest-xdist's): the child
            # touches none of them and leaves by os._exit.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            _child(argv, module_form, cwd, env, stdin, out.fileno(), err.fileno())
        status = _wait(pid, timeout)
        said, said_err = _read(out, text), _read(err, text)
    if status is None:
        raise subprocess.TimeoutExpired(cmd, timeout or 0, output=said, stderr=said_err)
    return subprocess.CompletedProcess(cmd, os.waitstatus_to_exitcode(status), said, said_err)


def _wait(pid: int, timeout: float | None) -> int | None:
    """The child's wait status; None when it ran past the timeout (killed then, as subprocess.run does)."""
    if timeout is not None:
        watch = os.pidfd_open(pid)
        try:
            ended, _, _ = select.select([watch], [], [], timeout)
        finally:
            os.close(watch)
        if not ended:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
    return os.waitpid(pid, 0)[1]


def _read(file: IO[bytes], text: bool) -> str | bytes:
    file.seek(0)
    data = file.read()
    if not text:
        return data
    # as subprocess decodes a captured stream in text mode
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


def _child(
    argv: list[str],
    module_form: bool,
    cwd: str | os.PathLike[str] | None,
    env: Mapping[str, str] | None,
    stdin: int,
    out: int,
    err: int,
) -> NoReturn:
    """Never returns into the test process: every way out is os._exit."""
    code = 3
    try:
        # The test process's garbage is not collected here: a finalizer of it (a temporary
        # folder's) would run in the child, on the test process's files.
        gc.freeze()
        for fd, target in ((0, stdin), (1, out), (2, err)):
            os.dup2(target, fd)
        _new_process(argv, cwd, env)
        code = _interpreter(module_form)
    except BaseException:  # the runner's own failure: said, never a test's pass
        os.write(2, f"tests/cli_runner.py: the forked run failed\n{traceback.format_exc()}".encode())
        code = 3
    finally:
        os._exit(code)


def _new_process(argv: list[str], cwd: str | os.PathLike[str] | None, env: Mapping[str, str] | None) -> None:
    """The state a new interpreter starting `transform` has, in place of the test process's."""
    _default_signals()
    faulthandler.disable()
    atexit._clear()
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    if cwd is not None:
        os.chdir(cwd)
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again
    random.seed()  # pytest-randomly seeds each test alike; a new process draws its own
    _new_stdio()
    _default_hooks()
    _forget_caches()
    sys.argv = list(argv)
    if Path(argv[0]).name == "transform" or Path(argv[0]) == MAIN:
        starting.arm_early()  # as transform.cli does at its import in the command line


def _default_signals() -> None:
    """What exec leaves (a handler of ours is gone, an ignored signal stays ignored) and the
    interpreter then sets (SIGINT raises KeyboardInterrupt, SIGPIPE and SIGXFSZ ignored)."""
    for number in signal.valid_signals():
        if number in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            if signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, signal.SIG_DFL)
        except (OSError, ValueError):
            continue  # a real-time signal Python does not handle
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _new_stdio() -> None:
    """sys.stdin/stdout/stderr on fds 0/1/2 as the interpreter makes them (pytest's are replaced)."""
    encoding = locale.getpreferredencoding(False)
    coerced = sys.flags.utf8_mode or locale.setlocale(locale.LC_CTYPE) in ("C", "POSIX", "C.UTF-8", "C.utf8", "UTF-8")
    errors = "surrogateescape" if coerced else "strict"
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))  # -u: the test process has no flag for it

    def stream(fd: int, mode: str, errors: str, *, line_buffering: bool = False) -> io.TextIOWrapper:
        raw = io.FileIO(fd, mode, closefd=False)
        buffered: Any = io.BufferedReader(raw) if mode == "r" else raw if unbuffered else io.BufferedWriter(raw)
        return io.TextIOWrapper(
            buffered, encoding, errors, line_buffering=line_buffering, write_through=unbuffered and mode == "w"
        )

    sys.stdin = sys.__stdin__ = stream(0, "r", errors)
    sys.stdout = sys.__stdout__ = stream(1, "w", errors)
    sys.stderr = sys.__stderr__ = stream(2, "w", "backslashreplace", line_buffering=True)


def _default_hooks() -> None:
    """pytest's hooks, warning filters (`error`) and log handlers are the test process's."""
    sys.excepthook = sys.__excepthook__
    sys.unraisablehook = sys.__unraisablehook__
    threading.excepthook = threading.__excepthook__
    warnings.resetwarnings()
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__", append=True)
    for quiet in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.filterwarnings("ignore", category=quiet, append=True)
    warnings.showwarning = warnings._showwarning_orig  # type: ignore[attr-defined]
    warnings._showwarnmsg_impl = _show_warning  # type: ignore[attr-defined]
    root = logging.getLogger()
    root.handlers.clear()
    root.setLevel(logging.WARNING)


def _show_warning(message: warnings.WarningMessage) -> None:
    """warnings' own way of saying a warning (pytest's catch_warnings records them instead)."""
    file = message.file if message.file is not None else sys.stderr
    if file is not None:
        with contextlib.suppress(OSError):
            file.write(warnings._formatwarnmsg(message))  # type: ignore[attr-defined]


def _forget_caches() -> None:
    """A new interpreter remembers nothing of the runs before: the test process's in-process
    runs filled transform's caches (profiles, files read, the terminal rich measured)."""
    for name, module in list(sys.modules.items()):
        if name != "transform" and not name.startswith("transform."):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    for name, table in _MEMO_TABLES:
        module = sys.modules.get(name)
        if module is not None:
            getattr(module, table).clear()
    rich = sys.modules.get("rich")
    if rich is not None:
        rich._console = None  # type: ignore[attr-defined]


def _interpreter(module_form: bool) -> int:
    """The command run to its end as the interpreter runs a script: the exit code it would give."""
    try:
        try:
            if module_form:
                transform.cli.main()  # transform/__main__.py
            else:
                sys.exit(transform.cli.main())  # the console script pip writes
        finally:
            # the interpreter waits for non-daemon threads before atexit
            threading._shutdown()  # type: ignore[attr-defined]
    except SystemExit as leaving:
        code = _exit_code(leaving.code)
    except KeyboardInterrupt:
        traceback.print_exc()
        _flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        code = 130
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    atexit._run_exitfuncs()
    return code if _flush() else 120


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _flush() -> bool:
    """Python's flush of stdout and stderr at exit; False when stdout's failed (exit code 120)."""
    flushed = True
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            flushed = flushed and stream is not sys.stdout
    return flushed
