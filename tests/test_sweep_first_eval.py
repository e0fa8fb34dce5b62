"""A final-eval sweep whose budget ends every run before its first evaluation is refused before anything is made."""

from conftest import make_spec, run_cli, write_spec
from test_sweep import Q_LEARNING


def lake(tmp_path, **loop):
    spec = make_spec("FrozenLake-v1", Q_LEARNING, **{"max_episodes": 200, "episodes_per_eval": 100,
                                                     "max_episode_len": 100, **loop})
    return write_spec(tmp_path / "lake.yaml", spec)


def test_max_steps_below_episodes_per_eval_is_refused_in_one_line(tmp_path):
    result = run_cli("sweep", "-c", lake(tmp_path), "-s", "loop.parameters.max_steps=50", "--seeds", "0-1",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Error: loop.parameters.max_steps: 50 ends every run before episode 100, its first periodic evaluation (an "
        "episode takes one step or more), so no run would get a final-eval score; raise max_steps or lower "
        "episodes_per_eval (config base)")
    assert not (tmp_path / "sweeps").exists()


def test_a_step_budget_that_may_end_a_run_before_its_first_evaluation_says_so(tmp_path):
    result = run_cli("sweep", "-c", lake(tmp_path), "-s", "loop.parameters.max_steps=500", "--seeds", "0", "--dry-run",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("a run whose first 100 episodes take 500 steps or more ends before its first evaluation and gets no "
            "score") in result.stderr
    long_enough = run_cli("sweep", "-c", lake(tmp_path), "-s", "loop.parameters.max_steps=20000", "--seeds", "0",
                          "--dry-run", cwd=tmp_path)  # 100 episodes of at most 100 steps: evaluated at least once
    assert "its final evaluation can be up to 99 episodes" in long_enough.stderr
    assert "first evaluation" not in long_enough.stderr
