"""tester13g-5: a parameter holding itself, given to train_agent, is refused at its key (not a RecursionError)."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.gym_loop import train_agent


@pytest.mark.parametrize("section", ["agent", "env"])
def test_a_parameter_holding_itself_is_refused_at_its_key(tmp_path, monkeypatch, section):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ag.py").write_text("from gym_loop.agents.random_agent import RandomAgent\nclass H(RandomAgent):\n"
                                    "    @staticmethod\n    def get_default_parameters(): return {'h': []}\n")
    held = []
    held.append(held)
    spec = {"agent": {"class": "ag.py:H"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 1}}}
    spec[section]["parameters"] = {"h": held}
    with pytest.raises(SpecError) as refused:
        train_agent(spec, name="t")
    assert str(refused.value) == (f"{section}.parameters.h: spec.yaml cannot hold [[...]] (type list that holds "
                                  "itself); give a string, number, boolean, list or mapping")
    assert not (tmp_path / "runs").exists()
