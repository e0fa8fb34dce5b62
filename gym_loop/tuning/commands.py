"""The ``gym-loop tune`` command. Imports only click at the top: optuna and the rest inside."""

from pathlib import Path
from typing import List, Optional

import click

from gym_loop.help_text import examples

MAX_SEEDS = 10_000  # per trial, as gym-loop sweep's --seeds
SPEC_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def parse_seeds(ctx: click.Context, param: click.Parameter, value: str) -> List[int]:
    """``0,1`` or ``0-4`` or ``0-4,10``: distinct non-negative seeds, in order given."""
    ranges: List[range] = []
    try:
        for part in value.split(","):
            low, dash, high = part.strip().partition("-")
            ranges.append(range(int(low), int(high if dash else low) + 1))
    except ValueError:
        raise click.BadParameter(f"expected seeds such as 0,1 or 0-4, got {value!r}", ctx=ctx, param=param) from None
    if sum(map(len, ranges)) > MAX_SEEDS:  # before listing them: 0-99999999 would take minutes and gigabytes
        raise click.BadParameter(f"{value} gives more than {MAX_SEEDS} seeds per trial; give fewer", ctx=ctx,
                                 param=param)
    seeds = [seed for seeds_of_part in ranges for seed in seeds_of_part]
    if not seeds or min(seeds) < 0 or len(set(seeds)) != len(seeds):
        raise click.BadParameter(f"expected distinct non-negative seeds such as 0,1 or 0-4, got {value!r}",
                                 ctx=ctx, param=param)
    return seeds


@click.command("tune", epilog=examples(
    "gym-loop tune -c lake.yaml --space space.yaml --trials 20 --seeds 0-2",
    "gym-loop tune -c lake.yaml --space space.yaml --trials 40 --jobs 2 --name lake-lr"))
@click.option("-c", "--run-config", type=SPEC_FILE, required=True, help="The base run spec (YAML).")
@click.option("--space", type=SPEC_FILE, required=True,
              help="SPACE.yaml: spec keys to distributions, e.g. agent.parameters.learning_rate: "
                   "{float: [1.0e-3, 1.0], log: true}.")
@click.option("--trials", type=click.IntRange(min=1), required=True,
              help="Trials in total, counting those of earlier starts (failed ones do not count).")
@click.option("--name", help="The tune's name and folder under --tunes-dir [default: the spec file's stem].")
@click.option("--tunes-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tunes"),
              show_default=True, help="Parent of the tune folder.")
@click.option("--seeds", default="0,1", show_default=True, callback=parse_seeds,
              help="Seeds every trial runs on; its value is the mean of their final evaluations.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Parallel workers (processes, or Ray tasks with --backend ray).")
@click.option("--backend", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where workers run: local processes, or Ray tasks.")
@click.option("--address", help="Ray cluster address for --backend ray [default: start a local Ray].")
@click.option("--sampler", type=click.Choice(["tpe", "random"]), default="tpe", show_default=True,
              help="Optuna sampler; each worker seeds its own.")
@click.option("--pruner", type=click.Choice(["median", "halving", "none"]), default="median",
              show_default=True, help="Optuna pruner, asked after every periodic evaluation.")
@click.option("--storage", metavar="PATH_OR_URL",
              help="Optuna storage: a journal file path or a database URL [default: journal.log in the tune folder].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Ask for no new trial after this many seconds (running trials finish).")
@click.pass_context
def tune_command(ctx: click.Context, run_config: Path, space: Path, trials: int, name: Optional[str],
                 tunes_dir: Path, seeds: List[int], jobs: int, backend: str, address: Optional[str],
                 sampler: str, pruner: str, storage: Optional[str], timeout: Optional[float]) -> None:
    """Tune a run spec's parameters with Optuna; every trial's runs are run folders under tunes/NAME."""
    from gym_loop.cli import global_flag, run_domain
    from gym_loop.tuning.driver import TuneOptions, run_tune

    if address is not None and backend != "ray":
        raise click.UsageError("--address is for --backend ray")
    options = TuneOptions(run_config=run_config, space=space, trials=trials, seeds=seeds, name=name,
                          tunes_dir=tunes_dir, jobs=jobs, backend=backend, address=address, sampler=sampler,
                          pruner=pruner, storage=storage, timeout=timeout,
                          quiet=global_flag(ctx, "quiet"))
    message = run_domain(ctx, run_tune, options)
    if not options.quiet:  # -q: no summary, as for every command
        click.echo(message)
