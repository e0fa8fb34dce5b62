"""tester9b-22, -16, -21, -12: a loop of your own is checked before the run starts, one line each: a parameter
named as a method of the loop, a check_training that is no @staticmethod or raises anything but SpecError, a loop
without the attributes agent and env, periodic evaluations without an eval env."""

import gymnasium
import pytest
import yaml
from conftest import PLAYS_EPISODES, run_cli, run_folders

from gym_loop.agents import RandomAgent
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.loops import BaseLoop

LOOPS = '''
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode

class MyLoop(BaseLoop):
    @staticmethod
    def get_default_parameters():
        return {"max_len": 50}
''' + PLAYS_EPISODES + '''    def evaluation_episodes(self, periodic):
        env = self.eval_env if periodic else self.env
        while True:
            obs, _ = env.reset(); t = total = 0
            while True:
                obs, r, te, tr, _ = env.step(self.agent.act(obs, 0)); t += 1; total += r
                if te or tr or t >= self.max_len: break
            yield Episode(total, t, self.steps)
    def state(self): return {"steps": self.steps}
    def restore(self, state): self.steps = state["steps"]

class Shadow(MyLoop):
    @staticmethod
    def get_default_parameters():
        return {"state": "warm"}

class CTValue(MyLoop):
    @staticmethod
    def check_training(agent, parameters):
        raise ValueError("max_len too big")

class CTNotStatic(MyLoop):
    def check_training(self, agent, parameters):
        raise SpecError("loop.parameters.max_len", "never")

class Underscore(MyLoop):
    def __init__(self, agent, env, **params):
        BaseLoop.__init__(self, **params); self._agent, self._env, self.steps = agent, env, 0
'''


def _spec(tmp_path, loop):
    (tmp_path / "myloops.py").write_text(LOOPS)
    spec = {"agent": {"class": "gym_loop.agents:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": {"class": f"myloops.py:{loop}", "parameters": {"max_episodes": 2}}, "seed": 1}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml", "--runs-dir", "runs"]


def _refused(tmp_path, loop, message):
    ran = run_cli(*_spec(tmp_path, loop), cwd=tmp_path)
    assert (ran.returncode, ran.stderr.strip().splitlines()[-1]) == (2, f"Error: {message}")
    assert "Traceback" not in ran.stderr and not run_folders(tmp_path)  # none made, or removed: nothing ran


SHADOW = ("loop.parameters.state: would shadow Shadow's method state(), as each parameter becomes an attribute of "
          "the same name; rename it")


def test_a_loop_parameter_named_as_a_method_is_refused(tmp_path):
    _refused(tmp_path, "Shadow", SHADOW)
    made = run_cli("create-default", "-a", "gym_loop.agents:RandomAgent", "--loop", "myloops.py:Shadow",
                   "--run-config", "sh.yaml", cwd=tmp_path)
    assert (made.returncode, made.stderr.strip().splitlines()[-1]) == (2, f"Error: {SHADOW}")
    assert not (tmp_path / "sh.yaml").exists()


def test_a_loop_built_in_python_refuses_such_a_parameter():
    class Mine(BaseLoop):
        @staticmethod
        def get_default_parameters():
            return {"restore": True}
    with pytest.raises(SpecError, match=r"^loop.parameters.restore: would shadow Mine's method restore\(\)"):
        Mine()


def test_check_training_not_static_or_raising_something_else_is_one_line(tmp_path):
    _refused(tmp_path, "CTNotStatic", "loop.class: CTNotStatic.check_training is not a @staticmethod; put "
                                      "@staticmethod above it and drop its self (it is called on the class, with no "
                                      "instance)")
    _refused(tmp_path, "CTValue", "loop.class: CTValue.check_training() failed: ValueError: max_len too big; it must "
                                  "raise SpecError at the key to change (docs/loops.rst)")


def test_a_loop_without_the_attributes_agent_and_env_is_one_line(tmp_path):
    _refused(tmp_path, "Underscore", "loop.class: Underscore has no attribute agent: a loop keeps the agent and env it "
                                     "is built with as self.agent and self.env (docs/loops.rst)")


def test_periodic_evaluations_without_an_eval_env_are_refused_before_playing(tmp_path, monkeypatch):
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "myloops.py").write_text(LOOPS)
    sys.modules.pop("myloops", None)
    from myloops import MyLoop

    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    loop = MyLoop(agent, env, max_episodes=4, episodes_per_eval=2)
    with pytest.raises(GymLoopError) as error:
        loop.train()
    assert str(error.value) == ("episodes_per_eval needs a second env: set loop.eval_env = gymnasium.make(...) before "
                                "train() (or take eval_env in MyLoop.__init__)")
    assert not (tmp_path / "episodes.csv").exists()
    loop.eval_env = gymnasium.make("CartPole-v1")
    assert loop.train().episodes == 4
