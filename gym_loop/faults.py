"""Faults of the machine, not of the spec: a full disk, a read-only file system, a denied permission;
and code that ends the process under a run (``sys.exit`` in an agent).

Each becomes one line naming the file (or, when the system does not say which, the run folder)
and what to do, instead of a traceback, or an exit code 0 for a run that failed.
"""

import errno
from pathlib import Path
from typing import Optional, Union

from gym_loop.errors import GymLoopError

ADVICE = {
    errno.ENOSPC: "free some space on that disk",
    errno.EDQUOT: "free some space (your disk quota is used up)",
    errno.EROFS: "the file system is read-only: choose a writable place",
    errno.EACCES: "you may not write there: fix its permissions or choose another place",
    errno.EPERM: "you may not write there: fix its permissions or choose another place",
}


def describe(error: OSError, where: Optional[Path] = None) -> str:
    """``<what the system says>: <file>; <what to do>``, the file being ``where`` if the error names none."""
    target = error.filename if error.filename is not None else where
    text = error.strerror or str(error) or type(error).__name__
    if target is not None:
        text += f": {target}"
    advice = ADVICE.get(error.errno)
    return f"{text}; {advice}" if advice else text


def as_error(error: OSError) -> GymLoopError:
    """The error a command shows for ``error`` (exit code 1), caused by it (``--debug`` shows its traceback)."""
    wrapped = GymLoopError(describe(error))
    wrapped.__cause__ = error
    return wrapped


def run_failed(error: OSError, run: Path) -> GymLoopError:
    """The error a training run shows when ``error`` stopped it; its last complete checkpoint is intact."""
    return GymLoopError(f"{describe(error, run)}, then resume with: gym-loop train --resume {run}")


def for_run(error: BaseException, run: Path) -> Optional[GymLoopError]:
    """The one-line error to show for ``error``, which stopped training in ``run``; None to show it as it is.

    An ``OSError`` (also one a checkpoint writer wrapped) says what to free or fix and how to resume; a ``SystemExit`` (``sys.exit()`` in
    the agent's or the env's code, whatever its code) fails the run instead of ending the process
    as if it succeeded.
    """
    if isinstance(error, OSError):
        return run_failed(error, run)
    cause = error.__cause__
    if isinstance(error, GymLoopError) and isinstance(cause, OSError) and cause.errno in ADVICE:
        return run_failed(cause, run)  # e.g. the checkpoint writer's, which says only which save failed
    if isinstance(error, SystemExit):
        return exited(error, "training", f"the run failed ({run}/run.json says so)")
    return None


def exited(error: SystemExit, during: str, outcome: str) -> GymLoopError:
    """The error for ``sys.exit()`` called by the agent's or the env's code ``during`` training or evaluation."""
    return GymLoopError(f"the agent's or the env's code called sys.exit({_code(error)}) during {during}; {outcome}")


def _code(error: SystemExit) -> Union[int, str]:
    return error.code if isinstance(error.code, int) else repr(error.code)
