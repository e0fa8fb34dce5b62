"""A sweep received from elsewhere whose runs need a file class or a local env module that is not where its runs
start is refused before anything changes (tester14d-1): named, with where to put it; not 'refused its spec' with the
advice to remove the sweep, and --add-seeds does not record seeds that never ran."""

import json
import shutil

from conftest import run_cli

AGENT = "from gym_loop.agents.q_learning import QLearningAgent\nclass Agent(QLearningAgent):\n    pass\n"
ENVS = ("import gymnasium\ngymnasium.register('MyLake-v0', entry_point='gymnasium.envs.toy_text:FrozenLakeEnv')\n")
SPEC = ("agent: {class: myagent.py:Agent}\nenv: {name: MyLake-v0, imports: [myenvs]}\n"
        "loop: {parameters: {max_episodes: 5, eval_episodes: 2, reward_threshold: null}}\n")


def test_a_received_sweep_lacking_its_code_is_refused_before_anything_changes(tmp_path):
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    alice.mkdir()
    (alice / "myagent.py").write_text(AGENT)
    (alice / "myenvs.py").write_text(ENVS)
    (alice / "lake.yaml").write_text(SPEC)
    made = run_cli("-q", "sweep", "-c", "lake.yaml", "--seeds", "0", cwd=alice)
    assert made.returncode == 0, made.stderr
    shutil.copytree(alice / "sweeps", bob / "sweeps")
    shutil.rmtree(alice)  # the sweep was made on another machine
    manifest = (bob / "sweeps" / "lake" / "manifest.json").read_text()
    added = run_cli("sweep", "sweeps/lake", "--add-seeds", "1", cwd=bob)
    assert added.returncode == 2, added.stdout + added.stderr
    assert (f"agent.class: no such file: myagent.py in {bob}, where this sweep's runs start (it was made in "
            f"{alice}, which is not on this machine); put it there, then continue: gym-loop sweep sweeps/lake") \
        in added.stderr, added.stderr
    assert "remove" not in added.stderr and len(added.stderr.strip().splitlines()) == 1, added.stderr
    assert (bob / "sweeps" / "lake" / "manifest.json").read_text() == manifest
    assert not (bob / "sweeps" / "lake" / "runs" / "base" / "seed-1").exists()
    (bob / "myagent.py").write_text(AGENT)
    again = run_cli("sweep", "sweeps/lake", "--add-seeds", "1", "--dry-run", cwd=bob)
    assert again.returncode == 2, again.stderr
    assert (f"env.imports: no module myenvs in {bob}, where this sweep's runs start (it was made in {alice}, which "
            "is not on this machine), nor beside the agent file, nor installed; put myenvs.py (or the package folder "
            "myenvs/) there, or install the package that provides it") \
        in again.stderr, again.stderr
    (bob / "myenvs.py").write_text(ENVS)
    done = run_cli("-q", "sweep", "sweeps/lake", "--add-seeds", "1", cwd=bob)
    assert done.returncode == 0, done.stderr
    assert json.loads((bob / "sweeps" / "lake" / "manifest.json").read_text())["seeds"] == [0, 1]
