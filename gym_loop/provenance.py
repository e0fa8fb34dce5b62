"""Where a run came from: package versions and the git commit of the working directory."""

import contextlib
import functools
import hashlib
import os
import platform
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from gym_loop import __version__
from gym_loop.resolve import loaded_digest

PACKAGES = ("gymnasium", "numpy", "torch")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")


@functools.lru_cache(maxsize=1)  # reading package metadata takes milliseconds; it cannot change while we run
def versions() -> Mapping[str, Optional[str]]:
    """gym-loop, Python and each of :data:`PACKAGES` (None when not installed), without importing them."""
    from importlib import metadata  # slow to import: keep it off the CLI's start-up

    found = {"gym_loop": __version__, "python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return MappingProxyType(found)


def threads() -> Dict[str, object]:
    """The thread settings that change a run's numbers: the environment's, and torch's if it is imported.

    A network trained with another thread count sums in another order and learns another curve.
    """
    found: Dict[str, object] = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    torch = sys.modules.get("torch")  # never imported here: only an agent that uses it does
    found["torch_num_threads"] = torch.get_num_threads() if torch is not None else None
    return found


def git_state() -> Optional[Dict[str, object]]:
    """``{"commit": sha, "dirty": bool}`` of the working directory's git repository, or None."""
    return _git_state(os.getcwd())


@functools.lru_cache(maxsize=8)
def _git_state(directory: str) -> Optional[Dict[str, object]]:
    commit = _git("rev-parse", "HEAD")
    return None if commit is None else {"commit": commit, "dirty": bool(_git("status", "--porcelain", "-uno"))}


def _git(*args: str) -> Optional[str]:
    import subprocess

    try:
        result = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def code_digests(components: Iterable[Tuple[str, Any]], env_modules: Iterable[str] = ()) -> Dict[str, str]:
    """The sha256 of the file each ``path/to/file.py:Class`` component was loaded from, by section
    (``agent``, ``policy``, ``loop``), and under ``env`` that of the local modules of ``env_modules`` (the
    spec's :attr:`~gym_loop.spec.EnvSpec.modules`, see :func:`env_sources`). Package classes and installed
    modules are left out: the versions (and git commit) record their code.
    """
    found = {}
    for section, component in components:
        if not component.class_str.rpartition(":")[0].endswith(".py"):
            continue
        digest = loaded_digest(component.cls.__module__)  # the code executed, not what the file holds now
        if digest is not None:
            found[section] = digest
            continue
        source = getattr(sys.modules.get(component.cls.__module__), "__file__", None)
        with contextlib.suppress(OSError, TypeError):  # no file to read (None): nothing to record
            found[section] = hashlib.sha256(Path(source).read_bytes()).hexdigest()
    env = env_digest(env_modules)
    if env is not None:
        found["env"] = env
    return found


def env_digest(modules: Iterable[str]) -> Optional[str]:
    """What ``run.json``'s ``code`` records under ``env`` for the imported ``modules`` (see :func:`env_sources`): the
    sha256 of their one local file, or of the names and sha256s of several; None without one (or if one cannot be read).
    """
    try:
        digests = [(str(path), hashlib.sha256(path.read_bytes()).hexdigest()) for path in env_sources(modules)]
    except OSError:
        return None
    if len(digests) < 2:
        return digests[0][1] if digests else None
    return hashlib.sha256("".join(f"{name}\0{digest}\n" for name, digest in digests).encode("utf-8")).hexdigest()


def env_sources(modules: Iterable[str]) -> List[Path]:
    """The files of the imported ``modules`` (the env's) that are not installed: a module's file, or every ``.py``
    file of a package's folder; modules under the interpreter's or site-packages' folders are left out."""
    import sysconfig

    installed = {Path(path).resolve() for key in ("stdlib", "platstdlib", "purelib", "platlib")
                 if (path := sysconfig.get_paths().get(key))}
    found: List[Path] = []
    for name in modules:
        file = getattr(sys.modules.get(name), "__file__", None)
        if not isinstance(file, str):
            continue
        path = Path(file).resolve()
        if any(folder in path.parents for folder in installed):
            continue
        files = sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]
        found.extend(file for file in files if file not in found)
    return found
