"""tester8f's defects about agents and policies written against the original gym-loop: an agent or policy that is
also a torch.nn.Module keeps Module.parameters() (tester8f-17), the original's positional
BasePolicy(observation_space, action_space) (tester8f-9), gym-loop's own BasePolicy named as the policy
(tester8f-4)."""

import textwrap

import pytest
from conftest import run_cli

torch = pytest.importorskip("torch")

MODULE_AGENT = '''
import torch, torch.nn as nn
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy

class NA(nn.Module, BaseAgent):
    """CleanRL's Agent(nn.Module) on BaseAgent."""
    @staticmethod
    def get_default_parameters():
        return {"learning_rate": 0.01}
    def __init__(self, **params):
        nn.Module.__init__(self)
        BaseAgent.__init__(self, **params)
        self.actor = nn.Linear(4, 2)
        self.opt = torch.optim.SGD(self.parameters(), lr=self.parameters["learning_rate"])
    def act(self, state, episode_num):
        with torch.no_grad():
            return int(self.actor(torch.as_tensor(state)).argmax())
    def update(self, episode_num):
        self.zero_grad()  # Module.zero_grad calls self.parameters()

class NetPolicy(BasePolicy, nn.Module):
    """The original's NoisyActorCritic(BasePolicy, nn.Module), calling both constructors."""
    def __init__(self, **params):
        nn.Module.__init__(self)
        BasePolicy.__init__(self, **params)
        self.net = nn.Linear(4, 2)
    def act(self, state):
        return int(self.net(torch.as_tensor(state)).argmax())

class UsesNet(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": "na.py:NetPolicy", "parameters": {}}
    def __init__(self, **params):
        super().__init__(**params)
        self.opt = torch.optim.Adam(self.policy.parameters(), lr=1e-3)  # as the original's PPO does
    def act(self, state, episode_num):
        return self.policy.act(state)
'''


@pytest.mark.parametrize("agent", ["NA", "UsesNet"])
def test_an_agent_or_policy_that_is_a_torch_module_keeps_its_parameters_method(tmp_path, agent):
    (tmp_path / "na.py").write_text(MODULE_AGENT)
    made = run_cli("create-default", "-a", f"na.py:{agent}", "-c", "n.yaml", "-s", "env.name=CartPole-v1",
                   "-s", "loop.parameters.max_episodes=2", "-s", "loop.parameters.max_episode_len=20", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    trained = run_cli("-q", "train", "-c", "n.yaml", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr


def test_a_module_agent_reads_self_parameters_as_the_dict_and_calls_it_as_the_method():
    import gymnasium
    import torch.nn as nn

    from gym_loop.agents import BaseAgent

    class Net(nn.Module, BaseAgent):
        @staticmethod
        def get_default_parameters():
            return {"lr": 0.5}

        def __init__(self, **params):
            nn.Module.__init__(self)
            BaseAgent.__init__(self, **params)
            self.layer = nn.Linear(2, 1)

    space = gymnasium.spaces.Discrete(2)
    agent = Net(action_space=space, lr=0.1)
    assert agent.parameters["lr"] == 0.1 and agent.lr == 0.1 and agent.parameters["action_space"] is space
    assert len(list(agent.parameters())) == 2  # the Linear's weight and bias
    assert isinstance(BaseAgent().parameters, dict) and not callable(BaseAgent().parameters)


POSITIONAL_POLICY = '''
from gym_loop.policies.base_policy import BasePolicy
from gym_loop.agents import BaseAgent

class EpsPolicy(BasePolicy):
    def __init__(self, observation_space, action_space, eps=0.1):
        super().__init__(observation_space, action_space)
        self.space = action_space
        self.eps = eps
    def act(self, state):
        return self.space.sample()
    @staticmethod
    def get_default_parameters():
        return {"eps": 0.1}

class UsesPol(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": "p.py:EpsPolicy", "parameters": {"eps": 0.2}}
    def act(self, state, episode_num):
        assert self.policy.action_space is self.action_space and self.policy.eps == 0.2
        return self.policy.act(state)
'''


def test_a_policy_passing_the_spaces_to_base_policy_by_position_runs_and_checkpoints(tmp_path):
    (tmp_path / "p.py").write_text(POSITIONAL_POLICY)
    made = run_cli("create-default", "-a", "p.py:UsesPol", "-c", "u.yaml", "-s", "env.name=CartPole-v1",
                   "-s", "loop.parameters.max_episodes=2", "-s", "loop.parameters.episodes_per_checkpoint=1",
                   cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    trained = run_cli("-q", "train", "-c", "u.yaml", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    run = next((tmp_path / "runs").iterdir())
    resumed = run_cli("-q", "train", "--resume", run, "-s", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr


def test_base_policy_takes_the_spaces_by_position_or_by_keyword():
    import gymnasium

    from gym_loop.policies import BasePolicy

    box, discrete = gymnasium.spaces.Box(-1, 1, (2,)), gymnasium.spaces.Discrete(2)
    for policy in (BasePolicy(box, discrete), BasePolicy(observation_space=box, action_space=discrete)):
        assert policy.observation_space is box and policy.action_space is discrete
        assert policy.parameters == {"observation_space": box, "action_space": discrete}
    assert BasePolicy().parameters == {}


ORIGINAL_DEFAULT_SPEC = '''
agent:
  class: gym_loop.agents.random_agent:RandomAgent
  parameters: {}
  policy:
    class: gym_loop.policies.base_policy:BasePolicy
    parameters: {}
env:
  imports: []
  name: Pendulum-v1
  parameters: {}
loop:
  class: gym_loop.loops.default_loop:DefaultLoop
  parameters: {max_episodes: 2, max_episode_len: 20}
'''


@pytest.mark.parametrize("command", ["train", "eval"])
def test_the_original_create_defaults_spec_with_base_policy_runs(tmp_path, command):
    (tmp_path / "orig.yaml").write_text(ORIGINAL_DEFAULT_SPEC)
    ran = run_cli("-q", command, "-c", "orig.yaml", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "define it in the class" not in ran.stderr


def test_an_agent_calling_base_policy_itself_is_told_to_name_a_policy_of_its_own(tmp_path):
    (tmp_path / "ua.py").write_text(textwrap.dedent('''
        from gym_loop.agents import BaseAgent
        class UA(BaseAgent):
            def act(self, state, episode_num):
                return self.policy(state)
        '''))
    (tmp_path / "s.yaml").write_text("agent: {class: ua.py:UA}\npolicy: {class: gym_loop.policies:BasePolicy}\n"
                                     "env: {name: CartPole-v1}\nloop: {parameters: {max_episodes: 1}}\n")
    ran = run_cli("-q", "train", "-c", "s.yaml", cwd=tmp_path)
    assert ran.returncode == 1
    assert ran.stderr.startswith("Error: agent.act failed at episode 0, step 1: NotImplementedError: the policy is "
                                 "gym_loop's BasePolicy, which only stands for no particular policy (the original "
                                 "gym-loop's default); name a policy class of your own in the spec's policy section")


def test_act_and_update_named_global_step_get_the_env_step_count_as_the_original_passed(tmp_path):
    (tmp_path / "eps.py").write_text(textwrap.dedent('''
        from gym_loop.agents import BaseAgent
        class EpsByStep(BaseAgent):
            def __init__(self, **params):
                super().__init__(**params)
                self.seen, self.updated, self.episodes = [], [], []
            def act(self, state, global_step):
                self.seen.append(global_step)
                return self.action_space.sample()
            def update(self, global_step):
                self.updated.append(global_step)
            def metrics(self, episode_num):
                return {"last_step": self.seen[-1]}
        class ByEpisode(EpsByStep):
            def act(self, state, episode_num):
                self.seen.append(episode_num)
                return self.action_space.sample()
        '''))
    import sys

    import gymnasium

    from gym_loop.loops.default_loop import DefaultLoop

    sys.path.insert(0, str(tmp_path))
    try:
        import eps
    finally:
        sys.path.remove(str(tmp_path))
    env = gymnasium.make("CartPole-v1")
    agent = eps.EpsByStep(action_space=env.action_space)
    loop = DefaultLoop(agent, env, seed=1, max_episodes=3, logdir=None, episodes_csv=None, evals_csv=None,
                       checkpoint_dir=str(tmp_path / "c"))
    summary = loop.train()
    assert agent.seen == list(range(1, summary.global_step + 1)) == agent.updated
    other = eps.ByEpisode(action_space=env.action_space)
    steps = DefaultLoop(other, env, seed=1, max_episodes=2, logdir=None, episodes_csv=None, evals_csv=None,
                        checkpoint_dir=str(tmp_path / "d")).train().global_step
    assert set(other.seen) == {0, 1} and other.updated == list(range(1, steps + 1))  # update(global_step): by steps
    env.close()


def test_build_agent_without_a_policy_builds_the_agents_default_policy_as_the_original_did(tmp_path, monkeypatch):
    (tmp_path / "ag.py").write_text(textwrap.dedent('''
        from gym_loop.agents import BaseAgent
        class Pol:
            def __init__(self, observation_space, action_space, eps=0.1):
                self.action_space, self.eps = action_space, eps
            def __call__(self, state):
                return self.action_space.sample()
            @staticmethod
            def get_default_parameters():
                return {"eps": 0.1}
        class WithPol(BaseAgent):
            @staticmethod
            def get_default_policy():
                return {"class": "ag.py:Pol", "parameters": {"eps": 0.2}}
            def act(self, state, episode_num):
                return self.policy(state)
        '''))
    monkeypatch.chdir(tmp_path)
    from gym_loop import gym_loop as g

    params = {"agent": {"class": "ag.py:WithPol", "parameters": {}}, "env": {"name": "CartPole-v1"},
              "loop": {"parameters": {"max_episodes": 1}}}
    env = g.build_env(params)
    try:
        assert type(g.build_agent(params, None, env).policy).__name__ == "Pol"
        assert g.build_agent(params, None, env).policy.eps == 0.2
        assert g.build_agent({**params, "policy": None}, None, env).policy is None  # policy: null says none
    finally:
        env.close()
