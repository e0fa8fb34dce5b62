"""tester10b's save/load defects: the default save keeps identity (an object reached twice is stored once and comes
back as one object: shared arrays, the agent/policy pair, a reference cycle), loads a tensor into the fresh agent's
(an optimizer's), keeps the env's spaces as references, saves torch generators, uses a policy's own save/load;
a BasePolicy + nn.Module policy's self(x) is forward; a spec's policy nothing would use is refused."""

import json

import gymnasium as gym
import numpy as np
import pytest

from conftest import run_cli
from gym_loop.agents import BaseAgent
from gym_loop.errors import SpecError
from gym_loop.policies import BasePolicy
from gym_loop.spec import run_spec
from gym_loop.state import read_state

OBS, ACT = gym.spaces.Box(-1.0, 1.0, (4,), np.float32), gym.spaces.Discrete(2)


class NumpyMLP(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.W1, self.W2 = np.zeros((4, 8)), np.zeros((8, 2))
        self.weights = [self.W1, self.W2]  # an SGD loop steps these in place

    def act(self, state, episode_num):
        return 0

    def step(self):
        for weight in self.weights:
            weight += 0.1


def roundtrip(agent, make, tmp_path):
    agent.save(str(tmp_path / "agent.ckpt"))
    fresh = make()
    fresh.load(str(tmp_path / "agent.ckpt"))
    return fresh


def test_an_array_under_two_names_comes_back_as_one_array(tmp_path):  # tester10b-2
    agent = NumpyMLP(observation_space=OBS, action_space=ACT)
    agent.step()
    fresh = roundtrip(agent, lambda: NumpyMLP(observation_space=OBS, action_space=ACT), tmp_path)
    assert fresh.weights[0] is fresh.W1 and fresh.weights[1] is fresh.W2
    fresh.step()
    assert fresh.W1[0, 0] == pytest.approx(0.2)
    with np.load(tmp_path / "agent.ckpt", allow_pickle=False) as archive:
        assert len(archive.files) == 1 + 2  # the structure, W1 and W2 once
    inspected = read_state(str(tmp_path / "agent.ckpt"))
    assert inspected["weights"][0] is inspected["W1"]


class Greedy(BasePolicy):
    def act(self, state):
        return int(np.argmax(self.q[state]))


class Tabular(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.q = np.zeros((5, 2))
        self.policy.q = self.q  # the original's agent/policy split: the policy reads the agent's table
        self.policy.owner = self  # and its agent: a reference cycle
        self.history = [1]
        self.history.append(self.history)  # a list holding itself

    def act(self, state, episode_num):
        return self.policy(state)


def make_tabular():
    space = gym.spaces.Discrete(5)
    return Tabular(observation_space=space, action_space=ACT, policy=Greedy(space, ACT))


def test_the_policy_sees_the_agent_s_table_and_the_agent_itself_after_load(tmp_path):  # tester10b-2, -11
    agent = make_tabular()
    agent.q[3, 1] = 1.0
    fresh = roundtrip(agent, make_tabular, tmp_path)
    assert fresh.policy.q is fresh.q and fresh.q[3, 1] == 1.0
    assert fresh.policy.owner is fresh
    assert fresh.history[1] is fresh.history and fresh.history[0] == 1
    fresh.q[2, 1] = 5.0
    assert fresh.act(2, 0) == 1
    inspected = read_state(str(tmp_path / "agent.ckpt"))
    assert inspected["policy"]["owner"] is inspected


def test_a_tensor_optimized_without_a_module_is_loaded_into_the_optimizer_s_tensor(tmp_path):  # tester10b-3
    torch = pytest.importorskip("torch")

    class TorchLinear(BaseAgent):
        def __init__(self, **params):
            super().__init__(**params)
            self.w = torch.zeros(4, 2, requires_grad=True)
            self.alias = self.w
            self.opt = torch.optim.SGD([self.w], lr=0.1, momentum=0.9)

        def act(self, state, episode_num):
            return 0

        def learn(self):
            self.opt.zero_grad()
            (-self.w.sum()).backward()
            self.opt.step()

    def make():
        return TorchLinear(observation_space=OBS, action_space=ACT)

    whole, part = make(), make()
    for _ in range(2):
        whole.learn()
        part.learn()
    fresh = roundtrip(part, make, tmp_path)
    assert fresh.opt.param_groups[0]["params"][0] is fresh.w is fresh.alias and fresh.w.requires_grad
    whole.learn()
    fresh.learn()
    assert torch.equal(fresh.w, whole.w)


def test_a_live_tensor_shared_by_two_names_takes_one_stored_tensor_only(tmp_path):
    torch = pytest.importorskip("torch")

    class Two(BaseAgent):
        def __init__(self, **params):
            super().__init__(**params)
            self.best = self.current = torch.zeros(3)  # shared when built, two tensors once trained

        def act(self, state, episode_num):
            return 0

    agent = Two(observation_space=OBS, action_space=ACT)
    agent.current = torch.ones(3)
    fresh = roundtrip(agent, lambda: Two(observation_space=OBS, action_space=ACT), tmp_path)
    assert torch.equal(fresh.best, torch.zeros(3)) and torch.equal(fresh.current, torch.ones(3))


def test_spaces_held_under_other_names_are_the_fresh_agent_s(tmp_path):  # tester10b-10
    observations = gym.spaces.Dict({"pos": gym.spaces.Box(0, 1, (2,)), "goal": gym.spaces.Discrete(3)})

    class SpaceAttr(BaseAgent):
        def __init__(self, **params):
            super().__init__(**params)
            self.spaces = (self.observation_space, self.action_space)
            self.pos_space = self.observation_space["pos"]
            self.own = gym.spaces.Discrete(7)

        def act(self, state, episode_num):
            return 0

    def make():
        return SpaceAttr(observation_space=observations, action_space=ACT)

    fresh = roundtrip(make(), make, tmp_path)
    assert fresh.spaces == (observations, ACT) and fresh.spaces[0] is observations
    assert fresh.pos_space is observations["pos"] and fresh.own == gym.spaces.Discrete(7)
    assert read_state(str(tmp_path / "agent.ckpt"))["spaces"] == ("<observation_space>", "<action_space>")


def test_a_torch_generator_is_saved_and_loaded_into_the_fresh_one(tmp_path):  # tester10b-12
    torch = pytest.importorskip("torch")

    class TGen(BaseAgent):
        def __init__(self, **params):
            super().__init__(**params)
            self.tgen = torch.Generator().manual_seed(3)

        def act(self, state, episode_num):
            return int(torch.randint(0, 2, (1,), generator=self.tgen))

    agent = TGen(observation_space=OBS, action_space=ACT)
    torch.rand(5, generator=agent.tgen)
    fresh = TGen(observation_space=OBS, action_space=ACT)
    live = fresh.tgen
    agent.save(str(tmp_path / "agent.ckpt"))
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.tgen is live and torch.equal(torch.rand(4, generator=fresh.tgen), torch.rand(4, generator=agent.tgen))


def test_an_unsavable_object_is_named_with_its_module(tmp_path):  # tester10b-12: not numpy's Generator
    from gym_loop.state import CheckpointError

    class Holder(BaseAgent):
        def act(self, state, episode_num):
            return 0

    agent = Holder(observation_space=OBS, action_space=ACT)
    agent.lock = __import__("threading").Lock()
    with pytest.raises(CheckpointError, match=r"cannot save lock \(_thread\.lock\) as plain data"):
        agent.save(str(tmp_path / "agent.ckpt"))


class CountPolicy(BasePolicy):
    def __init__(self, *args, **params):
        super().__init__(*args, **params)
        self.counts = [0, 0]
        self.fn = lambda x: x  # only its own save knows what to keep

    def act(self, state):
        action = int(np.argmin(self.counts))
        self.counts[action] += 1
        return action

    def save(self, path):
        with open(path, "w") as file:
            json.dump({"counts": self.counts}, file)

    def load(self, path):
        with open(path) as file:
            self.counts = json.load(file)["counts"]


def test_a_policy_s_own_save_and_load_are_used(tmp_path):  # tester10b-5
    def make():
        return Tabular(observation_space=gym.spaces.Discrete(5), action_space=ACT, policy=CountPolicy(OBS, ACT))

    agent = make()
    agent.policy.counts = [3, 4]
    fresh = roundtrip(agent, make, tmp_path)
    assert json.loads((tmp_path / "agent.ckpt.policy").read_text()) == {"counts": [3, 4]}
    assert fresh.policy.counts == [3, 4] and fresh.policy.owner is fresh and fresh.policy.fn(1) == 1


def test_a_torch_policy_on_base_policy_first_calls_forward_with_self_of_a_tensor():  # tester10b-14
    torch = pytest.importorskip("torch")

    class NetPolicy(BasePolicy, torch.nn.Module):
        def __init__(self, observation_space, action_space, **params):
            torch.nn.Module.__init__(self)
            BasePolicy.__init__(self, observation_space, action_space, **params)
            self.net = torch.nn.Linear(4, 2)

        def forward(self, x):
            return self.net(x)

        def act(self, state):
            with torch.no_grad():
                return int(self(torch.as_tensor(state, dtype=torch.float32)).argmax())

    policy = NetPolicy(OBS, ACT)
    state = np.ones(4, np.float32)
    assert policy(state) == policy.act(state) in (0, 1)  # a state: act, as the seeds' agents call it
    assert policy(torch.ones(2, 4)).shape == (2, 2)  # a tensor: the module's forward


EXPLICIT = """
class Explicit:
    def __init__(self, observation_space, action_space, lr=0.1):
        self.action_space = action_space
    def act(self, state, episode_num):
        return self.action_space.sample()
class Takes(Explicit):
    def __init__(self, observation_space, action_space, policy=None):
        super().__init__(observation_space, action_space)
class CallPolicy:
    @staticmethod
    def get_default_parameters():
        return {"temp": 1.0}
    def __init__(self, observation_space, action_space, temp=1.0):
        pass
    def __call__(self, state):
        return 0
from gym_loop.loops import DefaultLoop
class MyLoop(DefaultLoop):
    pass
"""


def test_a_policy_section_the_agent_cannot_take_is_refused(tmp_path, monkeypatch):  # tester10b-13
    (tmp_path / "explicit.py").write_text(EXPLICIT)
    monkeypatch.chdir(tmp_path)
    spec = {"agent": {"class": "explicit.py:Explicit"}, "env": {"name": "CartPole-v1"},
            "policy": {"class": "explicit.py:CallPolicy", "parameters": {"temp": 3.0}}}
    with pytest.raises(SpecError, match=r"^policy: Explicit's constructor takes no policy \(neither a policy parameter "
                                        r"nor \*\*params\), so this policy would be built and never used; add policy "
                                        r"to Explicit.__init__, or remove the policy section$"):
        run_spec(spec)
    assert run_spec({**spec, "agent": {"class": "explicit.py:Takes"}}).policy is not None
    assert run_spec({**spec, "policy": None}).policy is None
    custom = {**spec, "loop": {"class": "explicit.py:MyLoop"}}  # a loop of the user's may use the policy
    assert run_spec(custom).policy is not None


SHARED_AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy


class EpsGreedy(BasePolicy):
    def act(self, state):
        if self.owner.rng.random() < 0.3:
            return int(self.owner.rng.integers(self.action_space.n))
        return int(np.argmax(self.q[state]))


class Sarsa(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": "shared.py:EpsGreedy", "parameters": {}}

    def __init__(self, **params):
        super().__init__(**params)
        self.q = np.zeros((self.observation_space.n, self.action_space.n))
        self.policy.q = self.q
        self.policy.owner = self
        self.spaces = (self.observation_space, self.action_space)

    def act(self, state, episode_num):
        return self.policy(state)

    def memorize(self, state, action, reward, done, next_state):
        self.q[state, action] += 0.5 * (reward + 0.9 * self.q[next_state].max() * (not done) - self.q[state, action])
"""


def test_an_agent_sharing_its_table_with_its_policy_resumes_exactly(tmp_path):  # tester10b-2 end to end
    (tmp_path / "shared.py").write_text(SHARED_AGENT)
    (tmp_path / "run.yaml").write_text(
        "agent: {class: shared.py:Sarsa}\nenv: {name: CliffWalking-v1}\nseed: 4\n"
        "loop: {parameters: {max_episodes: 40, max_episode_len: 30, episodes_per_checkpoint: 20}}\n")
    for run, episodes in (("part", 20), ("whole", 40)):
        done = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", run, "--set",
                       f"loop.parameters.max_episodes={episodes}", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    resumed = run_cli("-q", "train", "--resume", "part", "--set", "loop.parameters.max_episodes=40", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr

    def rows(run):
        return [line.split(",")[:4] for line in (tmp_path / run / "episodes.csv").read_text().splitlines()[1:]]

    assert rows("part") == rows("whole") and len(rows("whole")) == 40
    state = read_state(str(tmp_path / "part" / "checkpoints" / "agent-000040" / "agent.ckpt"))
    assert state["policy"]["q"] is state["q"] and state["q"].any()


class Plain(BaseAgent):
    def act(self, state, episode_num):
        return 0


def test_what_a_fresh_agent_of_another_kind_cannot_take_is_named(tmp_path):  # the three load refusals
    from gym_loop.state import CheckpointError, write_state

    path = str(tmp_path / "agent.ckpt")
    saver = Plain(observation_space=OBS, action_space=ACT)
    write_state(path, {"spaces": (OBS, ACT), "own": gym.spaces.Discrete(3)}, saver)
    loader = Plain(observation_space=OBS, action_space=ACT)
    with pytest.raises(CheckpointError, match=r"agent.ckpt: own held a Discrete space, which the fresh agent does not "
                                              r"have there \(a space is not saved: the constructor builds it\); load the "
                                              r"checkpoint with the agent \(and policy\) it was saved with$"):
        loader.load(path)

    class Bare:  # given no spaces
        pass

    with pytest.raises(CheckpointError, match=r"agent.ckpt: spaces\[0\] was the env's observation_space \(or a part of "
                                              r"it\), which the fresh agent was not given; load the checkpoint"):
        read_state(path, Bare())
    agent = Tabular(observation_space=gym.spaces.Discrete(5), action_space=ACT, policy=CountPolicy(OBS, ACT))
    agent.save(path)
    other = Tabular(observation_space=gym.spaces.Discrete(5), action_space=ACT, policy=Greedy(OBS, ACT))
    other.policy.load = None
    with pytest.raises(CheckpointError, match=r"agent.ckpt: policy was saved by its own save\(path\) in "
                                              r"agent.ckpt.policy, and the fresh agent has no object there with "
                                              r"load\(path\); load the checkpoint with"):
        other.load(path)
