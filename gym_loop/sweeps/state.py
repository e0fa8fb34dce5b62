"""The sweep folder: manifest, base spec, configs, state (one entry per run), run folders and logs, as plain text.

::

    sweeps/<name>/
        manifest.json     what was asked: base spec as resolved, seeds, axes, version, command
        spec.yaml         the base spec every run starts from (``gym-loop train -c spec.yaml --set ...``)
        configs.csv       one row per config: id and overrides
        state.json        one entry per run: config, seed, overrides, folder, status, exit code, score
        lock              held by the driver while it runs (``gym_loop.lock``)
        runs/<config>/seed-<s>/   ordinary run folders
        logs/<config>/seed-<s>.log  each run's output, appended on every start or resume
        scores.csv        one row per run;  aggregate.csv  one row per config
"""

import csv
import io
import json
import logging
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from gym_loop.errors import SpecError, denied, locale_problem, program, quoted
from gym_loop.files import (SWEEP_MANIFEST, TUNE_SETTINGS, holds_other_files, json_text, json_value, printable,
                            write_atomically)
from gym_loop.sweeps.extend import seeds_text
from gym_loop.sweeps.plan import Axis, Config, Run, expand, value_key

logger = logging.getLogger(__name__)

FORMAT = 1
STATE = "state.json"
LOCK = "lock"
SPEC = "spec.yaml"
CONFIGS = "configs.csv"
SCORES = "scores.csv"
AGGREGATE = "aggregate.csv"
IDENTITY = ("spec", "seeds", "axes")  # what makes two sweeps the same sweep


def _known(path: Path, document: Any) -> Any:
    """``document``, read from ``path`` (a sweep's manifest.json or state.json).

    Raises:
        SpecError: It was written by a newer gym-loop (its ``format`` above :data:`FORMAT`), whose sweep this one
            would rewrite in its own format.
    """
    found = document.get("format") if isinstance(document, dict) else None
    if isinstance(found, int) and found > FORMAT:
        raise SpecError("", f"{path} was written by a newer gym-loop (sweep format {found}, this one reads {FORMAT}); "
                            "use that version for this sweep (update this one: git pull in the clone it is installed "
                            "from)")
    return document


def _manifest_problem(document: Any) -> Optional[str]:
    """What in ``document`` (a manifest.json as read) is not a sweep's manifest, or None: a mapping whose ``spec``
    is a mapping, ``seeds`` a list of seeds (integers from 0 to 2**64-1) and ``axes`` a list of
    ``{kind, keys, rows}`` (a row's values one per key). A received folder's manifest makes run paths of them."""
    if not isinstance(document, dict) or not isinstance(document.get("spec"), dict):
        return "spec, seeds and axes"
    seeds, axes = document.get("seeds"), document.get("axes")
    if not isinstance(seeds, list) or not isinstance(axes, list) or not all(
            isinstance(axis, dict) and isinstance(axis.get("kind"), str) and isinstance(axis.get("keys"), list)
            and all(isinstance(key, str) for key in axis["keys"]) and isinstance(axis.get("rows"), list)
            and all(isinstance(row, list) and len(row) == len(axis["keys"]) for row in axis["rows"])
            for axis in axes):
        return "spec, seeds and axes"
    for seed in seeds:
        if type(seed) is not int or not 0 <= seed < 2**64:
            return f"seeds holds {printable(repr(seed))[:80]}, not an integer from 0 to 2**64-1"
    return None


def folder_name(text: Any) -> bool:
    """Whether ``text`` is one plain folder name (a config id in a run's path): not empty, ``.`` or ``..``, and
    without a separator."""
    return isinstance(text, str) and text not in ("", ".", "..") and not any(c in text for c in "/\\\0")


def _as_held(folder: Path, name: str) -> str:
    """``name`` (a config id) as ``folder`` holds it: a non-ASCII name in another Unicode normalization (NFD, as
    macOS writes names, kept by rsync or tar to Linux) is the same folder; else ``name`` itself."""
    if name.isascii() or os.path.lexists(folder / name):
        return name
    import unicodedata

    wanted = unicodedata.normalize("NFC", name)
    try:
        return next((held for held in os.listdir(folder) if unicodedata.normalize("NFC", held) == wanted), name)
    except OSError:  # no such folder yet
        return name


class SweepFolder:
    """A sweep's folder and its plain-text files.

    Args:
        path: The folder (``<sweeps dir>/<name>``).
    """

    def __init__(self, path: Path):
        self.path = Path(path)

    @staticmethod
    def problem(path: Path) -> Optional[str]:
        """Why ``path`` is not a sweep folder, or None if it is."""
        if (Path(path) / SWEEP_MANIFEST).is_file():
            return None
        if (Path(path) / TUNE_SETTINGS).is_file():
            return (f"{path} is a tune folder, not a sweep folder; its trials' scores: {program()} plot {quoted(path)} "
                    f"--table (or {Path(path) / 'trials.csv'})")
        return (f"{path} is not a sweep folder (it has no {SWEEP_MANIFEST}); {program()} sweep -c SPEC makes them "
                "under sweeps/")

    def exists(self) -> bool:
        return (self.path / SWEEP_MANIFEST).is_file()

    def foreign(self, spec_text: str = "", configs: Sequence[Config] = ()) -> bool:
        """Whether the folder holds files but no sweep (no manifest): someone else's folder, never to be written.
        What :meth:`create` of this sweep (its ``spec_text`` and ``configs``) writes before the manifest does not
        count: a sweep killed while it was made is made again."""
        own = {SPEC: spec_text, CONFIGS: configs_csv(configs), "runs": None}
        return not self.exists() and holds_other_files(self.path, LOCK, own)

    def manifest(self) -> Dict[str, Any]:
        """The manifest as written when the sweep was created (or seeds were added).

        Raises:
            SpecError: It cannot be read, is not JSON, or not a sweep's manifest (a mapping with ``spec``, ``seeds``, a
                list of seeds, and ``axes``, a list of ``{kind, keys, rows}``).
        """
        manifest = self.path / SWEEP_MANIFEST
        try:
            document = _known(manifest, json_value(manifest.read_text(encoding="utf-8")))
            if problem := _manifest_problem(document):  # a received folder's manifest makes run paths of it
                raise ValueError(f"it is JSON, but not a sweep's manifest ({problem})")
            return document
        except (OSError, ValueError) as error:
            raise SpecError("", denied(error, manifest) or f"cannot read {manifest}: {error}; restore it from a copy "
                                "of the sweep, or give a new --name for a new sweep") from error

    def create(self, manifest: Dict[str, Any], spec_text: str, configs: Sequence[Config]) -> None:
        """Write the manifest, the base spec and ``configs.csv`` of a new sweep."""
        (self.path / "runs").mkdir(parents=True, exist_ok=True)
        write_atomically(self.path / SPEC, spec_text)
        write_atomically(self.path / CONFIGS, configs_csv(configs))
        write_atomically(self.path / SWEEP_MANIFEST, json_text(manifest, indent=2) + "\n")

    def restore_configs(self, configs: Sequence[Config]) -> None:
        """Write ``configs.csv`` again if it is not what the sweep's configs give (damaged, or edited by hand)."""
        text = configs_csv(configs)
        try:
            if (self.path / CONFIGS).read_text(encoding="utf-8") == text:
                return
        except (OSError, UnicodeDecodeError):
            pass
        logger.warning("%s was missing or not the sweep's configs; written again from manifest.json",
                       self.path / CONFIGS)
        write_atomically(self.path / CONFIGS, text)

    def replace_manifest(self, manifest: Dict[str, Any]) -> None:
        """Write ``manifest`` over this sweep's own (seeds added by ``--add-seeds``)."""
        write_atomically(self.path / SWEEP_MANIFEST, json_text(manifest, indent=2) + "\n")

    def refusal(self, manifest: Dict[str, Any]) -> Optional[str]:
        """Why ``manifest`` cannot continue this sweep (a different spec, seeds or grid), or None."""
        existing = self.manifest()
        differing = [key for key in IDENTITY if _identity(key, existing) != _identity(key, manifest)]
        if not differing:
            return None
        new_seeds = [seed for seed in manifest.get("seeds", []) if seed not in existing.get("seeds", [])]
        adding = (f", add seeds to it with: {program()} sweep {quoted(self.path)} --add-seeds {seeds_text(new_seeds)}"
                  if differing == ["seeds"] and new_seeds else "")
        from gym_loop.sweeps.drift import changes, unseeded

        spec = (f" (spec: {changes(unseeded(existing.get('spec')), unseeded(manifest.get('spec')))})"
                if "spec" in differing else "")
        return (f"sweep {self.path} exists with other {' and '.join(differing)}{spec}; "
                f"continue it with: {program()} sweep {quoted(self.path)}{adding}, or give a new --name")

    def plan(self) -> List[Run]:
        """The runs of this sweep, from its manifest; a config keeps the id an earlier gym-loop named it by
        (``max_steps=10000.0-<hash>``: its runs continue in their folders): the one ``state.json`` has for it, else
        that of the one folder in ``runs/`` with its hash when it has none of its own."""
        manifest = self.manifest()
        axes = [Axis(axis["kind"], tuple(axis["keys"]), tuple(tuple(row) for row in axis["rows"]))
                for axis in manifest["axes"]]
        state = self.load_state()
        for key, entry in state.items():  # each id is a folder of runs/, never a path a received folder makes up
            if isinstance(entry, dict) and "config" in entry and not folder_name(entry["config"]):
                raise SpecError("", f"{self.path / STATE} is damaged (its run {printable(key)[:200]} has config "
                                    f"{printable(repr(entry['config']))[:200]}, not a folder name); restore it from a "
                                    "copy of the sweep, or delete it")
        had = {value_key(entry.get("overrides")): entry["config"] for entry in state.values()
               if isinstance(entry, dict) and isinstance(entry.get("config"), str)}
        configs = expand(axes)
        if named := next((config.id for config in configs if not folder_name(config.id)), None):
            raise SpecError("", f"{self.path / SWEEP_MANIFEST} is not a sweep manifest (its axes make the config id "
                                f"{printable(repr(named))[:200]}, not a folder name); restore it from a copy of the "
                                "sweep, or give a new --name for a new sweep")
        try:
            folders = {path.name for path in (self.path / "runs").iterdir()}
        except OSError:
            folders = set()
        others = folders - {config.id for config in configs}  # folders of no config's own id
        hashes = Counter(name.rpartition("-")[2] for name in others)
        by_hash = {name.rpartition("-")[2]: name for name in others if hashes[name.rpartition("-")[2]] == 1}

        def kept(config: Config) -> str:
            old = had.get(value_key(dict(config.overrides)))
            if old is not None and old != config.id and old.rpartition("-")[2] != config.id.rpartition("-")[2]:
                old = None  # an earlier spelling has the config's hash; another config's folder is not this one's
            if old is None and config.id not in folders:
                old = by_hash.get(config.id.rpartition("-")[2])
            return old or config.id

        plan = [Run(Config(kept(config), config.overrides), seed) for config in configs for seed in manifest["seeds"]]
        for config in dict.fromkeys(run.config.id for run in plan):  # its folders made under UTF-8, read under Latin-1
            if (problem := locale_problem(config, self.path / "runs")) and not (self.path / "runs" / config).exists():
                raise SpecError("", f"sweep {printable(str(self.path))}: {problem}")
        return plan

    def configs(self) -> List[Config]:
        """The sweep's configs, in the order of its plan (:meth:`plan`)."""
        return list({run.config.id: run.config for run in self.plan()}.values())

    def run_dir(self, run: Run) -> Path:
        return self.path / "runs" / _as_held(self.path / "runs", run.config.id) / f"seed-{run.seed}"

    def own_run_dir(self, run: Run) -> Path:
        """:meth:`run_dir`, checked to be the sweep's own to start, restart or resume ``run`` in: neither it nor
        ``runs/<config>`` is a symlink, whose target (a run kept elsewhere, another user's folder) a restart would
        empty and a run would write, nor ``runs`` a link to nothing here (a place on the sender's machine). A
        ``runs`` linked to a folder that exists is followed: the user's runs moved to scratch and linked back.

        Raises:
            SpecError: One is such a symlink (the message names it and its target).
        """
        folder, runs = self.run_dir(run), self.path / "runs"
        for path in (runs, folder.parent, folder):
            if path.is_symlink() and not (path == runs and path.is_dir()):
                target = os.readlink(path)
                kept = (f"copy the run from where it is kept in its place" if not path.exists() else
                        f"copy the run in its place (rm {quoted(path)} && cp -r {quoted(target)} {quoted(path)})")
                raise SpecError("", f"{path} is a symlink to {target}"
                                    f"{'' if path.exists() else ', which does not exist here (copied without it?)'}; "
                                    f"a sweep trains only in its own folders: {kept}, or remove the link to run it "
                                    "again here")
        return folder

    def log_path(self, run: Run) -> Path:
        return self.path / "logs" / _as_held(self.path / "logs", run.config.id) / f"seed-{run.seed}.log"

    @property
    def spec_path(self) -> Path:
        return self.path / SPEC

    @property
    def lock_path(self) -> Path:
        return self.path / LOCK

    def load_state(self) -> Dict[str, Dict[str, Any]]:
        """The state entries by run key (``<config>/seed-<s>``); empty for a new sweep, and for a state.json that
        cannot be read or is not a sweep's (the run folders say all); an entry that is not a mapping is left out."""
        try:
            runs = _known(self.path / STATE, json_value((self.path / STATE).read_text(encoding="utf-8")))["runs"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        return {key: entry for key, entry in runs.items() if isinstance(entry, dict)} if isinstance(runs, dict) else {}

    def save_state(self, entries: Dict[str, Dict[str, Any]]) -> None:
        """Write ``state.json`` atomically, one line per run (the C encoder: no ``indent``, which is slow)."""
        lines = ",\n".join(f"  {json.dumps(key)}: {json_text(value)}" for key, value in entries.items())
        head = json.dumps({"format": FORMAT, "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z")})[:-1]
        write_atomically(self.path / STATE, f'{head}, "runs": {{\n{lines}\n}}}}\n')

    def write_table(self, name: str, text: str) -> None:
        write_atomically(self.path / name, text)


def driver(sweep_path: Path) -> Optional[str]:
    """The sweep's driver (``pid N on HOST``) while one holds its lock, else None."""
    from gym_loop.lock import holder

    return holder(SweepFolder(sweep_path).lock_path)


def entry(sweep: SweepFolder, run: Run, status: str, exit_code: Optional[int] = None,
          score: Optional[float] = None) -> Dict[str, Any]:
    """A run's state entry."""
    return {"config": run.config.id, "seed": run.seed, "overrides": dict(run.config.overrides),
            "folder": str(sweep.run_dir(run).relative_to(sweep.path)), "status": status,
            "exit_code": exit_code, "score": score}


def configs_csv(configs: Sequence[Config]) -> str:
    """``configs.csv``: the id and one column per overridden key (see :func:`cell`), values as shown (1e2 as 100)."""
    keys = list(dict.fromkeys(key for config in configs for key, _ in config.overrides))
    rows = [{"config": config.id, **{key: cell(value) for key, value in config.shown().items()}} for config in configs]
    return to_csv(["config", *keys], rows)


def cell(value: Any) -> str:
    """A config's value in a CSV cell: text as it is (``myagent.py:MyAgent``), anything else as JSON
    (``0.1``, ``true``, ``null``, ``[64, 64]``)."""
    return value if isinstance(value, str) else json.dumps(value)


def to_csv(columns: Sequence[str], rows: Sequence[Dict[str, Any]]) -> str:
    """CSV text with a header; None becomes an empty cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows([{key: "" if row.get(key) is None else row.get(key) for key in columns} for row in rows])
    return out.getvalue()


def _identity(key: str, manifest: Dict[str, Any]) -> str:
    """The part ``key`` of a manifest as two sweeps are compared: seeds in any order are the same seeds, specs that
    differ in their (unused) top-level seed the same spec, equal numbers one value (``40``, ``40.0``, ``4e1``)."""
    from gym_loop.sweeps.drift import unseeded  # the spec's seed: no run of the sweep uses it

    value = manifest.get(key)
    return value_key(sorted(value) if key == "seeds" and isinstance(value, list) else
                     unseeded(value) if key == "spec" else value)
