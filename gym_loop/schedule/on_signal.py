"""Rule: stop after the current episode when Ctrl-C, SIGTERM or SIGHUP arrives (a second one stops at once)."""

import contextlib
import logging
import os
import signal
import threading
import time
from typing import Any, Callable, Dict, Iterator, Optional

from gym_loop.errors import TERMINATING, GymLoopError, Terminated, first_stop, raiser, same_stop
from gym_loop.schedule import Stop

logger = logging.getLogger(__name__)

# SIGHUP (the terminal closed, an ssh session dropped) stops a run as SIGTERM does: it saves instead of dying.
NAMES = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated", signal.SIGHUP: "terminated"}
GRACE_SECONDS = 5.0  # after SIGTERM, the episode in progress may take this long; then the run stops at once


def ignored(number: int) -> bool:
    """Whether ``number`` is SIGINT or SIGHUP and the process started with it ignored (``cmd &`` in a shell script,
    ``nohup``): kept ignored, as Python itself does (it puts its ``KeyboardInterrupt`` handler only over the
    default)."""
    return number in (signal.SIGINT, signal.SIGHUP) and signal.getsignal(number) == signal.SIG_IGN


_IN_RUN_WORKER = False  # whether this process is a worker of the run's async vector env (run_worker)
_worker_live: Any = None  # in a run worker: its run's live_flag()
# this process's "runs" going on (OnSignal blocks entered) and the "flag" shared with its run workers (live_flag),
# 1 while one goes on; a process forked during a run starts its own
_live: Dict[str, Any] = {"pid": None}


def _own() -> Dict[str, Any]:
    if _live["pid"] != os.getpid():
        _live.update(pid=os.getpid(), runs=0, flag=None)
    return _live


def live_flag() -> Any:
    """This process's byte shared with the async vector env's workers (:func:`run_worker`), 1 while a run goes on:
    shared memory that a worker started by fork, spawn or forkserver reads (made when first needed)."""
    own = _own()
    if own["flag"] is None:
        from multiprocessing.sharedctypes import RawValue

        own["flag"] = RawValue("b", 1 if own["runs"] else 0)
    return own["flag"]


def _runs_going_on(change: int) -> None:
    own = _own()
    own["runs"] += change
    if own["flag"] is not None:
        own["flag"].value = 1 if own["runs"] else 0


def run_worker(*args: Any, worker: Optional[Callable[..., None]] = None, live: Any = None) -> None:
    """An async vector env's ``worker`` (Gymnasium's own, or the user's ``vector_kwargs.worker``), marked as the
    run's: while the run goes on (``live``, :func:`live_flag`, is 1) SIGINT, SIGTERM and SIGHUP do nothing here
    (a terminal's Ctrl-C, a scheduler's SIGTERM reach the whole process group; the run stops the workers); after,
    they do what they would (multiprocessing's SIGTERM at exit ends a worker left behind). Set here, not inherited:
    a worker started by spawn or forkserver has Python's own handlers. Other processes forked meanwhile (an
    agent's ``multiprocessing.Pool``, also one in the env, in the worker) keep their signals' usual effect.
    VectorLoop gives it as the vector env's ``worker``."""
    global _IN_RUN_WORKER, _worker_live
    _IN_RUN_WORKER, _worker_live = True, live
    os.register_at_fork(after_in_child=_not_a_run_worker)
    for number in NAMES:
        if not ignored(number):
            signal.signal(number, _in_child)
    if worker is None:
        from gymnasium.vector.async_vector_env import _async_worker as worker  # AsyncVectorEnv's without worker=
    worker(*args)


def _not_a_run_worker() -> None:
    global _IN_RUN_WORKER
    _IN_RUN_WORKER = False


def _in_child(number: int, frame: Any) -> None:
    """A signal in a process started during a run: nothing in the async vector env's worker while the run goes on
    (the run stops it); else what the signal does in a process of its own (Pool.terminate() ends a Pool's workers;
    multiprocessing's SIGTERM at exit ends a vector env's worker left behind). Not the handlers from before the
    run: gym-loop's own (its CLI's SIGTERM raises in the process)."""
    if _IN_RUN_WORKER and _worker_live is not None and _worker_live.value:
        return
    signal.signal(number, signal.default_int_handler if number == signal.SIGINT else signal.SIG_DFL)
    signal.raise_signal(number)


def not_by_ctrl_c(error: KeyboardInterrupt, outcome: str) -> GymLoopError:
    """The error for a ``KeyboardInterrupt`` that the agent's or the env's code raised (no signal came)."""
    method, where = raiser(error)
    return GymLoopError(f"KeyboardInterrupt was raised by {method}{where}, not by Ctrl-C; {outcome}")


class SigintSeen:
    """While entered (in the main thread, SIGINT handled by a Python function: Python's ``KeyboardInterrupt``), a
    SIGINT does what it did and is noted, so a ``KeyboardInterrupt`` that leaves the block while none came, which
    the agent's or the env's code raised, becomes a :class:`~gym_loop.errors.GymLoopError` that says ``outcome``
    (``gym-loop eval``, whose Ctrl-C stops at once), unless ``signalled()`` says a signal came (to a handler entered
    within: a run's OnSignal). Processes forked meanwhile call the handler from before too."""

    def __init__(self, outcome: str, signalled: Callable[[], bool] = lambda: False):
        self.outcome, self.received, self._previous, self.signalled = outcome, False, None, signalled

    def __enter__(self) -> "SigintSeen":
        previous = signal.getsignal(signal.SIGINT)
        if threading.current_thread() is threading.main_thread() and callable(previous):
            self._previous = previous
            signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, number: int, frame: Any) -> None:
        self.received = True
        self._previous(number, frame)

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            if type(exc) is KeyboardInterrupt and not self.received and not self.signalled():  # (Terminated: SIGTERM's)
                raise not_by_ctrl_c(exc, self.outcome) from exc


class OnSignal:
    """While entered (a context manager), the first SIGINT, SIGTERM or SIGHUP asks the run to stop after the
    current episode, with a checkpoint; a second raises ``KeyboardInterrupt`` (``Terminated``), except a SIGTERM or
    SIGHUP within ``SAME_STOP_SECONDS`` of a first one of them: the same stop (:func:`~gym_loop.errors.same_stop`).
    A SIGINT ignored when the process started stays ignored (:func:`ignored`).

    A scheduler sends one SIGTERM and kills a few seconds later: if the run has not stopped
    :data:`GRACE_SECONDS` after it (an endless episode), it stops at once, as on a second signal.
    The time a checkpoint takes to save (:meth:`saving`) does not count: cutting it would lose it.

    A process forked while it is entered inherits the handler: in the async vector env's workers (:func:`run_worker`)
    it does nothing while the block goes on (the run stops them), and after it lets the signal do what it would
    (multiprocessing's SIGTERM at exit ends a worker left behind); in any other (an agent's ``multiprocessing.Pool``)
    the signal does what it would at once.

    A ``KeyboardInterrupt`` that leaves the block while no signal came was raised by the agent's
    or the env's code: it becomes a :class:`~gym_loop.errors.GymLoopError`, a failed run; unless the agent's or the
    env's code had put another SIGINT handler in place of this one (a library restoring Python's): then it may well
    be a Ctrl-C, told as a stop at once (:attr:`replaced`).
    """

    def __init__(self):
        self.received: Optional[int] = None
        self._previous = {}
        self._pid = os.getpid()
        self.at_once = "by a second signal"  # why the run stopped at once, if it did
        self.replaced = False  # whether a KeyboardInterrupt came while another SIGINT handler was in place
        self._saving, self._saving_since = False, 0.0
        self._grace_left: Optional[float] = None  # the grace left when a save paused it
        self._received_at = 0.0  # time.monotonic() of the first signal

    def __enter__(self) -> "OnSignal":
        if threading.current_thread() is threading.main_thread():  # signals only reach the main thread
            self._previous = {number: signal.signal(number, self._handle) for number in NAMES if not ignored(number)}
        _runs_going_on(1)
        return self

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        _runs_going_on(-1)
        self._cancel_grace()
        if type(exc) is KeyboardInterrupt and self.received is None and signal.SIGINT in self._previous and (
                signal.getsignal(signal.SIGINT) != self._handle):  # the agent's code put another handler: a Ctrl-C?
            self.received, self.replaced = signal.SIGINT, True  # told as one that stopped at once, resumable
            self.at_once = ("(the agent's or the env's code had replaced gym-loop's SIGINT handler, so Ctrl-C could "
                            "not wait for the episode's end)")
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        if self._previous and self.received is None and isinstance(exc, KeyboardInterrupt):
            raise not_by_ctrl_c(exc, "the run failed") from exc

    def pass_on(self) -> None:
        """Once the block is left and the run was not stopped by the signal it received (one in its last episode,
        which then finished it): raise that signal again, now that the handlers from before are back, so the
        caller learns of it. Python's own handlers raise ``KeyboardInterrupt`` for Ctrl-C and end the process
        for SIGTERM (exit 143); a handler of the caller's is called."""
        received, self.received = self.received, None
        if received is not None:
            logger.warning("%s during the run's last episode: the run finished; the signal is passed on",
                           NAMES[received])
            signal.raise_signal(received)

    def after_episode(self, progress: Any) -> Optional[Stop]:
        return self._stop("after {} episodes", progress.episodes)

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return self.received is None

    def during_evaluation(self, progress: Any) -> Optional[Stop]:
        """Asked after each episode of a periodic evaluation: a signal cuts it short (a resume finishes it)."""
        return self._stop("during the evaluation after {} episodes", progress.episodes)

    # Asked after a scheduled checkpoint: a signal that came before or during its save stops the run now.
    after_checkpoint = after_episode

    @contextlib.contextmanager
    def saving(self) -> Iterator[None]:
        """While a checkpoint is saved, the grace after SIGTERM stands still (a save may take longer than it)."""
        self._saving, self._saving_since = True, time.monotonic()
        if signal.SIGALRM in self._previous:
            self._grace_left = signal.setitimer(signal.ITIMER_REAL, 0)[0] or 0.001  # 0: it fired, not yet handled
        try:
            yield
        finally:
            self._saving = False
            if self._grace_left is not None and signal.SIGALRM in self._previous:
                signal.setitimer(signal.ITIMER_REAL, self._grace_left)
            self._grace_left = None

    def _stop(self, when: str, episodes: int) -> Optional[Stop]:
        """The stop a signal received makes, ``when`` said with the ``episodes`` done (a count, as episodes.csv's
        rows are, never an episode's number)."""
        if self.received is None:
            return None
        self._cancel_grace()  # the run stops now, with a checkpoint
        return Stop("interrupted", f"{NAMES[self.received]} {when.format(episodes)}")

    def _cancel_grace(self) -> None:
        self._grace_left = None
        if signal.SIGALRM in self._previous:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous.pop(signal.SIGALRM))

    def _grace_over(self, number: int, frame: Any) -> None:
        if self._saving:  # the rest of the grace, after the save
            self._grace_left = 0.001
            return
        self.at_once = f"{GRACE_SECONDS:g} s after {signal.Signals(self.received).name}, the episode still playing"
        self._cancel_grace()
        raise Terminated()

    def _handle(self, number: int, frame: Any) -> None:
        if os.getpid() != self._pid:  # a process forked during the run, which inherited this handler
            return _in_child(number, frame)
        if self.received is not None:
            if same_stop(self.received, self._received_at, number):
                return  # the same stop, sent to every process of the job and passed on by a driver too
            raise Terminated() if number in TERMINATING else KeyboardInterrupt()
        self.received, self._received_at = number, time.monotonic()
        first_stop(number, self._received_at)
        grace = number in TERMINATING and hasattr(signal, "setitimer")
        if self._saving:  # the save runs on (its time does not count toward the grace)
            logger.warning("%s: waiting for agent.save (running for %.0f s) to finish the checkpoint; send it again "
                           "to stop at once (the checkpoint is then lost)", NAMES[number],
                           time.monotonic() - self._saving_since)
        else:
            logger.warning("%s: finishing this episode and saving a checkpoint; send it again to stop at once%s",
                           NAMES[number], f" (or wait {GRACE_SECONDS:g} s)" if grace else "")
        if grace:
            self._previous[signal.SIGALRM] = signal.signal(signal.SIGALRM, self._grace_over)
            if self._saving:
                self._grace_left = GRACE_SECONDS
            else:
                signal.setitimer(signal.ITIMER_REAL, GRACE_SECONDS)
