"""What a run folder says about its run, read only from the files of the run-folder contract.

``run.json`` (status, reason, seed, times, pid, host, git), ``episodes.csv``, ``evals.csv`` and
``checkpoints/latest``. A run whose ``run.json`` says ``running`` but whose lock no process holds
*died* (killed by the OS, power cut...), as :meth:`gym_loop.run_folder.RunFolder.status` tells.
"""

import csv
import io
import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

from gym_loop.liveness import process_alive
from gym_loop.run_folder import RunFolder

RECORD = "run.json"
SPEC = "spec.yaml"
EPISODES = "episodes.csv"
EVALS = "evals.csv"
DONE = ("finished", "pruned")  # statuses of a run that reached its end
TAIL_BYTES = 64 * 1024


def is_run_folder(path: Path) -> bool:
    """Whether ``path`` holds a run (``spec.yaml`` and ``run.json``)."""
    return (path / SPEC).is_file() and (path / RECORD).is_file()


def read_record(path: Path) -> Optional[Dict[str, Any]]:
    """The run's ``run.json``, or None if it is missing or unreadable (a run that never started)."""
    try:
        record = json.loads((path / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def status(path: Path, record: Optional[Dict[str, Any]] = None) -> str:
    """``absent`` (no ``run.json``), ``died`` (running, but no process holds its lock), or the recorded status."""
    record = read_record(path) if record is None else record
    if record is None:
        return "absent"
    recorded = record.get("status") or "absent"
    if recorded == "running" and RunFolder(path).status() == "died":  # nobody holds the run's lock
        return "died"
    return recorded


def has_checkpoint(path: Path) -> bool:
    """Whether the run saved a checkpoint it can resume from (``checkpoints/latest``)."""
    return (path / "checkpoints" / "latest").exists()


def training_returns(path: Path) -> List[float]:
    """Every training episode's return, from ``episodes.csv`` (empty if there is none)."""
    return [float(row["return"]) for row in _rows(path / EPISODES)]


def last_row(path: Path) -> Optional[Dict[str, str]]:
    """The last data row of a CSV file with a header, reading only its end; None without rows."""
    try:
        with open(path, "rb") as file:
            header = file.readline()
            size = file.seek(0, os.SEEK_END)
            file.seek(max(len(header), size - TAIL_BYTES))
            lines = file.read().splitlines()
    except OSError:
        return None
    lines = [line for line in lines if line.strip()]
    if not lines or size <= len(header):
        return None
    return next(csv.DictReader(io.StringIO((header + lines[-1]).decode("utf-8", "replace"))), None)


def count_rows(path: Path) -> int:
    """Data rows of a CSV file with a header (0 if it is missing)."""
    try:
        with open(path, "rb") as file:
            return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b"")) - 1)
    except OSError:
        return 0


def find_runs(root: Path) -> Iterator[Path]:
    """Every run folder under ``root`` (``root`` itself included), sorted, without entering a run folder."""
    if is_run_folder(root):
        yield root
        return
    try:
        children = sorted(child for child in root.iterdir() if child.is_dir() and not child.is_symlink())
    except OSError:
        return
    for child in children:
        yield from find_runs(child)


def summary(path: Path) -> Dict[str, Any]:
    """The row ``gym-loop runs ls`` shows for a run folder."""
    record = read_record(path) or {}
    last_episode, last_eval = last_row(path / EPISODES), last_row(path / EVALS)
    git = record.get("git") or {}
    return {
        "status": status(path, record), "reason": record.get("reason") or "",
        "episodes": count_rows(path / EPISODES),
        "steps": _number(last_episode, "global_step", int) or 0,
        "last_eval": _number(last_eval, "mean_return", float),
        "seed": record.get("seed"), "started": record.get("started") or "",
        "duration": _duration(record), "git": (git.get("commit") or "")[:10] if isinstance(git, dict) else "",
    }


def _number(row: Optional[Dict[str, str]], key: str, cast: type) -> Any:
    """``cast(row[key])``, or None without a row or for a line still being written."""
    try:
        return cast(row[key]) if row else None
    except (KeyError, TypeError, ValueError):
        return None


def _rows(path: Path) -> List[Dict[str, str]]:
    try:
        with open(path, newline="", encoding="utf-8") as file:
            return list(csv.DictReader(file))
    except OSError:
        return []


def alive_here(record: Dict[str, Any]) -> Optional[bool]:
    """Whether the run's recorded process still lives on this host; None if that cannot be told
    (no pid recorded, or another host)."""
    return process_alive(record.get("pid"), record.get("host") or None)


def _duration(record: Dict[str, Any]) -> Optional[float]:
    """Seconds from ``started`` to ``ended`` (or to now, while running)."""
    started = _parse_time(record.get("started"))
    if started is None:
        return None
    ended = _parse_time(record.get("ended")) if record.get("ended") else time.time()
    return None if ended is None else round(ended - started, 1)


def _parse_time(text: Any) -> Optional[float]:
    if not isinstance(text, str):
        return None
    for layout in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, layout).timestamp()
        except ValueError:
            continue
    return None
