"""Gymnasium's NormalizeObservation / NormalizeReward statistics are saved in checkpoints (tester8b-5)."""

import json
import textwrap
from pathlib import Path

import gymnasium
import numpy as np
import yaml
from gymnasium.wrappers import NormalizeObservation, NormalizeReward

from conftest import run_cli
from gym_loop.loop_protocol import loop_state, plain_state
from gym_loop.loops.wrappers import learned_state, restore_learned

WRAPPED = textwrap.dedent('''
    import gymnasium
    from gymnasium.wrappers import NormalizeObservation, NormalizeReward
    def norm_cartpole(**kwargs):
        return NormalizeReward(NormalizeObservation(gymnasium.make("CartPole-v1", **kwargs)))
    gymnasium.register("NormCartPole-v1", entry_point=norm_cartpole)
''')
AGENT = textwrap.dedent('''
    import numpy as np
    from gym_loop.agents import BaseAgent
    class ObsSum(BaseAgent):
        def act(self, state, episode_num):
            return int((np.asarray(state, np.float64).sum() + 0.3 * self.rng.standard_normal()) > 0)
''')


def _setup(tmp_path: Path, **loop) -> None:
    (tmp_path / "wrapped_envs.py").write_text(WRAPPED)
    (tmp_path / "ragent.py").write_text(AGENT)
    spec = {"agent": {"class": "ragent.py:ObsSum"}, "env": {"name": "NormCartPole-v1", "imports": ["wrapped_envs"]},
            "loop": {"parameters": {"max_episodes": 8, "episodes_per_checkpoint": 2, "episodes_per_eval": 4,
                                    "eval_episodes": 2}, **loop}, "seed": 1}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))


def test_resume_with_normalize_wrappers_equals_an_uninterrupted_run(tmp_path):
    _setup(tmp_path)
    assert run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "full", cwd=tmp_path).returncode == 0
    part = run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "part", "--set", "loop.parameters.max_episodes=5",
                   cwd=tmp_path)
    assert part.returncode == 0, part.stderr
    resumed = run_cli("train", "-q", "--resume", "part", "--set", "loop.parameters.max_episodes=8", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    warned = [line for line in resumed.stderr.splitlines() if "WARNING" in line]
    assert all("NormalizeReward in the env rescales" in line for line in warned), resumed.stderr  # lead8's only
    for name in ("episodes.csv", "evals.csv"):
        full = [line.split(",")[:4] for line in (tmp_path / "full" / name).read_text().splitlines()]
        assert full == [line.split(",")[:4] for line in (tmp_path / "part" / name).read_text().splitlines()], name
    state = json.loads(next((tmp_path / "full" / "checkpoints").glob("agent-000008*/state.json")).read_text())
    assert [item["wrapper"] for item in state["run"]["env_statistics"]] == ["NormalizeReward", "NormalizeObservation"]
    evaluated = run_cli("eval", "-q", "--run", "full", cwd=tmp_path)
    assert evaluated.returncode == 0 and "WARNING" not in evaluated.stderr, evaluated.stderr


def test_restored_statistics_are_the_saved_ones_and_frozen_for_evaluation():
    trained = NormalizeReward(NormalizeObservation(gymnasium.make("CartPole-v1")))
    trained.reset(seed=0)
    for _ in range(30):
        if any(trained.step(trained.action_space.sample())[2:4]):
            trained.reset()
    saved = json.loads(json.dumps(plain_state(learned_state(trained), "env")))  # as state.json holds it
    fresh = NormalizeReward(NormalizeObservation(gymnasium.make("CartPole-v1")))
    restore_learned(fresh, loop_state(saved), "the checkpoint", frozen=True)
    for name in ("mean", "var", "count"):
        assert np.array_equal(getattr(fresh.env.obs_rms, name), getattr(trained.env.obs_rms, name))
        assert np.array_equal(getattr(fresh.return_rms, name), getattr(trained.return_rms, name))
    assert fresh.env.obs_rms.mean.dtype == trained.env.obs_rms.mean.dtype
    assert not fresh.update_running_mean and not fresh.env.update_running_mean
    before = fresh.env.obs_rms.mean.copy()
    fresh.reset(seed=1)
    fresh.step(0)
    assert np.array_equal(fresh.env.obs_rms.mean, before)


def test_vector_loop_warns_that_the_statistics_are_not_saved(tmp_path):
    _setup(tmp_path, **{"class": "gym_loop.loops.vector_loop:VectorLoop"})
    result = run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: env.name: the running statistics of NormalizeReward, NormalizeObservation in each of "
            "VectorLoop's sub-envs are in no checkpoint: a resume and eval --run start them afresh; use DefaultLoop "
            "to have them saved") in result.stderr
    result = run_cli("eval", "-q", "--run", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING: checkpoint agent-000008" in result.stderr and "holds no running statistics of the env's " \
        "NormalizeReward, NormalizeObservation (a VectorLoop run's, or an older gym-loop's): they start afresh" \
        in result.stderr
