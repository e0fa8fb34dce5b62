"""Whether a resumed run's CSV record (``episodes.csv``, ``evals.csv``) holds every row up to its checkpoint.

A resume keeps the rows before its checkpoint and appends the rest, so rows lost before it (a file cut short,
deleted or replaced) would be missing for good; the resume is refused first (docs/runs.rst)."""

from itertools import groupby
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from gym_loop.errors import GymLoopError, new_run_call
from gym_loop.run_checkpoints import checkpoint_episodes, complete_checkpoints, read_state
from gym_loop.files import shown
from gym_loop.sinks.csv_file import complete_rows, header_width
from gym_loop.sinks.episodes_csv import COLUMNS
from gym_loop.sinks import Evaluation


def check_record(parameters: Dict[str, Any], state: Dict[str, Any], run: Path, checkpoint: Path) -> None:
    """Refuse to resume ``run`` from ``checkpoint`` (whose ``state`` it is) if its CSV files lack rows before it.

    Args:
        parameters: The run's loop parameters, their paths inside the run folder.
        state: The checkpoint's state (:func:`~gym_loop.run_checkpoints.read_state`).
        run: The run folder.
        checkpoint: The checkpoint folder resumed from.

    Raises:
        GymLoopError: ``episodes.csv`` lacks a row of an episode the checkpoint counts, or ``evals.csv`` the row
            of the best evaluation it holds, or fewer rows than the evaluations it counts (an older checkpoint
            counts none: its best is checked only); nothing was changed. The message names the newest earlier checkpoint
            the files cover, if there is one (a run of a gym-loop that did not fsync them before a checkpoint,
            cut short by a power loss).
    """
    lack = _lack(parameters, state, checkpoint.name)
    if lack is None:
        return
    done = state["run"]["summary"]["episodes"]
    earlier = next((other.name for other in reversed(complete_checkpoints(checkpoint.parent))
                    if (checkpoint_episodes(other.name) or 0) < done and (other_state := _state(other))
                    and _lack(parameters, other_state, other.name) is None), None)
    instead = (f" or resume from the earlier checkpoint {earlier}, which it covers: write that name into "
               f"{shown(checkpoint.parent / 'latest')}, then resume;" if earlier else "")
    raise GymLoopError(f"{lack}; restore it from a copy of the run, then resume;{instead} or start a new run: "
                       f"{new_run_call(shown(Path(run) / 'spec.yaml'))}")


def _lack(parameters: Dict[str, Any], state: Dict[str, Any], name: str) -> Optional[str]:
    """What the CSV files lack of the checkpoint ``name`` whose ``state`` it is, or None."""
    episodes = state["run"]["summary"]["episodes"]
    if parameters.get("episodes_csv") and episodes:
        path = Path(parameters["episodes_csv"])
        seen = bytearray(episodes)  # a byte an episode, streaming the rows: a long run's file costs no row list
        for row in _rows(path, len(COLUMNS)):
            if row[0].isdigit() and int(row[0]) < episodes:
                seen[int(row[0])] = 1
        if (kept := seen.count(1)) < episodes:
            missing = _spans([number for number, found in enumerate(seen) if not found])
            return (f"{shown(path)} has {kept} of the {episodes} episodes checkpoint {name} holds (cut short or "
                    f"deleted?): a resume would leave episodes {missing} out of it for good")
    best, evaluations = state["run"].get("best_eval_return"), state["run"].get("evaluations")
    if parameters.get("evals_csv") and (best is not None or evaluations):
        path = Path(parameters["evals_csv"])
        width = header_width(path, Evaluation._fields) if path.is_file() else 0  # an older file has no n
        means = [float(row[2]) for row in _rows(path, width) if row[0].isdigit() and int(row[0]) <= episodes]
        if best is not None and best not in means:
            return (f"{shown(path)} lacks evaluations checkpoint {name} holds, its best (mean return {best!r}) among "
                    "them (cut short or deleted?): a resume would leave them out of it for good")
        if evaluations and len(means) < evaluations:  # a checkpoint of a gym-loop that counts them
            return (f"{shown(path)} has {len(means)} of the {evaluations} evaluations checkpoint {name} holds (cut "
                    f"short or deleted?): a resume would leave {evaluations - len(means)} of them out of it for good")
    return None


def _state(checkpoint: Path) -> Optional[Dict[str, Any]]:
    """The state of another checkpoint, or None if it cannot be read."""
    try:
        return read_state(checkpoint)
    except GymLoopError:
        return None


def _rows(path: Path, width: int) -> Iterable[List[str]]:
    """The whole rows of the CSV file ``path``, streamed; none if it is missing."""
    return complete_rows(path, width) if path.is_file() else []


def _spans(numbers: List[int]) -> str:
    """Sorted ``numbers`` as ``0, 3-7, 9``: a run of consecutive numbers keeps one difference to its index."""
    runs = [[number for _, number in run] for _, run in groupby(enumerate(numbers), lambda pair: pair[1] - pair[0])]
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
