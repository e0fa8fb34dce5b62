"""A file agent's module never takes a real module's name, whatever the process imported first."""

import collections
import sys
import types

from conftest import run_cli
from gym_loop.agents import BaseAgent
from gym_loop.resolve import module_str_to_class
from gym_loop.state import write_state

RANDOM_AGENT = """
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def act(self, state, episode_num):
        return int(self.rng.integers(2))
"""


def test_an_agent_file_named_random_does_not_hide_the_stdlib_random_from_gymnasium(tmp_path):
    (tmp_path / "random.py").write_text(RANDOM_AGENT)
    result = run_cli("create-default", "-a", "random.py:Agent", "-s", "env.name=CartPole-v1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "class: random.py:Agent" in result.stdout and "Traceback" not in result.stderr


def test_a_file_module_is_named_by_its_path_even_when_no_module_has_its_stem(tmp_path):
    (tmp_path / "fix6g_unique_stem.py").write_text("class Agent:\n    pass\n")
    name = module_str_to_class(f"{tmp_path / 'fix6g_unique_stem.py'}:Agent").__module__
    assert name.startswith("gym_loop_file_fix6g_unique_stem_") and "fix6g_unique_stem" not in sys.modules


class Replay(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.memory = collections.deque(maxlen=3)


def test_a_namedtuple_saved_under_the_files_former_module_name_loads_as_the_files_class(tmp_path, monkeypatch):
    Stored = collections.namedtuple("Transition", "s a r")
    Stored.__module__ = "fix6g_replay_agent"  # the bare stem an earlier gym-loop gave the file's module
    monkeypatch.setitem(sys.modules, "fix6g_replay_agent", types.ModuleType("fix6g_replay_agent"))
    sys.modules["fix6g_replay_agent"].Transition = Stored
    write_state(str(tmp_path / "agent.ckpt"), {"memory": collections.deque([Stored(1, 2, 0.5)], maxlen=3)})
    monkeypatch.undo()
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "fix6g_replay_agent.py").write_text(
        "import collections\nTransition = collections.namedtuple('Transition', 's a r')\nclass Agent:\n    pass\n")
    module = sys.modules[module_str_to_class(f"{moved / 'fix6g_replay_agent.py'}:Agent").__module__]
    agent = Replay()
    agent.load(str(tmp_path / "agent.ckpt"))
    assert type(agent.memory[0]) is module.Transition and agent.memory[0].r == 0.5


DQN = """
import collections
from gym_loop.agents import BaseAgent

Transition = collections.namedtuple("Transition", "s a r s2 d")


class DQN(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.memory = collections.deque(maxlen=1000)

    def act(self, state, episode_num):
        return int(self.rng.integers(2))

    def memorize(self, last_ob, action, reward, done, ob):
        self.memory.append(Transition(list(map(float, last_ob)), int(action), float(reward), list(map(float, ob)),
                                      bool(done)))
"""


def test_runs_of_two_agent_files_of_one_name_trained_in_one_process_resume_in_another(tmp_path):
    from conftest import make_spec
    from gym_loop.gym_loop import train_agent

    for project in ("a", "b"):  # the second dqn.py used to get the digest name, a new process the bare stem
        (tmp_path / project).mkdir()
        (tmp_path / project / "dqn.py").write_text(DQN)
        spec = make_spec(agent=f"{tmp_path / project / 'dqn.py'}:DQN", max_episodes=2, episodes_per_checkpoint=1)
        train_agent(spec, run_dir=tmp_path / f"run_{project}")
    for project in ("a", "b"):
        resumed = run_cli("train", "--resume", f"run_{project}", "--set", "loop.parameters.max_episodes=3",
                          cwd=tmp_path)
        assert resumed.returncode == 0, resumed.stderr
