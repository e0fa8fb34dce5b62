"""BaseAgent and BasePolicy share one save, load and _excluded_save_params (left9-9): the code was written twice."""

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.policies.base_policy import BasePolicy
from gym_loop.state import unpaired_save_load


def test_one_save_and_load_for_agents_and_policies():
    for name in ("save", "load", "_excluded_save_params"):
        assert getattr(BaseAgent, name) is getattr(BasePolicy, name), name


def test_an_agent_defining_save_alone_is_still_told_of_the_default_load():
    class OnlySave(BaseAgent):
        def save(self, path):
            open(path, "w").close()

    assert unpaired_save_load(OnlySave) == (
        "OnlySave defines save() but not load(); the default load reads only what the default save writes, so its "
        "checkpoints could not be resumed or evaluated: define load(path) matching save(path)")
