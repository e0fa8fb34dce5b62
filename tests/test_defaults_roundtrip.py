"""What create-default and get_default_params produce, train accepts: tuple, infinite and integer-keyed defaults."""

import pytest
import yaml

from conftest import only_run, run_cli
from gym_loop.errors import SpecError
from gym_loop.gym_loop import get_default_params, train_agent
from gym_loop.spec import resolve_spec

AGENT = """
from gym_loop.agents import BaseAgent

class Kinds(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"hidden": (64, 64), "opt": {"betas": (0.9, 0.999)}, "clip": float("inf"),
                "sched": {0: 1.0, 100: 0.5}, "lr": 0.01}

    def act(self, state, episode_num):
        self.kinds = (type(self.hidden).__name__, self.clip, sorted(self.sched))
        return 0

    def metrics(self, episode_num):
        return {"hidden_is_tuple": self.kinds[0] == "tuple"}
"""


@pytest.fixture
def agent(tmp_path):
    (tmp_path / "kinds.py").write_text(AGENT)
    return "kinds.py:Kinds"


def test_create_default_with_set_writes_a_spec_train_accepts(tmp_path, agent):
    made = run_cli("create-default", "-a", agent, "-c", "k.yaml", "-s", "env.name=CartPole-v1",
                   "-s", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    written = yaml.safe_load((tmp_path / "k.yaml").read_text())["agent"]["parameters"]
    assert written == {"hidden": [64, 64], "opt": {"betas": [0.9, 0.999]}, "clip": float("inf"),
                       "sched": {0: 1.0, 100: 0.5}, "lr": 0.01}
    trained = run_cli("-q", "train", "-c", "k.yaml", "-s", "agent.parameters.sched={0: 2.0, 50: 1.0}",
                      "-s", "agent.parameters.clip=.inf", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert trained.stderr == ""  # no tensorboardX "NaN or Inf found" either
    assert yaml.safe_load((only_run(tmp_path) / "spec.yaml").read_text())["agent"]["parameters"]["sched"] == {
        0: 2.0, 50: 1.0}


def test_get_default_params_trains_from_python(tmp_path, agent, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = get_default_params("kinds:Kinds")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"]["max_episodes"] = 2
    assert train_agent(spec, name="kinds").status == "finished"


@pytest.mark.parametrize("parameters, message", [
    ({"hidden": 64}, "agent.parameters.hidden: expected a list, got 64"),
    ({"lr": float("inf")}, "agent.parameters.lr: expected a number, got .inf (not a finite number)"),
    ({"sched": "fast"}, 'agent.parameters.sched: expected a mapping, got "fast"'),
    ({"opt": {1: 2}}, "agent.parameters.opt: expected a mapping of names to values, got a mapping with the key 1, "
                      "not a name"),
])
def test_the_messages_of_refused_values_do_not_contradict_themselves(tmp_path, agent, monkeypatch, parameters,
                                                                     message):
    monkeypatch.chdir(tmp_path)
    spec = get_default_params(agent)
    spec["agent"]["parameters"].update(parameters)
    with pytest.raises(SpecError) as error:
        resolve_spec(spec)
    assert str(error.value) == message
