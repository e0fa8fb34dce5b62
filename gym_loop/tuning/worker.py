"""A tune worker: asks the study for a trial, trains its runs, tells the result; until N trials count.

Each run is its own ``gym-loop train`` process (a crash ends one run, not the worker), in the run
folder ``trials/<n>/seed-<s>/``, with the pruning rule given by ``--trial``. Workers are processes
(``python -m gym_loop.tuning CONFIG INDEX``) or Ray tasks calling :func:`run_worker`.
"""

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

from gym_loop.errors import GymLoopError, SpecError, Terminated, handle_termination
from gym_loop.files import on_disk, recorded, write_atomically
from gym_loop.lock import held
from gym_loop.numeric import mean
from gym_loop.sweeps import runinfo
from gym_loop.sweeps.launch import python_module, run_environment
from gym_loop.tuning.folder import TuneFolder

logger = logging.getLogger(__name__)

FAILURES_IN_A_ROW = 3  # a worker gives up after this many failed trials in a row (a broken spec fails all)
STOPPED_ALONE = (130, 143)  # a run's exit after Ctrl-C or SIGTERM: a failed run when the worker was not stopped too
# A worker process's exit codes for the errors it reports in one line (1 is Python's, for an uncaught exception),
# and how the driver's closing line names each.
GAVE_UP, WRITE_FAILED, OTHER_ERROR = 4, 5, 6
STOPPED_BY = {GAVE_UP: "after failed trials", WRITE_FAILED: "because a file could not be written",
              OTHER_ERROR: "on an error"}


class GaveUp(GymLoopError):
    """``FAILURES_IN_A_ROW`` trials of a worker failed in a row."""
STOP_GRACE = 10  # seconds a run has to stop on its own after Ctrl-C before it gets SIGTERM


def sampler_seed(start: int, index: int, base: Optional[int] = None, tagged: bool = True) -> int:
    """The sampler seed of worker ``index`` in the ``start``-th start of a tune: distinct for each, and
    for each ``base`` (``--sampler-seed``; without it, as for ``--sampler-seed`` never given).

    NumPy's ``SeedSequence`` pads its entropy with zeros, so ``[base, start, 0]`` would be ``[start', index']``
    (``--sampler-seed 0`` the same study as none): a ``tagged`` seed ends in 1, which padding never gives. A tune
    begun before tags (its first start in ``tune.json`` records no ``sampler_seeding``) keeps its untagged seeds, so
    that a continued tune proposes as it would have."""
    import numpy as np

    entropy = [start, index] if base is None else [base, start, index, *([1] if tagged else [])]
    return int(np.random.SeedSequence(entropy).generate_state(1)[0])


def run_worker(config: Dict[str, Any], index: int) -> int:
    """Run trials until the study counts ``config["trials"]`` or the deadline passes.

    Args:
        config: What the driver wrote (see ``gym_loop.tuning.driver.worker_config``).
        index: The worker's index, which seeds its sampler.

    Returns:
        The number of trials this worker ran.

    Raises:
        GaveUp: ``FAILURES_IN_A_ROW`` trials failed in a row.
        KeyboardInterrupt: Ctrl-C or SIGTERM; the trial in progress is marked FAIL.
    """
    from optuna.distributions import json_to_distribution

    from gym_loop.spec import load_spec
    from gym_loop.tuning.study import make_sampler, open_study

    folder = TuneFolder(Path(config["folder"]))
    space = {key: json_to_distribution(text) for key, text in config["space"].items()}
    seed = sampler_seed(config["start"], index, config.get("sampler_seed"), config.get("sampler_seeding", 1) > 1)
    study = open_study(config["storage"], config["study"], make_sampler(config["sampler"], seed), config["pruner"])
    base = load_spec(folder.spec_path)
    parent, ran, failed = os.getppid(), 0, []
    while os.getppid() == parent:  # a worker whose driver was killed finishes its trial, then stops
        _check_stop(config)  # a Ray worker's driver asked the runs to stop: no new trial
        trial = _next_trial(study, space, folder, config, seed, first=ran == 0)
        if trial is None:
            break
        state = run_trial(study, trial, folder, base, config)
        with held(folder.ask_lock, str(folder.ask_lock), wait=True):
            folder.write_trials(study.get_trials(deepcopy=False), list(space))  # as it is now, for plot and cat
        ran += 1
        failed = failed + [trial.number] if state == "FAIL" else []
        if len(failed) >= FAILURES_IN_A_ROW:
            logs = ", ".join(f"{folder.trial_dir(number)}/seed-*.log" for number in failed)
            raise GaveUp(f"trials {', '.join(map(str, failed))} failed in a row; their logs are {logs}")
    return ran


def _next_trial(study: Any, space: Dict[str, Any], folder: TuneFolder, config: Dict[str, Any],
                seed: int, first: bool = False) -> Optional[Any]:
    """A new trial, or None once N trials count or the deadline passed (not for a worker's ``first`` trial: as
    Optuna's ``optimize(timeout=...)``, every worker runs one); asked under a lock so N is exact."""
    from gym_loop.tuning.study import counted, mark_worker

    with held(folder.ask_lock, str(folder.ask_lock), wait=True):  # the workers ask in turn
        if not first and config.get("deadline") and time.time() >= config["deadline"]:
            return None
        if counted(study) >= config["trials"]:
            return None
        with _signals_held():  # a trial asked is marked with its worker, which a later check of it needs
            trial = study.ask(space)
            mark_worker(trial, seed)
        folder.write_trials(study.get_trials(deepcopy=False), list(space))  # its runs are a trial's from the start
    return trial


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back for the moment of a few journal writes; they come right after."""
    held_back = {signal.SIGINT, signal.SIGTERM}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held_back)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def run_trial(study: Any, trial: Any, folder: TuneFolder, base: Dict, config: Dict[str, Any]) -> str:
    """Train the trial's run on each tuning seed in turn and tell the study the outcome.

    The value is the mean over seeds of each run's final evaluation (after its last episode: see
    :class:`~gym_loop.tuning.prune.PruningRule`); a pruned run makes
    the trial PRUNED (later seeds are not run); a failed run makes it FAIL. The last seed's run is
    never pruned at its final evaluation: its work is done, and the trial completes.

    Returns:
        The state told: ``COMPLETE``, ``PRUNED`` or ``FAIL``.
    """
    from optuna.trial import TrialState

    from gym_loop.yaml_safety import dump
    from gym_loop.spec import run_spec
    from gym_loop.tuning.space import on_grid, with_parameters

    spec_path = folder.trial_dir(trial.number) / "spec.yaml"
    returns: Dict[str, float] = {}
    try:  # a spec the trial's parameters make wrong is a FAIL with its reason: the next trial may draw others
        document = with_parameters(base, on_grid(trial.params, trial.distributions))
        write_atomically(spec_path, dump(document, unicode=False))
        planned = run_spec(document).loop.parameters
        final = {"episodes": planned["max_episodes"], "steps": planned.get("max_steps")}
        end = dict(final, every=planned["episodes_per_eval"])  # every run evaluates at its end (PruningRule)
        for position, seed in enumerate(config["seeds"]):
            if position:
                _check_stop(config)  # the trial's runs so far finished as the stop came: it is retried
            last = position == len(config["seeds"]) - 1
            outcome, detail = _run_seed(trial, folder, spec_path, config, position, seed, final if last else None,
                                        end)
            if outcome != "finished":
                trial.set_user_attr("reason", detail)
                state = TrialState.PRUNED if outcome == "pruned" else TrialState.FAIL
                study.tell(trial, state=state)
                if state == TrialState.PRUNED:  # the shape of a complete trial's line: its parameters -> outcome
                    logger.info("trial %d: %s -> seed %d: %s", trial.number, _shown(trial.params), seed, detail)
                else:
                    logger.warning("trial %d fail: %s", trial.number, detail)
                return state.name
            returns[str(seed)] = detail
            trial.set_user_attr("returns", returns)
    except SpecError as error:  # a combination of values the space's checks did not try: this trial's alone
        trial.set_user_attr("reason", str(error))
        study.tell(trial, state=TrialState.FAIL)
        logger.warning("trial %d fail: %s: %s", trial.number, _shown(trial.params), error)
        return "FAIL"
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):  # Ctrl-C or SIGTERM: the next start tries its parameters again
            trial.set_user_attr("interrupted", True)
        study.tell(trial, state=TrialState.FAIL)
        raise
    value = mean(list(returns.values()))  # finite for finite scores, however large
    study.tell(trial, value)
    logger.info("trial %d: %s -> %.4g", trial.number, _shown(trial.params), value)
    return "COMPLETE"


def _run_seed(trial: Any, folder: TuneFolder, spec_path: Path, config: Dict[str, Any], position: int,
              seed: int, final: Optional[Dict[str, Any]], end: Dict[str, Any]) -> Tuple[str, Any]:
    """Train one run; ``("finished", final evaluation return)``, ``("pruned", reason)`` or ``("failed", why)``.

    ``final``: the run's planned end if it is the trial's last seed (no pruning at its final evaluation);
    ``end``: its planned end and ``episodes_per_eval``, so that it evaluates after its last episode.
    """
    from gym_loop.tuning.prune import write_trial_file

    run_dir = folder.run_dir(trial.number, seed)
    trial_file = folder.trial_dir(trial.number) / f"seed-{seed}.trial.json"
    write_trial_file(trial_file, config["storage"], config["study"], trial.number, config["pruner"],
                     position * config["step_stride"], final, end)
    log = folder.trial_dir(trial.number) / f"seed-{seed}.log"
    args = ["train", "-c", str(spec_path), "--seed", str(seed), "--run-dir", str(run_dir), "--trial", str(trial_file),
            "--hparam", "tune.trial", str(trial.number)]
    code = _train(args, log, config.get("cwd"), config.get("stop_file"))
    if code in STOPPED_ALONE:  # a signal to this worker as well has raised in _train: this one was the run's alone
        return "failed", (f"run {run_dir} was stopped by {_signal_name(code - 128)} sent to it alone (exit {code}): "
                          f"{_last_line(log)} (log: {log})")
    if code < 0:  # its log's last line says nothing of it
        return "failed", f"run {run_dir} was killed by signal {-code} ({_signal_name(-code)}) (log: {log})"
    if code != 0:
        return "failed", f"run {run_dir} exited {code}: {_last_line(log)} (log: {log})"
    status = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    if status["status"] == "pruned":
        return "pruned", status.get("reason") or "pruned"
    try:
        path = runinfo.run_file(run_dir, "evals_csv")  # where its spec puts it; tune refuses null
    except SpecError as error:
        return "failed", str(error)
    last = runinfo.last_row(path)
    if last is None:
        return "failed", f"run {run_dir} has no periodic evaluation in {path}"
    return "finished", float(last["mean_return"])


def _train(args: List[str], log: Path, cwd: Optional[str], stop_file: Optional[str] = None) -> int:
    """Run ``gym-loop`` with ``args`` (``train ...``), its output in ``log``; on Ctrl-C or SIGTERM let it checkpoint
    and stop first.

    A Ray worker's run (``stop_file`` given) is started and stopped as a sweep's runs on Ray are
    (:func:`~gym_loop.sweeps.ray.run_job`), through the stop file the driver writes; a run that did not finish then
    raises the stop here.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    cwd = cwd if cwd and os.path.isdir(cwd) else None  # (another node of a Ray cluster may lack it)
    if stop_file:
        from gym_loop.sweeps.launch import Job
        from gym_loop.sweeps.ray import run_job

        code = run_job(Job(str(log), tuple(args), cwd, str(log)), stop_file)  # type: ignore[arg-type]
        if code:
            _check_stop({"stop_file": stop_file})
        return code
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen([*python_module("gym_loop"), *args], stdout=stream, stderr=subprocess.STDOUT,
                                   env=run_environment(), cwd=cwd)  # one-threaded as a sweep's
        try:
            return process.wait()
        except KeyboardInterrupt as error:
            if isinstance(error, Terminated):  # SIGTERM came to this process only: pass it on
                process.terminate()
            try:  # Ctrl-C reached the whole process group, the run too: it stops after its episode
                process.wait(timeout=STOP_GRACE)
            except subprocess.TimeoutExpired:  # it did not get the signal (a cancelled Ray task), or is slow
                process.terminate()
                process.wait()
            raise


def _check_stop(config: Dict[str, Any]) -> None:
    """Raise the stop the driver of Ray workers asked for in its stop file (``Terminated`` for SIGTERM), if any."""
    if not config.get("stop_file"):
        return
    from gym_loop.sweeps.ray import stop_requested

    number = stop_requested(config["stop_file"])
    if number is not None:
        raise Terminated() if number == signal.SIGTERM else KeyboardInterrupt()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # a real-time signal
        return f"signal {number}"


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
             if line.strip() and not line.startswith("$ gym-loop ")]  # (a Ray run's log begins with its command)
    return lines[-1] if lines else "no output"


def _shown(parameters: Dict[str, Any]) -> str:
    """The parameters as ``key=value``, values spelt as in ``trials.csv`` (null, true), floats to 4 digits."""
    from gym_loop.sweeps.state import cell

    return ", ".join(f"{key}={value:.4g}" if isinstance(value, float) else f"{key}={cell(value)}"
                     for key, value in parameters.items())


def write_failure(error: OSError, config: Dict[str, Any]) -> str:
    """One line for a write that failed in a worker; a failed append to the journal names no file: the journal."""
    from gym_loop.errors import describe

    storage = config["storage"]
    where = Path(storage) if "://" not in storage else Path(config["folder"])
    return f"{describe(error, where)}; then re-run the same command to continue the study"


CONFIG_PATHS = ("folder", "storage", "cwd")  # in worker.json as files.recorded writes a path


def config_text(config: Dict[str, Any]) -> str:
    """``config`` as worker.json holds it, its paths as run.json's (:data:`CONFIG_PATHS`); :func:`main` reads it."""
    return json.dumps({**config, **{key: recorded(config[key]) for key in CONFIG_PATHS
                                    if isinstance(config.get(key), str)}}, indent=2) + "\n"


def main(argv: List[str]) -> int:
    """``python -m gym_loop.tuning CONFIG.json INDEX``: exit 0 done, ``GAVE_UP`` after trials failed in a row,
    ``WRITE_FAILED`` (a full disk...), ``OTHER_ERROR``, 130/143 stopped; each error said in one line first."""
    handle_termination()  # a repeat within a second (a job-wide stop, passed on by the driver too) is the same stop
    config = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    config.update({key: on_disk(config[key]) for key in CONFIG_PATHS if isinstance(config.get(key), str)})
    logging.basicConfig(level=logging.WARNING, format=f"%(levelname)s: worker {argv[1]}: %(message)s",
                        stream=sys.stderr)  # other libraries' INFO lines stay out, as in gym_loop.cli
    logging.getLogger("gym_loop").setLevel(logging.WARNING if config.get("quiet") else logging.INFO)
    try:
        run_worker(config, int(argv[1]))
    except GymLoopError as error:
        logger.error("%s", error)
        return GAVE_UP if isinstance(error, GaveUp) else OTHER_ERROR
    except OSError as error:  # the journal or a trial's files could not be written: a full disk...
        logger.error("%s", write_failure(error, config))
        return WRITE_FAILED
    except KeyboardInterrupt as error:
        return 143 if isinstance(error, Terminated) else 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
