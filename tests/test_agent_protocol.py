"""Agents written to the seeds' interface run unchanged; extras are given to those who ask."""

import textwrap

import gymnasium
import numpy as np
import pytest

from conftest import AGENTS, make_spec, only_run, read_scalars, run_cli, write_spec
from gym_loop.agents import BaseAgent, RandomAgent
from gym_loop.agents.protocol import bind_agent
from gym_loop.loops.vector_loop import bind_batch
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.state import CheckpointError, read_state
from gym_loop.loops import DefaultLoop


def test_readme_template_agent_in_a_local_file_runs_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_agent.py").write_text((AGENTS / "readme_agent.py").read_text())
    spec = make_spec(agent="my_agent.py:ReadmeAgent")
    assert spec["agent"]["parameters"] == {"greed": 0.5, "label": "readme"}
    write_spec(tmp_path / "run.yaml", spec)
    for command in ("train", "eval"):
        result = run_cli(command, "-c", "run.yaml", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert len(read_scalars(only_run(tmp_path) / "logs")["episode/return"]) == 3
    (evaluation,) = [path for path in (tmp_path / "eval_logs").iterdir() if path.is_dir()]  # its own TensorBoard run
    assert len(read_scalars(evaluation)["episode/return"]) == 2


def test_seed_random_agent_memorize_gets_global_step(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(action_space=env.action_space)
    summary = DefaultLoop(agent, env, max_episodes=2).train()
    assert agent.global_step == summary.steps
    assert read_scalars(tmp_path / "logs")["global_step"][-1] == (summary.steps, summary.steps)  # env-step axis


class Recorder(BaseAgent):
    def act(self, state, episode_num):
        return 0


def memorize_calls(agent):
    """Call the bound memorize once and return what the agent received."""
    bind_agent(agent).memorize("s", 1, 0.5, True, "s2", terminated=False, truncated=True,
                               info={"k": 1}, global_step=7)
    return agent.received


def test_five_argument_memorize_gets_the_sarsa_tuple():
    class Agent(Recorder):
        def memorize(self, last_ob, action, reward, done, ob):
            self.received = (last_ob, action, reward, done, ob)

    assert memorize_calls(Agent()) == ("s", 1, 0.5, True, "s2")


def test_memorize_asks_for_extras_by_name():
    class Agent(Recorder):
        def memorize(self, last_ob, action, reward, done, ob, truncated, info=None):
            self.received = (done, truncated, info)

    assert memorize_calls(Agent()) == (True, True, {"k": 1})


def test_memorize_with_kwargs_gets_every_extra():
    class Agent(Recorder):
        def memorize(self, *transition, **extras):
            self.received = (transition, extras)

    assert memorize_calls(Agent()) == (("s", 1, 0.5, True, "s2"),
                                       {"terminated": False, "truncated": True, "info": {"k": 1}, "global_step": 7})


def batch_memorize_received(memorize_batch):
    agent = type("Agent", (RandomAgent,), {"memorize_batch": memorize_batch})(action_space=gymnasium.spaces.Discrete(2))
    vector_env = gymnasium.make_vec("CartPole-v1", num_envs=2)
    bind_batch(agent, vector_env, bind_agent(agent)).memorize("o", "a", "r", "d", "o2", "te", "tr", "v", 7)
    return agent.received


def test_memorize_batch_gets_global_step_if_it_asks():
    def positional(self, last_obs, actions, rewards, dones, obs, terminated, truncated, valid, global_step):
        self.received = (valid, global_step)

    def keyword(self, last_obs, actions, rewards, dones, obs, terminated, truncated, valid, *, global_step):
        self.received = (valid, global_step)

    def without(self, last_obs, actions, rewards, dones, obs, terminated, truncated, valid):
        self.received = (valid,)

    assert batch_memorize_received(positional) == ("v", 7)
    assert batch_memorize_received(keyword) == ("v", 7)
    assert batch_memorize_received(without) == ("v",)


def test_a_sixth_positional_of_any_name_gets_global_step_as_in_the_original():
    class Agent(Recorder):
        def memorize(self, last_ob, action, reward, done, ob, step):
            self.received = step

    assert memorize_calls(Agent()) == 7


def test_a_parameter_the_loop_cannot_fill_is_refused_at_start_up():
    class Agent(Recorder):
        def memorize(self, last_ob, action, reward, done, ob, step, priority):
            pass

    # the sixth positional, whatever its name, gets global_step: the one gym-loop cannot fill is the seventh
    with pytest.raises(GymLoopError, match="Agent.memorize requires 'priority', which gym-loop does not pass"):
        bind_agent(Agent())


@pytest.mark.parametrize("signature, name", [("ob, *, step", "step"), ("ob, global_step, priority", "priority"),
                                              ("ob, *args, step", "step"), ("ob, step, *, priority", "priority")])
def test_the_refusal_names_the_parameter_that_cannot_be_filled(signature, name):
    namespace = {}
    exec(f"def memorize(self, last_ob, action, reward, done, {signature}): pass", namespace)  # noqa: S102
    agent = type("Agent", (Recorder,), {"memorize": namespace["memorize"]})()
    with pytest.raises(GymLoopError, match=f"Agent.memorize requires '{name}', which gym-loop does not pass"):
        bind_agent(agent)


def test_an_agent_without_act_is_refused():
    with pytest.raises(GymLoopError, match="has no act"):
        bind_agent(object())


def test_constructor_gets_spaces_and_policy_only_if_it_takes_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "explicit.py").write_text(textwrap.dedent("""
        class ExplicitAgent:
            @staticmethod
            def get_default_parameters():
                return {"lr": 0.1}

            def __init__(self, lr, action_space):
                assert lr == 0.5
                self.action_space = action_space

            def act(self, state, episode_num):
                return self.action_space.sample()
    """))
    spec = make_spec(agent="explicit.py:ExplicitAgent")
    spec["agent"]["parameters"]["lr"] = 0.5
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_base_agent_parameters_and_defaults(tmp_path):
    class Agent(BaseAgent):
        @staticmethod
        def get_default_parameters():
            return {"a": 1, "b": 2}

    agent = Agent(b=3)
    assert agent.parameters == {"a": 1, "b": 3}
    assert agent.metrics(0) == {}
    agent.memorize(None, None, 0.0, False, None)
    agent.update(0)
    with pytest.raises(NotImplementedError):
        agent.act(None, 0)
    agent.note, agent.a = "kept", 5  # a parameter the agent changed is state: saved
    agent.save(str(tmp_path / "agent.ckpt"))
    restored = Agent(b=4)  # parameters come from the (perhaps changed) spec, not the checkpoint
    restored.load(str(tmp_path / "agent.ckpt"))
    assert (restored.note, restored.a, restored.b) == ("kept", 5, 4)
    assert restored.parameters == {"a": 1, "b": 4}


def test_default_save_of_an_attribute_that_is_not_plain_data_names_it_and_the_fixes(tmp_path):
    agent = Recorder()
    agent.table = {"callbacks": [lambda: None]}
    with pytest.raises(CheckpointError) as raised:
        agent.save(str(tmp_path / "agent.ckpt"))
    assert str(raised.value) == (
        "cannot save table['callbacks'][0] (function) as plain data; give its class state_dict() and "
        "load_state_dict(), leave it out by adding its name to _excluded_save_params(), or define save(path) "
        "and load(path)")
    assert not (tmp_path / "agent.ckpt").exists()


class EvaluationAware(BaseAgent):
    """Records, per call of act, whether it was told it is evaluated."""

    def __init__(self, **params):
        super().__init__(**params)
        self.told = []

    def act(self, state, episode_num, evaluation=False):
        self.told.append(evaluation)
        return 0


def test_act_is_told_evaluation_in_evaluation_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    agent = EvaluationAware()
    loop = DefaultLoop(agent, gymnasium.make("CartPole-v1"), gymnasium.make("CartPole-v1"),
                       max_episodes=4, episodes_per_eval=2, eval_episodes=3)
    training = loop.train()
    assert agent.told.count(False) == training.steps
    assert agent.told.count(True) >= 2 * 3  # two periodic evaluations of three episodes
    agent.told.clear()
    evaluation = loop.evaluate()
    assert agent.told == [True] * evaluation.steps


def test_act_without_evaluation_is_called_as_before():
    calls = bind_agent(Recorder())
    assert calls.act_eval("s", 0) == calls.act("s", 0) == 0


class UnpicklableDiscrete(gymnasium.spaces.Discrete):
    def __reduce_ex__(self, protocol):
        raise AssertionError("the env's action space, which it uses on every step, was pickled")


def test_default_save_leaves_the_envs_spaces_out_and_load_keeps_the_fresh_agents(tmp_path):
    class Agent(Recorder):
        def __init__(self, **params):
            super().__init__(**params)
            self.action_space, self.table = params["action_space"], {}

    saved, fresh = Agent(action_space=UnpicklableDiscrete(3)), Agent(action_space=UnpicklableDiscrete(3))
    saved.table["learned"] = saved.rng.random()
    saved.save(str(tmp_path / "agent.ckpt"))
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.table == saved.table and fresh.rng.random() == saved.rng.random()
    assert fresh.action_space is fresh.parameters["action_space"] is not saved.action_space


def test_default_save_keeps_the_entries_of_self_parameters_the_agent_changed_and_loads_them_into_its_dict(tmp_path):
    class Agent(BaseAgent):
        @staticmethod
        def get_default_parameters():
            return {"epsilon": 1.0, "schedule": [1, 2], "label": "a"}

        def act(self, state, episode_num):
            return 0

    saved = Agent(epsilon=0.5, action_space=UnpicklableDiscrete(3))
    bind_agent(saved)
    saved.parameters["epsilon"] *= 0.5
    saved.parameters["schedule"] = [1, 2, 3]  # a new list: one changed in place is the same object, not saved
    saved.parameters["added"] = np.arange(3)
    attributes = set(vars(saved))
    saved.save(str(tmp_path / "agent.ckpt"))
    assert set(vars(saved)) == attributes and saved.parameters["epsilon"] == 0.25  # saving changed nothing
    fresh = Agent(epsilon=0.5, action_space=UnpicklableDiscrete(3))
    parameters = fresh.parameters
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.parameters is parameters and fresh.parameters["action_space"] is fresh.action_space
    assert fresh.parameters["epsilon"] == 0.25 and fresh.parameters["schedule"] == [1, 2, 3]
    assert fresh.parameters["added"].tolist() == [0, 1, 2] and fresh.epsilon == 0.5
    assert sorted(read_state(str(tmp_path / "agent.ckpt"))["parameters"]) == ["added", "epsilon", "schedule"]


def test_default_save_leaves_out_the_attributes_of_parameters_an_agent_changed_only_in_self_parameters(tmp_path):
    class Agent(BaseAgent):  # the README's way: learned values in self.parameters, the attributes never reassigned
        @staticmethod
        def get_default_parameters():
            return {"epsilon": 1.0, "label": "a"}

    saved = Agent(epsilon=0.5)
    bind_agent(saved)
    saved.parameters["epsilon"] *= 0.5
    saved.parameters["label"] = "b"
    saved.save(str(tmp_path / "agent.ckpt"))
    state = read_state(str(tmp_path / "agent.ckpt"))
    assert "epsilon" not in state and "label" not in state  # as given: from the spec, not saved (docs/agents.rst)
    assert state["parameters"] == {"epsilon": 0.25, "label": "b"}
    fresh = Agent(epsilon=0.5)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert (fresh.parameters["epsilon"], fresh.parameters["label"], fresh.epsilon) == (0.25, "b", 0.5)


def test_random_agent_saves_its_step_count_and_batched_action_space(tmp_path):
    def agent(seed):
        return RandomAgent(action_space=UnpicklableDiscrete(3), rng=np.random.default_rng(seed))

    saved, fresh = agent(1), agent(2)
    saved.act_batch(None, [0] * 4)
    saved.global_step = 7
    saved.save(str(tmp_path / "agent.ckpt"))
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.global_step == 7
    for _ in range(3):
        assert saved.act_batch(None, [0] * 4).tolist() == fresh.act_batch(None, [0] * 4).tolist()


def test_an_agent_in_the_originals_attribute_style_trains_logs_its_metrics_and_evaluates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "attribute_agent.py").write_text((AGENTS / "attribute_agent.py").read_text())
    spec = make_spec(agent="attribute_agent.py:AttributeAgent", max_episodes=4, max_episode_len=30)
    assert spec["policy"] == {"class": "attribute_agent.py:TinyPolicy", "parameters": {"hidden": 8}}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scalars = read_scalars(only_run(tmp_path) / "logs")
    assert [value for _, value in scalars["attribute/learning_rate"]] == pytest.approx([0.01] * 4)
    assert scalars["attribute/steps"][-1][1] > 0 and any(value != 0 for _, value in scalars["attribute/loss"])
    result = run_cli("eval", "--run", only_run(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_base_agent_parameters_are_attributes_and_in_parameters():
    class Agent(BaseAgent):
        @staticmethod
        def get_default_parameters():
            return {"learning_rate": 0.1, "gamma": 0.9}

    space = gymnasium.spaces.Discrete(3)
    agent = Agent(gamma=0.5, action_space=space, policy=None, rng=np.random.default_rng(1))
    assert (agent.learning_rate, agent.gamma, agent.action_space, agent.policy) == (0.1, 0.5, space, None)
    assert agent.parameters == {"learning_rate": 0.1, "gamma": 0.5, "action_space": space, "policy": None}
    assert isinstance(agent.rng, np.random.Generator) and "rng" not in agent.parameters


SHADOWING_AGENTS = textwrap.dedent("""
    from gym_loop.agents import BaseAgent
    from gym_loop.policies import BasePolicy

    class Agent(BaseAgent):
        ANY_PARAMETERS = True

        @property
        def temperature(self):
            return 1.0

        def act(self, state, episode_num):
            return 0

    class OwnUpdate(BaseAgent):
        \"\"\"Takes 'update' in its own constructor: BaseAgent never sets it as an attribute.\"\"\"
        ANY_PARAMETERS = True

        def __init__(self, update="soft", **params):
            super().__init__(**params)
            self.update_mode = update

        def act(self, state, episode_num):
            assert callable(self.update) and self.update_mode == "hard"
            return 0

    class Policy(BasePolicy):
        ANY_PARAMETERS = True

        def act(self, state):
            return 0
""")


SHADOWS = ", as each parameter becomes an attribute of the same name; rename it"
PASSED = " under this name, which would replace this value; rename it"


@pytest.mark.parametrize("section, name, message", [
    ("agent", "act", "would shadow Agent's method act()" + SHADOWS),
    ("agent", "update", "would shadow Agent's method update()" + SHADOWS),
    ("agent", "memorize", "would shadow Agent's method memorize()" + SHADOWS),
    ("agent", "metrics", "would shadow Agent's method metrics()" + SHADOWS),
    ("agent", "save", "would shadow Agent's method save()" + SHADOWS),
    ("agent", "load", "would shadow Agent's method load()" + SHADOWS),
    ("agent", "temperature", "would shadow Agent's property temperature" + SHADOWS),
    ("agent", "parameters", "would replace self.parameters, the dict of all the agent's parameters; rename it"),
    ("agent", "policy", "gym-loop passes the agent its policy" + PASSED),
    ("agent", "rng", "gym-loop passes the agent the run's seeded random generator" + PASSED),
    ("agent", "action_space", "gym-loop passes the agent the env's action space" + PASSED),
    ("policy", "act", "would shadow Policy's method act()" + SHADOWS),
    ("policy", "observation_space", "gym-loop passes the policy the env's observation space" + PASSED),
])
def test_a_parameter_that_would_shadow_a_method_or_be_replaced_is_refused(tmp_path, section, name, message):
    (tmp_path / "shadowing.py").write_text(SHADOWING_AGENTS)
    spec = make_spec(agent=f"{tmp_path / 'shadowing.py'}:Agent")
    spec["policy"] = {"class": "shadowing.py:Policy"}
    spec[section]["parameters"] = {name: 1}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"Error: {section}.parameters.{name}: {message}"
    assert not (tmp_path / "runs").exists() or not list((tmp_path / "runs").iterdir())


def test_an_agent_that_takes_such_a_name_in_its_own_constructor_keeps_it(tmp_path):
    (tmp_path / "shadowing.py").write_text(SHADOWING_AGENTS)
    spec = make_spec(agent=f"{tmp_path / 'shadowing.py'}:OwnUpdate", max_episodes=1)
    spec["agent"]["parameters"] = {"update": "hard"}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_parameter_may_replace_a_class_attribute_that_is_no_method():
    class Agent(BaseAgent):
        ANY_PARAMETERS = True
        network_class = dict  # a default, callable but no descriptor
        activation = len

    agent = Agent(network_class=list, activation=max)
    assert (agent.network_class, agent.activation) == (list, max)


def test_a_parameter_named_rng_given_in_python_is_refused():
    with pytest.raises(SpecError, match=r"^agent.parameters.rng: is reserved for the run's seeded random generator"):
        BaseAgent(rng=5)


@pytest.mark.parametrize("signature, received", [
    ("last_ob, action, reward, done, ob, terminated", "(terminated,)"),
    ("last_ob, action, reward, done, ob, info, terminated", "(info, terminated)"),
    ("last_ob, action, reward, done, ob, global_step, truncated", "(global_step, truncated)"),
    ("last_ob, action, reward, done, ob, *, info, global_step", "(info, global_step)"),
    ("last_ob, action, reward, done, ob, terminated, truncated, info, global_step",
     "(terminated, truncated, info, global_step)"),
])
def test_every_extra_reaches_the_parameter_of_its_name_in_any_order(signature, received):
    namespace = {}
    exec(f"def memorize(self, {signature}):\n    self.received = {received}\n", namespace)
    agent = type("Agent", (Recorder,), {"memorize": namespace["memorize"]})()
    values = {"terminated": False, "truncated": True, "info": {"k": 1}, "global_step": 7}
    names = received.strip("(),").replace(" ", "").split(",")
    assert memorize_calls(agent) == tuple(values[name] for name in names)


WRONG_ARITY = """
from gym_loop.agents import BaseAgent

class B(BaseAgent):
    def act(self, state, episode_num):
        return self.action_space.sample()

class UpdNoArg(B):
    def update(self):
        pass

class ActOne(B):
    def act(self, state):
        return 0

class MetricsNoArg(B):
    def metrics(self):
        return {}

class MemorizeFour(B):
    def memorize(self, last_ob, action, reward, done):
        pass

class ActNoSelf(B):
    def act(state, episode_num):
        return 0
"""


@pytest.mark.parametrize("name, message", [
    ("UpdNoArg", "UpdNoArg.update() cannot be called as update(episode_num), as gym-loop calls it; "
                 "define it as def update(self, episode_num)"),
    ("ActOne", "ActOne.act(state) cannot be called as act(state, episode_num), as gym-loop calls it; "
               "define it as def act(self, state, episode_num)"),
    ("MetricsNoArg", "MetricsNoArg.metrics() cannot be called as metrics(episode_num)"),
    ("MemorizeFour", "MemorizeFour.memorize(last_ob, action, reward, done) cannot be called as "
                     "memorize(last_ob, action, reward, done, ob)"),
    ("ActNoSelf", "ActNoSelf.act(episode_num) cannot be called as act(state, episode_num)"),
])
def test_a_method_that_cannot_take_the_loops_arguments_is_refused_before_the_run(tmp_path, name, message):
    (tmp_path / "sigs.py").write_text(WRONG_ARITY)
    write_spec(tmp_path / "run.yaml", make_spec())
    result = run_cli("train", "-c", "run.yaml", "--set", f"agent.class=sigs.py:{name}", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "runs").exists()
    assert result.stderr.startswith(f"Error: agent.class: {message}") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("methods", [
    "def act(self, state, episode_num, *, evaluation=False): return 0",
    "def act(self, *args): return 0",
    "def update(self, episode_num=None): pass",
    "def update(self, *args, **kwargs): pass",
    "def metrics(self, episode_num, extra=1): return {}",
    "def memorize(self, *args, **kwargs): pass",
    "def memorize(self, last_ob, action, reward, done, ob, global_step): pass",
    "def memorize(self, last_ob, action, reward, done, ob, *, info): pass",
    "update = staticmethod(lambda episode_num: None)",
    "@classmethod\n    def metrics(cls, episode_num): return {}",
])
def test_every_signature_the_loops_can_call_passes_the_check(methods):
    from gym_loop.agents.signatures import call_problem

    namespace = {}
    exec(f"class Agent(Recorder):\n    {methods}\n", {"Recorder": Recorder}, namespace)  # noqa: S102
    assert call_problem(namespace["Agent"]) is None
    assert call_problem(namespace["Agent"]()) is None
    bind_agent(namespace["Agent"]())


def test_a_wrong_arity_is_refused_by_bind_agent_for_a_built_agent_too():
    class Agent(Recorder):
        def update(self):
            pass

    with pytest.raises(GymLoopError, match=r"Agent.update\(\) cannot be called as update\(episode_num\)"):
        bind_agent(Agent())
