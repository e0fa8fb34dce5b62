"""An episode nothing bounds (an env without a time limit, max_episode_len: null) is warned of when an evaluation
starts too, and when training starts without max_steps (tester13b-3: eval of the greedy policy hung silently)."""

import yaml

from conftest import run_cli
from fix8b_scenarios import write_envs

WARNING = "WARNING: loop.parameters.max_episode_len: null, and Base-v0 has no time limit, so {}; set max_episode_len " \
          "to bound an episode"
EVALUATION = WARNING.format("nothing stops an evaluation episode that never ends")


def _spec(tmp_path, **parameters):
    write_envs(tmp_path)  # Base-v0: registered without a time limit; its episodes end after 10 steps, so tests end
    spec = {"agent": {"class": "gym_loop.agents:RandomAgent"}, "env": {"name": "Base-v0", "imports": ["fix8b_envs"]},
            "loop": {"parameters": {"max_episodes": 2, "eval_episodes": 1, "max_episode_len": None, **parameters}},
            "seed": 1}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))


def _warnings(result):
    assert result.returncode == 0, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("WARNING")]


def test_an_evaluation_warns_that_nothing_bounds_its_episodes(tmp_path):
    _spec(tmp_path)
    assert _warnings(run_cli("-q", "eval", "-c", "s.yaml", cwd=tmp_path)) == [EVALUATION]
    trained = run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path)
    assert _warnings(trained) == [WARNING.format("nothing stops an episode that never ends")]
    assert _warnings(run_cli("-q", "eval", "--run", "r", cwd=tmp_path)) == [EVALUATION]
    bounded = run_cli("-q", "eval", "--run", "r", "--set", "loop.parameters.max_episode_len=100", cwd=tmp_path)
    assert _warnings(bounded) == []


def test_max_steps_keeps_its_own_words_and_a_bound_silences_both(tmp_path):
    _spec(tmp_path, max_steps=15, episodes_per_eval=1)
    assert _warnings(run_cli("-q", "train", "-c", "s.yaml", cwd=tmp_path)) == [WARNING.format(
        "max_steps 15, checked as each episode ends, stops no episode that never ends")]
    _spec(tmp_path, max_steps=15, episodes_per_eval=1, max_episode_len=50)
    assert _warnings(run_cli("-q", "train", "-c", "s.yaml", cwd=tmp_path)) == []
    assert _warnings(run_cli("-q", "eval", "-c", "s.yaml", cwd=tmp_path)) == []
