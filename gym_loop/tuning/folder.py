"""The tune folder ``tunes/<name>/``: the study's inputs, its trials' run folders and its results.

::

    tunes/<name>/spec.yaml        the base spec, as parsed, with --set applied
    tunes/<name>/space.yaml       the search space, as given
    tunes/<name>/tune.json        the tuning seeds, storage, study; each start's sampler and pruner
    tunes/<name>/journal.log      the Optuna journal (unless --storage names another)
    tunes/<name>/trials/<n>/      spec.yaml of trial n, seed-<s>/ run folders, seed-<s>.log
    tunes/<name>/trials.csv       number, state, value and parameters of every trial
    tunes/<name>/best.yaml        the base spec with the best trial's parameters
"""

import json
import logging
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from gym_loop.errors import SpecError, command_line
from gym_loop.files import TUNE_SETTINGS, holds_other_files, recorded, write_atomically

logger = logging.getLogger(__name__)

LOCK_FILE = "tune.lock"
START_CHOICES = ("sampler", "sampler_seed", "pruner")  # recorded for each start in tune.json's starts
SAMPLER_SEEDING = 2  # the first start's record of how workers seed their samplers (worker.sampler_seed); 1 if none


class TuneFolder:
    """Paths and files of one tune.

    Args:
        path: ``<tunes-dir>/<name>``.
    """

    def __init__(self, path: Path):
        self.path = Path(path)

    spec_path = property(lambda self: self.path / "spec.yaml")
    space_path = property(lambda self: self.path / "space.yaml")
    settings_path = property(lambda self: self.path / TUNE_SETTINGS)
    journal_path = property(lambda self: self.path / "journal.log")
    trials_csv = property(lambda self: self.path / "trials.csv")
    best_path = property(lambda self: self.path / "best.yaml")
    ask_lock = property(lambda self: self.path / "ask.lock")

    def trial_dir(self, number: int) -> Path:
        """``trials/<number>``: the trial's spec, its run folders and their logs."""
        return self.path / "trials" / str(number)

    def run_dir(self, number: int, seed: int) -> Path:
        """The run folder of trial ``number`` on tuning seed ``seed``."""
        return self.trial_dir(number) / f"seed-{seed}"

    def run_dirs(self) -> List[Path]:
        """The run folders of every trial so far, ``trials/<n>/seed-<s>/`` for a trial number ``n`` and a tuning
        seed ``s`` of ``tune.json``: a copy beside them (``seed-0.bak``, ``trials/3.bak/``) is no run of the tune.

        Raises:
            SpecError: ``tune.json`` cannot be read (see :meth:`settings`).
        """
        seeds = (self.settings() or {}).get("seeds", [])
        trials = self.path / "trials"
        numbers = sorted(int(path.name) for path in trials.iterdir() if path.name.isdigit()
                         and path.name == str(int(path.name))) if trials.is_dir() else []
        return [run for number in numbers for seed in seeds if (run := self.run_dir(number, seed)).is_dir()]

    def foreign(self, spec_text: str = "", space_text: str = "") -> bool:
        """Whether the folder holds files but no tune (no ``tune.json``): someone else's, never to be written.
        The inputs :meth:`set_up` of this tune writes before ``tune.json`` (``spec_text``, ``space_text``) do not
        count: a tune killed while it was made is made again."""
        own = {self.spec_path.name: spec_text, self.space_path.name: space_text}
        return not self.settings_path.exists() and holds_other_files(self.path, LOCK_FILE, own)

    def set_up(self, spec_text: str, space_text: str, settings: Dict[str, Any]) -> None:
        """Write the inputs of a new tune, or check that a re-run gives the same ones.

        Args:
            spec_text: The base spec as parsed, with ``--set`` applied (YAML).
            space_text: The space as parsed (YAML).
            settings: ``seeds``, ``storage`` and ``study`` of the tune; ``tune.json`` keeps the ``starts``
                recorded so far (see :meth:`add_start`).

        Raises:
            SpecError: A re-run with another base spec, space or seeds than the study's.
        """
        self.path.mkdir(parents=True, exist_ok=True)
        inputs = {self.spec_path: spec_text, self.space_path: space_text}
        for path, text, option in ((self.spec_path, spec_text, "-c/--run-config and --set"),
                                   (self.space_path, space_text, "--space")):
            if path.exists() and path.read_text(encoding="utf-8") != text:
                if (damage := _damaged(path, spec=path == self.spec_path)) is not None:  # its copy, not the file given
                    raise SpecError(option, f"this tune's copy {path} is damaged ({damage}); restore it from a copy "
                                            "of the tune (or delete it: the same command then writes it again from "
                                            "the file given), or give a new --name for a new tune")
                import yaml

                from gym_loop.sweeps.drift import changes, unseeded
                from gym_loop.yaml_safety import load

                def read(source: str, own: bool = False) -> Any:  # a spec's top-level seed left out: no trial uses it
                    document = load(source, str(path)) if own else yaml.safe_load(source)
                    return unseeded(document) if path == self.spec_path else document

                stored_text = path.read_text(encoding="utf-8")
                if read(stored_text) == read(text):  # the same, written otherwise (gym-loop 0.3.0 kept the text given)
                    if read(stored_text, own=True) == read(text, own=True):
                        del inputs[path]  # kept as it is
                    continue  # else an older gym-loop wrote 1e-3 unquoted, which gym-loop reads as a number: rewritten
                raise SpecError(option, f"differs from {path} ({changes(read(stored_text), read(text))}), which this "
                                        "tune was started with; give the same file, or a new --name for a new tune")
        recorded = self.settings()
        if recorded and recorded["seeds"] != settings["seeds"]:
            raise SpecError("--seeds", f"this tune's trials ran on seeds {_seeds(recorded['seeds'])}; give "
                                       f"--seeds {_seeds(recorded['seeds'])}, or a new --name for a new tune")
        for path, text in inputs.items():
            write_atomically(path, text)
        starts = list((recorded or {}).get("starts", []))
        if starts:  # a tune.json of an older gym-loop has the last start's choices at the top
            starts[-1] = {**{key: recorded.get(key) for key in START_CHOICES}, **starts[-1]}
        write_atomically(self.settings_path, json.dumps({**settings, "starts": starts}, indent=2) + "\n")

    def add_start(self, choices: Dict[str, Any], first: Optional[Dict[str, Any]] = None) -> int:
        """Record a start that runs trials in ``tune.json``'s ``starts`` (a start with no trial to run records
        nothing); a warning says which of its choices differ from the previous start's.

        Args:
            choices: ``sampler``, ``sampler_seed`` and ``pruner`` of this start (``START_CHOICES``).
            first: What the first start records for every start of the tune (``step_stride``), with
                ``sampler_seeding``; later starts use the first's (:meth:`first_start`).

        Returns:
            The start's number: its position in ``starts``.
        """
        recorded = self.settings() or {}
        starts = list(recorded.get("starts", []))
        if starts:
            _warn_of_changes(starts[-1], choices)
        first = {} if starts else {"sampler_seeding": SAMPLER_SEEDING, **(first or {})}  # for every start
        starts.append({"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **choices, **_provenance(), **first})
        write_atomically(self.settings_path, json.dumps({**recorded, "starts": starts}, indent=2) + "\n")
        return len(starts) - 1

    def first_start(self) -> Dict[str, Any]:
        """The first start's record in ``tune.json`` (empty before it): what it records holds for every start."""
        return ((self.settings() or {}).get("starts") or [{}])[0]

    def sampler_seeding(self) -> int:
        """How the workers of this tune seed their samplers: as its first start did (1 for a tune begun before
        :data:`SAMPLER_SEEDING` was recorded; see :func:`gym_loop.tuning.worker.sampler_seed`)."""
        return self.first_start().get("sampler_seeding", 1)

    def settings(self) -> Optional[Dict[str, Any]]:
        """The recorded settings, or None for a new tune.

        Raises:
            SpecError: ``tune.json`` cannot be read, or is not a tune's (cut short, or another file).
        """
        if not self.settings_path.exists():
            return None
        try:
            settings = json.loads(self.settings_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SpecError("", f"cannot read {self.settings_path}: {error}; restore it from a copy, or give a "
                                "new --name for a new tune") from error
        if not isinstance(settings, dict) or not isinstance(settings.get("seeds"), list):
            raise SpecError("", f"{self.settings_path} is not a tune's settings (it has no seeds); restore it "
                                "from a copy, or give a new --name for a new tune")
        return settings

    def write_trials(self, trials: List[Any], keys: List[str]) -> None:
        """Write ``trials.csv``: a row per trial with its number, state, value and parameters, each parameter as a
        sweep's ``configs.csv`` writes values (``true``, ``null``; a trial without the parameter: an empty cell)."""
        from gym_loop.sweeps.state import cell, to_csv
        from gym_loop.tuning.space import on_grid

        rows = [{"number": trial.number, "state": trial.state.name, "value": trial.value,
                 **{key: cell(value) for key, value in on_grid(trial.params, trial.distributions).items()}}
                for trial in trials]
        write_atomically(self.trials_csv, to_csv(["number", "state", "value", *keys], rows))

    def write_best(self, base: Dict, parameters: Dict[str, Any]) -> None:
        """Write ``best.yaml``: the base spec with ``parameters`` set, ready for ``gym-loop train -c``."""
        from gym_loop.yaml_safety import dump
        from gym_loop.tuning.space import with_parameters

        text = dump(with_parameters(base, parameters))
        write_atomically(self.best_path, text)


def _warn_of_changes(previous: Dict[str, Any], choices: Dict[str, Any]) -> None:
    """Say which of the sampler, its seed and the pruner differ from the previous start's."""
    changed = [f"--{key.replace('_', '-')} {_shown(choices[key])} (was {_shown(previous[key])})"
               for key in choices if previous.get(key) != choices[key]]
    if changed:
        logger.warning("%s: the trials of this start use %s, the earlier trials kept theirs (tune.json records "
                       "each start's)", ", ".join(changed), "these" if len(changed) > 1 else "it")


def _provenance() -> Dict[str, Any]:
    """What a start records of where its proposals come from, as run.json does: the command line, the working
    directory, the versions (Optuna's too: its samplers' draws change across releases) and the git state."""
    from importlib import metadata

    from gym_loop.provenance import git_state, versions

    try:
        optuna = metadata.version("optuna")
    except metadata.PackageNotFoundError:  # the tune refused to start without it
        optuna = None
    return {"command": list(map(recorded, command_line())), "cwd": recorded(os.getcwd()),
            "versions": {**versions(), "optuna": optuna}, "git": git_state()}


def _shown(value: Any) -> str:
    return "none" if value is None else str(value)


def _seeds(seeds: List[int]) -> str:
    return ",".join(map(str, seeds))



def _damaged(path: Path, spec: bool) -> Optional[str]:
    """Why the tune's copy of its ``spec`` (or space) at ``path`` is not one (cut short, not YAML, not a mapping, a
    spec without its sections), or None."""
    import yaml

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    if not isinstance(document, dict):
        return f"not a mapping but {type(document).__name__}"
    lacking = [key for key in ("agent", "env") if spec and key not in document]
    return f"no {', '.join(lacking)}" if lacking else None
