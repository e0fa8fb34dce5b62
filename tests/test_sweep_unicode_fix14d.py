"""A sweep whose non-ASCII folder names arrive in NFD (made or copied through macOS, then rsync/tar to Linux) is
continued in those folders, not trained again beside them (tester14d-5)."""

import os
import unicodedata

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 3, eval_episodes: 2, reward_threshold: null}}\n")


def test_folders_named_in_nfd_are_the_sweeps_own(tmp_path):
    (tmp_path / "lake.yaml").write_text(SPEC)
    made = run_cli("-q", "sweep", "-c", "lake.yaml", "--seeds", "0", "--grid",
                   "loop.parameters.logdir=[./logs-café, ./logs]", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    sweep = tmp_path / "sweeps" / "lake"
    for base in (sweep / "runs", sweep / "logs"):
        for name in os.listdir(base):
            os.rename(base / name, base / unicodedata.normalize("NFD", name))
    before = sorted(os.listdir(sweep / "runs"))
    dry = run_cli("sweep", "sweeps/lake", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0 and " start" not in dry.stdout, dry.stdout
    again = run_cli("sweep", "sweeps/lake", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "2 of 2 runs finished" in again.stdout and "started" not in again.stderr, again.stdout + again.stderr
    assert sorted(os.listdir(sweep / "runs")) == before
    listed = run_cli("runs", "ls", "sweeps/lake", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.count("seed-0") == 2, listed.stdout
