"""fix15b: tester15b's defects of the agent binding: one rule (agents/signatures.py) for the spec check and the call."""

import functools

import pytest

from gym_loop.agents import BaseAgent
from gym_loop.agents.protocol import bind_agent
from gym_loop.agents.signatures import call_problem
from gym_loop.errors import GymLoopError


class Recorder(BaseAgent):
    def act(self, state, episode_num):
        return 0


def received(memorize):
    """What ``memorize`` (a function of self) receives from the bound call, checked first as the spec check does."""
    agent_class = type("Agent", (Recorder,), {"memorize": memorize})
    assert call_problem(agent_class) is None
    agent = agent_class()
    bind_agent(agent).memorize("s", 1, 0.5, True, "s2", False, True, {"k": 1}, 7)
    return agent.got


def test_a_sixth_positional_plus_named_extras_gets_them_all():
    """tester15b-7: the sixth positional took global_step and every named extra was dropped."""
    def step_info(self, last_ob, action, reward, done, ob, step, info):
        self.got = (step, info)

    def step_kw(self, last_ob, action, reward, done, ob, step, *, terminated):
        self.got = (step, terminated)

    def gs_kw(self, last_ob, action, reward, done, ob, global_step, *, info=None, truncated=None):
        self.got = (global_step, info, truncated)

    def step_default(self, last_ob, action, reward, done, ob, step, terminated=None):
        self.got = (step, terminated)

    def gs_kwargs(self, last_ob, action, reward, done, ob, global_step=None, **kwargs):
        self.got = (global_step, kwargs)

    assert received(step_info) == (7, {"k": 1})
    assert received(step_kw) == (7, False)
    assert received(gs_kw) == (7, {"k": 1}, True)
    assert received(step_default) == (7, False)
    assert received(gs_kwargs) == (7, {"terminated": False, "truncated": True, "info": {"k": 1}})


def test_a_positional_only_extra_is_passed_positionally():
    """tester15b-1: `terminated, /` was neither passed positionally nor by name."""
    def terminated_only(self, last_ob, action, reward, done, ob, terminated, /):
        self.got = terminated

    def global_step_only(self, last_ob, action, reward, done, ob, global_step, /):
        self.got = global_step

    assert received(terminated_only) is False
    assert received(global_step_only) == 7


def test_an_extra_positional_only_out_of_reach_is_refused_before_the_run():
    class Agent(Recorder):
        def memorize(self, last_ob, action, reward, done, ob, other=1, terminated=None, /):
            pass

    assert call_problem(Agent).startswith("Agent.memorize takes terminated positional-only after a parameter")


@pytest.mark.parametrize("signature, name, ordinal", [
    ("state, action, reward, next_state, terminated", "terminated", "fifth"),
    ("obs, action, reward, terminated, next_obs", "terminated", "fourth"),
    ("obs, action, info, done, next_obs", "info", "third")])
def test_an_extra_named_among_the_first_five_is_refused(signature, name, ordinal):
    """tester15b-15: it got ob (or done) positionally and the extra by name: 'got multiple values'."""
    namespace = {}
    exec(f"def memorize(self, {signature}): pass", namespace)  # noqa: S102
    agent_class = type("Named", (Recorder,), {"memorize": namespace["memorize"]})
    assert call_problem(agent_class) == (
        f"Named.memorize names its {ordinal} parameter {name}, but gym-loop passes (last_ob, action, reward, done, "
        f"ob) in that order and {name} by name after them: def memorize(self, last_ob, action, reward, done, ob, "
        f"{name})")
    with pytest.raises(GymLoopError, match="names its"):
        bind_agent(agent_class())


def test_act_naming_evaluation_second_is_refused():
    class Act(BaseAgent):
        def act(self, state, evaluation):
            return 0

    assert call_problem(Act) == ("Act.act names its second parameter evaluation, but gym-loop passes (state, "
                                 "episode_num) in that order and evaluation by name after them: def act(self, state, "
                                 "episode_num, evaluation=False)")


def test_a_required_evaluation_keeps_it_in_the_fix():
    """tester15b-6: the fix dropped evaluation."""
    class EvalReq(BaseAgent):
        def act(self, state, episode_num, *, evaluation):
            return 0

    assert call_problem(EvalReq).endswith("define it as def act(self, state, episode_num, evaluation=False)")


def test_a_wrapper_without_functools_wraps_gets_no_evaluation_keyword():
    """tester15b-3: an act seen as (*args, **kwargs) got evaluation=True, which the wrapped act refused."""
    def timed(method):
        def wrapper(*args, **kwargs):
            return method(*args, **kwargs)
        return wrapper

    class Deco(BaseAgent):
        @timed
        def act(self, state, episode_num):
            return episode_num

    class Kw(BaseAgent):
        def act(self, state, episode_num, **kwargs):
            return kwargs

    assert bind_agent(Deco()).act_eval("s", 3) == 3
    assert bind_agent(Kw()).act_eval("s", 3) == {"evaluation": True}


def test_methods_whose_signature_python_cannot_tell_are_bound():
    """tester15b-10: bind_agent read act's signature unguarded: 'no signature found for builtin'."""
    class MinAgent(BaseAgent):
        act = staticmethod(min)
        memorize = staticmethod(max)

    assert call_problem(MinAgent) is None
    calls = bind_agent(MinAgent())
    assert calls.act_eval(1, 2) == 1
    assert calls.memorize(1, 2, 3, 4, 5, 6, 7, 8, 9) == 5  # the five only


def test_a_decorated_memorize_with_wraps_is_bound_by_its_own_signature():
    def logged(method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            return method(*args, **kwargs)
        return wrapper

    class Agent(Recorder):
        @logged
        def memorize(self, last_ob, action, reward, done, ob, step, info):
            self.got = (step, info)

    agent = Agent()
    bind_agent(agent).memorize("s", 1, 0.5, True, "s2", False, True, {"k": 1}, 7)
    assert agent.got == (7, {"k": 1})


def test_an_act_property_passes_the_spec_check_and_is_bound():
    """tester15b-5: a property act was 'not an agent class'; the loops call it as they call any act."""
    from gym_loop.spec import role_problem

    class Prop(BaseAgent):
        @property
        def act(self):
            return lambda state, episode_num: episode_num

    class Partial(BaseAgent):
        def __init__(self, **params):
            super().__init__(**params)
            self.act = functools.partial(self._act, bias=0)

        def _act(self, state, episode_num, bias):
            return bias

    assert role_problem("agent", Prop) is None
    assert bind_agent(Prop()).act("s", 3) == 3
    assert role_problem("agent", Partial).endswith(
        "define it in the class (one assigned in __init__, self.act = ..., is not seen before the run starts: "
        "def act(self, state, episode_num) may call it)")
    assert bind_agent(Partial()).act("s", 3) == 0


def test_an_agent_class_given_for_an_agent_is_refused(tmp_path, monkeypatch):
    """tester15b-17: DefaultLoop(RandomAgent, env) was taken, then act got the state as self at step 1."""
    import gymnasium as gym

    from gym_loop.agents import RandomAgent
    from gym_loop.loops.default_loop import DefaultLoop

    monkeypatch.chdir(tmp_path)
    with pytest.raises(GymLoopError) as caught:
        DefaultLoop(RandomAgent, gym.make("CartPole-v1"), max_episodes=1)
    assert str(caught.value) == ("agent: got the class RandomAgent, not an agent; pass RandomAgent(observation_space="
                                 "env.observation_space, action_space=env.action_space)")
    assert not list(tmp_path.iterdir())


def test_a_constructor_taking_the_spaces_positional_only_is_refused_at_spec_time(tmp_path):
    """tester15b-9: gym-loop passed observation_space= into **params; the constructor missed its positional one."""
    from conftest import make_spec, run_cli, write_spec

    (tmp_path / "ctor.py").write_text(
        "class PosCtor:\n"
        "    def __init__(self, observation_space, action_space, /, **params):\n"
        "        self.action_space = action_space\n"
        "    @staticmethod\n"
        "    def get_default_parameters():\n"
        "        return {}\n"
        "    def act(self, state, episode_num):\n"
        "        return self.action_space.sample()\n")
    write_spec(tmp_path / "run.yaml", make_spec())
    result = run_cli("train", "-c", "run.yaml", "--set", "agent.class=ctor.py:PosCtor", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "Error: agent.class: PosCtor.__init__ takes observation_space "
                                                     "positional-only; gym-loop passes it by keyword: remove the /\n")
    assert not (tmp_path / "runs").exists()
