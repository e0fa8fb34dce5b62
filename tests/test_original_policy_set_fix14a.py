"""tester14a-7: --set policy.parameters.X=... on a spec in the original layout (agent.policy) sets it in that policy,
rather than being refused as 'the policy is given twice ... keep one of them'."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import apply_overrides, run_spec

FILE = """
from gym_loop.agents.base_agent import BaseAgent
from gym_loop.policies.base_policy import BasePolicy
class Pol(BasePolicy):
    def __init__(self, width=8, depth=1, **kw): super().__init__(width=width, depth=depth, **kw)
    @staticmethod
    def get_default_parameters(): return {"width": 8, "depth": 1}
    def act(self, state): return 0
class Ag(BaseAgent):
    def __init__(self, policy=None, **kw): super().__init__(policy=policy, **kw)
    @staticmethod
    def get_default_parameters(): return {}
    def act(self, state, episode_num): return 0
"""


@pytest.fixture
def spec(tmp_path):
    (tmp_path / "orig14a.py").write_text(FILE)
    mine = f"{tmp_path / 'orig14a.py'}"
    return {"agent": {"class": f"{mine}:Ag", "policy": {"class": f"{mine}:Pol", "parameters": {"width": 3,
                                                                                                "depth": 2}}},
            "env": {"name": "CartPole-v1"}, "loop": {"parameters": {"max_episodes": 1}}}


def test_set_in_the_moved_policy(spec):
    policy = run_spec(apply_overrides(spec, ["policy.parameters.width=5"])).policy
    assert policy.class_str.endswith(":Pol") and policy.parameters == {"width": 5, "depth": 2}


def test_two_policies_still_refused(spec):
    with pytest.raises(SpecError, match="the policy is given twice"):
        run_spec(apply_overrides(spec, [f"policy.class={spec['agent']['policy']['class']}"]))
