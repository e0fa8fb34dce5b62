"""Turn class strings (``package.module:Class`` or ``path/to/file.py:Class``) into classes."""

import contextlib
import importlib
import importlib.machinery
import importlib.util
import logging
import os
import sys
import traceback
import warnings
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

from gym_loop import FILE_MODULE_PREFIX
from gym_loop.errors import ResolveError, closest, locale_problem

logger = logging.getLogger(__name__)

CLASS_STRING_FORMAT = "'package.module:Class' or 'path/to/file.py:Class'"
IN_MAIN_ONLY = ("a class of a notebook or a script (__main__:{name}) exists only in the process that defined it, "
                "not in gym-loop train --resume or gym-loop eval --run; put the class in a file and give it to them, "
                "e.g. --set {key}=my_classes.py:{name}")
_classes: Dict[Tuple[str, str], type] = {}  # (class string, working directory) -> class
_digests: Dict[str, str] = {}  # module name of a file class -> sha256 of the source it was executed from
_seen: Dict[Path, str] = {}  # a local module's file -> its sha256 when this process imported it (or first saw it)
_added: List[str] = []  # the folders gym-loop put on sys.path (agent files' folders, working directories)
# a file class's module -> the modules its file imported from its own folder (a helpers.py beside it): name ->
# (the module, its file, the sha256 executed); its code too, imported again with it when one changed or is another's
_siblings: Dict[str, Dict[str, Tuple[ModuleType, str, Optional[str]]]] = {}
# a module of a file module's folder that the user imported before gym-loop did (a notebook's `import helpers`) and
# the file module uses: name -> the module, executed again in place when its file changes, never forgotten
_theirs: Dict[str, ModuleType] = {}
# a local module (its top name) -> the folder of the run in hand (resumed or evaluated from elsewhere) that a new
# process imports it from (:func:`also_import_from`), before the working directory's of the same name
_run_folders: Dict[str, str] = {}
# a module's top name -> the working directory of import_module's last import of it (None: of a run's own folder)
_imported_in: Dict[str, Optional[str]] = {}


class InMainOnly(ResolveError):
    """A class of ``__main__`` that ``__main__`` lacks; the message gives it at ``key``: a class of a close name there
    (a typo); from a Python caller, its own class not defined yet; from gym-loop, a notebook's class."""

    def __init__(self, name: str, key: str = "agent.class"):
        from gym_loop.errors import from_cli

        names = {own.lower(): own for own, value in vars(sys.modules["__main__"]).items() if isinstance(value, type)}
        cli = from_cli()  # gym-loop's own __main__: the class of a notebook's run
        close = None if cli else closest(name.lower(), names)  # NB for Nb too
        if close:
            problem = f"; did you mean '{names[close]}'?"
        elif cli:
            problem = f": {IN_MAIN_ONLY.format(name=name, key=key)}"
        else:  # the caller's own notebook or script: a cell not run yet
            problem = (": define it (run its cell) before this call, or, for a class another process defined, put it "
                       f"in a file and give {key}: my_classes.py:{name}")
        super().__init__(f"__main__ has no class '{name}'{problem}")
        self.name = name


def validate_module_str(module_str: str) -> bool:
    """Check if string is module class string (only its form; nothing is imported).

    Args:
        module_str: A string to test.

    Returns:
        bool: Is module class string valid.
    """
    if not isinstance(module_str, str) or ":" not in module_str:
        return False
    module_path, class_name = module_str.rsplit(":", 1)
    if is_file_path(module_path):  # a path: of a Python file, which gym-loop executes as a module
        return module_path.endswith(".py") and "\0" not in module_path and class_name.isidentifier()
    return all(name.isidentifier() for name in [class_name, *module_path.split(".")])


def module_str_to_class(module_str: str) -> type:
    """Parse module class string to a class.

    Args:
        module_str: ``package.module:Class``, ``path/to/file.py:Class`` or ``~/file.py:Class``.

    Returns:
        type: The class (any callable attribute of the module is accepted).

    Raises:
        ResolveError: The string is malformed, the file or module does not exist, importing it
            failed, or it has no such attribute. Each case has its own message.
    """
    if not validate_module_str(module_str):
        raise ResolveError(locale_problem(module_str) or
                           f"{module_str!r} is not a class string; expected {CLASS_STRING_FORMAT}")
    module_path, class_name = module_str.rsplit(":", 1)
    if module_path == "__main__":  # the notebook's or script's own: never imported (nor executed) again
        module = sys.modules["__main__"]
    else:
        module = _load_file(module_path) if is_file_path(module_path) else _import(module_path)
    found = getattr(module, class_name, None)
    if callable(found):
        return found
    if module_path == "__main__":  # a notebook's class, looked for by another process
        raise InMainOnly(class_name)
    if class_name in vars(module):  # there, but a number, a string or a module
        kind = type(found).__name__
        kind = "None" if found is None else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        give = f"; to name a class in it, give {found.__name__}:Class" if isinstance(found, ModuleType) else ""
        raise ResolveError(f"{module_path}'s {class_name} is {kind}, not a class{give}")
    names = [name for name, value in vars(module).items() if not name.startswith("_") and callable(value)]
    close = closest(class_name, names)  # no such attribute: a typo?
    own = [name for name in names if isinstance(vars(module)[name], type) and
           vars(module)[name].__module__ == module.__name__]  # the classes it defines, not those it imports
    hint = f"; did you mean '{close}'?" if close else f"; its classes: {', '.join(own)}" if own else ""
    raise ResolveError(f"{module_path} has no class '{class_name}'{hint}")


def resolve_class(class_str: str) -> type:
    """:func:`module_str_to_class`, once per class string (and working directory) per process; a class of ``__main__``
    each time (a notebook's cell run again defines it anew: the class the name means now).

    Raises:
        ResolveError: As :func:`module_str_to_class`; a failure is not remembered.
    """
    if isinstance(class_str, str) and class_str.startswith("__main__:"):
        return module_str_to_class(class_str)
    key = (class_str, os.getcwd())
    if key not in _classes or _changed(_classes[key]):  # a file edited since (a notebook): imported again
        _classes[key] = module_str_to_class(class_str)
    return _classes[key]


def loaded_digest(module_name: str) -> Optional[str]:
    """The sha256 of the source the module ``module_name`` was executed from: a file module's, or a local module's
    that gym-loop imported by name (None if neither): the code a run runs, whatever the file holds now."""
    file = getattr(sys.modules.get(module_name), "__file__", None)
    return _digests.get(module_name) or (imported_digest(Path(file)) if isinstance(file, str) else None)


def imported_digest(path: Path) -> Optional[str]:
    """The sha256 that the file ``path`` of a local module had when gym-loop imported it (see :func:`_fresh`)."""
    return _seen.get(Path(path).resolve())


def shown_module(module_name: str) -> str:
    """``module_name`` as the user wrote it: an agent file's module (``gym_loop_file_my_agent_<digest>``) as the
    file's stem (``my_agent``); any other as it is."""
    if module_name.startswith(FILE_MODULE_PREFIX) and len(module_name) > len(FILE_MODULE_PREFIX) + 17:
        return module_name[len(FILE_MODULE_PREFIX):-17]
    return module_name


def same_file_modules(module_name: str) -> List[ModuleType]:
    """The loaded file modules of the stem that ``module_name`` names (``my_agent``, as earlier gym-loop versions
    named a file's module, or ``gym_loop_file_my_agent_<digest>`` of the file at another path): a checkpoint's
    namedtuple class is found after the file moved."""
    prefix = f"{FILE_MODULE_PREFIX}{shown_module(module_name)}_"
    return [module for name, module in list(sys.modules.items())
            if name.startswith(prefix) and len(name) == len(prefix) + 16 and name in _digests]


def _changed(cls: type) -> bool:
    """Whether the file ``cls`` was loaded from holds other code than the one executed, or one of the modules it
    imported from its folder does (:func:`_stale_siblings`)."""
    module = getattr(cls, "__module__", None)
    before = loaded_digest(module)
    source = getattr(sys.modules.get(module), "__file__", None)
    return (before is not None and source is not None and digest_of(Path(source)) not in (before, None)) or bool(
        _stale_siblings(module))


def _stale_siblings(module_name: str) -> List[str]:
    """The modules that the file module ``module_name`` imported from its own folder which changed since (their file
    edited) or are no longer the ones imported under their names (another agent folder's of the same name)."""
    source = getattr(sys.modules.get(module_name), "__file__", None)
    return [name for name, (module, file, digest) in _siblings.get(module_name, {}).items()
            if sys.modules.get(name) is not module or digest_of(Path(file)) not in (digest, None)] + (
        _foreign(os.path.dirname(source)) if isinstance(source, str) else [])


def _foreign(folder: str) -> List[str]:
    """The loaded modules of names that ``folder`` holds too, imported from another folder gym-loop put on
    ``sys.path`` (another agent file's, each with its ``helpers.py``), when its file ran or later (an import inside a
    method, which :func:`_modules_of` did not see)."""
    others = tuple(entry + os.sep for entry in _added if entry != folder)
    return [name for name, loaded in list(sys.modules.items()) if "." not in name and isinstance(loaded, ModuleType)
            and str(loaded.__dict__.get("__file__")).startswith(others) and holds_module(Path(folder), name)]


def _modules_of(folder: str) -> Dict[str, Tuple[ModuleType, str, Optional[str]]]:
    """The loaded modules of ``folder`` by their own names (``helpers`` of ``folder/helpers.py``, a package
    ``folder/pkg/``): name -> (the module, its file, its sha256 now)."""
    from gym_loop.provenance import local_file  # provenance imports this module

    found = {}
    for name, module in list(sys.modules.items()):
        file = module.__dict__.get("__file__") if isinstance(module, ModuleType) else None
        if isinstance(file, str) and file.startswith(folder + os.sep):  # a string test first: thousands of modules
            top = os.path.join(folder, name.partition(".")[0])
            if (file == f"{top}.py" or file.startswith(top + os.sep)) and local_file(name) is not None:  # not
                # gym_loop itself (an agent file beside its checkout), nor an installed package
                found[name] = (module, file, digest_of(Path(file)))
    return found


def _imported_by(module: ModuleType, found: Dict[str, Tuple[ModuleType, str, Optional[str]]],
                 loaded: Dict[str, ModuleType]) -> Dict[str, Tuple[ModuleType, str, Optional[str]]]:
    """The modules of ``found`` (of a file module's folder) that executing ``module`` imported (not in ``loaded``,
    the modules before), or another file module's execution did; and of the user's own imports (a notebook's
    ``import helpers``), a module file that ``module`` uses (kept in :data:`_theirs`: executed again in place when
    it changes, never forgotten). A user's module ``module`` does not use (a notebook's ``import my_agent`` of this
    very file, its other helpers) is none of its business."""
    ours = {id(sibling) for siblings in _siblings.values() for sibling, _, _ in siblings.values()}
    used = {id(value) for value in module.__dict__.values() if isinstance(value, ModuleType)} | {
        value.__module__ for value in module.__dict__.values() if isinstance(value, (type, FunctionType))}
    kept = {}
    for name, (sibling, file, digest) in found.items():
        if loaded.get(name) is not sibling or id(sibling) in ours:
            kept[name] = (sibling, file, digest)
        elif (id(sibling) in used or name in used) and file.endswith(f"{os.sep}{name}.py"):
            kept[name], _theirs[name] = (sibling, file, digest), sibling
    return kept


def _first_of_added(folder: str) -> None:
    """Put ``folder`` on ``sys.path`` before the other folders gym-loop added (appended if there are none, as a
    fresh process does), so that its modules are imported rather than another agent folder's or working directory's
    of the same names; a folder the user's own sys.path holds stays where it is."""
    if folder in sys.path and (folder not in _added or next(entry for entry in sys.path if entry in _added) == folder):
        return  # the user's, or first already
    if folder in sys.path:
        sys.path.remove(folder)
    _put_on_path(folder, lambda entry: entry in _added)


def _put_on_path(folder: str, before: Optional[Callable[[str], bool]] = None) -> None:
    """Insert ``folder`` in ``sys.path`` before the first entry ``before`` picks (last if none), as a folder
    gym-loop added (:data:`_added`), and let the import system see it."""
    index = next((index for index, entry in enumerate(sys.path) if before and before(entry)), len(sys.path))
    sys.path.insert(index, folder)
    if folder not in _added:
        _added.append(folder)
    importlib.invalidate_caches()


def _forget(names: Iterable[str]) -> None:
    """Remove the modules ``names`` and their submodules from ``sys.modules``: the next import finds them anew."""
    for name in list(names):
        for loaded in [key for key in sys.modules if key == name or key.startswith(f"{name}.")]:
            del sys.modules[loaded]


def _fresh(name: str, module: ModuleType) -> ModuleType:
    """``module`` (imported by ``name``), imported again if it is a local module (not installed: a ``myenvs.py``
    of env.imports, a ``mymod:Agent``) whose file changed since this process imported it, as a file class's is;
    the sha256 of each of its files as imported is kept for ``run.json`` (:func:`loaded_digest`). A local package
    whose files changed is not imported again (its modules import one another): a warning says so."""
    from gym_loop.provenance import module_sources  # provenance imports this module

    changed = [file for file in module_sources(name) if (digest := digest_of(file)) is not None
               and _seen.setdefault(file, digest) != digest]
    if not changed:
        return module
    if Path(module.__file__).name == "__init__.py":
        logger.warning("%s changed since it was imported in this process: this run uses the code as imported; "
                       "restart the Python process (the notebook's kernel) to use the new", name)
        return module
    logger.warning("%s changed since it was imported in this process: importing it again (objects made before keep "
                   "the old code)", name)
    source = changed[0].read_bytes()  # executed as read: no bytecode cache that a same-second edit fools
    with _module_code():
        exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 (the user's own file)
    _seen[changed[0]] = sha256(source)
    return module


def digest_of(path: Path) -> Optional[str]:
    """The sha256 of the file ``path`` now; None if it cannot be read."""
    try:
        return sha256(path.read_bytes())
    except OSError:  # removed since: the code loaded stays
        return None


def sha256(data: bytes) -> str:
    """The sha256 of ``data``, in hex."""
    import hashlib  # not at start-up: it loads OpenSSL, 2% of create-default's instructions

    return hashlib.sha256(data).hexdigest()


def import_module(name: str) -> ModuleType:
    """Import the module ``name`` as ``python -m`` would: also from the working directory.

    A console script (``gym-loop``) has its own folder first on ``sys.path``, not the working directory, so a
    module there (``myenvs.py``, or a package folder with ``__init__.py``) is found only through this. The
    working directory is appended to ``sys.path`` only when it holds the module and nothing installed does, as
    a file class string's folder is (see :func:`module_str_to_class`).

    Raises:
        ImportError: Neither an installed module nor one in the working directory, or importing it failed;
            any other exception of the module's own code.
    """
    top, here = name.split(".")[0], os.getcwd()
    if top in _run_folders or (top in sys.modules and _imported_in.get(top, here) != here) or (
            top not in sys.modules and any(entry != here and holds_module(Path(entry), top) for entry in _added)):
        _elsewhere_now(top)  # of the run in hand, imported in another working directory, or one a folder gym-loop
        # added for another run holds: from the folder a new process here would use
    _imported_in[top] = None if top in _run_folders else here  # a run's own folder's: looked for again after it
    try:
        return _fresh(name, _quiet_import(name))
    except ModuleNotFoundError as error:
        if error.name != top or here in sys.path or not holds_module(Path(here), top):
            raise
    _put_on_path(here)  # last, as a new process here has it
    with _module_code():
        return _fresh(name, importlib.import_module(name))


def _quiet_import(name: str) -> ModuleType:
    """``importlib.import_module(name)``; a module imported again re-registers its envs without Gymnasium's warning."""
    with _module_code():
        return importlib.import_module(name)


class ExitAtImport(Exception):
    """A module's code called ``sys.exit()`` (or an unguarded ``argparse`` parse failed) while it was imported."""


@contextlib.contextmanager
def _module_code() -> Iterator[None]:
    """While a module's code runs as it is imported: without Gymnasium's warning for each env a module executed
    again registers anew; its ``sys.exit()`` is :class:`ExitAtImport`, not the end of gym-loop with that exit code."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*Overriding environment")
        try:
            yield
        except SystemExit as error:
            stdlib = os.path.dirname(os.__file__) + os.sep  # argparse's exit is not where the user's code called it
            frames = [frame for frame in traceback.extract_tb(error.__traceback__) if not frame.filename.startswith(
                ("<", stdlib)) or "site-packages" in Path(frame.filename).parts]
            where = f" ({Path(frames[-1].filename).name}, line {frames[-1].lineno})" if frames else ""
            raise ExitAtImport(f"it called sys.exit({error.code!r}) as it was imported{where}; guard the script's "
                               "code with if __name__ == \"__main__\":") from None


def import_again(name: str) -> ModuleType:
    """Import the module ``name`` anew (its module-level code run again), if it is local; else as it is."""
    from gym_loop.provenance import local_file  # provenance imports this module

    if local_file(name) is not None:
        _forget([name])
    return _quiet_import(name)


def _elsewhere_now(top: str) -> None:
    """Import the local module ``top`` from the folder a new process would import it from here (the run's own folder
    of :func:`also_import_from` first, then this working directory's path) when this process imported it from
    another folder before (a notebook's ``%cd`` to another project, or ``os.chdir`` between two runs of a driver
    script, each with its ``myenvs.py``), with a warning; or when the run's own folder has it and nothing imported
    it yet (another folder is before it on ``sys.path``), as when a folder gym-loop added for an earlier run holds a
    module of that name."""
    from gym_loop.provenance import local_file  # provenance imports this module

    loaded = local_file(top)
    if loaded is None and top in sys.modules:  # installed, or not a file
        return
    here = os.getcwd()
    path = [entry for entry in sys.path if entry not in _added or entry == here] + [here]  # a new process's, here
    if top in _run_folders:
        path.insert(0, _run_folders[top])
    try:
        found = importlib.machinery.PathFinder.find_spec(top, path)
    except (ImportError, ValueError):
        return
    origin = getattr(found, "origin", None)
    if not origin or (loaded is not None and Path(origin).resolve() == loaded):
        return
    if loaded is not None:
        logger.warning("%s: importing %s, not %s that this process imported before (another folder's)", top, origin,
                       loaded)
        _forget([top])
    folder = str(Path(origin).parent.parent if Path(origin).name == "__init__.py" else Path(origin).parent)
    if not any(Path(entry or ".").absolute() == Path(folder) for entry in sys.path if entry not in _added):
        _first_of_added(folder)  # the modules beside it too
    module = importlib.util.module_from_spec(found)  # that file, whatever sys.path has before its folder
    sys.modules[top] = module
    try:
        with _module_code():
            found.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(top, None)
        raise


def also_import_from(folder: Optional[Path], names: Iterable[str]) -> None:
    """Let the modules ``names`` (``env.imports`` of a run) that ``folder`` (the directory the run was made in) holds
    be imported from there, not from the working directory (a module of the same name of another project), where no
    installed module has them, as a new process does it: ``folder`` goes on ``sys.path`` before the working
    directory (appended if that is not on it), as a file class's folder is, and a module of that name this process
    imported from another folder is imported again from there (:func:`_elsewhere_now`). Each call is for one run:
    the modules of the run before are the working directory's again; ``folder`` None for a run of the working
    directory or a new spec."""
    _run_folders.clear()
    here = Path(os.getcwd())
    for name in names if folder is not None else ():
        top = str(name).split(".")[0]
        if not top.isidentifier() or top in sys.builtin_module_names or not holds_module(Path(folder), top):
            continue
        try:  # as a new process finds it: not in a folder this process added for another run
            found = importlib.machinery.PathFinder.find_spec(top, [entry for entry in sys.path if entry not in _added])
        except (ImportError, ValueError):
            continue
        origin = getattr(found, "origin", None)
        if found is not None and not (origin and here in Path(origin).parents):
            continue  # installed, or elsewhere on the path
        _run_folders[top] = str(folder)
        if str(folder) not in sys.path:
            _put_on_path(str(folder), lambda entry: Path(entry or ".").absolute() == here)


def holds_module(folder: Path, name: str) -> bool:
    """Whether ``folder`` has the module ``name``: ``name.py`` or a package ``name/__init__.py``."""
    return (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()


def code_not_found(document: object, cwd: Path) -> Iterator[Tuple[str, str, Optional[Tuple[str, ...]]]]:
    """What of the code of the spec ``document`` a run started in ``cwd`` would not find, as ``(key, name,
    beside)``: each class's relative file path (``agent.class``, ``agent.policy.class``, ``policy.class``,
    ``loop.class``; not one of ``~``) that names no file from ``cwd`` (``beside`` None), then the top module of a
    ``module:Class`` class, of ``env.name``'s ``module:EnvId`` or of ``env.imports`` that neither ``cwd``, the class
    files' folders (an env module is found beside the agent file too) nor an installed package has (``beside``: the
    keys of those class files). Nothing is imported; a ``document`` that is not a mapping has nothing."""
    from importlib.machinery import PathFinder

    parts = document if isinstance(document, dict) else {}
    agent = parts.get("agent") if isinstance(parts.get("agent"), dict) else {}
    classes = [(f"{key}.class", section["class"].rpartition(":")[0]) for key, section in (
        ("agent", agent), ("agent.policy", agent.get("policy")), ("policy", parts.get("policy")),
        ("loop", parts.get("loop"))) if isinstance(section, dict) and isinstance(section.get("class"), str)]
    files = [(key, path) for key, path in classes if is_file_path(path)]
    yield from ((key, path, None) for key, path in files if not path.startswith("~") and not Path(cwd, path).is_file())
    env = parts.get("env") if isinstance(parts.get("env"), dict) else {}
    name = env.get("name") if isinstance(env.get("name"), str) else ""
    imports = env.get("imports") if isinstance(env.get("imports"), list) else []
    places = [str(cwd), *(str(Path(cwd, os.path.expanduser(path)).parent) for _, path in files)]
    for key, module in [*((key, module) for key, module in classes if not is_file_path(module)),
                        ("env.name", name.rpartition(":")[0]), *(("env.imports", module) for module in imports)]:
        top = module.partition(".")[0] if isinstance(module, str) and not is_file_path(module) else ""
        with contextlib.suppress(ImportError, ValueError):  # a module that cannot be looked up: its run says why
            if top.isidentifier() and importlib.util.find_spec(top) is None and \
                    PathFinder.find_spec(top, places) is None:
                yield key, top, tuple(key for key, _ in files)


def not_found(name: str, beside: Optional[Tuple[str, ...]], where: str) -> str:
    """The clause saying that the file path (``beside`` None) or module ``name`` (:func:`code_not_found`) is not
    found ``where``, nor beside the class files of the keys ``beside``."""
    if beside is None:
        return f"no such file: {name} {where}"
    kinds = list(dict.fromkeys(key.split(".")[-2] for key in beside))  # agent.policy.class: the policy file
    files = f", nor beside the {' and '.join(kinds)} file{'s' if len(kinds) > 1 else ''}" if kinds else ""
    return f"no module {name} {where}{files}, nor installed"


def is_file_path(module_path: str) -> bool:
    return module_path.endswith(".py") or "/" in module_path or "\\" in module_path


# The original gym-loop's modules that this one does not ship, and their successors where there are.
GONE = {"gym_loop.agents.pytorch_ppo": "copy examples/ppo.py (agent.class: ppo.py:PPOAgent) or the original's file",
        "gym_loop.agents.pytorch_rainbow_dqn": "copy examples/dqn.py (agent.class: dqn.py:DQNAgent) or the original's "
                                               "file",
        "gym_loop.loops.multienv_loop": "use gym_loop.loops.vector_loop:VectorLoop (num_envs), or copy the original's "
                                        "file",
        "gym_loop.loops.multienv_batch_loop": "use gym_loop.loops.vector_loop:VectorLoop (num_envs), or copy the "
                                              "original's file",
        **{f"gym_loop.{name}": "copy the original's file" for name in (
            "agents.layers", "agents.replay_buffers", "policies.categorical_net", "policies.noisy_actor_critic")}}


def _import(module_name: str) -> ModuleType:
    try:
        return import_module(module_name)  # also from the working directory, as python -m and env.imports find it
    except Exception as error:
        missing = error.name if isinstance(error, ModuleNotFoundError) else None
        if missing and f"{module_name}.".startswith(f"{missing}."):  # the module or a parent, not an import inside
            if missing in GONE:
                raise ResolveError(f"no module named '{missing}': it is the original gym-loop's, not shipped with "
                                   f"this one; {GONE[missing]} into your project") from error
            raise ResolveError(f"no module named '{missing}': install the package that provides it, "
                               "or give a file path ending in .py") from error
        raise _import_failed(module_name, error) from error


def _load_file(module_path: str) -> ModuleType:
    try:
        path = Path(module_path).expanduser().resolve()
        found = path.is_file()
    except (RuntimeError, OSError, UnicodeEncodeError):  # ~nobody/: no such user; a name too long (a NUL:
        # validate_module_str refuses); a name the locale cannot write (locale_problem says so)
        found = False
    if not found:
        how = ("" if Path(module_path).is_absolute() else " (a relative path is taken from the working directory); "
               "run from the folder it is relative to, or give its absolute path")
        if module_path.startswith("~"):  # HOME differs under sudo, cron, a Ray worker
            tilde = module_path.partition("/")[0]
            try:
                home = f"{tilde} is {Path(tilde).expanduser()}{', HOME' if tilde == '~' else ''}"
            except RuntimeError:  # ~nobody/: no such user
                home = f"there is no user {tilde[1:]}"
            how = f" ({home}); give its absolute path"
        elif os.path.isfile(slashed := module_path.replace("\\", "/")) and slashed != module_path:  # Windows' paths
            how = f" (\\ is no path separator on Linux and macOS); write it with /: {slashed}"
        raise ResolveError(locale_problem(module_path) or f"no such file: {module_path}{how}")
    # Never the bare stem, which would shadow a module of that name imported later (random.py and numpy's `random`):
    # a name of the path, the same in every process whatever it imported first.
    name = f"{FILE_MODULE_PREFIX}{path.stem}_{sha256(str(path).encode('utf-8'))[:16]}"
    source = path.read_bytes()  # executed as read: no bytecode cache that a same-second edit of the same size fools
    digest, before = sha256(source), sys.modules.get(name)
    folder = str(path.parent)
    if before is not None:  # loaded before (for another class string of the file, or by an import)
        stale = _stale_siblings(name)
        if _digests.setdefault(name, digest) == digest and not stale:
            return before
        logger.warning("%s changed since it was imported in this process: importing it again (objects made "
                       "before keep the old code)", module_path if _digests[name] != digest else
                       f"{', '.join(stale)} (imported by {module_path})")
        for sibling, (imported, file, _) in _siblings.pop(name, {}).items():
            if _theirs.get(sibling) is not imported or imported is not sys.modules.get(sibling):
                _forget([sibling])  # imported again with it, from its folder
            elif sibling in stale:  # the user's own import of it: executed again in place, still theirs
                try:
                    with _module_code():
                        exec(compile(Path(file).read_bytes(), file, "exec"), imported.__dict__)  # noqa: S102
                except Exception as error:
                    raise _import_failed(Path(file).name, error) from error
    _forget(_foreign(folder))  # a module of a name this folder holds, imported from another agent file's folder
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # so that pickle and the file's own imports find it
    _first_of_added(folder)  # sibling files import as they would under `python file.py`
    loaded = dict(sys.modules)
    try:
        with _module_code():
            exec(compile(source, str(path), "exec"), module.__dict__)  # noqa: S102 (the user's own file, as import)
        _digests[name] = digest  # the code executed, for the run's provenance
        _siblings[name] = _imported_by(module, _modules_of(folder), loaded)
        _warn_shadowed(module, path)
    except BaseException as error:
        if before is None:
            del sys.modules[name]
        else:
            sys.modules[name] = before
        if isinstance(error, (KeyboardInterrupt, GeneratorExit)):
            raise
        raise _import_failed(module_path, error) from error
    return module


def file_module_spec(name: str) -> Optional[importlib.machinery.ModuleSpec]:
    """The spec of ``name``, a file class's module that this process has not loaded (:class:`gym_loop._FileModules`
    asks): the ``<stem>.py`` of a folder on ``sys.path`` whose path has the digest in ``name``. Multiprocessing gives
    a process it starts with spawn or forkserver its parent's ``sys.path``, where :func:`_load_file` put the file's
    folder. Executed from its source, as there (no bytecode cache)."""
    stem, _, digest = name[len(FILE_MODULE_PREFIX):].rpartition("_")
    for entry in sys.path:
        try:
            path = Path(entry or ".", f"{stem}.py").resolve()
            if path.is_file() and sha256(str(path).encode("utf-8"))[:16] == digest:
                return importlib.util.spec_from_file_location(name, path, loader=_SourceOnly(name, str(path)))
        except (OSError, RuntimeError, UnicodeEncodeError, ValueError):  # not a folder, a name the locale lacks
            continue
    return None


class _SourceOnly(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname: str) -> Any:
        return compile(self.get_data(self.path), self.path, "exec", dont_inherit=True)


def _warn_shadowed(module: ModuleType, path: Path) -> None:
    """Warn for each module the file ``path`` imported (``import test``) that a file beside it names (``test.py``)
    but that came from elsewhere (the standard library's ``test``): its folder is on ``sys.path`` after the
    installed modules (first, a ``queue.py`` of its would replace the module gym-loop itself imports)."""
    for value in list(vars(module).values()):
        top = getattr(value, "__name__", "") if isinstance(value, ModuleType) else ""
        beside = path.parent / f"{top}.py"
        if top and "." not in top and beside.is_file() and Path(str(getattr(value, "__file__", ""))) != beside:
            logger.warning("%s: import %s gives %s, not %s beside it (a module of that name comes first); rename %s",
                           path.name, top, getattr(value, "__file__", None) or "a built-in module", beside.name,
                           beside.name)


def _import_failed(module_path: str, error: Exception) -> ResolveError:
    if isinstance(error, ExitAtImport):
        return ResolveError(f"importing {module_path} failed: {error}")
    where = ""
    if not isinstance(error, SyntaxError):  # a SyntaxError names its file and line itself
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f" ({Path(frame.filename).name}, line {frame.lineno})"
    return ResolveError(f"importing {module_path} failed: {type(error).__name__}: {error}{where}{install_hint(error)}")


def install_hint(error: BaseException) -> str:
    """How to install the module a ModuleNotFoundError names, into this Python; for torch, the CPU build that
    docs/installation.rst gives (plain ``pip install torch`` pulls CUDA's, gigabytes)."""
    if not isinstance(error, ModuleNotFoundError) or not error.name:
        return ""
    from gym_loop.errors import pip_install, requirements

    top = error.name.split(".")[0]
    if top == "torch":
        pins = requirements(lambda need: need.startswith("torch"))
        return f"; install PyTorch's CPU build into this Python: {pip_install(pins[0] if pins else top)}"
    return f"; install the package that provides '{top}' into this Python: {pip_install('PACKAGE')}"
