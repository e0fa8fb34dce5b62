"""A final-eval sweep whose max_episodes is below episodes_per_eval is refused, as one whose max_steps is (no run
would ever evaluate, so none would get a score); gym-loop train of the same spec warns (a single run is not scored,
and a resume may train it longer); a tune trial, evaluated after its last episode, is not warned
(docs/sweeps.rst, docs/errors.rst)."""

from conftest import make_spec, run_cli, write_spec

NEVER = ("WARNING: loop.parameters.episodes_per_eval: the first periodic evaluation is after 5 episodes, but "
         "max_episodes is 2, so the run never evaluates (no evals.csv row, no best checkpoint); lower episodes_per_eval "
         "or raise max_episodes")


def test_a_sweep_whose_runs_never_evaluate_is_refused(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, episodes_per_eval=5, logdir=None))
    result = run_cli("sweep", "-c", "s.yaml", "--seeds", "0-1", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: loop.parameters.max_episodes: 2 ends every run before episode 5, its first periodic evaluation, so "
        "no run would get a final-eval score; raise max_episodes or lower episodes_per_eval (config base)")
    assert not (tmp_path / "sweeps").exists()


def test_train_of_the_same_spec_warns_that_the_run_never_evaluates(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, episodes_per_eval=5, logdir=None))
    result = run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [NEVER]
    steps = run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r2", "--set", "loop.parameters.max_episodes=10",
                    "--set", "loop.parameters.max_steps=3", cwd=tmp_path)
    assert steps.stderr.splitlines() == [
        "WARNING: loop.parameters.episodes_per_eval: the first periodic evaluation is after 5 episodes, but max_steps "
        "3 ends the run before it (an episode takes one step or more), so the run never evaluates (no evals.csv row, "
        "no best checkpoint); lower episodes_per_eval or raise max_steps"]
    evaluated = run_cli("-q", "eval", "--run", "r", cwd=tmp_path)  # evaluating the run says nothing of it
    assert evaluated.returncode == 0 and NEVER not in evaluated.stderr
