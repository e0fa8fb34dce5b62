"""A BasePolicy subclass without act is refused at policy.class before any run folder
(tester7f-1), as an agent without act is at agent.class."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.gym_loop import train_agent
from gym_loop.policies import BasePolicy


class NoAct(BasePolicy):
    pass


class CallOnly(BasePolicy):
    def __call__(self, state):
        return 0


@pytest.mark.parametrize("policy", [f"{__name__}:NoAct"])  # BasePolicy itself runs: see test_agents_fix8f
def test_a_policy_without_act_is_refused_before_any_run(tmp_path, policy):
    params = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
              "policy": {"class": policy}, "loop": {"parameters": {"max_episodes": 1}}}
    with pytest.raises(SpecError) as caught:
        train_agent(params, run_dir=tmp_path / "run")
    name = policy.rpartition(":")[2]
    assert str(caught.value) == (f"policy.class: {name} does not define act(state) (BasePolicy's only raises "
                                 "NotImplementedError); define it in the class")
    assert not (tmp_path / "run").exists()


def test_a_policy_defining_only_call_passes_the_check():
    from gym_loop.spec import role_problem

    assert role_problem("policy", CallOnly) is None
