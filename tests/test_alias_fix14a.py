"""tester14a-1: a YAML alias is a copy of its anchor's value, so --set (and a sweep's axis, a tune's trial) on a key
inside one place leaves the other places as the file wrote them."""

from gym_loop import yaml_safety
from gym_loop.spec import apply_overrides
from gym_loop.tuning.space import with_parameters

ALIASED = """
agent:
  class: mine.py:Ag
  parameters: &shared
    width: 16
    sizes: &sizes [1, 2]
policy:
  class: mine.py:Pol
  parameters: *shared
extra: *sizes
"""


def test_set_changes_one_place():
    document = yaml_safety.load(ALIASED, "alias.yaml")
    changed = apply_overrides(document, ["agent.parameters.width=4"])
    assert changed["agent"]["parameters"]["width"] == 4 and changed["policy"]["parameters"]["width"] == 16
    document["agent"]["parameters"]["sizes"].append(3)  # a list in place, as an agent might
    assert document["extra"] == [1, 2] and document["policy"]["parameters"]["sizes"] == [1, 2]


def test_tune_trial_changes_one_place():
    trial = with_parameters(yaml_safety.load(ALIASED, "alias.yaml"), {"agent.parameters.width": 3})
    assert trial["policy"]["parameters"]["width"] == 16
