"""Shared helpers: run the installed console script, write specs, read TensorBoard scalars."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from gym_loop.spec import default_spec

AGENTS = Path(__file__).parent / "agents"
GYM_LOOP = shutil.which("gym-loop", path=os.path.dirname(sys.executable)) or shutil.which("gym-loop")


@pytest.fixture(autouse=True)
def headless(monkeypatch):
    """Let pygame open its 'window' without a screen."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")


# __init__ and training_episodes of a loop of one's own (on BaseLoop), for a test to put in a class it writes to a
# file: one episode at a time of self.env with self.agent, env steps counted in self.steps, cut at max_len if it has it.
PLAYS_EPISODES = """
    def __init__(self, agent, env, **params):
        super().__init__(**params); self.agent, self.env, self.steps = agent, env, 0
    def training_episodes(self):
        while True:
            obs, _ = self.env.reset(); t = total = 0
            while True:
                obs, r, te, tr, _ = self.env.step(self.agent.act(obs, 0)); t += 1; total += r; self.steps += 1
                if te or tr or t >= getattr(self, "max_len", float("inf")): break
            yield [Episode(total, t, self.steps)]
"""


def run_cli(*args: str, cwd: Path, env: Dict[str, str] = None) -> subprocess.CompletedProcess:
    """Run the installed ``gym-loop`` console script."""
    assert GYM_LOOP, "the gym-loop console script is not installed (pip install -e .)"
    return subprocess.run([GYM_LOOP, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def make_spec(env_name: str = "CartPole-v1", agent: str = None, **loop_parameters) -> Dict:
    """A complete spec with tiny budgets; loop parameters given as keywords override the defaults."""
    spec = default_spec(*([agent] if agent else []))
    spec["env"]["name"] = env_name
    spec["loop"]["parameters"].update({"max_episodes": 3, "eval_episodes": 2, "max_episode_len": 50})
    spec["loop"]["parameters"].update(loop_parameters)
    return spec


def write_spec(path: Path, spec: Dict) -> Path:
    path.write_text(yaml.safe_dump(spec))
    return path


def whole_and_resumed(cwd: Path, spec: str = "run.yaml", episodes: int = 6, cut: int = 3) -> List[Path]:
    """Train ``spec`` (seed 3) for ``episodes`` episodes in ``cwd/whole``, and for ``cut`` in ``cwd/part`` then resumed
    to ``episodes``: the two run folders, ``part`` first, for a test that the resume equals the uninterrupted run."""
    for run, planned in (("whole", episodes), ("part", cut)):
        done = run_cli("-q", "train", "-c", spec, "--seed", "3", "--run-dir", run,
                       "--set", f"loop.parameters.max_episodes={planned}", cwd=cwd)
        assert done.returncode == 0, done.stderr
    resumed = run_cli("-q", "train", "--resume", "part", "--set", f"loop.parameters.max_episodes={episodes}", cwd=cwd)
    assert resumed.returncode == 0, resumed.stderr
    return [cwd / "part", cwd / "whole"]


def run_folders(cwd: Path) -> List[Path]:
    """The run folders ``gym-loop train`` made under ``cwd/runs``, oldest first."""
    return sorted((cwd / "runs").iterdir()) if (cwd / "runs").is_dir() else []


def only_run(cwd: Path) -> Path:
    """The one run folder under ``cwd/runs``."""
    folders = run_folders(cwd)
    assert len(folders) == 1, folders
    return folders[0]


def read_scalars(logdir: Path) -> Dict[str, List]:
    """Every scalar in ``logdir``, read with TensorBoard's own reader: tag -> [(step, value)]."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(str(logdir))
    accumulator.Reload()
    return {tag: [(event.step, event.value) for event in accumulator.Scalars(tag)]
            for tag in accumulator.Tags()["scalars"]}


def pointed(checkpoints: Path, pointer: str = "latest") -> Path:
    """The checkpoint folder that the pointer file ``latest`` or ``best`` in ``checkpoints`` names."""
    return checkpoints / (checkpoints / pointer).read_text().strip()


@pytest.fixture(scope="session")
def ray_address():
    """One local Ray for the test session, started here; sweeps and tuning studies join it with --address."""
    ray = pytest.importorskip("ray")
    context = ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield context.address_info["gcs_address"]
    ray.shutdown()
