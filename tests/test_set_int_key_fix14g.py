"""fix14g: a --set path part written as a decimal integer, in a mapping whose keys are all integers (a schedule),
names the integer key even when the mapping lacks it (tester14g-2): sched.200 added '200' beside 100."""

from gym_loop.spec import apply_overrides


def test_a_new_integer_key_of_a_schedule():
    spec = {"agent": {"parameters": {"sched": {100: 0.5}, "names": {"a": 1}}}}
    assert apply_overrides(spec, ["agent.parameters.sched.200=0.1", "agent.parameters.names.7=2"])["agent"][
        "parameters"] == {"sched": {100: 0.5, 200: 0.1}, "names": {"a": 1, "7": 2}}
