"""File-system defects of tester11c: a sweep that lost its manifest, unreadable run folders, names claimed at once,
permission errors on reading, ``~`` in path options, symlinked runs, git that cannot open a repository, cut rows."""

import json
import os
from pathlib import Path

from conftest import make_spec, run_cli, write_spec

RANDOM = "gym_loop.agents.random_agent:RandomAgent"

MOVES_MANIFEST = """
import os
from pathlib import Path
from gym_loop.agents.random_agent import RandomAgent
class MovesManifest(RandomAgent):
    def update(self, episode_num):
        manifest = Path(os.environ["FIX11C1_MANIFEST"])
        if manifest.exists():
            manifest.rename(manifest.parent.parent / "manifest.json.bak")
"""


def test_a_sweep_whose_manifest_vanished_keeps_its_finished_runs(tmp_path):
    """tester11c-11: the driver removed the sweep folder and the parent it made once manifest.json was gone."""
    (tmp_path / "moves.py").write_text(MOVES_MANIFEST)
    spec = make_spec(agent=RANDOM, max_episodes=2)
    spec["agent"]["class"] = "moves.py:MovesManifest"
    write_spec(tmp_path / "s.yaml", spec)
    result = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0-1", "--sweeps-dir", "newparent", "--name", "dm",
                     cwd=tmp_path, env={"FIX11C1_MANIFEST": str(tmp_path / "newparent" / "dm" / "manifest.json")})
    assert (tmp_path / "newparent" / "manifest.json.bak").is_file(), result.stderr
    assert sorted(os.listdir(tmp_path / "newparent" / "dm" / "runs" / "base")) == ["seed-0", "seed-1"]
    assert (tmp_path / "newparent" / "dm" / "runs" / "base" / "seed-1" / "episodes.csv").is_file()
