"""More seeds for an existing sweep: ``gym-loop sweep SWEEP_DIR --add-seeds 5-9``.

The spec, ``--set`` and axes stay as the sweep was made; each new seed gets a run in every config,
the runs already there are left as they are (and continued as ``gym-loop sweep SWEEP_DIR`` does).
The manifest keeps the seeds in order (the old ones, then the added ones) and a record of each addition.
"""

import dataclasses
import logging
import sys
import time
from typing import Any, Dict, List, Sequence

from gym_loop.errors import SpecError
from gym_loop.files import recorded
from gym_loop.sweeps.plan import MAX_SEEDS, Run, parse_seeds

logger = logging.getLogger(__name__)


def add_seeds(plan_: Any, text: str) -> Any:
    """``plan_`` (an existing sweep's) with the seeds of ``text`` added; seeds already in it are skipped.

    Nothing is written (nor announced): the sweep's manifest is replaced, and the seeds announced, when the
    plan is executed under the sweep's lock (:func:`announce_added`).

    Args:
        plan_: The :class:`gym_loop.sweeps.sweep.Plan` of an existing sweep, from ``gym-loop sweep SWEEP_DIR``.
        text: Seeds as for ``--seeds`` (``5-9``, ``5,7``).

    Returns:
        The plan with the new manifest (seeds, ``added``) and one run per config and new seed.

    Raises:
        SpecError: At ``--add-seeds``, when the seeds are malformed or the sweep would get too many.
    """
    try:
        asked = parse_seeds(text)
    except SpecError as error:
        raise SpecError("--add-seeds", error.problem) from error
    seeds = list(plan_.manifest["seeds"])
    present = [seed for seed in asked if seed in seeds]
    new = [seed for seed in asked if seed not in seeds]
    if present:
        logger.info("seed(s) %s already in sweep %s: kept as they are", seeds_text(present), plan_.sweep.path)
    if not new:
        return plan_
    if len(seeds) + len(new) > MAX_SEEDS:
        raise SpecError("--add-seeds", f"{text} would give the sweep more than {MAX_SEEDS} seeds (runs per config); "
                                       "add fewer")
    added = {"seeds": new, "added": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
             "command": ["gym-loop", *map(recorded, sys.argv[1:])]}
    manifest = {**plan_.manifest, "seeds": seeds + new, "added": [*plan_.manifest.get("added", []), added]}
    return dataclasses.replace(plan_, manifest=manifest, runs=_runs(plan_.runs, seeds + new))


def announce_added(before: Dict[str, Any], after: Dict[str, Any], sweep: Any) -> None:
    """Log the seeds ``after`` (a manifest just written) has that ``before`` (the sweep's previous one) had not."""
    new = [seed for seed in after["seeds"] if seed not in before["seeds"]]
    if new:
        logger.info("added seed(s) %s to every config of sweep %s", seeds_text(new), sweep.path)


def seeds_text(seeds: Sequence[int]) -> str:
    """Seeds as ``--seeds`` takes them, runs of consecutive seeds as ranges: ``[5, 6, 7, 9]`` gives ``5-7,9``."""
    parts: List[List[int]] = []
    for seed in seeds:
        if parts and seed == parts[-1][-1] + 1:
            parts[-1].append(seed)
        else:
            parts.append([seed])
    return ",".join(f"{part[0]}-{part[-1]}" if len(part) > 2 else ",".join(map(str, part)) for part in parts)


def _runs(runs: Sequence[Run], seeds: Sequence[int]) -> List[Run]:
    """One run per config of ``runs`` (in their order) and seed, seeds of a config together."""
    configs: Dict[str, Any] = {run.config.id: run.config for run in runs}
    return [Run(config, seed) for config in configs.values() for seed in seeds]
