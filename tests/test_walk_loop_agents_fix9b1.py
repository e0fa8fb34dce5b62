"""tester9b-8: the loop protocol's example, tests/loops/walk_loop.py, calls the agent through bind_agent as
docs/loops.rst says: every agent the docs allow trains under it (the seeds' memorize(..., global_step), an agent
of act alone), and evaluations call act with evaluation=True."""

import sys
from pathlib import Path

import gymnasium

from gym_loop.agents import BaseAgent

sys.path.insert(0, str(Path(__file__).parent / "loops"))
from walk_loop import WalkLoop  # noqa: E402


class CodeAgent:
    """The original's code style: no base class, memorize with global_step sixth and required."""

    def __init__(self, action_space):
        self.action_space, self.steps, self.evaluated = action_space, [], 0

    def act(self, state, episode_num, evaluation=False):
        self.evaluated += evaluation
        return self.action_space.sample()

    def memorize(self, last_ob, action, reward, done, ob, global_step):
        self.steps.append(global_step)

    def update(self, episode_num):
        pass


class ActOnly(BaseAgent):
    def act(self, state, episode_num):
        return self.action_space.sample()


def test_walk_loop_calls_every_documented_agent(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env, eval_env = gymnasium.make("CartPole-v1"), gymnasium.make("CartPole-v1")
    code = CodeAgent(env.action_space)
    loop = WalkLoop(code, env, max_episodes=3, episodes_per_eval=2, eval_episodes=2, logdir=None)
    loop.eval_env = eval_env
    assert loop.train().episodes == 3
    assert code.steps == list(range(1, loop.steps + 1)) and code.evaluated > 0
    loop = WalkLoop(ActOnly(action_space=env.action_space), env, max_episodes=2, logdir=None, episodes_csv=None,
                    evals_csv=None, checkpoint_dir="ck2")
    assert loop.train().episodes == 2
