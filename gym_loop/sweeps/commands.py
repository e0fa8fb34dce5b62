"""``gym-loop sweep``, ``gym-loop aggregate`` and ``gym-loop runs ls``; imports only click at the top."""

import contextlib
import errno
import os
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import click

from gym_loop.cli_paths import SpecFile, UserPath
from gym_loop.errors import echo_out, program, stdout_open
from gym_loop.help_text import examples
from gym_loop.plots.options import reps_option

FORMATS = click.Choice(["table", "csv", "json"])
SWEEP_DIR = UserPath(exists=True, file_okay=False, path_type=Path)


def _domain(ctx: click.Context, function: Any, *args: Any) -> Any:
    """Run ``function`` the way every gym-loop command does: errors a user can fix as one line."""
    from gym_loop.cli import run_domain

    return run_domain(ctx, function, *args)


@click.command("sweep", help="""
    Run every seed of every config of a grid, each run its own `gym-loop train`; or continue SWEEP_DIR.

    The sweep folder (sweeps/NAME) holds the runs, their logs, state.json, scores.csv and
    aggregate.csv. Run the same command again, or `gym-loop sweep SWEEP_DIR`, to continue it;
    `gym-loop sweep SWEEP_DIR --add-seeds 5-9` to run more seeds of every config.
    """, epilog=examples(
    "gym-loop sweep -c lake.yaml --seeds 0-9 --grid 'agent.parameters.learning_rate=[0.05,0.1,0.5]' --jobs 2",
    "gym-loop sweep -c lake.yaml --zip 'agent.parameters.learning_rate,agent.parameters.discount=[[0.1,0.9],"
    "[0.5,0.99]]' --dry-run",
    "gym-loop sweep sweeps/lake --add-seeds 5-9"))
@click.argument("sweep_dir", required=False, type=SWEEP_DIR)
@click.option("-c", "--run-config", "spec", type=SpecFile(),
              help="The base run spec (YAML) every run starts from.")
@click.option("--name", help="Name of the sweep folder [default: the spec's file name without .yaml; of a run, "
                              "sweep or tune folder's spec.yaml, that folder's name; of a tune's best.yaml, "
                              "<tune>-trial-<n> of its best trial].")
@click.option("--sweeps-dir", default="sweeps", show_default=True, type=UserPath(file_okay=False, path_type=Path),
              help="Parent of the sweep folder.")
@click.option("--seeds", metavar="0-9|0,3,7", help="Seeds of every config [default: 0-4].")
@click.option("--grid", "grids", multiple=True, metavar="KEY=[v1,v2]",
              help="An axis of the grid: the values (YAML) of one spec key; the grid is every combination. Repeatable.")
@click.option("--zip", "zips", multiple=True, metavar="KEY1,KEY2=[[a,1],[b,2]]",
              help="An axis of keys whose values go together, one row per point; after every --grid axis. "
                   "Repeatable.")
@click.option("-s", "--set", "sets", multiple=True, metavar="KEY.PATH=VALUE",
              help="Override a value of the base spec, as in train; repeatable.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Runs at once [default: the CPUs this process may use (taskset, cpuset, Slurm); with ray, the "
                   "cluster's CPUs].")
@click.option("--backend", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: child processes of this one; ray: Ray tasks, each running the same process.")
@click.option("--address", help="With --backend ray: the Ray cluster to join (e.g. auto, or HEAD_IP:6379) "
                                "[default: start a Ray on this machine].")
@click.option("--add-seeds", metavar="5-9|5,7",
              help="With SWEEP_DIR: add runs of these seeds to every config (seeds it has are skipped); "
                   "the runs it has are kept.")
@click.option("--retry-failed", is_flag=True,
              help="Run failed runs again (resuming from a checkpoint if they have one).")
@click.option("--dry-run", is_flag=True, help="Print the plan (run, overrides, seed, action); create nothing.")
@click.pass_context
def sweep_command(ctx: click.Context, sweep_dir: Optional[Path], spec: Optional[Path], name: Optional[str],
                  sweeps_dir: Path, seeds: str, grids: Tuple[str, ...], zips: Tuple[str, ...], sets: Tuple[str, ...],
                  jobs: Optional[int], backend: str, address: Optional[str], add_seeds: Optional[str],
                  retry_failed: bool, dry_run: bool) -> None:
    from gym_loop.sweeps.sweep import DEFAULT_SEEDS, Request, decide, plan

    _check_add_seeds(sweep_dir, seeds, add_seeds)

    if (spec is None) == (sweep_dir is None):
        raise click.UsageError("give either -c/--run-config SPEC or a SWEEP_DIR to continue")
    given_dir = ctx.get_parameter_source("sweeps_dir") != click.core.ParameterSource.DEFAULT
    if sweep_dir is not None and (grids or zips or sets or name is not None or seeds is not None or given_dir):
        raise click.UsageError("SWEEP_DIR continues a sweep as it was made; leave out --grid, --zip, --set, "
                               "--name, --seeds and --sweeps-dir")
    if address is not None and backend != "ray":
        raise click.UsageError("--address is for --backend ray")
    if spec is not None:
        from gym_loop.path_checks import refuse_file_in_the_way

        _domain(ctx, refuse_file_in_the_way, "--sweeps-dir", Path(sweeps_dir), True)
    from gym_loop.cli import refuse_repeated_keys

    _domain(ctx, refuse_repeated_keys, sets)
    request = Request(spec, sweep_dir, name, sweeps_dir, DEFAULT_SEEDS if seeds is None else seeds, grids, zips,
                      sets, retry_failed)
    the_plan = _domain(ctx, plan, request)
    if add_seeds is not None:
        from gym_loop.sweeps.extend import add_seeds as adding

        the_plan = _domain(ctx, adding, the_plan, add_seeds)
    if dry_run:
        _domain(ctx, decide, the_plan, retry_failed)
        _echo_plan(the_plan)
        return
    _domain(ctx, _run, ctx, the_plan, retry_failed, backend, address, jobs)


# the system errors whose advice (errors.ADVICE) a continued sweep follows: free space, raise the limit, move the thing
GOES_ON = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EISDIR, errno.EEXIST, errno.ENOTDIR)


def _quiet(ctx: click.Context) -> bool:
    """Whether ``-q/--quiet`` was given (before or after the command's name)."""
    from gym_loop.cli import global_flag

    return global_flag(ctx, "quiet")


def _run(ctx: click.Context, the_plan: Any, retry_failed: bool, backend_name: str, address: Optional[str],
         jobs: Optional[int]) -> None:
    from gym_loop.errors import GymLoopError, RunStopped, Terminated, describe
    from gym_loop.lock import held
    from gym_loop.sweeps.sweep import decide, execute, resume_command

    sweep = the_plan.sweep
    if not _quiet(ctx):
        stdout_open()  # where the outcome goes: before the runs, not after them
    if backend_name == "ray":
        from gym_loop.sweeps.ray import check_reachable, require_ray

        require_ray()  # before anything is created
        if address is not None:
            check_reachable(address)
    with _removed_unless_made(sweep), held(sweep.lock_path, f"sweep {sweep.path}"):
        backend = _backend(backend_name, address, sweep.path)
        try:
            decide(the_plan, retry_failed)
            parallel = jobs or backend.default_jobs()
            try:
                outcome = execute(the_plan, backend, parallel)
            except KeyboardInterrupt as stop:
                raise RunStopped(f"sweep stopped; continue it with: {resume_command(sweep)}",
                                 isinstance(stop, Terminated)) from None
        except OSError as error:  # the driver's own write (scores.csv, state.json, a run's log) on a full disk
            if error.errno not in GOES_ON or not sweep.exists():
                raise
            raise GymLoopError(f"{describe(error)}, then continue with: {resume_command(sweep)} --retry-failed"
                               ) from error  # its runs failed on that disk too: --retry-failed starts them again
        finally:
            backend.close()
    _echo_outcome(sweep, outcome, _quiet(ctx))


@contextlib.contextmanager
def _removed_unless_made(sweep: Any) -> Iterator[None]:
    """Remove the folders this block made if it ends with the sweep folder holding only its lock: Ctrl-C while Ray
    starts, or a Ray that fails to start, then leaves no sweep folder holding only its lock. A folder that holds
    anything else (runs, logs, a file of the user's) is kept, with or without its manifest.json.

    Raises:
        RunStopped: Ctrl-C or SIGTERM before the runs started (while Ray started).
    """
    from gym_loop.errors import RunStopped, Terminated
    from gym_loop.lock import Locked
    from gym_loop.sweeps.sweep import resume_command

    made = sweep.path  # the first folder of the sweep's path that is not there yet
    while not made.parent.exists():
        made = made.parent
    if sweep.path.exists() and not _only_lock(sweep):
        made = None
    try:
        yield
    except Locked:  # another driver's folder, maybe while its Ray starts
        made = None
        raise
    except KeyboardInterrupt as stop:
        stopped = (f"sweep stopped; continue it with: {resume_command(sweep)}" if sweep.exists() else
                   "sweep stopped before any run started; nothing was kept: run the same command again to start it")
        raise RunStopped(stopped, isinstance(stop, Terminated)) from None
    finally:
        if made is not None and _only_lock(sweep):
            import shutil  # not at start-up: it imports bz2 and lzma, 1% of create-default's instructions

            shutil.rmtree(sweep.path, ignore_errors=True)
            for folder in sweep.path.parents:  # the parents this block made, while they are empty
                if folder == made.parent:
                    break
                try:
                    folder.rmdir()
                except OSError:
                    break


def _only_lock(sweep: Any) -> bool:
    """Whether the sweep folder holds nothing but its lock file (what a sweep holds before it is created)."""
    from gym_loop.sweeps.state import LOCK

    try:
        return all(path.name == LOCK for path in sweep.path.iterdir())
    except OSError:
        return False


def _echo_outcome(sweep: Any, outcome: Any, quiet: bool) -> None:
    """The aggregate table and a summary line (not with ``quiet``); the runs that did not finish as the
    error (exit 1), or the run that refused its spec, which stopped the sweep (exit 2)."""
    from gym_loop.cli import CommandFailed
    from gym_loop.errors import quoted
    from gym_loop.sweeps.sweep import resume_command

    if not quiet:
        _echo_aggregate(outcome.aggregate, "table", sweep.configs())
        echo_out(f"sweep {sweep.path}: {len(outcome.statuses) - len(outcome.unfinished)} of "
                   f"{len(outcome.statuses)} runs finished; scores.csv and aggregate.csv written")
    if outcome.refused:  # continued, the sweep runs the same spec, refused the same way
        from gym_loop.sweeps.scores import some

        first, configs = outcome.refused[0], {key.rpartition("/")[0] for key in outcome.refused}
        not_started = sum(1 for key in outcome.unfinished if outcome.statuses[key] == "pending"
                          and (outcome.halted or key.rpartition("/")[0] in configs))
        stopped = "the sweep stopped, {} run(s) not started" if outcome.halted else \
            f"{{}} run(s) of {'its config' if len(configs) == 1 else 'their configs'} not started"
        others = some(outcome.refused[1:])
        from gym_loop.sweeps.runinfo import DONE  # runs that removing the sweep would delete: not advised then

        remove = "" if set(DONE) & set(outcome.statuses.values()) else f", or remove {quoted(sweep.path)} first"
        raise CommandFailed(f"{first} refused its spec: "
                            f"{outcome.errors.get(first, 'Error: see its log').partition('Error: ')[2]}; "
                            f"{f'{others} refused theirs too; ' if others else ''}"
                            f"{stopped.format(not_started) + ': ' if not_started else ''}"
                            f"a continued sweep keeps its spec, so fix it in a new sweep ({program()} sweep -c SPEC "
                            f"--name NEW ...{remove}); logs in {sweep.path / 'logs'}", 2)
    if outcome.unfinished:
        from gym_loop.sweeps.scores import some

        listed = some([f"{key} ({outcome.statuses[key]})" for key in outcome.unfinished], 10)
        left = {outcome.statuses[key] for key in outcome.unfinished}
        running = "the running ones belong to another process; when they end, " if "running" in left else ""
        retry = " --retry-failed" if "failed" in left else ""
        first = next(iter(outcome.errors), None)  # rerunning a run that failed with an error fails the same way
        error = f"{first} failed with: {outcome.errors[first].partition('Error: ')[2]}; " if first else ""
        raise CommandFailed(f"{len(outcome.unfinished)} run(s) did not finish: {listed}; {error}"
                            f"logs in {sweep.path / 'logs'}; {running}{'fix that, then ' if first else ''}"
                            f"continue with: {resume_command(sweep)}{retry}", 1)


def _backend(name: str, address: Optional[str], sweep_path: Path) -> Any:
    if name == "ray":
        from gym_loop.sweeps.ray import RayBackend

        return RayBackend(address, sweep_path)
    from gym_loop.sweeps.launch import LocalBackend

    return LocalBackend()


def _check_add_seeds(sweep_dir: Optional[Path], seeds: Optional[str], add_seeds: Optional[str]) -> None:
    """``--add-seeds`` goes with a SWEEP_DIR; ``--seeds`` with a SWEEP_DIR is pointed to it."""
    if add_seeds is not None and sweep_dir is None:
        raise click.UsageError("--add-seeds adds runs to an existing sweep: give its SWEEP_DIR, "
                               f"e.g. {program()} sweep sweeps/NAME --add-seeds 5-9")
    if seeds is not None and sweep_dir is not None:
        raise click.UsageError("SWEEP_DIR keeps the seeds it has; to run more seeds of every config "
                               "give --add-seeds, e.g. --add-seeds 5-9")


def _echo_plan(the_plan: Any) -> None:
    rows = [{"run": run.key, "seed": run.seed, "action": action,
             "overrides": " ".join(run.config.assignments(shown=True)) or "-"} for run, action in the_plan.actions]
    exists = "exists" if the_plan.sweep.exists() else "would be created"
    echo_out(f"sweep {the_plan.sweep.path} ({exists}): {len(rows)} runs")
    echo_out(_table(rows, ["run", "seed", "action", "overrides"]))


@click.command("aggregate", help="Per config of SWEEP_DIR: n, mean, median, IQM and 95% bootstrap intervals of the "
                                         "IQM and the mean.", epilog=examples(
    "gym-loop aggregate sweeps/lake",
    "gym-loop aggregate sweeps/lake --score last-100 --reps 5000 --format csv"))
@click.argument("sweep_dir", type=SWEEP_DIR)
@click.option("--score", type=click.Choice(["final-eval", "last-100"]),
              help="final-eval: the last periodic evaluation's mean return; last-100: the mean of the last 100 "
                   "training returns [default: final-eval if the spec evaluates periodically].")
@reps_option
@click.option("--bootstrap-seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the bootstrap resampling.")
@click.option("--vs", metavar="CONFIG",
              help="Also the probability that a run of each config scores above a run of CONFIG (a config id of "
                   "the sweep, or its label in the table), with its 95% bootstrap interval.")
@click.option("--format", "output", type=FORMATS, default="table", show_default=True)
@click.pass_context
def aggregate_command(ctx: click.Context, sweep_dir: Path, score: Optional[str], reps: int, bootstrap_seed: int,
                      vs: Optional[str], output: str) -> None:
    table, configs = _domain(ctx, _aggregate, sweep_dir, score, reps, bootstrap_seed, vs)
    _echo_aggregate(table, output, configs, vs is not None)


def _aggregate(sweep_dir: Path, score: Optional[str], reps: int, seed: int,
               vs: Optional[str] = None) -> Tuple[Dict[str, Dict[str, Any]], List]:
    from gym_loop.errors import SpecError, quoted
    from gym_loop.sweeps.drift import warn_runs_off_plan
    from gym_loop.sweeps.envs import warn_if_envs_differ
    from gym_loop.sweeps.plan import config_labels
    from gym_loop.sweeps.scores import (add_improvement, aggregate, default_kind, score_table, scores_by_config,
                                        unfinished_configs, warn_unfinished)
    from gym_loop.sweeps import runinfo
    from gym_loop.sweeps.state import SweepFolder, driver
    from gym_loop.sweeps.sweep import refusals
    from gym_loop.spec import apply_overrides

    sweep = SweepFolder(sweep_dir)
    problem = SweepFolder.problem(sweep_dir)
    if problem:
        raise SpecError("SWEEP_DIR", problem)
    kind = score or sweep.manifest().get("score") or default_kind(sweep.manifest()["spec"])
    warn_runs_off_plan(sweep, sweep.manifest(), sweep.plan())
    entries = runinfo.sweep_runs(sweep.path)
    refused = refusals(sweep, entries)  # continued, the sweep would refuse them again
    rows = score_table(entries, sweep.path, kind)
    scores = scores_by_config(rows, list(dict.fromkeys(run["config"] for run in entries)))
    configs = sweep.configs()
    labels = config_labels(configs)  # warnings and errors name a config as the table does
    warn_unfinished({labels.get(config, config): [(row["status"], row["score"]) for row in rows
                                                  if row["config"] == config] for config in scores}, kind)
    specs = (apply_overrides(sweep.manifest()["spec"], config.overrides) for config in configs)  # an axis over env too
    warn_if_envs_differ(((spec.get("env") or {}).get("name") for spec in specs),
                        "the probability of improvement compares their returns" if vs is not None
                        else "their scores are aggregated side by side")
    running = driver(sweep.path)
    logs = {run.key: sweep.log_path(run) for run in sweep.plan() if run.key in refused.values()}
    new = f"a continued sweep keeps its spec, so fix it in a new sweep: {program()} sweep -c SPEC --name NEW ..."
    said = {key: (runinfo.error_line(log) or "Error: see its log").partition("Error: ")[2] for key, log in logs.items()}
    unfinished = unfinished_configs(rows, f"{program()} sweep {quoted(sweep_dir)}", running and (
        f"the sweep is running ({running}): run this again when it ends") or {
            config: f"{key} refused its spec ({said[key]}); {new}" for config, key in refused.items()})
    table = aggregate(scores, reps, seed, kind, unfinished, labels)
    if vs is not None:  # a config id, or its label in the table (config_labels)
        ids = {label: config for config, label in labels.items()}
        vs = vs if vs in scores else ids.get(vs, vs)
        add_improvement(table, scores, vs, reps, seed, labels, refused.get(vs) or refused.get(""))
    return table, configs


def _echo_aggregate(table: Dict[str, Dict[str, Any]], output: str, configs: Sequence[Any],
                    improvement: bool = False) -> None:
    """The aggregate rows: as a table, each config by its label (:func:`gym_loop.sweeps.plan.config_labels`);
    as csv or json by its id with its values, the columns of aggregate.csv (then the probability of
    improvement's, with ``--vs``)."""
    from gym_loop.sweeps.plan import config_labels
    from gym_loop.sweeps.scores import AGGREGATE_COLUMNS, IMPROVEMENT_COLUMNS, aggregate_table
    from gym_loop.sweeps.state import cell

    extra = IMPROVEMENT_COLUMNS if improvement else ()
    columns, rows = aggregate_table(table, configs if output != "table" else (), extra)
    if output == "table":  # for people: labels; csv and json keep the ids
        labels = config_labels(configs)
        rows = [{**row, **{key: labels.get(row[key], row[key]) for key in ("config", "vs") if key in row}}
                for row in rows]
    values = columns[1:len(columns) - len(AGGREGATE_COLUMNS) - len(extra)]
    if output == "csv":
        rows = [{**row, **{key: cell(row[key]) for key in values if key in row}} for row in rows]
    _echo_rows([{column: row.get(column) for column in columns} for row in rows], columns, output)


@click.group("runs", help="Look at run folders.", epilog=examples(
    "gym-loop runs ls",
    "gym-loop runs ls sweeps/lake --format csv"))
def runs_group() -> None:
    pass


@runs_group.command("ls", help="""
    List the run folders under DIRECTORY (a runs dir, a sweep, any parent), a sweep's runs together.

    Status "died" means run.json says running but no process holds the run's lock; "unreadable" that
    run.json cannot be read (cut short by a full disk or a partial copy).
    """, epilog=examples(
    "gym-loop runs ls",
    "gym-loop runs ls sweeps/lake --format csv"))
@click.argument("directory", required=False, default="runs",
                type=UserPath(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "output", type=FORMATS, default="table", show_default=True)
def runs_ls(directory: Path, output: str) -> None:
    from gym_loop.sweeps import runinfo
    from gym_loop.files import SWEEP_MANIFEST

    rows, lost = [], []
    for folder in runinfo.find_runs(directory, lost):
        sweep = runinfo.enclosing(folder, SWEEP_MANIFEST)
        rows.append({"sweep": os.path.normpath(sweep) if sweep else "",  # as the user reaches it, not "."
                     "run": os.path.relpath(folder, sweep or directory), **runinfo.summary(folder)})
    runinfo.warn_lost_records(lost)
    rows.sort(key=lambda row: (row["sweep"], row["run"]))
    columns = ["sweep", "run", "status", "reason", "episodes", "steps", "last_eval", "seed", "started", "train_seconds",
               "git"]
    if output != "table":
        _echo_rows(rows, columns, output)
        return
    if not rows:
        echo_out(f"no run folders under {directory}")
    for sweep in dict.fromkeys(row["sweep"] for row in rows):
        group = [row for row in rows if row["sweep"] == sweep]
        echo_out(f"sweep {sweep}:" if sweep else f"runs in {directory}:")
        echo_out(_table(group, columns[1:]))


def _echo_rows(rows: List[Dict[str, Any]], columns: List[str], output: str) -> None:
    if output == "json":
        from gym_loop.files import json_text

        echo_out(json_text(rows, indent=2))
    elif output == "csv":
        from gym_loop.sweeps.state import to_csv

        echo_out(to_csv(columns, rows), nl=False)
    else:
        echo_out(_table(rows, columns))


def _table(rows: List[Dict[str, Any]], columns: List[str]) -> str:
    """Columns padded to their widest cell; floats with 4 significant digits."""
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[index]) for line in cells)]) for index, column in enumerate(columns)]
    lines = [columns, *cells]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
