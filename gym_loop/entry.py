"""The ``gym-loop`` console script (and ``python -m gym_loop``): the CLI is imported inside :func:`main`.

Loading the CLI's modules takes a few tenths of a second; Ctrl-C then is ``Error: interrupted``, exit 130,
as everywhere else (docs/errors.rst), not Python's traceback. Only the standard library is imported here.
"""

import codecs
import io
import os
import sys
from typing import TextIO, Tuple, Union

TRUE = ("1", "true", "t", "yes", "y", "on")  # GYM_LOOP_DEBUG's values that show tracebacks (as click reads flags)
FALSE = ("", "0", "false", "f", "no", "n", "off")  # and those that do not; any other is refused (gym_loop.cli)


def main() -> None:
    """Run :func:`gym_loop.cli.main`; Ctrl-C while it loads ends with ``Error: interrupted`` and exit code 130.

    With ``--debug`` on the command line or ``GYM_LOOP_DEBUG`` set true, the traceback is shown instead.
    On Windows, one line saying where gym-loop runs.
    """
    if sys.platform == "win32":
        from gym_loop import ON_WINDOWS

        sys.stderr.write(f"Error: {ON_WINDOWS}\n")
        raise SystemExit(1)
    if sys.stdout is None:  # started with standard output closed (>&-): fd 1 held on /dev/null, so no file the run
        _devnull_on(1)  # opens takes it; sys.stdout stays None, so what prints says it cannot (errors.echo_out)
    if sys.stderr is None:  # started with standard error closed (2>&-): as with 2>/dev/null
        sys.stderr = _devnull_on(2)
    codecs.register_error("gym_loop.print", _unprintable)
    for stream in (sys.stdout, sys.stderr):  # a name the terminal's encoding lacks is printed, not a traceback
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="gym_loop.print")
    if sys.flags.utf8_mode:  # -X utf8 (the fix for a non-UTF-8 locale) reaches a sweep's runs, a tune's workers
        os.environ["PYTHONUTF8"] = "1"
    try:
        from gym_loop.cli import main as cli
    except KeyboardInterrupt:
        if "--debug" in sys.argv[1:] or os.environ.get("GYM_LOOP_DEBUG", "").strip().lower() in TRUE:
            raise
        sys.stderr.write("Error: interrupted\n")
        raise SystemExit(130) from None
    try:
        cli()
    except SystemExit as end:
        _exit_despite_leftovers(end.code)
        raise


LEFTOVER_SECONDS = 3.0  # how long the interpreter's exit may wait for threads and processes the user's code left


def _exit_despite_leftovers(code: object) -> None:
    """Let the interpreter exit as it does (its exit hooks run; a thread pool's idle workers end), but should a
    non-daemon thread or process that the agent's or the env's code left running still hold it after
    :data:`LEFTOVER_SECONDS`, warn naming them and end the process with ``code``: Python would wait for them for
    ever, silently, and a sweep with it (as a task runner ends its forked task: os._exit once the work is recorded).
    SIGTERM or SIGHUP meanwhile ends the process as Python's default does, without the command's handler's traceback."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    command_handler = getattr(sys.modules.get("gym_loop.errors"), "terminate", None)
    for number in (signal.SIGTERM, signal.SIGHUP):  # not the end of a stop's handler (ignore_the_rest_of_the_stop)
        if signal.getsignal(number) is command_handler:
            signal.signal(number, signal.SIG_DFL)
    status = code if isinstance(code, int) else 0 if code is None else 1

    def watch() -> None:
        import time

        time.sleep(LEFTOVER_SECONDS)
        left = [f"thread {thread.name!r}" for thread in threading.enumerate()
                if not thread.daemon and thread.is_alive() and thread is not threading.main_thread()]
        processes = sys.modules.get("multiprocessing")
        left += [f"process {child.name!r} (pid {child.pid})" for child in
                 (processes.active_children() if processes is not None else ()) if not child.daemon]
        if not left:  # the interpreter is in its exit hooks (a logger's upload): they may take their time
            return
        it = "it" if len(left) == 1 else "them"
        sys.stderr.write(f"WARNING: the run is recorded, but the agent's or the env's code left {', '.join(left)} "
                         f"running (not a daemon); gym-loop exits without waiting for {it}: make {it} a daemon "
                         f"(daemon=True) or join {it} when done\n")
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        os._exit(status)

    threading.Thread(target=watch, name="gym-loop exit watch", daemon=True).start()


def _unprintable(error: UnicodeError) -> Tuple[Union[str, bytes], int]:
    """What stdout and stderr print for characters their encoding lacks: the bytes of a name the locale could not
    decode (os.listdir's and argv's surrogates, ``\\udcc3``) as they were, so that a path printed can be pasted;
    other characters as ``\\xe9`` escapes, as Python's own stderr prints them."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    if all("\udc80" <= character <= "\udcff" for character in error.object[error.start:error.end]):
        return codecs.lookup_error("surrogateescape")(error)
    return codecs.lookup_error("backslashreplace")(error)


def _devnull_on(fd: int) -> TextIO:
    """A text stream writing to /dev/null through ``fd``, which is opened on it: a file the run opens cannot take
    the number, where a library's or a child process's messages to it would land."""
    null = os.open(os.devnull, os.O_WRONLY)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)
    return open(fd, "w", closefd=False)
