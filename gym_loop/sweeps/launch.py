"""Running the runs of a sweep: one ``gym-loop train`` process per run, at most ``jobs`` at a time.

A run is its own process in its own session: a crash or an out-of-memory kill ends that run only,
and the terminal's Ctrl-C reaches the driver alone, which passes it on to each running run once (a
run stops after its episode with a checkpoint; a second Ctrl-C stops the runs at once, and those still
running a few seconds later, or at a third, are killed).
"""

import contextlib
import logging
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from gym_loop.errors import Terminated

logger = logging.getLogger(__name__)

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS")
POLL_SECONDS = 0.02
KILL_SECONDS = 5.0  # after the second Ctrl-C or SIGTERM, runs that still run are killed (wind_down)
NOT_STARTED = -256  # a job's "exit code" when its task was queued at a stop and started nothing (ray.run_job)


@dataclass(frozen=True)
class Job:
    """One ``gym-loop`` invocation: its arguments (after ``gym-loop``), working directory and log file."""

    key: str
    args: Tuple[str, ...]
    cwd: str
    log: str


def gym_loop_command() -> List[str]:
    """The ``gym-loop`` console script beside this Python, else ``python -m gym_loop`` with this Python (gym-loop
    run from a clone on PYTHONPATH, or with its script elsewhere, or a clone's found through the working directory:
    :func:`unseen_root`)."""
    script = shutil.which("gym-loop", path=os.path.dirname(sys.executable))
    return [script] if script and unseen_root() is None else python_module("gym_loop")


def unseen_root() -> Optional[str]:
    """The folder this process imported gym_loop from, when a Python it starts would import another gym_loop (the
    one installed): found through this process's own first ``sys.path`` entry, which its children lack, as
    ``python -m gym_loop`` run in a clone's folder finds the clone's. None when its children import this one."""
    import gym_loop

    root = os.path.dirname(os.path.dirname(os.path.abspath(gym_loop.__file__)))
    if getattr(sys.flags, "safe_path", False) or not sys.path or os.path.abspath(sys.path[0]) != root:
        return None
    given = [os.path.abspath(path) for path in os.environ.get("PYTHONPATH", "").split(os.pathsep) if path]
    return None if root in given else root


def this_gym_loop(environment: Dict[str, str]) -> Dict[str, str]:
    """``environment`` with :func:`unseen_root` first on its ``PYTHONPATH``, if any: gym-loop processes started with it
    (runs, a tune's workers and trials) run the code of this one."""
    root = unseen_root()
    if root is not None:
        environment["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [environment.get("PYTHONPATH")])])
    return environment


def python_module(module: str) -> List[str]:
    """``python -m MODULE`` with this Python, without the working directory first on sys.path (as ``-P`` does): a
    user's ``optuna.py`` or ``numpy.py`` there must not shadow the library (gym-loop appends the working directory
    last by itself, where it looks for an agent's module)."""
    if sys.version_info >= (3, 11):
        return [sys.executable, "-P", "-m", module]
    return [sys.executable, "-c", f"import runpy, sys; sys.path.pop(0); runpy.run_module({module!r}, "
                                  "run_name='__main__', alter_sys=True)"]


def run_environment(base: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The environment of a run: this one, with one thread per math library unless already set."""
    environment = this_gym_loop(dict(os.environ if base is None else base))
    for name in THREAD_VARIABLES:
        environment.setdefault(name, "1")
    return environment


def start_process(command: List[str], job: Job, environment: Dict[str, str]) -> subprocess.Popen:
    """Start ``command`` for ``job`` in a session of its own, its output appended to the job's log."""
    Path(job.log).parent.mkdir(parents=True, exist_ok=True)
    with open(job.log, "ab") as log:
        log.write(f"\n$ gym-loop {' '.join(job.args)}\n".encode("utf-8", "surrogateescape"))  # a path's bytes
        log.flush()
        return subprocess.Popen([*command, *job.args], cwd=job.cwd, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=environment, start_new_session=True)


def send(process: subprocess.Popen, number: int) -> None:
    """Signal ``number`` to a run started by :func:`start_process`; SIGKILL to its whole session's process group."""
    with contextlib.suppress(ProcessLookupError):  # ended in the meantime
        if number == signal.SIGKILL:
            os.killpg(process.pid, number)
        else:
            process.send_signal(number)


class LocalBackend:
    """Runs jobs as child processes of the driver."""

    name = "local"

    def __init__(self) -> None:
        self.command = gym_loop_command()
        self.environment = run_environment()

    @staticmethod
    def default_jobs() -> int:
        """One run per CPU this process may run on: its affinity (``taskset``, a cgroup cpuset as docker's
        ``--cpuset-cpus``, a Slurm allocation), not the machine's count; that where the system does not say
        (macOS)."""
        if hasattr(os, "process_cpu_count"):  # Python 3.13
            return os.process_cpu_count() or 1
        if hasattr(os, "sched_getaffinity"):
            return len(os.sched_getaffinity(0)) or 1
        return os.cpu_count() or 1

    def start(self, job: Job) -> subprocess.Popen:
        return start_process(self.command, job, self.environment)

    def wait(self, handles: List[subprocess.Popen], timeout: float) -> List[Tuple[Any, Optional[int]]]:
        """The handles that ended within ``timeout`` seconds, with their exit codes (negative: killed by a signal)."""
        deadline = time.monotonic() + timeout
        while True:
            done = [(process, process.poll()) for process in handles if process.poll() is not None]
            if done or time.monotonic() >= deadline:
                return done
            time.sleep(POLL_SECONDS)

    def signal(self, handles: List[subprocess.Popen], number: int) -> None:
        """Send signal ``number`` to each running run; SIGKILL to its process group (its env workers too)."""
        for process in handles:
            if process.poll() is None:
                send(process, number)

    def close(self) -> None:
        """Nothing to release."""


def drive(jobs: Iterable[Job], backend: Any, parallel: int, on_start: Callable[[Job], None],
          on_end: Callable[[Job, Optional[int]], None], others: Callable[[], int] = lambda: 0,
          halted: Callable[[Job], bool] = lambda job: False) -> None:
    """Run ``jobs`` on ``backend``, at most ``parallel`` at once, calling back as each starts and ends.

    A job whose task waits in the backend's queue (Ray's, for a CPU) has not started: ``on_start`` is called
    when the backend's ``begun(handles)`` says it has; one that never starts (cancelled at a stop:
    :data:`NOT_STARTED`) gets neither call.
    ``others()`` says how many runs of the sweep other processes run now (a killed driver's, which live
    on): they count against ``parallel`` too. A job that is ``halted(job)`` when its turn comes (a run of its config
    refused its spec) is not started; those running end as they do.

    Ctrl-C or SIGTERM is passed on to every running job (each checkpoints and stops); the driver waits
    for them, reports each, then raises the ``KeyboardInterrupt`` again. A second one is passed on too, and
    runs that do not stop are then killed (:func:`wind_down`).
    """
    pending, running, queued = deque(jobs), {}, {}  # queued: submitted, not yet begun
    begun = getattr(backend, "begun", lambda handles: handles)  # a backend without a queue starts jobs at once

    def tell_begun(ended: Iterable[Any] = ()) -> None:
        for handle in begun([handle for handle in queued if handle not in ended]):
            del queued[handle]
            on_start(running[handle])

    try:
        while True:
            pending = deque(job for job in pending if not halted(job))
            if not pending and not running:
                break
            while pending and len(running) + others() < parallel:
                job = pending.popleft()
                handle = backend.start(job)
                running[handle] = queued[handle] = job
                tell_begun()
            if not running:  # every place is taken by runs of other processes: wait for one to end
                time.sleep(1.0)
                continue
            ended = backend.wait(list(running), timeout=1.0)
            tell_begun([handle for handle, code in ended if code == NOT_STARTED])
            for handle, code in ended:
                queued.pop(handle, None)
                job = running.pop(handle)
                if code != NOT_STARTED:
                    on_end(job, code)
    except KeyboardInterrupt as stop:
        tell_begun()  # those begun since the last look (a Ray joined by --address may hold wait() until the stop)
        wind_down(backend, running, signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT, on_end,
                  queued=len(queued))
        raise


KILLED_RUNS = "each resumes from its last checkpoint when the sweep is continued"


def wind_down(backend: Any, running: Dict[Any, Job], number: int, on_end: Callable, killed: str = KILLED_RUNS,
              queued: int = 0) -> None:
    """Pass the stop on and wait for the runs. A second signal is passed on too (the runs stop at once); runs
    still running :data:`KILL_SECONDS` after it, or at a third signal, are killed with their process groups
    (SIGKILL: a run stuck where Python's handler never runs, or stopped); ``killed`` says what becomes of them.
    A signal may come at any moment, even while the last one is acted on: it is only counted where it lands.
    ``queued`` of ``running`` wait in the backend's queue: they will not start (:data:`NOT_STARTED`, no
    ``on_end``)."""
    signals, acted, kill_at = 1, 0, math.inf
    while running or acted < signals:
        try:
            while acted < signals:
                acted += 1
                if acted == 1:
                    logger.warning("stopping: passing %s on to %d running run(s); they save a checkpoint and stop "
                                   "(send it again to stop them at once)%s", signal.Signals(number).name,
                                   len(running) - queued, f"; {queued} queued run(s) will not start" if queued else "")
                    backend.signal(list(running), number)
                elif acted == 2:
                    kill_at = time.monotonic() + KILL_SECONDS
                    logger.warning("stopping the running runs at once (those still running in %g s are killed; a "
                                   "third Ctrl-C kills them now)", KILL_SECONDS)
                    backend.signal(list(running), number)
                else:
                    kill_at = time.monotonic()
            if running and time.monotonic() >= kill_at:
                kill_at = math.inf
                logger.warning("killed %d run(s) that did not stop (SIGKILL): %s; %s", len(running),
                               ", ".join(job.key for job in running.values()), killed)
                backend.signal(list(running), signal.SIGKILL)
            wait = min(1.0, max(0.0, kill_at - time.monotonic()))
            for handle, code in backend.wait(list(running), timeout=wait) if running else []:
                job = running.pop(handle)
                if code != NOT_STARTED:
                    on_end(job, code)
        except KeyboardInterrupt:
            signals += 1
