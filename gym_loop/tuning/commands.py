"""The ``gym-loop tune`` command. Imports only click at the top: optuna and the rest inside."""

from pathlib import Path
from typing import Optional, Tuple

import click

from gym_loop.cli_paths import FiniteRange, SpecFile, UserPath
from gym_loop.errors import echo_out, stdout_open
from gym_loop.help_text import examples

SPEC_FILE = UserPath(exists=True, dir_okay=False, path_type=Path)


@click.command("tune", help="Tune a run spec's parameters with Optuna; every trial's runs are run folders under "
                                    "tunes/NAME.", epilog=examples(
    "gym-loop tune -c lake.yaml --space space.yaml --trials 20 --seeds 0-2",
    "gym-loop tune -c lake.yaml --space space.yaml --trials 40 --jobs 2 --name lake-lr"))
@click.option("-c", "--run-config", type=SpecFile(), required=True, help="The base run spec (YAML).")
@click.option("--space", type=SPEC_FILE, required=True,
              help="SPACE.yaml: spec keys to distributions, e.g. agent.parameters.learning_rate: "
                   "{float: [1.0e-3, 1.0], log: true}.")
@click.option("--trials", type=click.IntRange(min=1), required=True,
              help="Trials in total, counting those of earlier starts (failed ones do not count).")
@click.option("-s", "--set", "sets", multiple=True, metavar="KEY.PATH=VALUE",
              help="Override a value of the base spec, as in train and sweep; repeatable.")
@click.option("--name", help="The tune's name and folder under --tunes-dir [default: the spec file's stem; of a "
                              "run, sweep or tune folder's spec.yaml, that folder's name; of a tune's best.yaml, "
                              "<tune>-trial-<n> of its best trial].")
@click.option("--tunes-dir", type=UserPath(file_okay=False, path_type=Path), default=Path("tunes"),
              show_default=True, help="Parent of the tune folder.")
@click.option("--seeds", default="0,1", show_default=True, metavar="0-4|0,3,7",
              help="Seeds every trial runs on (as gym-loop sweep's); its value is the mean of their final "
                   "evaluations.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Parallel workers (processes, or Ray tasks with --backend ray).")
@click.option("--backend", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where workers run: local processes, or Ray tasks.")
@click.option("--address", help="Ray cluster address for --backend ray [default: start a local Ray].")
@click.option("--sampler", type=click.Choice(["tpe", "random"]), default="tpe", show_default=True,
              help="Optuna sampler; each worker seeds its own. tpe's first 10 trials of a study are random search, "
                   "as random's: give well over 10 --trials for TPE to matter.")
@click.option("--sampler-seed", type=click.IntRange(min=0),
              help="Seed of the study's samplers (each worker's is drawn from it, the start and the worker's "
                   "number): replicate studies differ by it [default: the same proposals for every study].")
@click.option("--pruner", type=click.Choice(["median", "halving", "none"]), default="median",
              show_default=True, help="Optuna pruner, asked after every periodic evaluation.")
@click.option("--storage", metavar="PATH_OR_URL",
              help="Optuna storage: a journal file path or a database URL [default: journal.log in the tune folder].")
@click.option("--timeout", type=FiniteRange("give seconds above 0, or leave --timeout out for no limit", min=0,
                                                   min_open=True), metavar="SECONDS",
              help="Ask for no new trial after this many seconds (running trials finish).")
@click.pass_context
def tune_command(ctx: click.Context, run_config: Path, space: Path, trials: int, sets: Tuple[str, ...],
                 name: Optional[str],
                 tunes_dir: Path, seeds: str, jobs: int, backend: str, address: Optional[str],
                 sampler: str, sampler_seed: Optional[int], pruner: str, storage: Optional[str],
                 timeout: Optional[float]) -> None:
    from gym_loop.cli import global_flag, refuse_repeated_keys, run_domain
    from gym_loop.sweeps.plan import parse_seeds, refuse_run_keys
    from gym_loop.tuning.driver import TuneOptions, run_tune

    if address is not None and backend != "ray":
        raise click.UsageError("--address is for --backend ray")
    seed_list = run_domain(ctx, parse_seeds, seeds)  # the rule of gym-loop sweep's --seeds
    run_domain(ctx, refuse_repeated_keys, sets)
    run_domain(ctx, refuse_run_keys, "--set", [assignment.partition("=")[0] for assignment in sets], "tune")
    from gym_loop.path_checks import refuse_file_in_the_way

    run_domain(ctx, refuse_file_in_the_way, "--tunes-dir", Path(tunes_dir), True)
    options = TuneOptions(run_config=run_config, space=space, trials=trials, seeds=seed_list, name=name,
                          tunes_dir=tunes_dir, jobs=jobs, backend=backend, address=address, sampler=sampler,
                          sampler_seed=sampler_seed, pruner=pruner, storage=storage, timeout=timeout,
                          quiet=global_flag(ctx, "quiet"), sets=sets)
    if not options.quiet:
        run_domain(ctx, stdout_open)  # where the summary goes: before the trials, not after them
    message = run_domain(ctx, run_tune, options)
    if not options.quiet:  # -q: no summary, as for every command
        echo_out(message)
