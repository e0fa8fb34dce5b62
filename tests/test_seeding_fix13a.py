"""fix13a: ``DefaultLoop(..., seed=N)``'s first evaluate() after train() plays eval's held-out episodes, not the
episodes training plays next (tester13a-3), and a later evaluate() goes on with the held-out streams; a later train()
goes on as if no evaluation came between."""

import csv

import gymnasium

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop


class RngAgent(RandomAgent):
    """Acts from the rng the run gives it, in evaluation too."""

    def act(self, state, episode_num):
        return int(self.rng.integers(2))


def _loop(folder, agent_class=RandomAgent, episodes=4):
    env = gymnasium.make("CartPole-v1")
    agent = agent_class(observation_space=env.observation_space, action_space=env.action_space)
    return DefaultLoop(agent, env, seed=4, max_episodes=episodes, eval_episodes=3, logdir=None,
                       episodes_csv=f"{folder}/e.csv", evals_csv=f"{folder}/ev.csv",
                       checkpoint_dir=f"{folder}/ck", eval_logdir=f"{folder}/el")


def _rows(folder):
    with open(folder / "e.csv") as file:
        return [(row["return"], row["length"]) for row in csv.DictReader(file)]


def test_a_first_evaluate_after_train_plays_the_held_out_episodes(tmp_path):
    for agent_class in (RandomAgent, RngAgent):
        held_out = _loop(tmp_path / f"fresh-{agent_class.__name__}", agent_class).evaluate().returns
        trained = _loop(tmp_path / f"trained-{agent_class.__name__}", agent_class)
        trained.train()
        assert list(trained.evaluate().returns) == list(held_out), agent_class
    longer = _loop(tmp_path / "longer", episodes=7)
    longer.train()
    next_training = [float(ret) for ret, _ in _rows(tmp_path / "longer")[4:7]]
    assert list(held_out) != next_training  # (RandomAgent's, as RngAgent's: CartPole's returns are their lengths)


def test_train_after_such_an_evaluate_goes_on_as_an_uninterrupted_run(tmp_path):
    _loop(tmp_path / "once", episodes=8).train()
    loop = _loop(tmp_path / "twice", RandomAgent)
    loop.train()
    loop.evaluate()
    loop.parameters["max_episodes"] = 8
    loop.train()
    assert _rows(tmp_path / "twice") == _rows(tmp_path / "once")


def test_an_evaluate_after_more_training_goes_on_with_the_held_out_streams(tmp_path):
    for agent_class in (RandomAgent, RngAgent):
        fresh = _loop(tmp_path / f"fresh-{agent_class.__name__}", agent_class)
        expected = [list(fresh.evaluate().returns) for _ in range(2)]
        loop = _loop(tmp_path / f"loop-{agent_class.__name__}", agent_class)
        played = []
        for budget in (4, 8):
            loop.parameters["max_episodes"] = budget
            loop.train()
            played.append(list(loop.evaluate().returns))
        assert played == expected, agent_class
