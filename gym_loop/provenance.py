"""Where a run came from: package versions and the git commit of the working directory."""

import functools
import logging
import os
import platform
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Set, Tuple, Union

from gym_loop import __version__
from gym_loop.resolve import digest_of, imported_digest, loaded_digest, sha256

PACKAGES = ("gymnasium", "numpy", "torch")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
logger = logging.getLogger(__name__)


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


def git_state(files: Iterable[Path] = ()) -> Optional[Dict[str, object]]:
    """The git state of the working directory's repository, read now (each run start and resume records its own):
    ``{"commit": sha, "dirty": bool}``, dirty when a tracked file changed or one of ``files`` (those the run loaded,
    :func:`code_files`) is not in git (a submodule's files count as in it), which are then listed under
    ``"untracked"``; ``"commit"`` None in a repository without commits (dirty: nothing is committed);
    files outside the repository are listed under ``"outside"``, each with the state of its own repository
    (:func:`_file_state`), and make it dirty (the commit lacks them);
    ``{"commit": None, "dirty": None, "error": why}`` when git cannot read the repository, ``"dirty"`` None beside
    the commit when ``git status`` or ``ls-files`` fails (a corrupt index, over 10 s) (warned once). Outside any
    repository ``{"commit": None, "dirty": None, "outside": ...}`` for the ``files`` in one (a run started from a
    cluster's scratch folder, its agent in a clone), else None.
    """
    head = _head()
    if head is None:
        outside = {str(path): state for path in map(Path, files) if (state := _file_state(path.resolve())) is not None}
        return {"commit": None, "dirty": None, "outside": outside} if outside else None
    if not isinstance(head, tuple):
        return {"commit": None, "dirty": None, "error": head}
    top, commit = head
    resolved = [Path(file).resolve() for file in files]
    inside = {path.relative_to(top).as_posix() for path in resolved if Path(top) in path.parents}
    outside = {str(path): _file_state(path) for path in resolved if Path(top) not in path.parents}
    try:  # -uno: runs/ and the like are no change
        dirty = commit is None or bool(_git(top, "status", "--porcelain", "-uno"))
        # read from git's index (no walk of the folders), a submodule's files too
        held = set(_git(top, "ls-files", "-z", "--recurse-submodules", "--", *inside).split("\0")) if inside else set()
    except _GitFailed as error:  # what git could not read is unknown, neither clean nor untracked
        return {"commit": commit, "dirty": None, "error": _unreadable(str(error), "see what git status says here",
                                                                      "no dirty flag (dirty: null)")}
    state: Dict[str, object] = {"commit": commit, "dirty": dirty}
    if inside - held:
        state.update(dirty=True, untracked=sorted(inside - held))
    if outside:  # the commit does not hold them either
        state.update(dirty=True, outside=outside)
    return state


def _file_state(path: Path) -> Optional[Dict[str, object]]:
    """``{"commit": sha, "dirty": bool}`` of the repository holding the code file ``path`` (outside the working
    directory's), dirty also when ``path`` is not in git; None if it is in no repository with a commit, or git
    cannot read it."""
    try:
        top, commit = _git(str(path.parent), "rev-parse", "--show-toplevel", "--verify", "-q", "HEAD").splitlines()
        tracked = _git(top, "ls-files", "-z", "--", path.relative_to(Path(top).resolve()).as_posix())
        return {"commit": commit, "dirty": not tracked or bool(_git(top, "status", "--porcelain", "-uno"))}
    except (_GitFailed, ValueError):  # no repository (or no commit), or one git cannot read
        return None


def git_commit() -> Optional[str]:
    """The commit the working directory's repository is at (None outside git, before a first commit, or when git
    cannot read it): a checkpoint folder's name ends with its first 8 characters."""
    head = _head()
    return head[1] if isinstance(head, tuple) else None


# git's output (paths) read as Python reads file names: a path round-trips whatever the locale's encoding (ASCII
# under LC_ALL=C without UTF-8 mode), the bytes it cannot decode kept as surrogates, not a UnicodeDecodeError.
AS_FILE_NAMES = {"encoding": sys.getfilesystemencoding(), "errors": sys.getfilesystemencodeerrors()}
_warned: Set[str] = set()  # the reasons git could not read a repository that were warned of in this process


def _head() -> Union[None, str, Tuple[str, Optional[str]]]:
    """(the repository's top folder, its commit or None before a first commit); None outside a repository; why
    git cannot read it (a repository that git refuses, no git on the PATH), warned of once."""
    import subprocess

    try:
        result = subprocess.run(["git", "rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"], capture_output=True,
                                timeout=10, env=_git_environment(), **AS_FILE_NAMES)
    except OSError:  # no git: a problem only inside a repository
        if _git_entry() is None:
            return None
        return _unreadable("git is not on the PATH", "install git, or put it on the PATH")
    except subprocess.SubprocessError as error:
        return _unreadable(f"git rev-parse failed: {error}", "see what git status says here")
    lines = result.stdout.splitlines()
    if result.returncode in (0, 1) and len(lines) == 2 - result.returncode:  # 1: --verify found no HEAD
        return lines[0], lines[1] if len(lines) == 2 else None
    said = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    if "not a git repository" in result.stderr:  # also git's word for a .git it cannot open (unreadable, damaged)
        found = _git_entry()
        return None if found is None else _unreadable(f"{found} is there, but git cannot open it: unreadable or "
                                                      "damaged", "see what git status says here")
    fix = next((line for line in said if line.startswith("git config")), "see what git status says here")
    return _unreadable(said[0].removeprefix("fatal: ") if said else f"git exited with {result.returncode}", fix)


def _git_entry() -> Optional[Path]:
    """The ``.git`` of the working directory or of its nearest parent that has one; None outside any repository."""
    here = Path.cwd()
    return next((folder / ".git" for folder in (here, *here.parents) if os.path.lexists(folder / ".git")), None)


def _unreadable(reason: str, fix: str, unknown: str = "no commit and checkpoint names get no commit suffix") -> str:
    if reason not in _warned:
        _warned.add(reason)
        logger.warning("git cannot read the repository of %s (%s): run.json records %s; to record it: %s",
                       os.getcwd(), reason, unknown, fix)
    return reason


# what points git at another repository than the working directory's (exported by a git hook or a shell)
_GIT_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
                             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX")


def _git_environment(**extra: str) -> Dict[str, str]:
    """This process's environment for git, in English, and without what would make it read another repository
    than the working directory's."""
    environment = {name: value for name, value in os.environ.items() if name not in _GIT_REPOSITORY_VARIABLES}
    return {**environment, "LC_ALL": "C", **extra}


class _GitFailed(Exception):
    """git could not answer (git's line, or why it did not run)."""


def _git(top: str, command: str, *args: str) -> str:
    """What ``git command args`` prints in the repository ``top``; :class:`_GitFailed` if it fails or takes over
    10 s."""
    import subprocess

    try:
        result = subprocess.run(["git", command, *args], cwd=top, capture_output=True, timeout=10,
                                env=_git_environment(GIT_LITERAL_PATHSPECS="1"), **AS_FILE_NAMES)
    except subprocess.TimeoutExpired:
        raise _GitFailed(f"git {command} did not finish in 10 s") from None
    except (OSError, subprocess.SubprocessError) as error:
        raise _GitFailed(f"git {command} failed: {error}") from None
    if result.returncode != 0:
        said = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        said = [line for line in said if line.startswith("fatal: ")] or said  # git's conclusion, not its detail
        raise _GitFailed(said[0].removeprefix("fatal: ") if said else f"git {command} exited with {result.returncode}")
    return result.stdout.strip()


def code_record(components: Iterable[Tuple[str, Any]], env_modules: Iterable[str] = (), env_name: Any = None
                ) -> Tuple[Dict[str, str], List[Path], Dict[str, Optional[str]]]:
    """What a run's start or resume records of its code, the env's local modules found once: :func:`code_digests`,
    :func:`code_files` and :func:`package_versions`."""
    components, env_modules = list(components), list(env_modules)
    env_files = env_sources(env_modules)
    return (code_digests(components, env_files=env_files), code_files(components, env_files),
            package_versions(components, env_modules, env_name))


def package_versions(components: Iterable[Tuple[str, Any]], env_modules: Iterable[str] = (),
                     env_name: Any = None) -> Dict[str, Optional[str]]:
    """The version of each installed package (not the standard library's, gym-loop's or one of :data:`PACKAGES`)
    that the components' classes, the env's modules or the registered env ``env_name``'s entry point came from, by
    its top module (``{"minigrid": "3.2.0"}``); None where no distribution says."""
    from importlib import metadata

    entry = getattr(registered(env_name), "entry_point", None)
    modules = [*(component.cls.__module__ for _, component in components), *env_modules,
               *([entry.partition(":")[0]] if isinstance(entry, str) else [])]
    found: Dict[str, Optional[str]] = {}
    for top in sorted({str(module).partition(".")[0] for module in modules}):
        file = getattr(sys.modules.get(top), "__file__", None)
        skipped = ("gym_loop", "__main__", *PACKAGES, *getattr(sys, "stdlib_module_names", ()))
        if top in skipped or not isinstance(file, str) or local_file(top) is not None:
            continue
        try:
            found[top] = metadata.version(top)
        except metadata.PackageNotFoundError:  # a distribution named otherwise (PyYAML's yaml): the slow map
            names = metadata.packages_distributions().get(top) or []
            found[top] = metadata.version(names[0]) if names else None
    return found


def registered(env_name: Any) -> Any:
    """Gymnasium's registration of ``env_name``, if it is imported and has one."""
    registry = getattr(getattr(sys.modules.get("gymnasium.envs.registration"), "registry", None), "get", None)
    return registry(str(env_name).rpartition(":")[2]) if registry is not None and env_name else None


def code_files(components: Iterable[Tuple[str, Any]], env_files: List[Path]) -> List[Path]:
    """The files the run's code came from: those of its components' classes that are not installed
    (:func:`_component_file`) and the env's local modules (``env_files``, :func:`env_sources`); :func:`git_state`
    checks that git holds them."""
    return [file for _, component in components if (file := _component_file(component)) is not None] + env_files


def code_digests(components: Iterable[Tuple[str, Any]], env_modules: Iterable[str] = (),
                 env_files: Optional[List[Path]] = None) -> Dict[str, str]:
    """The sha256 of the file each component's class was loaded from, by section (``agent``, ``policy``, ``loop``):
    a ``path/to/file.py:Class`` class or one of a local module (:func:`_component_file`), and under ``env`` that of
    the local modules of ``env_modules`` (the spec's :attr:`~gym_loop.spec.EnvSpec.modules`, see
    :func:`env_sources`; ``env_files`` if given, their files found already). Package classes and installed modules
    are left out: the versions (:func:`package_versions` too) and git commit record their code.
    """
    found = {}
    for section, component in components:
        if component.class_str.startswith("__main__:"):  # a notebook's or script's class: its own code, not the file's
            digest = class_digest(component.cls)
        else:  # the code executed, not what the file holds now; else the file's (None: installed, or gone meanwhile)
            source = _component_file(component)
            digest = None if source is None else loaded_digest(component.cls.__module__) or digest_of(source)
        if digest is not None:
            found[section] = digest
    env = env_digest(env_modules, env_files)
    if env is not None:
        found["env"] = env
    return found


MAIN_NO_SOURCE = ("{section}.class: Python keeps no source of __main__:{name} (a class made by exec, or a notebook's "
                  "without a method of its own): run.json records no code for it, so a resume or an evaluation cannot "
                  "tell if it was changed; define it in a cell or a file to have it recorded")


def class_digest(cls: type) -> Optional[str]:
    """The sha256 of the source of ``cls``, a class of ``__main__`` (a notebook's cell, a script's lines; the same
    class in another script that defines it the same way has the same), or None where Python has none (a class made
    by exec(), or of a script read from stdin)."""
    import inspect

    try:
        return sha256(inspect.getsource(cls).encode("utf-8"))
    except (OSError, TypeError):  # a notebook's: its __main__ has no file
        source = _cell_source(cls)
        return None if source is None else sha256(source.encode("utf-8"))


def _cell_source(cls: type) -> Optional[str]:
    """The source of ``cls`` found from its own functions' code: a Jupyter (IPython) kernel keeps each cell's code in
    linecache under the file name its functions carry, where ``inspect.getsource`` of a class looks in ``__main__``'s
    file, which a kernel has none of. The lines of the class statement that holds them, decorators included, as
    ``inspect.getsource`` gives them for a script's class; None if it has no function of its own, or no source."""
    import ast
    import linecache

    functions = [getattr(value, "__func__", None) or getattr(value, "fget", None) or value
                 for value in vars(cls).values()]  # staticmethod, classmethod, property
    codes = [code for function in functions if (code := getattr(function, "__code__", None)) is not None]
    for file in dict.fromkeys(code.co_filename for code in codes):
        lines = linecache.getlines(file)
        try:
            tree = ast.parse("".join(lines))
        except (SyntaxError, ValueError):
            continue
        starts = [code.co_firstlineno for code in codes if code.co_filename == file]
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name == cls.__name__ and all(
                    node.lineno <= start <= (node.end_lineno or 0) for start in starts):
                first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
                return "".join(lines[first - 1:node.end_lineno])
    return None


def source_of(component: Any) -> str:
    """Where a component's code is, as a warning names it: ``class __main__:NB`` (its source is what run.json
    records) or ``file /path/agent.py``."""
    if component.class_str.startswith("__main__:"):
        return f"class {component.class_str}"
    return f"file {getattr(sys.modules.get(component.cls.__module__), '__file__', None) or component.class_str}"


def _component_file(component: Any) -> Optional[Path]:
    """The file of a component's class: that of a ``path/to/file.py:Class``, or of a ``module:Class`` whose module is
    local (as :func:`env_sources` finds them); None for an installed one."""
    module = component.cls.__module__
    if component.class_str.rpartition(":")[0].endswith(".py"):
        file = getattr(sys.modules.get(module), "__file__", None)
        return Path(file) if isinstance(file, str) else None
    return local_file(module)


def env_digest(modules: Iterable[str], files: Optional[List[Path]] = None) -> Optional[str]:
    """What ``run.json``'s ``code`` records under ``env`` for the imported ``modules`` (see :func:`env_sources`; their
    ``files`` if found already): the sha256 of their one local file, or of the names and sha256s of several; None
    without one (or if one cannot be read).
    """
    digests = [(str(path), imported_digest(path) or digest_of(path))  # the code imported, whatever the file holds now
               for path in (env_sources(modules) if files is None else files)]
    if any(digest is None for _, digest in digests):  # a file that cannot be read
        return None
    if len(digests) < 2:
        return digests[0][1] if digests else None
    return sha256("".join(f"{name}\0{digest}\n" for name, digest in digests).encode("utf-8"))


def env_sources(modules: Iterable[str]) -> List[Path]:
    """The files of the imported ``modules`` (the env's) that are not installed: a module's file, or every ``.py``
    file of a package's folder; installed modules are left out (:func:`local_file`)."""
    return list(dict.fromkeys(file for name in modules for file in module_sources(name)))  # each file once, in order


def module_sources(name: str) -> List[Path]:
    """The files of the imported module ``name`` if it is local (:func:`local_file`): its file, or every ``.py`` file
    of a package's folder; none for an installed module."""
    path = local_file(name)
    if path is None:
        return []
    return sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]


def local_file(module: str) -> Optional[Path]:
    """The file of the imported ``module`` if it is local: not under the interpreter's or site-packages' folders,
    nor gym-loop's own (its version records it)."""
    file = getattr(sys.modules.get(module), "__file__", None)
    if not isinstance(file, str) or module.partition(".")[0] == "gym_loop":
        return None
    path = Path(file).resolve()
    return None if any(folder in path.parents for folder in _installed_folders()) else path


@functools.lru_cache(maxsize=1)  # the interpreter's folders: asked for each component and env module
def _installed_folders() -> FrozenSet[Path]:
    """The interpreter's and site-packages' folders, where installed modules are."""
    import sysconfig

    return frozenset(Path(folder).resolve() for key in ("stdlib", "platstdlib", "purelib", "platlib")
                     if (folder := sysconfig.get_paths().get(key)))
