"""fix14b: ``python -m gym_loop sweep`` run in a clone's folder (no PYTHONPATH) runs its runs with the clone's code,
not the gym-loop installed in the venv (tester14b-11)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import make_spec, write_spec

MARK = '\nimport os as _os, sys as _sys\nwith open(_os.environ["IMPORTS_LOG"], "a") as _log:\n' \
       '    _log.write(f"{_sys.argv[1:2]}\\n")\n'


def test_the_runs_of_a_clones_driver_import_the_clone(tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(Path(__file__).parent.parent / "gym_loop", clone / "gym_loop",
                    ignore=shutil.ignore_patterns("__pycache__"))
    with open(clone / "gym_loop" / "__init__.py", "a") as init:
        init.write(MARK)
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.random_agent:RandomAgent", max_episodes=1, logdir=None,
                     max_episode_len=5, episodes_per_eval=1, eval_episodes=1)
    write_spec(tmp_path / "s.yaml", spec)
    imports = tmp_path / "imports.txt"
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "gym_loop", "-q", "sweep", "-c", str(tmp_path / "s.yaml"),
                           "--sweeps-dir", str(tmp_path / "sweeps"), "--seeds", "0"], cwd=clone,
                          env={**environment, "IMPORTS_LOG": str(imports)}, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert imports.read_text().splitlines() == ["['-q']", "['train']"]  # the driver's, then its run's
