"""A sweep's warnings, aggregate's and --vs's errors name each config by its label, as its tables do (the values that
vary, when an id is cut), not by a cut id that hides them (fix10d's leftover)."""

from conftest import make_spec, run_cli, write_spec

GRID = ["loop.parameters.max_episode_len=[20]", "loop.parameters.episodes_per_eval=[2]",
        "loop.parameters.eval_episodes=[1,2]"]  # ids cut: max_episode_len=20,episodes_per_eval=2,eval_epis-<hash>
FEW = "eval_episodes=1, eval_episodes=2: 1 scored run: no interval"


def cut_sweep(tmp_path, *more):
    write_spec(tmp_path / "cut.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=1,
                                                max_episode_len=20))
    return run_cli("sweep", "-c", "cut.yaml", "--seeds", "0", *(f"--grid={axis}" for axis in GRID), *more,
                   cwd=tmp_path)


def test_sweep_and_aggregate_warnings_and_vs_errors_name_labels(tmp_path):
    sweep = cut_sweep(tmp_path)
    assert sweep.returncode == 0, sweep.stderr
    assert f"WARNING: {FEW}" in sweep.stderr, sweep.stderr
    aggregate = run_cli("aggregate", "sweeps/cut", cwd=tmp_path)
    assert f"WARNING: {FEW}" in aggregate.stderr, aggregate.stderr
    wrong = run_cli("aggregate", "sweeps/cut", "--vs", "eval_episodes=3", cwd=tmp_path)
    assert wrong.returncode == 2
    assert wrong.stderr.splitlines()[-1] == ("Error: --vs: no config 'eval_episodes=3' in this sweep; give one of its "
                                             "configs: eval_episodes=1, eval_episodes=2")


def test_a_config_without_scores_is_named_by_its_label(tmp_path):
    assert cut_sweep(tmp_path).returncode == 0
    for run in (tmp_path / "sweeps/cut/runs").glob("*eval_epis-*/seed-0"):
        if "eval_episodes: 2" in (run / "spec.yaml").read_text():
            (run / "run.json").unlink()  # no longer a finished run: its config has no score
    aggregate = run_cli("aggregate", "sweeps/cut", "--vs", "eval_episodes=2", cwd=tmp_path)
    assert aggregate.returncode == 2
    assert aggregate.stderr.splitlines()[-1] == (
        "Error: --vs: config eval_episodes=2 has no scored run yet, so no config can be compared with it; give "
        "another config, or continue the sweep first")
    assert "WARNING: eval_episodes=2: no scored run" in aggregate.stderr, aggregate.stderr


def test_a_config_refused_before_the_sweep_is_named_by_its_label(tmp_path):
    refused = cut_sweep(tmp_path, "--grid=loop.parameters.max_episodes=[2,-1]")
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[-1].endswith("(config eval_episodes=1, max_episodes=-1)"), refused.stderr
