"""The errors a user can fix, which the CLI shows as one line (all listed in docs/errors.rst)."""

import errno
from pathlib import Path
from typing import Optional

ADVICE = {
    errno.ENOSPC: "free some space on that disk",
    errno.EDQUOT: "free some space (your disk quota is used up)",
    errno.EROFS: "the file system is read-only: choose a writable place",
    errno.EACCES: "you may not write there: fix its permissions or choose another place",
    errno.EPERM: "you may not write there: fix its permissions or choose another place",
}


class GymLoopError(Exception):
    """A problem during a run that the user can act on (exit code 1)."""

    exit_code = 1


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


class ResolveError(GymLoopError):
    """A class string cannot be turned into a class."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that files are closed as for Ctrl-C."""


class RunStopped(GymLoopError):
    """Training stopped by Ctrl-C (exit code 130) or SIGTERM (143); the message says how to resume."""

    def __init__(self, message: str, terminated: bool):
        super().__init__(message)
        self.exit_code = 143 if terminated else 130


def describe(error: OSError, where: Optional[Path] = None) -> str:
    """``<what the system says>: <file>; <what to do>``, the file being ``where`` if the error names none."""
    target = error.filename if error.filename is not None else where
    text = error.strerror or str(error) or type(error).__name__
    if target is not None:
        text += f": {target}"
    advice = ADVICE.get(error.errno)
    return f"{text}; {advice}" if advice else text


def run_failure(error: BaseException, run: Path) -> Optional[GymLoopError]:
    """The one-line error to show for ``error``, which stopped training in ``run``; None to show it as it is.

    An ``OSError`` (also one a checkpoint writer wrapped) says what to free or fix and how to resume,
    the last complete checkpoint being intact; a ``SystemExit`` (``sys.exit()`` in the agent's or the
    env's code, whatever its code) fails the run instead of ending the process as if it succeeded.
    """
    cause = error.__cause__ if isinstance(error, GymLoopError) else None
    if isinstance(cause, OSError) and cause.errno in ADVICE:
        error = cause  # e.g. the checkpoint writer's, which says only which save failed
    if isinstance(error, OSError):
        return GymLoopError(f"{describe(error, run)}, then resume with: gym-loop train --resume {run}")
    if isinstance(error, SystemExit):
        return exited(error, "training", f"the run failed ({run}/run.json says so)")
    return None


def exited(error: SystemExit, during: str, outcome: str) -> GymLoopError:
    """The error for ``sys.exit()`` called by the agent's or the env's code ``during`` training or evaluation."""
    code = error.code if isinstance(error.code, int) else repr(error.code)
    return GymLoopError(f"the agent's or the env's code called sys.exit({code}) during {during}; {outcome}")
