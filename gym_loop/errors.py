"""The errors a user can fix, which the CLI shows as one line (all listed in docs/errors.rst)."""

import atexit
import contextlib
import errno
import logging
import os
import re
import shlex
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from gym_loop import ON_WINDOWS

if sys.platform == "win32":  # imported by every command and the Python API, before a POSIX-only name fails
    raise ImportError(ON_WINDOWS)

ADVICE = {
    errno.ENOSPC: "free some space on that disk",
    errno.EDQUOT: "free some space (your disk quota is used up)",
    errno.EROFS: "the file system is read-only: choose a writable place",
    errno.EACCES: "you may not write there: fix its permissions or choose another place",
    errno.EPERM: "you may not write there: fix its permissions or choose another place",
    errno.EFBIG: ("a file reached the largest size this process may write (ulimit -f) or the file system allows: "
                  "raise that limit or choose another place"),
    errno.EISDIR: "a folder is where gym-loop writes that file: move it away or rename it",
    errno.EEXIST: "a file is where gym-loop makes that folder: move it away or rename it",
    errno.ENOTDIR: "a file is where that path needs a folder: move it away or rename it",  # describe names the file
    errno.EMFILE: ("this process reached its limit of open files (ulimit -n): raise it (ulimit -n 4096) or open fewer "
                   "at once (a smaller loop.parameters.num_envs, fewer --jobs)"),
}
# a socket's path (async VectorLoop's forkserver, Ray) longer than the system allows (108 bytes on Linux, 104 on macOS)
SOCKET_PATH = ("the temporary folder's path is too long for the sockets made in it: set TMPDIR to a short folder, e.g. "
               "TMPDIR=/tmp (and RAY_TMPDIR, if set)")

WRITES_ONLY = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG)  # the errors of ADVICE that only a write meets


class GymLoopError(Exception):
    """A problem during a run that the user can act on (exit code 1)."""

    exit_code = 1

    def __reduce__(self) -> Tuple[Callable, Tuple]:
        # pickled as its message and attributes, not its constructor's arguments (subclasses take others): a
        # worker of a multiprocessing pool sends it back pickled
        return _unpickled, (type(self), self.args, self.__dict__)


def _unpickled(kind: type, args: Tuple, attributes: Dict[str, Any]) -> "GymLoopError":
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(attributes)
    return error


class FixFirst(GymLoopError):
    """A failure of training whose message ends with what to fix; a run's failure adds how the run then goes on
    (resumed from its checkpoint, or started again without one), in the caller's words (:func:`run_failure`)."""


class SpecError(GymLoopError):
    """The run spec or a command-line value is wrong (exit code 2).

    Args:
        key: Dotted path of the offending key, e.g. ``loop.parameters.max_episodes``;
            empty when the problem is the file as a whole.
        problem: What is wrong and, where possible, how to fix it.
    """

    exit_code = 2

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}" if key else problem)
        self.key = key
        self.problem = problem


class WriteFailed(GymLoopError):
    """gym-loop's own write of a file of the run (a checkpoint) failed; the system error it wraps says what to fix.

    Only these are told as the system error of a run file: an ``OSError`` that the env's or the agent's own
    code raised keeps its stage (``env.step failed at episode 0, step 4: ...``) and the file it names.
    """


class Exited(GymLoopError):
    """``sys.exit()`` called by the agent's or the env's code during a run (:func:`exited`): a failure."""


class ResolveError(GymLoopError):
    """A class string cannot be turned into a class."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that files are closed as for Ctrl-C."""


TERMINATING = (signal.SIGTERM, signal.SIGHUP)  # SIGHUP (a closed terminal, a dropped ssh session) stops as SIGTERM
# A SIGTERM or SIGHUP this soon after the first is the same stop, not "stop at once": a scheduler's kill of the whole
# job (Slurm, a cgroup) reaches every process, a run also through its sweep's or tune's driver and tune worker, and
# may send SIGHUP too. Ctrl-C twice is not so treated.
SAME_STOP_SECONDS = 1.0
_first_stop: Optional[Tuple[int, float]] = None  # this process's first SIGTERM or SIGHUP, and its time.monotonic()
_handler_pid: Optional[int] = None  # the process that installed terminate (handle_termination)


def same_stop(first: Optional[int], since: float, number: int) -> bool:
    """Whether signal ``number`` is part of the stop that signal ``first`` began at ``since`` (``time.monotonic()``):
    both SIGTERM or SIGHUP, within :data:`SAME_STOP_SECONDS`. A run's handler (``OnSignal``) and :func:`terminate`
    ask it."""
    return first in TERMINATING and number in TERMINATING and time.monotonic() - since < SAME_STOP_SECONDS


def terminate(number: int, frame: Any) -> None:
    """SIGTERM's and SIGHUP's handler but in a run: in a command, a sweep's or tune's driver, a tune worker. Raises
    :class:`Terminated`, except for a repeat of the same stop (:func:`same_stop`): a driver or worker stopping its runs
    then goes on doing so, instead of reading it as a second signal, "stop at once". In a process forked from it (a
    ``multiprocessing.Pool`` the agent made in ``__init__``) the signal does what it would there, as in a run
    (``OnSignal``): not gym-loop's ``Terminated`` traceback from each worker."""
    if _handler_pid is not None and os.getpid() != _handler_pid:  # a process forked after handle_termination
        signal.signal(number, signal.SIG_DFL)
        signal.raise_signal(number)
        return
    if _first_stop is not None and same_stop(*_first_stop, number):
        return
    first_stop(number, time.monotonic())
    raise Terminated()


def first_stop(number: int, at: float) -> None:
    """Record signal ``number``, received at ``at`` (``time.monotonic()``), as this process's first stop unless one
    was: a run's (``OnSignal``) too, so the command's handler, back after the run, takes the rest of it as the same."""
    global _first_stop
    _first_stop = _first_stop or ((number, at) if number in TERMINATING else None)


def ignore_the_rest_of_the_stop() -> None:
    """The command ends with 143, its runs stopped: from now on a SIGTERM or SIGHUP of the same stop (a job-wide stop
    may still send one) is ignored, and a later one ends the process at once, with 143 (a slow end: a thread joined,
    an exit hook; as TensorBoard's and Ray Tune's second signal do). Once the exit hooks have run, both are ignored:
    after Python's handlers are gone, as the interpreter exits, one would end the process with 129."""
    for number in TERMINATING:
        signal.signal(number, _end_at_once)


def _end_at_once(number: int, frame: Any) -> None:
    if _first_stop is not None and same_stop(*_first_stop, number):
        return
    with contextlib.suppress(OSError):
        os.write(2, f"WARNING: {signal.Signals(number).name} again while ending: ended at once (exit 143); the "
                    "command had stopped already, as its Error line says\n".encode())  # checkpoints or none
    os._exit(143)


@atexit.register  # registered at start-up, so it runs after the exit hooks of modules imported later (Ray's)
def _ignore_at_exit() -> None:
    for number in TERMINATING:
        if signal.getsignal(number) is _end_at_once:
            signal.signal(number, signal.SIG_IGN)


def handle_termination() -> None:
    """Make SIGTERM and SIGHUP (unless ignored: ``nohup`` keeps it ignored) call :func:`terminate` in this process."""
    global _handler_pid
    _handler_pid = os.getpid()
    signal.signal(signal.SIGTERM, terminate)
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:
        signal.signal(signal.SIGHUP, terminate)


class RunStopped(GymLoopError):
    """Training stopped by Ctrl-C (exit code 130) or SIGTERM (143); the message says how to resume."""

    def __init__(self, message: str, terminated: bool):
        super().__init__(message)
        self.exit_code = 143 if terminated else 130


class StoppedAtOnce(RunStopped, KeyboardInterrupt):
    """A run from Python stopped at once by a signal (a second one during ``loop.train()``, one during
    ``loop.evaluate()``): a :class:`RunStopped` saying what was kept and how to go on, and still the
    ``KeyboardInterrupt`` these raised before."""


def stdout_open() -> None:
    """Check that there is a standard output to print on (before a sweep or a tune runs, not after).

    Raises:
        GymLoopError: It is closed (``>&-``).
    """
    if sys.stdout is None:
        raise GymLoopError("cannot write to standard output: it is closed; give the command one (> FILE)")


def echo_out(text: str, nl: bool = True) -> None:
    """Print ``text`` on standard output (what ``create-default``, ``runs ls`` and the tables print). A reader that
    stopped (``| head -1``, a pager quit early) is no failure: the rest goes to /dev/null and the command ends with
    its own exit status.

    Raises:
        GymLoopError: Standard output is closed (``>&-``) or cannot take it (``> /dev/full``, a full disk), in one
            line.
    """
    stdout_open()
    try:
        sys.stdout.write(f"{text}\n" if nl else text)
        sys.stdout.flush()
    except BrokenPipeError:  # fd 1 on /dev/null: what is still buffered and what comes next is dropped there
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except OSError as error:
        raise GymLoopError(f"cannot write to standard output: {describe(error)}") from error


UTF8_FIX = "use ASCII names, or set LC_ALL=C.UTF-8 (or PYTHONUTF8=1)"


def locale_problem(name: Any, folder: Union[str, Path] = ".") -> Optional[str]:
    """Why the file name ``name`` (in ``folder``) is not found under a locale whose encoding is not UTF-8, in one line
    with the fix: its encoding cannot write it (ASCII under LC_ALL=C without UTF-8 mode), it holds bytes the
    locale could not read (an argument's surrogates), or it is there under its UTF-8 name, which a Latin-1 locale
    reads otherwise; None for an ASCII name, under UTF-8, or when none of these is the case."""
    import codecs

    from gym_loop.files import printable

    text, encoding = str(name), sys.getfilesystemencoding()
    if text.isascii() or codecs.lookup(encoding).name == "utf-8":
        return None
    try:
        os.fsencode(text)
    except UnicodeEncodeError:
        return f"{printable(text)} cannot be a file name under this locale's encoding ({encoding}): {UTF8_FIX}"
    if any("\udc80" <= character <= "\udcff" for character in text):  # bytes argv or os.listdir could not decode
        return f"{printable(text)} holds characters this locale's encoding ({encoding}) cannot read: {UTF8_FIX}"
    utf8 = os.path.join(os.fsencode(folder), text.encode("utf-8"))
    return (f"{text} is there under its UTF-8 name, which this locale's encoding ({encoding}) reads otherwise: "
            f"set LC_ALL=C.UTF-8 (or PYTHONUTF8=1)") if os.path.lexists(utf8) else None


def closest(word: str, words: Iterable[str]) -> Optional[str]:
    """The one of ``words`` closest to ``word`` (a typo's "did you mean"), or None if none is close."""
    import difflib  # here, not at start-up: only a typo needs it

    close = difflib.get_close_matches(word, list(words), n=1)
    return close[0] if close else None


def quoted(path: Union[str, Path]) -> str:
    """``path`` as one shell word, for a command a message gives to paste: ``'runs/a b-<time>'`` (a plain path as
    it is; one that starts with ``-`` after ``./``, else the command would read it as an option)."""
    return shlex.quote(f"./{path}" if str(path).startswith("-") else str(path))


TORCH_INDEX = "https://download.pytorch.org/whl/cpu"  # PyTorch's CPU builds (PyPI's Linux torch is CUDA's)


def pip_install(what: str) -> str:
    """The command that installs ``what`` (pip's arguments) into the Python running gym-loop, whichever ``pip`` is
    on PATH: ``'/…/.venv/bin/python' -m pip install ...``. PyTorch comes as its CPU build (docs/installation.rst)."""
    if what.split("==")[0] == "torch":
        what += f" --index-url {TORCH_INDEX}"
    return f"{quoted(sys.executable or 'python')} -m pip install {what}"


def install_extra(extra: str) -> str:
    """The command that installs gym-loop's extra ``extra`` (``plot``) into the Python running it: from the clone
    gym-loop runs from (``-e '/…/gym-loop[plot]'``), else the extra's own packages (gym-loop is not on PyPI, where
    ``gym-loop`` is the original's name)."""
    clone = Path(__file__).resolve().parent.parent
    if extra != "torch" and (clone / "setup.py").is_file():
        return pip_install(f"-e {quoted(f'{clone}[{extra}]')}")
    needs = requirements(lambda need: f'extra == "{extra}"' in need)
    return pip_install(" ".join(map(quoted, needs)) or quoted(f"gym-loop[{extra}]"))


def requirements(picks: Callable[[str], bool]) -> List[str]:
    """gym-loop's installed requirements that ``picks`` (given as pip's requirement, ``torch==2.5.1; extra ==
    "torch"``), without their markers; none if gym-loop is not installed."""
    from importlib import metadata

    try:
        return [need.split(";")[0].strip() for need in metadata.requires("gym-loop") or () if picks(need)]
    except metadata.PackageNotFoundError:
        return []


MESSAGE_LIMIT = 500  # characters of an exception's message that a one-line error shows (--debug shows the rest)


def error_text(error: BaseException) -> str:
    """``Type: message`` of an exception of the agent's or the env's code, for a one-line error: a message longer
    than :data:`MESSAGE_LIMIT` cut (``...``), a carriage return shown as ``\\r`` (else the terminal's line is
    overwritten), one whose ``__str__`` raises said so, and what a ``bdb.BdbQuit`` means where it comes unasked."""
    name = type(error).__name__
    if name == "BdbQuit" and type(error).__module__ == "bdb":
        return ("BdbQuit (a breakpoint() or pdb.set_trace() in the code, with no terminal to debug from: remove it, "
                "or set PYTHONBREAKPOINT=0 to skip it)")
    try:
        text = str(error)
    except Exception as failure:  # noqa: BLE001 (the user's __str__)
        return f"{name} (its message could not be shown: its __str__ raised {type(failure).__name__})"
    text = text.replace("\r", "\\r")
    return f"{name}: {text[:MESSAGE_LIMIT]}..." if len(text) > MESSAGE_LIMIT else f"{name}: {text}"


@contextlib.contextmanager
def one_line_failure(failed: Union[str, Callable[[], str]], own_loop: bool = False) -> Iterator[None]:
    """Turn an exception of user code in the block into one line, ``<failed>: <type>: <message>``.

    Args:
        failed: What failed (``agent.load failed for <file>``), or a function saying it, asked only on
            failure (where a run was when its loop failed).
        own_loop: The block runs a loop's own code (the original's kind's ``train()`` or ``evaluate()``, or the
            protocol's generators): its unpacking of Gymnasium's five-value ``env.step`` into the old API's four
            gets the hint :data:`OLD_LOOP`, and a GeneratorExit passes (the generator closed at its ``yield``).

    Raises:
        GymLoopError: The one line, caused by the user code's exception; GymLoopErrors pass as they are.
    """
    try:
        yield
    except (GymLoopError, SystemExit, KeyboardInterrupt):
        raise
    except BaseException as error:  # also a library's BaseException (gevent.Timeout, trio.Cancelled)
        if own_loop and isinstance(error, GeneratorExit):  # the loop's generator closed at its yield
            raise
        what = failed if isinstance(failed, str) else failed()
        old = own_loop and isinstance(error, ValueError) and "values to unpack (expected 4)" in error_text(error)
        raise GymLoopError(f"{what}: {error_text(error)}{OLD_LOOP if old else ''}") from error


@contextlib.contextmanager
def warned_failure(failed: str) -> Iterator[None]:
    """Log an exception of user code in the block as a one-line warning, ``<failed>: <type>: <message>; what ran is
    kept (fix <failed's method>)``: for cleanup that fails once the run's work is saved (a sink's ``close()``,
    ``env.close()`` in :func:`~gym_loop.loops.wrappers.close_env`; docs/errors.rst)."""
    try:
        yield
    except Exception as error:
        method = failed.split(" ", 1)[0]
        logging.getLogger(__name__).warning("%s: %s: %s; what ran is kept (fix %s)", failed, type(error).__name__,
                                            error, method)


def given_list(given: Any, key: str, noun: str, methods: Dict[str, str]) -> List[Any]:
    """The objects of the user's own given as ``key`` (``train_agent(sinks=[...])``), each with the ``methods`` it
    has called as ``name(arguments)`` (``methods``: name to arguments) callable so.

    Raises:
        SpecError: ``given`` is one object, not a list of them (None is none, a generator is listed); an item is a
            class, not an instance; a method it has cannot take the run's arguments (``sinks[0]: S.episodes()
            cannot be called as ...``).
    """
    import inspect
    import types

    if given is None:  # what a wrapper forwarding an optional argument passes
        return []
    one = isinstance(given, type) or any(hasattr(given, name) for name in methods)
    if one and not isinstance(given, types.GeneratorType):  # a generator's close() is no sink's
        name = given.__name__ if isinstance(given, type) else type(given).__name__
        raise SpecError(key, f"give a list of {noun}, [{name}()]")
    if not hasattr(given, "__iter__"):
        raise SpecError(key, f"{type(given).__name__} is not a list; give a list of {noun} ([] for none)")
    given = list(given)
    for index, item in enumerate(given):
        if isinstance(item, type):
            raise SpecError(f"{key}[{index}]", f"{item.__name__} is a class; give an instance, {item.__name__}()")
        for name, arguments in methods.items():
            method = getattr(item, name, None)
            if not callable(method):
                continue
            try:
                signature = inspect.signature(method)
            except (TypeError, ValueError):  # no signature to read (a builtin): called as it is
                continue
            try:
                signature.bind(*arguments.split(", ") if arguments else ())
            except TypeError as error:
                raise SpecError(f"{key}[{index}]", f"{type(item).__name__}.{name}() cannot be called as "
                                                   f"{name}({arguments}): {error}") from None
    return given


OLD_LOOP = (" (a loop written for the old gym API? Gymnasium's env.step returns obs, reward, terminated, truncated, "
            "info and env.reset returns obs, info)")


def describe(error: OSError, where: Optional[Path] = None) -> str:
    """``<what the system says>: <file>; <what to do>``, the file being ``where`` if the error names none.

    A full disk is named by ``where`` when given: which of the run's writes hit it first is chance.
    A write to an open file that reached a size limit (EFBIG) names no file: that file is the largest in
    ``where``, as every other file is below the limit. A file this user may not read is told so (:func:`denied`).
    """
    if isinstance(error, PermissionError) and error.filename is not None and os.path.exists(error.filename) and \
            not os.access(error.filename, os.R_OK):
        return str(denied(error, error.filename))
    full_disk = error.errno == errno.ENOSPC and where is not None
    target = error.filename if error.filename is not None and not full_disk else where
    if error.errno == errno.EFBIG and error.filename is None and where is not None and Path(where).is_dir():
        files = [path for path in Path(where).rglob("*")  # but temporary files, which name theirs (run.json's reserve)
                 if path.is_file() and not (path.name.startswith(".") and path.name.endswith(".tmp"))]
        target = max(files, key=lambda path: path.stat().st_size, default=where)
    text = error.strerror or str(error) or type(error).__name__
    if target is not None:
        text += f": {target}"
    advice = ADVICE.get(error.errno) or (SOCKET_PATH if "AF_UNIX path" in text else None)
    if error.errno == errno.ENOTDIR and target is not None:  # the file in the way is one of the path's folders
        file = next((folder for folder in Path(target).parents if folder.is_file()), None)
        advice = f"{file} is a file where that path needs a folder: move it away or rename it" if file else advice
    return f"{text}; {advice}" if advice else text


def of_gym_loop(thing: Any) -> bool:
    """Whether ``thing`` (an object, a class, a function) is gym-loop's own, not the user's: its failures are then
    gym-loop's to describe, a user's are named by what failed (a sink, a rule, a progress callable, a loop)."""
    return str(getattr(thing, "__module__", None) or type(thing).__module__).startswith("gym_loop.")


def from_cli() -> bool:
    """Whether a gym-loop command is running: advice is then a command line, else a Python call (train_agent), also
    inside the user's own click (or Typer) command, whose root is not gym-loop's group."""
    import click

    context, cli = click.get_current_context(silent=True), sys.modules.get("gym_loop.cli")  # imported if it runs
    return context is not None and cli is not None and isinstance(context.find_root().command, cli.GymLoopGroup)


def program() -> str:
    """The command that runs gym-loop as this process was started, for a command a message gives to paste:
    ``gym-loop``, or ``'/…/python' -m gym_loop`` under ``python -m gym_loop`` (the script need not be on PATH)."""
    return f"{quoted(sys.executable)} -m gym_loop" if _under_python_m() else "gym-loop"


def command_line() -> List[str]:
    """This process's command line as run.json records it: ``sys.argv``, under ``python -m gym_loop`` with
    ``['/…/python', '-m', 'gym_loop']`` for its first item (the path of ``__main__.py``, which does not run)."""
    return [sys.executable, "-m", "gym_loop", *sys.argv[1:]] if _under_python_m() else list(sys.argv)


def _under_python_m() -> bool:
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", "") == "gym_loop.__main__"


def resume_call(run: Union[str, Path], *settings: str) -> str:
    """How the caller resumes ``run``: ``gym-loop train --resume RUN`` on the command line, ``train_agent(None,
    resume='RUN')`` in Python (``None`` reads the run's spec.yaml); with ``KEY=VALUE`` ``settings`` changed, ``...
    --set KEY=VALUE`` or ``train_agent(run_params, resume='RUN') with KEY=VALUE in run_params (the run's
    RUN/spec.yaml)``."""
    if from_cli():
        return f"{program()} train --resume {quoted(run)}" + "".join(f" --set {setting}" for setting in settings)
    if settings:
        return (f"train_agent(run_params, resume={str(run)!r}) with {', '.join(map(_in_python, settings))} in "
                f"run_params (the run's {Path(run) / 'spec.yaml'})")
    return f"train_agent(None, resume={str(run)!r})"


def new_run_call(spec: Union[str, Path]) -> str:
    """How the caller starts a new run of the spec file ``spec``: ``gym-loop train -c SPEC`` on the command line,
    ``train_agent(run_params)`` in Python."""
    return f"{program()} train -c {quoted(spec)}" if from_cli() else "train_agent(run_params)"


def eval_call(run: Optional[Union[str, Path]] = None, checkpoint: Optional[str] = None,
              spec: Optional[Union[str, Path]] = None) -> str:
    """How the caller evaluates ``checkpoint`` (None: a fresh agent) with the spec of the run folder ``run``, or of
    the spec file ``spec`` outside its run: ``gym-loop eval --run RUN --checkpoint NAME`` (``-c RUN/spec.yaml`` for
    a fresh agent) or ``eval_agent(None, run_dir='RUN', checkpoint='NAME')`` (``eval_agent(run_params, ...)``)."""
    if from_cli():
        fresh = run is not None and spec is None and checkpoint is None  # --run loads the latest checkpoint
        source = (f"-c {quoted(Path(run) / 'spec.yaml' if fresh else spec)}" if fresh or spec is not None
                  else f"--run {quoted(run)}")
        return f"{program()} eval {source}" + (f" --checkpoint {quoted(checkpoint)}" if checkpoint is not None else "")
    source = "run_params" if spec is not None else f"None, run_dir={str(run)!r}"
    return f"eval_agent({source}" + (f", checkpoint={str(checkpoint)!r})" if checkpoint is not None else ")")


def set_in_params(*settings: str) -> str:
    """``KEY=VALUE`` settings as the caller gives them: ``--set KEY=VALUE ...`` or ``KEY=VALUE, ... in run_params``."""
    if from_cli():
        return " ".join(f"--set {setting}" for setting in settings)
    return f"{', '.join(map(_in_python, settings))} in run_params"


def _in_python(setting: str) -> str:
    """A ``KEY=VALUE`` setting (its value as ``--set`` takes it, YAML) with the value's null, true and false in
    Python's words, as run_params holds them: ``loop.parameters.reward_threshold=None``."""
    key, equals, value = setting.partition("=")
    return key + equals + re.sub(r"(?<![\w'\"])(null|true|false)(?![\w'\"])",
                                 lambda word: {"null": "None", "true": "True", "false": "False"}[word[0]], value)


def run_failure(error: BaseException, run: Path, resumable: bool = True, begun: bool = True) -> Optional[GymLoopError]:
    """The one-line error to show for ``error``, which stopped training in ``run``; None to show it as it is.

    An ``OSError`` of gym-loop's own writes (also one a checkpoint writer wrapped) says what to fix, then to
    resume or, without a checkpoint (``resumable`` False), to start again, or, for a resume that had not ``begun``
    (its spec.yaml not rewritten: a plain resume would drop its ``--set``), to repeat it; one the env's or the
    agent's code raised keeps its stage and file, with the same advice; ``sys.exit()`` in their code fails the run.
    """
    then = (f"{'run the same command' if from_cli() else 'call train_agent with the same arguments'} again (the "
            "resume had not begun: the run is as it was)" if not begun
            else f"resume with: {resume_call(run)}" if resumable
            else f"start again with: {new_run_call(Path(run) / 'spec.yaml')} (it saved no checkpoint to resume from)")
    advice = _code_advice(error)
    if advice is not None:
        return GymLoopError(f"{error}; {advice}, then {then}")
    if isinstance(error, FixFirst):
        return GymLoopError(f"{error}, then {then}")
    error = _system_error(error)
    if isinstance(error, OSError):
        return GymLoopError(f"{describe(error, run)}{', then ' if error.errno in ADVICE else '; '}{then}")
    if isinstance(error, SystemExit):
        return exited(error, "training", f"the run failed ({run}/run.json says so)") if begun else exited(
            error, "the resume", then)
    return None


def failure_reason(error: BaseException, run: Path) -> str:
    """Why ``error`` failed the run in ``run``, for ``run.json``: our own errors' message as it is (with the
    advice for a system error of the env's or agent's code), others' with their class name, a system error of
    gym-loop's own writes with the file it names (``run`` if none)."""
    advice = _code_advice(error)
    if advice is not None:
        return f"{error}; {advice}"
    error = _system_error(error)
    if isinstance(error, OSError):
        return f"{type(error).__name__}: {describe(error, run)}"
    if isinstance(error, SystemExit):  # the terminal's line, but where run.json is
        return str(exited(error, "training", "the run failed"))
    reason = str(error) if isinstance(error, GymLoopError) else error_text(error)
    first, more, _ = reason.partition("\n")  # one line: runs ls shows it in a row (--debug's traceback has the rest)
    return f"{first.rstrip()} ..." if more else first


def _system_error(error: BaseException) -> BaseException:
    """``error``, or the system error a :class:`WriteFailed` wraps (the checkpoint writer's, which says only
    which save failed) when there is advice for it, or the ``SystemExit`` an :class:`Exited` wraps."""
    if isinstance(error, Exited) and isinstance(error.__cause__, SystemExit):  # Run.train's: told as the SystemExit
        return error.__cause__
    cause = error.__cause__ if isinstance(error, WriteFailed) else None
    return cause if isinstance(cause, OSError) and cause.errno in ADVICE else error


def _code_advice(error: BaseException) -> Optional[str]:
    """What to do about the system error (a full disk, ulimit -f) that the env's or the agent's own code raised,
    which ``error`` (``env.step failed at episode 0, step 4: OSError: ...``) wraps; None for any other error."""
    cause = error.__cause__
    if (isinstance(error, GymLoopError) and not isinstance(error, (WriteFailed, SpecError))
            and isinstance(cause, OSError) and cause.errno in WRITES_ONLY):  # EACCES may be a read: no advice
        return ADVICE[cause.errno]
    return None


def denied(error: BaseException, path: Union[str, Path]) -> Optional[str]:
    """For a ``PermissionError`` reading ``path``, that it cannot be read and how to fix its permissions (never that
    it is damaged: a whole file with a wrong mode needs no copy); None for any other error."""
    if not isinstance(error, PermissionError):
        return None
    how = "chmod -R a+rX" if Path(path).is_dir() else "chmod a+r"
    return f"{path} cannot be read (permission denied); fix its permissions ({how} {quoted(path)}) or ask its owner"


RAISED_IN = "gym_loop_raised_in"  # (method, where) on a SystemExit or KeyboardInterrupt of the agent's or env's code


def raised_in(error: BaseException, method: str, where: str) -> None:
    """Keep on ``error``, a ``SystemExit`` or ``KeyboardInterrupt`` that the agent's or the env's ``method``
    (``agent.update``) raised, ``where`` (``, at episode 2, step 1``), for :func:`exited` and OnSignal to say."""
    if not hasattr(error, RAISED_IN):  # the innermost call that knows
        setattr(error, RAISED_IN, (method, where))


def raiser(error: BaseException) -> Tuple[str, str]:
    """The method and the place :func:`raised_in` kept on ``error``, else the agent's or the env's code, nowhere."""
    return getattr(error, RAISED_IN, ("the agent's or the env's code", ""))


def exited(error: SystemExit, during: str, outcome: str) -> GymLoopError:
    """The error for ``sys.exit()`` called by the agent's or the env's code ``during`` training or evaluation."""
    code = error.code if isinstance(error.code, int) else repr(error.code)
    method, where = raiser(error)
    return Exited(f"{method} called sys.exit({code}) during {during}{where}; {outcome}")
