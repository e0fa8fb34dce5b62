"""tester14a-11: a section given as its class string or env id (env: CartPole-v1, --set env=Acrobot-v1) is told
the mapping to write, not only 'expected a mapping of names to values'."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import apply_overrides, run_spec

SPEC = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
        "loop": {"parameters": {"max_episodes": 1}}}


@pytest.mark.parametrize("assignment, message", [
    ("env=Acrobot-v1", "env: a string where the section goes; write env: {name: Acrobot-v1} (--set "
                       "env.name=Acrobot-v1)"),
    ("agent=gym_loop.agents.random_agent:RandomAgent", "agent: a string where the section goes; write agent: "
     "{class: gym_loop.agents.random_agent:RandomAgent} (--set agent.class=gym_loop.agents.random_agent:RandomAgent)"),
    ("loop=x:Y", "loop: a string where the section goes; write loop: {class: x:Y} (--set loop.class=x:Y)"),
    ("policy=x:Y", "policy: a string where the section goes; write policy: {class: x:Y} (--set policy.class=x:Y)")])
def test_string_section(assignment, message):
    with pytest.raises(SpecError) as raised:
        run_spec(apply_overrides(SPEC, [assignment]))
    assert str(raised.value) == message
