"""Console script for gym-loop: parses options, runs the command, shows errors as one line."""

import logging
import signal
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Tuple

import click

from gym_loop import DEFAULT_AGENT, DEFAULT_LOOP, __version__
from gym_loop.errors import GymLoopError, ResolveError, Terminated
from gym_loop.files import write_atomically

SPEC_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


class CommandFailed(click.ClickException):
    """A domain error shown by click as ``Error: <message>`` with its own exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def run_domain(ctx: click.Context, function: Callable, *args: Any) -> Any:
    """Call ``function``; turn the errors a user can fix into one line and an exit code.

    Spec errors exit 2, other run failures 1, Ctrl-C 130, SIGTERM 143. With ``--debug`` they propagate.
    """
    try:
        return function(*args)
    except (GymLoopError, KeyboardInterrupt, OSError) as error:
        if ctx.find_root().params.get("debug"):
            raise
        if isinstance(error, OSError):  # a full disk, a read-only file system...
            from gym_loop.faults import as_error

            error = as_error(error)
        if isinstance(error, KeyboardInterrupt):
            terminated = isinstance(error, Terminated)
            raise CommandFailed("terminated" if terminated else "interrupted", 143 if terminated else 130) from error
        hint = " (--debug shows the traceback)" if error.exit_code == 1 and error.__cause__ is not None else ""
        raise CommandFailed(f"{error}{hint}", error.exit_code) from error


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="gym-loop")
@click.option("--debug", is_flag=True, envvar="GYM_LOOP_DEBUG",
              help="Show full tracebacks instead of one-line errors (or set GYM_LOOP_DEBUG=1).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; only warnings and errors.")
def main(debug: bool, quiet: bool) -> None:
    """Console script for gym-loop: run RL agents on Gymnasium envs from YAML run specs."""
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(levelname)s: %(message)s", stream=sys.stderr)
    signal.signal(signal.SIGTERM, _terminate)


def run_config_option(**kwargs: Any) -> Callable:
    """The ``-c/--run-config`` option every command has."""
    return click.option("-c", "--run-config", **kwargs)


def set_option(function: Callable) -> Callable:
    """The repeatable ``--set KEY.PATH=VALUE`` option."""
    return click.option("-s", "--set", "overrides", multiple=True, metavar="KEY.PATH=VALUE",
                        help="Override a spec value, parsed as YAML; repeatable. "
                             "E.g. --set loop.parameters.max_episodes=100")(function)


def class_string(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Refuse a class string that does not resolve, as a bad option value."""
    from gym_loop.resolve import module_str_to_class

    try:
        module_str_to_class(value)
    except ResolveError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from error
    return value


@main.command("create-default")
@run_config_option(type=click.Path(dir_okay=False, path_type=Path),
                   help="Where to write the YAML spec (default: print it).")
@click.option("-a", "--agent", default=DEFAULT_AGENT, show_default=True, callback=class_string,
              help="Agent class: package.module:Class or path/file.py:Class.")
@click.option("-l", "--loop", default=DEFAULT_LOOP, show_default=True, callback=class_string,
              help="Loop class: package.module:Class or path/file.py:Class.")
@click.option("-f", "--force", is_flag=True, help="Overwrite the run config if it exists.")
@set_option
@click.pass_context
def create_default(ctx: click.Context, run_config: Path, agent: str, loop: str, force: bool,
                   overrides: Tuple[str, ...]) -> None:
    """Produce default run config for the agent and loop specified."""
    from gym_loop.spec_yaml import dump

    if run_config is not None and run_config.exists() and not force:
        raise click.BadParameter(f"{run_config} exists; pass --force to overwrite it",
                                 ctx=ctx, param_hint="'-c' / '--run-config'")
    spec = run_domain(ctx, _default_spec_with, agent, loop, overrides)
    text = dump(spec)
    if run_config is None:
        click.echo(text, nl=False)
        return
    run_domain(ctx, write_atomically, run_config, text)  # a read-only place: one line
    logging.getLogger(__name__).info("wrote %s", run_config)


RUN_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


def run_folder(ctx: click.Context, param: click.Parameter, value: Optional[Path]) -> Optional[Path]:
    """Refuse a folder that ``gym-loop train`` did not make."""
    from gym_loop.run_folder import RunFolder

    problem = RunFolder.problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value


seed_option = click.option("--seed", type=click.IntRange(min=0), help="Seed of the run (overrides the spec's seed).")


@main.command()
@run_config_option(type=SPEC_FILE, help="Path to run parameters YAML file.")
@click.option("--resume", type=RUN_FOLDER, metavar="RUN_FOLDER", callback=run_folder,
              help="Continue a run from its latest checkpoint, with its own spec.yaml.")
@seed_option
@click.option("--runs-dir", type=click.Path(file_okay=False), help="Parent of the new run folder (default: runs).")
@click.option("--run-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Make the run folder exactly here (a new or empty folder) instead of under --runs-dir.")
@set_option
@click.pass_context
def train(ctx: click.Context, run_config: Optional[Path], resume: Optional[Path], seed: Optional[int],
          runs_dir: Optional[str], run_dir: Optional[Path], overrides: Tuple[str, ...]) -> None:
    """Run agent training experiment specified in run config, in a new run folder."""
    from gym_loop.gym_loop import train_agent

    if (run_config is None) == (resume is None):
        raise click.UsageError("give either -c/--run-config SPEC or --resume RUN_FOLDER")
    if resume is not None and (seed is not None or runs_dir is not None or run_dir is not None):
        raise click.UsageError("--resume keeps the run's own seed and folder; leave out --seed, --runs-dir and --run-dir")
    overrides += (f"seed={seed}",) * (seed is not None) + (f"runs_dir={runs_dir}",) * (runs_dir is not None)
    spec_path = run_config or resume / "spec.yaml"
    name = run_config.stem if run_config else None
    run_with_progress(ctx, lambda spec, progress: train_agent(spec, progress, name=name, resume=resume,
                                                              run_dir=run_dir),
                      "train", spec_path, overrides)


@main.command("eval")
@run_config_option(type=SPEC_FILE, help="Path to run parameters YAML file.")
@click.option("--run", "run_dir", type=RUN_FOLDER, metavar="RUN_FOLDER", callback=run_folder,
              help="Evaluate a run folder's checkpoint with the run's spec.")
@click.option("--checkpoint", metavar="latest|best|PATH",
              help="Checkpoint to load into the agent [default: latest with --run, none with -c].")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Write the evaluation's logs, videos and summary here [default: the run folder, or "
                   "./RUN-eval when it is not writable].")
@seed_option
@set_option
@click.pass_context
def evaluate(ctx: click.Context, run_config: Optional[Path], run_dir: Optional[Path], checkpoint: Optional[str],
             output: Optional[Path], seed: Optional[int], overrides: Tuple[str, ...]) -> None:
    """Evaluate agent specified in run config (or a run's checkpoint) without updating."""
    from gym_loop.gym_loop import eval_agent

    if (run_config is None) == (run_dir is None):
        raise click.UsageError("give either -c/--run-config SPEC or --run RUN_FOLDER")
    if run_dir is not None and checkpoint is None:
        checkpoint = "latest"
    overrides += (f"seed={seed}",) * (seed is not None)
    run_with_progress(ctx, lambda spec, progress: eval_agent(spec, progress, checkpoint=checkpoint, run_dir=run_dir,
                                                             output=output),
                      "eval", run_config or run_dir / "spec.yaml", overrides)


main.add_command(evaluate, "evaluate")


def run_with_progress(ctx: click.Context, run: Callable, label: str, spec_path: Path,
                      overrides: Tuple[str, ...]) -> None:
    """Load the spec, apply the overrides and run it, showing progress unless ``--quiet``."""
    from gym_loop.progress import Progress
    from gym_loop.spec import apply_overrides, load_spec

    progress = None
    if not ctx.find_root().params["quiet"]:
        progress = Progress(label, bar=sys.stderr.isatty())
    try:
        run_domain(ctx, lambda: run(apply_overrides(load_spec(spec_path), overrides), progress))
    finally:
        if progress is not None:
            progress.close()


def _default_spec_with(agent: str, loop: str, overrides: Tuple[str, ...]) -> dict:
    from gym_loop.spec import apply_overrides, default_spec, resolve_spec

    spec = default_spec(agent, loop)
    if overrides:  # checked like a file; YAML is imported only here, for the values
        spec = apply_overrides(spec, overrides)
        resolve_spec(spec)
    return spec


if __name__ == "__main__":
    sys.exit(main())  # pragma: no cover
