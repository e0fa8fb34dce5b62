"""``DefaultLoop(agent, env, **params)`` from Python checks its parameters as the spec checks ``loop.parameters``
(tester4a #2): a typo, a wrong kind or a negative count is one line naming the key, before anything is written;
null is taken where the spec takes it."""

import gymnasium
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops import BaseLoop
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop

from conftest import make_spec, run_cli, write_spec


@pytest.fixture
def cartpole(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the loop's default paths are in the working directory
    env = gymnasium.make("CartPole-v1")
    yield env, RandomAgent(action_space=env.action_space, observation_space=env.observation_space)
    env.close()


@pytest.mark.parametrize("params, message", [
    ({"max_episode": 3}, "loop.parameters.max_episode: unknown key; did you mean 'max_episodes'?"),
    ({"max_episodes": -1}, "loop.parameters.max_episodes: expected a positive integer, got -1"),
    ({"max_episodes": 2.5}, "loop.parameters.max_episodes: expected a positive integer, got 2.5"),
    ({"max_episodes": "3"}, 'loop.parameters.max_episodes: expected a positive integer, got "3"'),
    ({"random_episodes": -2}, "loop.parameters.random_episodes: expected a non-negative integer, got -2"),
    ({"render": "yes"}, 'loop.parameters.render: expected true or false, got "yes"'),
    ({"checkpoint_dir": None}, "loop.parameters.checkpoint_dir: expected a path, got null"),
    ({"eval_logdir": None}, "loop.parameters.eval_logdir: expected a path, got null"),
])
def test_a_wrong_parameter_is_refused_with_the_specs_words_before_anything_is_written(tmp_path, cartpole, params,
                                                                                       message):
    env, agent = cartpole
    with pytest.raises(GymLoopError) as refused:
        DefaultLoop(agent, env, **params).train()
    assert str(refused.value) == message
    assert list(tmp_path.iterdir()) == []


def test_null_is_taken_where_the_spec_takes_it(tmp_path, cartpole):
    env, agent = cartpole
    summary = DefaultLoop(agent, env, max_episodes=2, episodes_csv=None, evals_csv=None, max_steps=None,
                          episodes_per_checkpoint=None, max_episode_len=None, logdir=None).train()
    assert summary.episodes == 2
    assert not (tmp_path / "episodes.csv").exists() and not (tmp_path / "evals.csv").exists()
    assert not (tmp_path / "logs").exists()


def test_vector_loop_and_a_loop_of_ones_own_are_checked_too(cartpole):
    env, agent = cartpole
    with pytest.raises(GymLoopError, match=r"^loop.parameters.num_env: unknown key; did you mean 'num_envs'\?$"):
        VectorLoop(agent, env, num_env=2)

    class Walk(BaseLoop):
        @staticmethod
        def get_default_parameters():
            return {**BaseLoop.get_default_parameters(), "stride": 1}

    assert Walk(stride=2).stride == 2
    with pytest.raises(GymLoopError, match=r"^loop.parameters.strides: unknown key; did you mean 'stride'\?$"):
        Walk(strides=2)
    with pytest.raises(GymLoopError, match=r'^loop.parameters.stride: expected a number, got "far"$'):
        Walk(stride="far")


def loop_returns(directory, seed, evaluate=False, **params):
    """The returns of ``DefaultLoop(agent, env, seed=seed, **params)``'s train() (or evaluate()) in ``directory``,
    with a fresh CartPole env and RandomAgent."""
    directory.mkdir()
    with gymnasium.make("CartPole-v1") as env:
        agent = RandomAgent(action_space=env.action_space, observation_space=env.observation_space)
        loop = DefaultLoop(agent, env, seed=seed, max_episodes=3, eval_episodes=3, logdir=None,
                           episodes_per_checkpoint=None, eval_logdir=str(directory / "eval_logs"),
                           episodes_csv=str(directory / "episodes.csv"), evals_csv=str(directory / "evals.csv"),
                           checkpoint_dir=str(directory / "checkpoints"), **params)
        return list((loop.evaluate() if evaluate else loop.train()).returns)


def test_a_seed_given_to_the_loop_seeds_the_run_as_gym_loop_train_does(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3, max_episode_len=5000, logdir=None,
                                                episodes_per_checkpoint=None))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "cli", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = (tmp_path / "cli" / "episodes.csv").read_text().splitlines()[1:]
    from_cli = [float(row.split(",")[2]) for row in rows]
    assert loop_returns(tmp_path / "a", seed=3) == from_cli == loop_returns(tmp_path / "b", seed=3)


def test_a_seed_given_to_the_loop_seeds_evaluate_and_the_eval_env(tmp_path):
    assert loop_returns(tmp_path / "a", 3, evaluate=True) == loop_returns(tmp_path / "b", 3, evaluate=True)
    with_eval = [loop_returns(tmp_path / name, 3, eval_env=gymnasium.make("CartPole-v1"), episodes_per_eval=1)
                 for name in ("c", "d")]
    assert with_eval[0] == with_eval[1]
    assert (tmp_path / "c" / "evals.csv").read_text() == (tmp_path / "d" / "evals.csv").read_text()


def test_loops_rst_lists_every_parameter_of_the_run():
    """docs/loops.rst "The run's parameters" says every loop on BaseLoop has these: all of them."""
    import re
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "loops.rst").read_text()
    table = page.split("Every loop on ``BaseLoop`` that plays episodes")[1].split("\n\n")[1]
    listed = {name for row in table.splitlines() if row.startswith("``")
              for name in re.findall(r"``(\w+)``", row.split("  ")[0])}
    assert listed == set(BaseLoop.get_default_parameters())
