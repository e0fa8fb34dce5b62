"""Console script for gym-loop: parses options, runs the command, shows errors as one line."""

import contextlib
import errno
import logging
import os
import re
import sys
import traceback
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Tuple

import click

from gym_loop import DEFAULT_AGENT, DEFAULT_LOOP, __version__
from gym_loop.cli_paths import SpecFile, UserPath
from gym_loop.errors import (ADVICE, GymLoopError, ResolveError, SpecError, Terminated, describe, echo_out,
                             handle_termination, ignore_the_rest_of_the_stop, locale_problem, program, quoted)
from gym_loop.files import write_atomically
from gym_loop.help_text import examples

if TYPE_CHECKING:
    from gym_loop.spec import RunSpec

logger = logging.getLogger(__name__)
# Gymnasium's report of an error in an async vector env's worker (a warning per line of its traceback).
ASYNC_WORKER_ERROR = r"(\x1b\[[0-9;]*m)?ERROR: "
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # a terminal colour code
SPEC_FILE = SpecFile()


def show_warning_in_one_line(message: Any, category: type, filename: str, lineno: int, file: Any = None,
                             line: Optional[str] = None) -> None:
    """Log a Python warning as one line, ``Category: message``, without colour codes (Gymnasium's checker adds them),
    the warning's file or its source line; in place of :func:`warnings.showwarning` once logging captures warnings.
    """
    text = " ".join(ANSI_ESCAPE.sub("", str(message)).split())
    logging.getLogger("py.warnings").warning("%s: %s", category.__name__, text)


def _first_line(message: str, traceback_hint: bool = False) -> str:
    """The first line of ``message`` (torch's ``load_state_dict`` errors have several), saying what --debug shows."""
    first, newline, _ = message.strip().partition("\n")
    shows = " and ".join(what for what, shown in (("the rest", newline), ("the traceback", traceback_hint)) if shown)
    return f"{first.rstrip()} (--debug shows {shows})" if shows else first


class CommandFailed(click.ClickException):
    """A domain error shown by click as ``Error: <message>`` with its own exit code, in one line; the command ends.
    With 143 (SIGTERM or SIGHUP) it ignores the rest of that stop (:func:`.errors.ignore_the_rest_of_the_stop`)."""

    def __init__(self, message: str, exit_code: int, traceback_hint: bool = False):
        super().__init__(_first_line(message, traceback_hint))
        self.exit_code = exit_code
        if exit_code == 143:
            ignore_the_rest_of_the_stop()

    def show(self, file: Any = None) -> None:
        # standard error's reader is gone (a dropped ssh, | head): click would exit 1, not our code
        with contextlib.suppress(OSError):
            super().show(file)


# The option that chooses where a command writes, for "the file system is read-only: choose a writable place".
WRITABLE_PLACE = {"train": " with --runs-dir DIR", "eval": " with -o/--output DIR", "sweep": " with --sweeps-dir DIR",
                  "tune": " with --tunes-dir DIR (to continue a tune, copy its folder into DIR first)",
                  "create-default": " with -c/--run-config PATH", "plot": " with -o/--output FILE"}
# A command continuing a folder (refusing those options): its parameter naming it, what it is and how it goes on.
CONTINUED = {"train": ("resume", "run", "resume", "train --resume"),
             "sweep": ("sweep_dir", "sweep", "continue", "sweep")}


def writable_place(ctx: click.Context) -> str:
    """What ends "the file system is read-only: choose a writable place" for ``ctx``'s command: the option choosing
    where it writes, or, continuing a folder (train --resume RUN), to copy it there and continue the copy."""
    parameter, what, verb, again = CONTINUED.get(ctx.info_name or "", ("", "", "", ""))
    kept = ctx.params.get(parameter)
    if kept is None:
        return WRITABLE_PLACE.get(ctx.info_name or "", "")
    copy = Path("DIR") / Path(os.path.abspath(kept)).name
    return (f", copy the {what} there and {verb} the copy: mkdir -p DIR && cp -r {quoted(kept)} {quoted(copy)} && "
            f"{program()} {again} {quoted(copy)}")


def run_domain(ctx: click.Context, function: Callable, *args: Any) -> Any:
    """Call ``function``; turn the errors a user can fix into one line and an exit code.

    Spec errors exit 2, other run failures 1, Ctrl-C 130, SIGTERM 143. With ``--debug`` the traceback comes first,
    then the same line and exit code (a script's retry rules keep working).
    """
    try:
        return function(*args)
    except (GymLoopError, KeyboardInterrupt, OSError) as error:
        debug = show_traceback(ctx)
        if isinstance(error, KeyboardInterrupt):
            raise signal_failure(error) from error
        message = describe(error) if isinstance(error, OSError) else str(error)  # a full disk, a read-only file system
        if message.endswith(ADVICE[errno.EROFS]):
            message += writable_place(ctx)
        if isinstance(error, OSError):
            raise CommandFailed(message, 1, traceback_hint=not debug) from error
        hint = error.exit_code == 1 and error.__cause__ is not None and not debug
        raise CommandFailed(message, error.exit_code, traceback_hint=hint) from error


def show_traceback(ctx: click.Context) -> bool:
    """With ``--debug``, print the traceback of the error being handled (its one line and exit code follow, as
    without); whether it did."""
    if not global_flag(ctx, "debug"):
        return False
    with contextlib.suppress(OSError):  # standard error's reader is gone: the exit code still tells
        click.echo(traceback.format_exc(), err=True, nl=False)
    return True


def signal_failure(error: KeyboardInterrupt) -> CommandFailed:
    """``Error: interrupted`` (exit 130) for Ctrl-C, ``Error: terminated`` (143) for SIGTERM."""
    terminated = isinstance(error, Terminated)
    return CommandFailed("terminated" if terminated else "interrupted", 143 if terminated else 130)


def global_flag(ctx: click.Context, name: str) -> bool:
    """Whether the global flag ``name`` (``debug`` or ``quiet``) was given before or after the command."""
    return bool(ctx.meta.get(f"gym_loop.{name}"))


def _set_global(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """Callback of a global flag: remember it for every context of the command line; apply ``--quiet`` at once.
    ``--debug`` is also set by ``GYM_LOOP_DEBUG``, read here (not by click, whose error would name ``--debug``)."""
    from gym_loop.entry import FALSE, TRUE

    if param.name == "debug" and not value and (given := os.environ.get("GYM_LOOP_DEBUG")) is not None:
        if given.strip().lower() not in TRUE + FALSE:
            raise click.UsageError(f"GYM_LOOP_DEBUG: {given!r} is not true or false; set it to 1 for tracebacks, or "
                                   "unset it", ctx)
        value = given.strip().lower() in TRUE
    if value:
        ctx.meta[f"gym_loop.{param.name}"] = True
        if param.name == "quiet":
            logging.getLogger("gym_loop").setLevel(logging.WARNING)
        if param.name == "debug":  # the processes a command starts (a sweep's runs, a tune's workers) show theirs
            os.environ["GYM_LOOP_DEBUG"] = "1"


GLOBAL_OPTIONS = (  # (flags, help) of the options main and every command take
    (("--debug",), "Show full tracebacks instead of one-line errors (or set GYM_LOOP_DEBUG=1)."),
    (("-q", "--quiet"), "No progress and no summary; only warnings and errors."),
)


def add_global_options(command: click.Command) -> None:
    """Let ``--debug`` and ``-q/--quiet`` come before and after a command's name (and its subcommands')."""
    for opts, help_text in GLOBAL_OPTIONS:
        command.params.append(click.Option(opts, is_flag=True, expose_value=False, is_eager=True,
                                           callback=_set_global, help=help_text))
    for subcommand in getattr(command, "commands", {}).values():
        add_global_options(subcommand)


class UsageLine(click.UsageError):
    """A usage error shown as one line: click's own message and where the command's help is."""

    def __init__(self, error: click.UsageError):
        super().__init__(_first_line(error.format_message()), error.ctx)
        self.exit_code = error.exit_code

    def show(self, file: Optional[Any] = None) -> None:
        """``Error: <click's message> (see <command> --help)`` on stderr (or ``file``)."""
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            names = self.ctx.help_option_names
            hint = f" (see {self.ctx.command_path} {'--help' if '--help' in names else names[0]})"
        # standard error's reader is gone (| head -0): exit 2 all the same, not click's 1
        with contextlib.suppress(OSError):
            click.echo(f"Error: {self.format_message()}{hint}", file=file, err=file is None)


@contextlib.contextmanager
def usage_in_one_line(command: Optional[Callable[[], Optional[click.Context]]] = None) -> Iterator[None]:
    """Turn the usage errors click would show with the usage text into :class:`UsageLine` (not with ``--debug``);
    ``command`` makes the context of the command being parsed, for an error click's parser gives without one (a
    missing option value): with it, ``--debug`` shows the command's usage and the one line names its help."""
    try:
        yield
    except click.UsageError as error:
        if error.ctx is None and command is not None:
            error.ctx = command()
        if type(error).show is not click.UsageError.show or (error.ctx and global_flag(error.ctx, "debug")):
            raise  # e.g. click's NoArgsIsHelpError, which shows the help
        raise UsageLine(error) from error


def refuse_repeated_options(command: click.Command, args: List[str], ctx: Optional[click.Context] = None) -> None:
    """Refuse an option that takes one value given twice (``--seed 1 --seed 2``), which click would take silently,
    the last winning; a key given twice is refused everywhere else (a spec file, two ``--set``). Those of a
    command of a group (``runs ls``) too. ``ctx``: the context of ``command``, whose help the error names.

    Raises:
        click.UsageError: The first such option, with both values.
    """
    args = args[:args.index("--")] if "--" in args else args
    commands = getattr(command, "commands", {})
    if (sub := next((index for index, arg in enumerate(args) if arg in commands), None)) is not None:
        refuse_repeated_options(commands[args[sub]], args[sub + 1:],
                                click.Context(commands[args[sub]], info_name=args[sub], parent=ctx))
        args = args[:sub]
    for param in command.params:
        if not isinstance(param, click.Option) or param.multiple or param.count or param.is_flag:
            continue
        names = param.opts + param.secondary_opts
        values = [value for i, arg in enumerate(args) if (value := _value_given(arg, args[i + 1:i + 2], names))
                  is not None]
        if len(values) > 1:
            raise click.UsageError(f"{max(names, key=len)} is given twice ({values[0]} and {values[1]}); give it once",
                                   ctx)


def _value_given(arg: str, following: List[str], names: List[str]) -> Optional[str]:
    """The value ``arg`` (and the argument ``following`` it, if any) gives an option of ``names``: ``-j 2``,
    ``--jobs 2``, ``--jobs=2`` or ``-j2``; None if it gives none."""
    if arg in names:
        return following[0] if following else None
    if arg.startswith("--"):
        name, equals, value = arg.partition("=")
        return value if equals and name in names else None
    short = next((name for name in names if len(name) == 2 and name[1] != "-" and arg.startswith(name)), None)
    return arg[2:] if short is not None and len(arg) > 2 else None


def help_asked(command: click.Command, args: List[str], ctx: click.Context) -> bool:
    """Whether ``args`` ask ``command`` (a group: a command under it) for its help, as click parses them (an option's
    value ``--help`` does not; a group given nothing, ``gym-loop runs``, shows its help), read without running the
    options' callbacks."""
    if not args and getattr(command, "no_args_is_help", False):  # a group given no command: its help
        return True
    context = click.Context(command, parent=ctx, resilient_parsing=True)
    try:
        options, rest, _ = command.make_parser(context).parse_args(list(args))
    except click.ClickException:
        return False
    option = command.get_help_option(context)
    if option is not None and option.name in options:
        return True
    inner = command.get_command(context, rest[0]) if isinstance(command, click.Group) and rest else None
    return inner is not None and help_asked(inner, rest[1:], context)


class GymLoopGroup(click.Group):
    """The top-level group: global options after every command, full descriptions, aliases listed once.

    Every usage error of it and of the commands under it, those added later included, is one line.
    """

    aliases = {"evaluate": "eval"}  # another name of a command (the README's): noted on its row, not listed

    def add_command(self, cmd: click.Command, name: Optional[str] = None) -> None:
        add_global_options(cmd)
        super().add_command(cmd, name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        return super().get_command(ctx, self.aliases.get(cmd_name, cmd_name))

    def make_context(self, info_name: Optional[str], args: List[str], parent: Optional[click.Context] = None,
                     **extra: Any) -> click.Context:
        with usage_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        def command() -> Optional[click.Context]:  # the command's context, once resolve_command named it
            name = self.aliases.get(ctx.invoked_subcommand or "", ctx.invoked_subcommand)
            return click.Context(self.commands[name], info_name=name, parent=ctx) if name in self.commands else None

        try:  # the commands' options are parsed and their callbacks run in here
            with usage_in_one_line(command):
                return super().invoke(ctx)
        except KeyboardInterrupt as error:  # a signal outside run_domain (imports at start-up): not click's exit 1
            show_traceback(ctx)
            raise signal_failure(error) from error
        except GymLoopError as error:  # one outside run_domain (echo_out's): one line too
            show_traceback(ctx)
            raise CommandFailed(str(error), error.exit_code) from error
        except UnicodeEncodeError as error:  # a file name this locale cannot write (LC_ALL=C without UTF-8 mode)
            problem = locale_problem(error.object) if isinstance(error.object, str) else None
            if problem is None:
                raise
            show_traceback(ctx)
            raise CommandFailed(problem, 2) from error

    def resolve_command(self, ctx: click.Context, args: List[str]) -> Tuple[Optional[str], Optional[click.Command],
                                                                            List[str]]:
        """Click's, after the checks that need the command's name and arguments unparsed, ``args``: click's public
        way to them on every click 8 (the context's ``protected_args`` is deprecated from 8.2, private there)."""
        if ctx.resilient_parsing:  # shell completion
            return super().resolve_command(ctx, args)
        if "--debug" in args:  # after the command: known before it parses (a wrong option then shows the usage)
            ctx.meta["gym_loop.debug"] = True
        name = self.aliases.get(args[0], args[0]) if args else ""
        try:  # every command reads it, for relative paths: one line before anything is made, not an OS error later
            os.getcwd()
        except FileNotFoundError:
            if not help_asked(self, args, ctx):  # a command's --help reads none
                where = f" {quoted(os.environ['PWD'])}" if os.environ.get("PWD") else ""
                raise CommandFailed(f"the working directory{where} was deleted; cd to an existing folder and run "
                                    "again", 2) from None
        if (command := self.commands.get(name)) is not None:
            refuse_repeated_options(command, args[1:], click.Context(command, info_name=name, parent=ctx))
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, prog_name: Optional[str] = None, **extra: Any) -> Any:
        """Run the command line; under ``/path/python -m gym_loop`` its usage lines and a usage error's ``(see ...
        --help)`` name that python, as the commands a message gives to paste do (:func:`gym_loop.errors.program`):
        click's ``python -m gym_loop`` would be the one on PATH, which need not have gym-loop."""
        return super().main(*args, prog_name=prog_name or program(), **extra)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name, command in sorted(self.commands.items()):
            if not command.hidden:
                aliases = [alias for alias, target in self.aliases.items() if target == name]
                note = f" Also: {', '.join(aliases)}." if aliases else ""
                rows.append((name, command.get_short_help_str(limit=1000) + note))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(help="""
    Run reinforcement learning agents on Gymnasium envs from YAML run specs.

    \b
    Start here:
      gym-loop create-default -c default-run.yaml    # write a spec with every parameter
      gym-loop train -c default-run.yaml             # train it in runs/default-run-<time>/
      gym-loop eval --run runs/default-run-<time>    # evaluate its latest checkpoint
    """, cls=GymLoopGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog="Run 'gym-loop COMMAND --help' for a command's options and examples. "
                    "--debug and -q/--quiet also work after the command.")
@click.version_option(__version__, "-V", "--version", prog_name="gym-loop")
@click.pass_context
def main(ctx: click.Context) -> None:
    # Other libraries' loggers (torch's, an agent's) at WARNING: INFO lines are gym-loop's own (docs/quickstart.rst).
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("gym_loop").setLevel(logging.WARNING if global_flag(ctx, "quiet") else logging.INFO)
    logging.captureWarnings(True)  # Python warnings go through logging, so they print above a progress bar
    if not global_flag(ctx, "debug"):  # --debug keeps Python's own form: the file, the line and its source
        warnings.showwarning = show_warning_in_one_line
    handle_termination()  # SIGTERM, and SIGHUP (a closed terminal), stop a command: Terminated, exit 143


add_global_options(main)


def set_option_for(example: str) -> Callable:
    """The ``-s/--set`` option, its help's example ``example`` (a key the command uses)."""
    return click.option("-s", "--set", "overrides", multiple=True, metavar="KEY.PATH=VALUE",
                        help=f"Override a spec value, parsed as YAML; repeatable. E.g. --set {example}")


set_option = set_option_for("loop.parameters.max_episodes=100")
# Keys of training that eval does not use, and what to set instead: it plays eval_episodes episodes, without a
# schedule, and writes its logs, videos and summary where its eval_* paths (or -o) say.
TRAINING_ONLY = {**{f"loop.parameters.{name}": "set loop.parameters.eval_episodes instead" for name in (
    "max_episodes", "max_steps", "random_episodes", "episodes_per_checkpoint", "time_per_checkpoint",
    "keep_checkpoints", "episodes_per_eval")}, **{f"loop.parameters.{name}": f"set loop.parameters.eval_{name} instead"
                                                  for name in ("render", "record", "logdir", "record_dir")},
    **{key: "give -o DIR for where its logs and summary go" for key in (
        "loop.parameters.episodes_csv", "loop.parameters.evals_csv", "runs_dir")}}


def class_string(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Refuse a class string that does not resolve, or to a class of another role, as a bad option value."""
    with user_prints_to_stderr():  # create-default's -a and -l: its standard output is the spec alone
        problem = class_problem(param.name, value)
    if problem:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value


def user_prints_to_stderr() -> contextlib.AbstractContextManager:
    """What the user's code prints (an agent file's ``print("Using device: cpu")`` as it is imported, an env's as it
    is made) goes to standard error: create-default's standard output is the spec, for ``> spec.yaml``."""
    return contextlib.redirect_stdout(sys.stderr)


def class_problem(role: str, value: str) -> Optional[str]:
    """Why the class string ``value`` cannot be the ``role``'s class (it does not resolve, or to a class of
    another role), or None."""
    from gym_loop.resolve import resolve_class
    from gym_loop.spec import role_problem

    try:
        return role_problem(role, resolve_class(value))
    except ResolveError as error:
        return str(error)


@main.command("create-default", help="""
    Write (or print) the complete default run spec of an agent and a loop.

    Every tweakable parameter of the agent and the loop lands in the YAML with its default.
    """, epilog=examples(
    "gym-loop create-default -c default-run.yaml",
    "gym-loop create-default -a examples/hill_climbing.py:HillClimbingAgent -c hill.yaml",
    "gym-loop create-default -a gym_loop.agents.q_learning:QLearningAgent -s env.name=Taxi-v4"))
@click.option("-c", "--run-config", type=UserPath(dir_okay=False, path_type=Path),
              help="Where to write the YAML spec (default: print it).")
@click.option("-a", "--agent", default=DEFAULT_AGENT, show_default=True, callback=class_string,
              help="Agent class: package.module:Class or path/file.py:Class.")
@click.option("-l", "--loop", default=DEFAULT_LOOP, show_default=True, callback=class_string,
              help="Loop class: package.module:Class or path/file.py:Class.")
@click.option("-f", "--force", is_flag=True, help="Overwrite the run config if it exists (an empty one is "
                                                  "overwritten without it).")
@set_option
@click.pass_context
def create_default(ctx: click.Context, run_config: Path, agent: str, loop: str, force: bool,
                   overrides: Tuple[str, ...]) -> None:
    from gym_loop import yaml_safety
    from gym_loop.spec import (apply_overrides, check_spaces, check_trainable, default_spec, resolve_class, run_spec,
                               spread)

    if run_config is not None:
        from gym_loop.path_checks import owner, refuse_file_in_the_way, refuse_long_name

        if run_config.suffix == ".py":  # the agent's own file (-c read as "class"): --force would overwrite the code
            raise click.BadParameter(f"{run_config} is Python source, where a YAML spec would overwrite the code; "
                                     f"give the spec a .yaml path, e.g. -c {quoted(run_config.with_suffix('.yaml'))}",
                                     ctx=ctx, param_hint="'-c' / '--run-config'")
        run_domain(ctx, refuse_long_name, "--run-config", run_config)
        run_domain(ctx, refuse_file_in_the_way, "--run-config", run_config.parent)
        if (folder := owner(run_config)) is not None:  # a run's spec.yaml, run.json, episodes.csv; a sweep's
            raise click.BadParameter(f"{run_config} is a file of {folder}, which gym-loop reads; give -c another "
                                     "file", ctx=ctx, param_hint="'-c' / '--run-config'")
    if run_config is not None and run_config.exists() and not run_config.is_file():  # a device, a FIFO
        raise click.BadParameter(f"{run_config} is not a regular file; give the path of a file to write the spec in",
                                 ctx=ctx, param_hint="'-c' / '--run-config'")
    if run_config is not None and run_config.exists() and not force and not _blank(run_config):
        raise click.BadParameter(f"{run_config} exists; pass --force to overwrite it",
                                 ctx=ctx, param_hint="'-c' / '--run-config'")
    run_domain(ctx, refuse_repeated_keys, overrides)
    # policy=... or policy.class=... replaces the agent's default policy (its parameters would be another class's)
    assignments = run_domain(ctx, spread, overrides)  # agent={class: X}: X's defaults written, its keys over them
    given = {key for key, _ in assignments}
    own_policy = bool(given & {"policy", "policy.class"})

    def defaults(classes: Dict[str, str]) -> Dict:  # of the agent's and the loop's class, the overrides applied
        spec = apply_overrides(default_spec(classes["agent"], classes["loop"], policy=not own_policy), assignments)
        budget = loop_parameters(spec)
        if "loop.parameters.max_steps" in given and "loop.parameters.max_episodes" not in given and budget.get(
                "max_steps") is not None and "max_episodes" in budget:  # only max_steps given: as train reads it
            budget["max_episodes"] = None  # by env steps alone, not cut by the default max_episodes
        return spec

    chosen = {"agent": agent, "loop": loop}
    with user_prints_to_stderr():  # standard output is the spec alone: create-default > spec.yaml
        spec = run_domain(ctx, defaults, chosen)
        classes = run_domain(ctx, classes_set, ctx, spec, chosen)
        if classes != chosen:  # --set agent.class=X is -a X: X's defaults are written
            spec = run_domain(ctx, defaults, classes)
        if overrides:  # checked like a file
            run_domain(ctx, run_spec, spec)
        run_domain(ctx, lambda: check_trainable(resolve_class(classes["agent"]), resolve_class(classes["loop"]),
                                                loop_parameters(spec)))  # a spec train would refuse
        run_domain(ctx, check_spaces, resolve_class(classes["agent"]), spec)  # an env the agent cannot take
    utf8 = run_config is not None or "utf" in (getattr(sys.stdout, "encoding", None) or "").lower()
    text = yaml_safety.dump(spec, unicode=utf8)  # résultats, not r\xE9sultats
    if run_config is None:
        echo_out(text, nl=False)
        return
    run_domain(ctx, write_atomically, run_config, text)  # a read-only place: one line
    logger.info("wrote %s", run_config)


def loop_parameters(spec: Dict) -> Dict:
    """The loop parameters of the spec document ``spec``, {} for none: ``--set loop=null`` is the default loop,
    as an empty ``loop:`` of a spec file is; a section of another type is refused by run_spec."""
    loop = spec.get("loop")
    return (loop.get("parameters") if isinstance(loop, dict) else None) or {}


def _blank(path: Path) -> bool:
    """Whether ``path`` is a file holding nothing but whitespace: create-default overwrites it without --force,
    as the empty-spec error advises (nothing to lose)."""
    try:
        return path.is_file() and path.stat().st_size <= 4096 and not path.read_bytes().strip()
    except OSError:
        return False


def classes_set(ctx: click.Context, spec: Dict, classes: Dict[str, str]) -> Dict[str, str]:
    """``classes`` (the agent's and the loop's class strings), with those ``spec`` was given by --set instead.

    Raises:
        SpecError: A class given by --set too, or one that is no class of its role.
    """
    from click.core import ParameterSource

    classes = dict(classes)
    for role, chosen in classes.items():
        given = spec[role].get("class") if isinstance(spec.get(role), dict) else None
        if not isinstance(given, str) or given == chosen:
            continue  # none of a class string's kind: run_spec says what is wrong with it
        if ctx.get_parameter_source(role) is not ParameterSource.DEFAULT:
            raise SpecError(f"{role}.class", f"given by --set and -{role[0]}/--{role} ({given} and {chosen}); "
                                             "give it once")
        if problem := class_problem(role, given):
            raise SpecError(f"{role}.class", problem)
        classes[role] = given
    return classes


RUN_FOLDER = UserPath(exists=True, path_type=Path)


def run_folder(ctx: click.Context, param: click.Parameter, value: Optional[Path]) -> Optional[Path]:
    """Refuse a folder that ``gym-loop train`` did not make; a path inside one (its spec.yaml, a checkpoint) is
    told the run folder to give."""
    from gym_loop.run_folder import RunFolder, shown

    if value is None:
        return value
    absolute = Path(os.path.abspath(value))  # agent-000003 given from inside checkpoints/: its parents too
    run = next((folder for folder in [*absolute.parents][:3] if (folder / "run.json").is_file() and
                (folder / "spec.yaml").is_file() and RunFolder.problem(folder) is None), None)
    if run is not None:
        checkpoint = _checkpoint_inside(run, absolute) if param.name == "run_dir" else None
        run = run if value.is_absolute() else Path(os.path.relpath(run))  # as the user gives paths: ../..
        raise click.BadParameter(f"{value} is inside the run folder {shown(run)}; give the run folder: "
                                 f"{param.opts[0]} {quoted(shown(run))}"
                                 + (f" --checkpoint {checkpoint}" if checkpoint else ""), ctx=ctx, param=param)
    if not value.is_dir():
        raise click.BadParameter(f"{value} is a file, not a run folder; give the folder gym-loop train made",
                                 ctx=ctx, param=param)
    if problem := RunFolder.problem(value):
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value


def _checkpoint_inside(run: Path, path: Path) -> Optional[str]:
    """The name of the checkpoint (or pointer: ``latest``) of the ``run`` that ``path`` is or lies in, or None."""
    from gym_loop.sweeps.runinfo import run_file

    try:
        checkpoints = run_file(run, "checkpoint_dir")  # where the run's spec puts them
    except SpecError:  # train --resume or eval says why
        return None
    return path.relative_to(checkpoints).parts[0] if checkpoints in path.parents else None


def checkpoint_given(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """Refuse an empty ``--checkpoint`` (an unset shell variable: ``--checkpoint "$CKPT"``), which would name the
    working directory."""
    if value is not None and not value.strip():
        raise click.BadParameter("empty; give latest, best, a checkpoint's name or a checkpoint folder's path",
                                 ctx=ctx, param=param)
    return value


seed_option = click.option("--seed", type=click.IntRange(min=0), help="Seed of the run (overrides the spec's seed).")


@main.command(help="""
    Train the agent of a run spec in a new run folder, or continue a run with --resume.

    Give exactly one of -c/--run-config SPEC and --resume RUN_FOLDER. The run folder,
    <runs_dir>/<spec name>-<time>/ (or --run-dir; of a run folder's spec.yaml, named like that
    run), gets spec.yaml, run.json,
    episodes.csv, evals.csv, the TensorBoard logs and the checkpoints.
    """, options_metavar="(-c SPEC | --resume RUN_FOLDER) [OPTIONS]", epilog=examples(
    "gym-loop train -c default-run.yaml",
    "gym-loop train -c examples/cross_entropy_cartpole.yaml --seed 7 -s loop.parameters.max_episodes=50",
    "gym-loop train --resume runs/default-run-20260101-120000"))
@click.option("-c", "--run-config", type=SPEC_FILE, metavar="SPEC",
              help="The run spec (YAML). Required unless --resume is given.")
@click.option("--resume", type=RUN_FOLDER, metavar="RUN_FOLDER", callback=run_folder,
              help="Continue a run from its latest checkpoint, with its own spec.yaml (instead of -c).")
@seed_option
@click.option("--runs-dir", type=UserPath(file_okay=False),
              help="Parent of the new run folder [default: the spec's runs_dir, which is runs unless set].")
@click.option("--run-dir", type=UserPath(file_okay=False, path_type=Path),
              help="Make the run folder exactly here (a new or empty folder) instead of under --runs-dir.")
@click.option("--trial", type=UserPath(dir_okay=False, path_type=Path), hidden=True,
              help="gym-loop tune's trial file: report evaluations to that Optuna trial, stop when pruned.")
@click.option("--hparam", "hparams", nargs=2, multiple=True, hidden=True, metavar="KEY VALUE",
              help="One more key of the run's TensorBoard HParams (sweep: its config id; tune: its trial).")
@set_option
@click.pass_context
def train(ctx: click.Context, run_config: Optional[Path], resume: Optional[Path], seed: Optional[int],
          runs_dir: Optional[str], run_dir: Optional[Path], trial: Optional[Path],
          hparams: Tuple[Tuple[str, str], ...], overrides: Tuple[str, ...]) -> None:
    from gym_loop.gym_loop import train_agent
    from gym_loop.run_folder import run_name
    from gym_loop.tuning.prune import rule_from_file

    if (run_config is None) == (resume is None):
        raise click.UsageError("give either -c/--run-config SPEC or --resume RUN_FOLDER")
    if resume is not None:  # a requeued job's same --seed and --run-dir (the run's own) say nothing new
        seed, run_dir = _not_restated(resume, seed, run_dir)
    if resume is not None and (seed is not None or runs_dir is not None or run_dir is not None):
        raise click.UsageError("--resume keeps the run's own seed and folder; "
                               "leave out --seed, --runs-dir and --run-dir")
    if run_dir is not None and runs_dir is not None:
        raise click.UsageError("--run-dir and --runs-dir exclude each other: --run-dir is the run folder itself, "
                               "--runs-dir the folder new run folders are made in; give one")
    overrides += (("seed", seed),) * (seed is not None) + (("runs_dir", runs_dir),) * (runs_dir is not None)
    name = run_name(run_config) if run_config else None
    if resume is not None:  # another class first: its refusal, not the run's parameters unknown to that class
        from gym_loop.resume import check_classes

        run_domain(ctx, lambda: check_classes(resume, _loaded(resume / "spec.yaml", overrides)))

    def run(spec: "RunSpec", progress: Any) -> Any:  # gym-loop tune's pruning rule built in run_domain: one-line errors
        rules = (rule_from_file(trial),) if trial is not None else ()
        return train_agent(spec, progress, name=name, resume=resume, run_dir=run_dir, extra_rules=rules,
                           hparams={key: int(value) if value.isdigit() else value for key, value in hparams})

    run_with_progress(ctx, run, "train", run_config or resume / "spec.yaml", overrides, new=run_config is not None)


def _not_restated(resume: Path, seed: Optional[int], run_dir: Optional[Path]) -> Tuple[Optional[int], Optional[Path]]:
    """``seed`` and ``run_dir``, each None where it restates the resumed run's own (its seed, its folder)."""
    import json

    try:
        if seed is not None and json.loads((resume / "run.json").read_text(encoding="utf-8")).get("seed") == seed:
            seed = None
    except (OSError, ValueError, AttributeError):  # no run.json, or not whole: the resume says so
        pass
    if run_dir is not None and run_dir.exists() and os.path.samefile(run_dir, resume):
        run_dir = None
    return seed, run_dir


@main.command("eval", help="""
    Run the agent without learning: a fresh one from a spec, or a run's checkpoint.

    Give exactly one of -c/--run-config SPEC and --run RUN_FOLDER. The agent's memorize and
    update are never called; the returns go to the TensorBoard logs of eval_logdir and a JSON summary.
    """, options_metavar="(-c SPEC | --run RUN_FOLDER) [OPTIONS]", epilog=examples(
    "gym-loop eval -c default-run.yaml",
    "gym-loop eval --run runs/default-run-20260101-120000",
    "gym-loop eval --run runs/default-run-20260101-120000 --checkpoint agent-000005 -s loop.parameters.eval_episodes=3"
))
@click.option("-c", "--run-config", type=SPEC_FILE, metavar="SPEC",
              help="The run spec (YAML) of a fresh agent. Required unless --run is given.")
@click.option("--run", "run_dir", type=RUN_FOLDER, metavar="RUN_FOLDER", callback=run_folder,
              help="Evaluate a run folder's checkpoint with the run's spec (instead of -c).")
@click.option("--checkpoint", metavar="latest|best|NAME|PATH", callback=checkpoint_given,
              help="Checkpoint to load into the agent: latest, best (latest if the run kept none), a checkpoint's "
                   "name in the run (agent-000010) or a path [default: latest with --run, none with -c].")
@click.option("-o", "--output", type=UserPath(file_okay=False, path_type=Path), metavar="DIR",
              help="Write the evaluation's logs, videos and summary here [default: the run folder, or "
                   "./RUN-eval when it is not writable].")
@seed_option
@set_option_for("loop.parameters.eval_episodes=100")
@click.pass_context
def evaluate(ctx: click.Context, run_config: Optional[Path], run_dir: Optional[Path], checkpoint: Optional[str],
             output: Optional[Path], seed: Optional[int], overrides: Tuple[str, ...]) -> None:
    from gym_loop.gym_loop import eval_agent

    if (run_config is None) == (run_dir is None):
        raise click.UsageError("give either -c/--run-config SPEC or --run RUN_FOLDER")
    if output is not None:
        from gym_loop.path_checks import refuse_file_in_the_way, refuse_others_run

        run_domain(ctx, refuse_file_in_the_way, "--output", output)
        run_domain(ctx, refuse_others_run, "--output", output, run_dir)
    if run_dir is not None and checkpoint is None:
        checkpoint = "latest"
    for key in (override.partition("=")[0].strip() for override in overrides):
        if key in TRAINING_ONLY:
            logger.warning("%s: not used by eval, which plays eval_episodes episodes; %s", key, TRAINING_ONLY[key])
    overrides += (("seed", seed),) * (seed is not None)
    run_with_progress(ctx, lambda spec, progress: eval_agent(spec, progress, checkpoint=checkpoint, run_dir=run_dir,
                                                             output=output),
                      "eval", run_config or run_dir / "spec.yaml", overrides, new=run_config is not None)


def run_with_progress(ctx: click.Context, run: Callable, label: str, spec_path: Path,
                      overrides: Tuple[str, ...], new: bool = True) -> None:
    """Load and check the spec with the overrides applied and run it, showing progress unless ``--quiet``;
    ``new`` unless it is a run folder's (see :func:`~gym_loop.spec.run_spec`)."""
    from gym_loop.progress import Progress
    from gym_loop.spec import run_spec

    if not global_flag(ctx, "debug"):  # the error that stops the run names the worker's error in one line
        warnings.filterwarnings("ignore", message=ASYNC_WORKER_ERROR, module=r"gymnasium\.vector\.async_vector_env")
    run_domain(ctx, refuse_repeated_keys, overrides)
    spec = run_domain(ctx, lambda: run_spec(_loaded(spec_path, overrides), new))
    run_domain(ctx, check_display, spec, "render" if label == "train" else "eval_render")
    if label == "train":
        warn_random_only(spec)
    max_steps = spec.loop.parameters.get("max_steps") if label == "train" else None
    bar = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"  # a dumb terminal cannot redraw a line
    progress = None if global_flag(ctx, "quiet") else Progress(label, bar=bar, max_steps=max_steps)
    with contextlib.closing(progress) if progress is not None else contextlib.nullcontext():
        run_domain(ctx, lambda: run(spec, progress))


def refuse_repeated_keys(overrides: Tuple[Any, ...]) -> None:
    """Refuse a key set twice: by two ``--set``, or by ``--set`` and its own option (``--seed``, ``--runs-dir``),
    given as a ``(key, value)`` pair; or a key around one set before (``loop.parameters={...}`` after
    ``loop.parameters.max_episodes=2``), which would drop it. A spec file refuses a key given twice; the command
    line does as well.

    Raises:
        SpecError: A ``--set`` not of the form KEY.PATH=VALUE; the first key set twice, with both values.
    """
    from gym_loop.spec import drops, split_assignment

    given: Dict[str, Tuple[str, str]] = {}  # key -> (how it was set, its value as given)
    for override in overrides:
        if isinstance(override, tuple):
            key, how, value = override[0], "--" + override[0].replace("_", "-"), str(override[1])
        else:  # its form first: two "--set =1" are no key given twice
            (key, value), how = split_assignment(override), "--set"
        if (other := next((other for other in given if drops(key, other)), None)) is not None:
            (first_how, first_value), value = given[other], value.strip()
            if other != key:  # a key around the one set before
                later, earlier = _as_given(key, how, value), _as_given(other, first_how, first_value)
                raise SpecError(key, f"given by {later} after {earlier}, which lies inside it and would be dropped; "
                                     f"give each key once (set {other} after {key}, or in its value)")
            twice = "given twice by --set" if how == first_how == "--set" else f"given by {first_how} and {how}"
            raise SpecError(key, f"{twice} ({first_value} and {value}); give it once")
        given[key] = (how, value.strip())


def _as_given(key: str, how: str, value: str) -> str:
    """An override as the command line gave it: ``--set KEY=VALUE``, or ``--seed 3``."""
    return f"--set {key}={value}" if how == "--set" else f"{how} {value}"


def _loaded(spec_path: Path, overrides: Tuple[Any, ...]) -> Any:
    """The spec at ``spec_path`` with the overrides applied; a run folder's with its agent's file found from where
    the run was made, any other checked as sweep and tune check theirs (:func:`~gym_loop.spec.spec_given`)."""
    from gym_loop.run_folder import RECORD_FILE, run_document
    from gym_loop.spec import load_spec, spec_given

    if spec_path.name == "spec.yaml" and (spec_path.parent / RECORD_FILE).is_file():
        return run_document(spec_path.parent, load_spec(spec_path), overrides)
    return spec_given(spec_path, overrides)


def warn_random_only(spec: "RunSpec") -> None:
    """Warn when ``random_episodes`` is not below ``max_episodes``: the agent would never act nor update."""
    parameters = spec.loop.parameters
    random, most = parameters.get("random_episodes"), parameters.get("max_episodes")
    if isinstance(random, int) and isinstance(most, int) and random >= most > 0:
        logger.warning(
            "loop.parameters.random_episodes: %d is not below max_episodes (%d): every episode plays random actions, "
            "so the agent never acts nor updates; lower random_episodes to train it", random, most)


def check_display(spec: "RunSpec", key: str) -> None:
    """Refuse to render (loop parameter ``key``) on a Linux machine without a display: a SpecError."""
    if spec.loop.parameters.get(key) is not True or not sys.platform.startswith("linux"):
        return
    record = key.replace("render", "record")  # eval_render: eval_record
    if not any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")):
        raise SpecError(f"loop.parameters.{key}", "there is no display to render on (DISPLAY and WAYLAND_DISPLAY "
                        f"are unset); set it to false, or record videos instead ({record}: true)")
    from gym_loop.gym_loop import x_server_answers

    display = os.environ.get("DISPLAY", "")
    if display and not os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("SDL_VIDEODRIVER") and (
            not x_server_answers(display)):  # SDL would fall back to drawing off-screen: nothing shown
        raise SpecError(f"loop.parameters.{key}", f"DISPLAY={display} cannot be opened (no X server answers); "
                                                  f"set it to false, or record videos instead ({record}: true)")


# Commands defined in their own modules, which import only click at the top.
from gym_loop.plots.commands import plot_command  # noqa: E402
from gym_loop.sweeps.commands import aggregate_command, runs_group, sweep_command  # noqa: E402
from gym_loop.tuning.commands import tune_command  # noqa: E402

for _command in (sweep_command, aggregate_command, runs_group, plot_command, tune_command):
    main.add_command(_command)

