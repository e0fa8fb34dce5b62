"""A checksum line at the top of a run's ``spec.yaml``, so that a resume never runs with a spec cut short.

A ``spec.yaml`` truncated by a full disk or a crash mid-copy can still be valid YAML: missing its
last keys (``seed`` is last), it resumed silently with defaults and a new seed. The writer starts
the file with ``# gym-loop sha256: <hex>`` of the text below it, a line that a truncation keeps;
the reader refuses a file whose text does not match it. Files from before the seal have no such
line and are checked for the keys a complete spec has.
"""

import hashlib
from pathlib import Path
from typing import Optional

from gym_loop.errors import SpecError

MARK = "# gym-loop sha256: "
COMPLETE_KEYS = ("agent:", "env:", "loop:", "runs_dir:", "seed:")  # top-level keys every written spec has


def seal(text: str) -> str:
    """``text`` under its checksum line."""
    return f"{MARK}{_digest(text)}\n{text}"


def problem(path: Path) -> Optional[str]:
    """Why the spec file at ``path`` cannot be trusted whole, or None if it can."""
    from gym_loop.yaml_safety import read_text

    try:
        text = read_text(Path(path))
    except SpecError as error:
        return str(error)
    except (OSError, UnicodeDecodeError) as error:
        return f"{path} cannot be read ({type(error).__name__}: {error}); restore it from a copy of the run"
    first, _, body = text.partition("\n")
    if first.startswith(MARK):
        if first[len(MARK):].strip() == _digest(body):
            return None
        return (f"{path} was cut short or changed after gym-loop wrote it (its first line, a checksum, does not "
                "match the rest); restore it from a copy of the run, or delete that line to use the file as it is")
    if all(any(line.startswith(key) for line in text.splitlines()) for key in COMPLETE_KEYS):
        return None  # written before the seal, and whole as far as can be told
    return (f"{path} is not a complete run spec (it lacks one of {', '.join(k[:-1] for k in COMPLETE_KEYS)}); "
            "restore it from a copy of the run")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
