"""tester9b-17: a loop on the loop protocol that kept the old gym API's four-value env.step gets the same hint as a
loop of the original's kind, in training_episodes() and in evaluation_episodes()."""

import pytest
from conftest import run_cli

OLD_EPISODES = '''
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode
class OldEpisodes(BaseLoop):
    def __init__(self, agent, env, **params):
        super().__init__(**params); self.agent, self.env = agent, env
    def _play(self, env):
        ob = env.reset(); done = False; t = total = 0
        while not done:
            ob, reward, done, _ = env.step(self.agent.act(ob, 0)); t += 1; total += reward
        return total, t
    def training_episodes(self):
        while True:
            yield [Episode(*self._play(self.env), 1)]
    def evaluation_episodes(self, periodic):
        while True:
            yield Episode(*self._play(self.env), 0)
'''

HINT = ("ValueError: too many values to unpack (expected 4) (a loop written for the old gym API? Gymnasium's env.step "
        "returns obs, reward, terminated, truncated, info and env.reset returns obs, info) (--debug shows the traceback)")


def old_episodes_loop(tmp_path):
    (tmp_path / "oldapi2.py").write_text(OLD_EPISODES)
    (tmp_path / "o.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
                                     "env: {name: CartPole-v1}\nloop: {class: oldapi2.py:OldEpisodes}\n")
    return ["train", "-c", "o.yaml"]


@pytest.mark.parametrize("command, failed", [("train", "training_episodes() failed at episode 0"),
                                             ("eval", "evaluation_episodes() failed at episode 0")])
def test_a_protocol_loop_of_the_old_gym_api_is_told_so(tmp_path, command, failed):
    old_episodes_loop(tmp_path)
    ran = run_cli("-q", command, "-c", "o.yaml", cwd=tmp_path)
    assert (ran.returncode, ran.stderr.splitlines()[-1]) == (1, f"Error: OldEpisodes.{failed}: {HINT}")
