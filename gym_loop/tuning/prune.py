"""The pruning rule: a schedule rule inside a trial's ``gym-loop train`` process.

After every periodic evaluation it reports the mean return to the Optuna trial and stops the run
with status ``pruned`` when the study's pruner says so. It also makes the run evaluate after its last
episode when the periodic evaluations would miss it (a ``max_steps`` reached between them, a
``max_episodes`` that is not a multiple of ``episodes_per_eval``): a trial is scored by the end of its
training, as an Optuna objective that trains and then evaluates would be. Steps are aligned across trials and seeds:
the run of the k-th tuning seed reports at ``k * max_episodes + episode`` (the largest ``max_episodes``
the space allows). The final evaluation of
the last seed's run is reported but never pruned: the trial's runs have all done their work by then,
and the trial completes with the mean over its seeds.
"""

import logging
from pathlib import Path
from typing import Any, Dict, Optional

from gym_loop.errors import SpecError
from gym_loop.files import json_text, json_value, on_disk, recorded, write_atomically

logger = logging.getLogger(__name__)

TRIAL_KEYS = ("storage", "study", "trial", "pruner", "step_offset")
FINAL_KEY = "final"  # optional: {"episodes": N, "steps": M or null} of the last seed's run
END_KEY = "end"  # optional: {"episodes": N, "steps": M or null, "every": E} of every run: evaluate at its end


class PruningRule:
    """Report each periodic evaluation to an Optuna trial; stop the run when it should be pruned.

    Args:
        trial: The live ``optuna.trial.Trial``.
        step_offset: Added to the episode number to make the reported step.
        final: For the run of a trial's last seed, its ``max_episodes`` and ``max_steps`` (or None): an
            evaluation at or past either is the run's last, and no pruning decision is made there.
        end: The run's ``max_episodes``, ``max_steps`` (or None) and ``episodes_per_eval`` (``every``): the
            episode that reaches either budget is evaluated, if ``every`` would not evaluate it; None: no such
            evaluation.
    """

    def __init__(self, trial: Any, step_offset: int = 0, final: Optional[Dict[str, Any]] = None,
                 end: Optional[Dict[str, Any]] = None):
        self.trial = trial
        self.step_offset = step_offset
        self.final = final
        self.end = end
        self._ended = False  # whether it asked for the evaluation at the end (once: a vector step's episodes go on)

    def after_episode(self, progress: Any) -> Optional[str]:
        """``EVALUATE`` after the episode that ends the run by ``max_episodes`` or ``max_steps``, if the
        periodic evaluations do not fall on it; else None. Asked once: the episodes counted after it (the rest of
        VectorLoop's vector step) are not evaluated again."""
        from gym_loop.schedule import EVALUATE

        if self.end is None or self._ended:
            return None
        self._ended = _reached(self.end, progress.episodes, progress.global_step)
        return EVALUATE if self._ended and progress.episodes % self.end["every"] else None

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return self.end is None or not _reached(self.end, episodes, global_step)

    def after_evaluation(self, episode: int, global_step: int, mean_return: float) -> Optional[Any]:
        """Report ``mean_return`` at step ``step_offset + episode``.

        Returns:
            ``Stop("pruned", reason)`` when the study's pruner prunes the trial, else None (always None
            at the final evaluation of the last seed's run); ``Stop("interrupted", reason)`` when the trial has
            finished meanwhile (a later start of the tune marked it FAIL: this run's worker was stopped).
        """
        from optuna.exceptions import UpdateFinishedTrialError

        from gym_loop.schedule import Stop

        step = self.step_offset + episode
        try:
            self.trial.report(float(mean_return), step)
        except UpdateFinishedTrialError:
            return Stop("interrupted", f"stopped: trial {self.trial.number} is no longer running (a later start of "
                                       "the tune marked it FAIL, as the worker that ran it was stopped); this run "
                                       "does not count")
        if (self.final is not None and _reached(self.final, episode, global_step)) or not self.trial.should_prune():
            return None
        pruner = type(getattr(self.trial.study, "pruner", None)).__name__  # the study's, one for all its trials
        reason = (f"pruned by the study's {pruner} after {episode} episodes "
                  f"(evaluation mean return {mean_return:.4g}, reported at step {step})")
        logger.info("%s", reason)
        return Stop("pruned", reason)


def _reached(end: Dict[str, Any], episodes: int, global_step: int) -> bool:
    """Whether a run planned to ``end`` (its ``episodes`` and ``steps``, each None for no limit) ends there."""
    planned, steps = end["episodes"], end.get("steps")
    return (planned is not None and episodes >= planned) or (steps is not None and global_step >= steps)


def write_trial_file(path: Path, storage: str, study: str, trial: int, pruner: str, step_offset: int,
                     final: Optional[Dict[str, Any]] = None, end: Optional[Dict[str, Any]] = None) -> None:
    """Write what ``gym-loop train --trial FILE`` needs to report to a trial, as JSON.

    ``final`` (see :class:`PruningRule`) is given for the run of the trial's last seed only; ``end`` for every run.
    """
    record = dict(zip(TRIAL_KEYS, (recorded(str(storage)), study, trial, pruner, step_offset)),
                  **{FINAL_KEY: final, END_KEY: end})
    write_atomically(path, json_text(record, indent=2) + "\n")


def rule_from_file(path: Path) -> PruningRule:
    """The pruning rule described by a trial file that :func:`write_trial_file` wrote.

    Raises:
        SpecError: At ``--trial``: the file cannot be read, lacks a key, or names no such trial.
    """
    from gym_loop.tuning.study import trial_of

    record = _read(path)
    try:
        trial = trial_of(on_disk(record["storage"]), record["study"], int(record["trial"]), record["pruner"])
    except (KeyError, ValueError) as error:  # optuna: no such study (KeyError) or trial
        raise SpecError("--trial", f"{path}: no trial {record['trial']} in study {record['study']!r} "
                                   f"at {record['storage']}: {error}") from error
    return PruningRule(trial, int(record["step_offset"]), record.get(FINAL_KEY), record.get(END_KEY))


def _read(path: Path) -> Dict:
    try:
        record = json_value(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SpecError("--trial", f"cannot read trial file {path}: {error}") from error
    missing = [key for key in TRIAL_KEYS if not isinstance(record, dict) or key not in record]
    if missing:
        raise SpecError("--trial", f"{path} lacks {', '.join(missing)}; gym-loop tune writes these files")
    return record
