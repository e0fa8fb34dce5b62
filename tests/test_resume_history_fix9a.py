"""fix9a: a resume that changes the spec keeps the run's earlier spec and what changed (tester9a-7)."""

import json

import yaml

from conftest import make_spec, run_cli, write_spec
from gym_loop.gym_loop import train_agent
from gym_loop.run_folder import run_name

LAKE = "gym_loop.agents.q_learning:QLearningAgent"


def _lake(**parameters):
    spec = make_spec("FrozenLake-v1", LAKE, **{"max_episodes": 6, "episodes_per_checkpoint": 3, **parameters})
    return {**spec, "seed": 3}


def _spec(path):
    return yaml.safe_load(path.read_text())


def test_a_resume_with_set_keeps_the_spec_it_replaces_and_records_old_and_new(tmp_path):
    write_spec(tmp_path / "lake.yaml", _lake())
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    first = (tmp_path / "run" / "spec.yaml").read_text()
    done = run_cli("-q", "train", "--resume", "run", "--set", "loop.parameters.max_episodes=9", "--set",
                   "agent.parameters.learning_rate=0.5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    run = tmp_path / "run"
    assert _spec(run / "spec.yaml")["agent"]["parameters"]["learning_rate"] == 0.5  # what resume and eval read
    assert (run / "spec-before-resume-1.yaml").read_text() == first  # the start's spec, byte for byte
    entry = json.loads((run / "run.json").read_text())["resumed"][0]
    assert entry["spec_before"] == "spec-before-resume-1.yaml"
    assert entry["changed"] == {"agent.parameters.learning_rate": [0.1, 0.5],
                                "loop.parameters.max_episodes": [6, 9]}
    # the kept spec runs the first segment again: its episodes are the run's first six
    again = run_cli("-q", "train", "-c", "run/spec-before-resume-1.yaml", "--run-dir", "again", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    rows = lambda path: [line.split(",")[:4] for line in path.read_text().splitlines()]
    assert rows(tmp_path / "again" / "episodes.csv") == rows(run / "episodes.csv")[:7]
    assert run_name(run / "spec-before-resume-1.yaml") == "run"  # named like the run, as its spec.yaml


def test_each_resume_that_changes_the_spec_keeps_its_own_copy(tmp_path):
    train_agent(_lake(max_episodes=3), run_dir=tmp_path / "run")
    train_agent(_lake(max_episodes=6), resume=tmp_path / "run")
    second = _lake(max_episodes=9)
    second["agent"]["parameters"]["discount"] = 0.5
    train_agent(second, resume=tmp_path / "run")
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert [entry["spec_before"] for entry in record["resumed"]] == ["spec-before-resume-1.yaml",
                                                                      "spec-before-resume-2.yaml"]
    assert record["resumed"][0]["changed"] == {"loop.parameters.max_episodes": [3, 6]}
    assert record["resumed"][1]["changed"] == {"agent.parameters.discount": [0.99, 0.5],
                                               "loop.parameters.max_episodes": [6, 9]}
    assert _spec(tmp_path / "run" / "spec-before-resume-1.yaml")["loop"]["parameters"]["max_episodes"] == 3
    assert _spec(tmp_path / "run" / "spec-before-resume-2.yaml")["loop"]["parameters"]["max_episodes"] == 6


def test_a_resume_with_an_edited_agent_file_keeps_the_start_s_code_at_top_level(tmp_path):
    # tester9a-3: the top-level code became the resume's, and the sha256 of the code of episodes 0-5 was lost
    agent = tmp_path / "agent.py"
    agent.write_text("from gym_loop.agents.q_learning import QLearningAgent\nclass Lake(QLearningAgent):\n    pass\n")
    spec = _lake()
    spec["agent"]["class"] = f"{agent}:Lake"
    train_agent(spec, run_dir=tmp_path / "run")
    start = json.loads((tmp_path / "run" / "run.json").read_text())["code"]["agent"]
    agent.write_text(agent.read_text() + "# edited\n")
    train_agent({**spec, "loop": _lake(max_episodes=9)["loop"]}, resume=tmp_path / "run")
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["code"]["agent"] == start
    assert record["resumed"][0]["code"]["agent"] != start
    agent.write_text(agent.read_text() + "# edited again\n")  # compared with the last resume's code, not the start's
    from gym_loop.run_folder import RunFolder
    from gym_loop.provenance import code_digests
    from gym_loop.spec import run_spec

    now = code_digests(run_spec({**spec, "loop": _lake(max_episodes=12)["loop"]}).components())
    assert RunFolder(tmp_path / "run").changed_code(now) == {
        "agent": (record["resumed"][0]["code"]["agent"], now["agent"])}


SIZED = '''
import json
from gym_loop.agents.random_agent import RandomAgent
class Agent(RandomAgent):
    SIZE = 4
    def save(self, path):
        open(path, "w").write(json.dumps({"size": self.SIZE}))
    def load(self, path):
        if json.load(open(path))["size"] != self.SIZE:
            raise RuntimeError("Error(s) in loading state_dict for Sequential:\\n\\tsize mismatch")
'''


def test_a_resume_whose_changed_agent_file_cannot_load_the_checkpoint_says_the_file_changed(tmp_path):
    # tester9a-11: the load error said nothing of the edit, which the run knew (its sha256 differs)
    (tmp_path / "agent.py").write_text(SIZED)
    spec = make_spec(agent=f"{tmp_path / 'agent.py'}:Agent", max_episodes=2)
    spec["agent"]["class"] = "agent.py:Agent"
    write_spec(tmp_path / "s.yaml", {**spec, "seed": 1})
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    before = json.loads((tmp_path / "run" / "run.json").read_text())["code"]["agent"]
    (tmp_path / "agent.py").write_text(SIZED.replace("SIZE = 4", "SIZE = 8"))
    import hashlib

    now = hashlib.sha256((tmp_path / "agent.py").read_bytes()).hexdigest()
    done = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: agent.load failed for ") and "run/checkpoints/agent-000002/agent.ckpt" in last
    assert last.endswith(
        f": RuntimeError: Error(s) in loading state_dict for Sequential; the agent's file "
        f"{tmp_path / 'agent.py'} changed since the run last trained (sha256 {before[:12]}..., now {now[:12]}...): "
        f"the checkpoint was saved by the old code; put the old file back, or start a new run: gym-loop train -c "
        f"run/spec.yaml (--debug shows the rest and the traceback)")
