"""``eval -c SPEC --checkpoint PATH`` of a checkpoint saved by a run on an env of other spaces is refused before
the checkpoint is loaded, with the message of ``eval --run RUN --set env...`` (note16: only that path was checked; the
other failed deep in the agent, 'index 16 is out of bounds')."""

import json

import yaml
from conftest import run_cli
from test_eval_env_fix13a import SPEC, _trained

REFUSED = ("Error: env.name: this env's observation space Discrete(64) is not the Discrete(16) the run trained on "
           "(FrozenLake-v1), which its agent was built for; evaluate on an env with the run's spaces, or train a run "
           "on this one")


def _spec(tmp_path, name, **env):
    spec = {**SPEC, "env": {"name": env.pop("env_name", SPEC["env"]["name"]), "parameters": env}}
    (tmp_path / name).write_text(yaml.safe_dump(spec))
    return name


def test_a_checkpoint_of_an_env_of_other_spaces_is_refused_before_loading(tmp_path):
    _trained(tmp_path)
    spec = _spec(tmp_path, "eight.yaml", env_name="FrozenLake8x8-v1", is_slippery=False)
    for checkpoint in ("run/checkpoints/latest", str(tmp_path / "run" / "checkpoints" / "agent-000003")):
        ran = run_cli("eval", "-c", spec, "--checkpoint", checkpoint, cwd=tmp_path)
        assert ran.returncode == 2, ran.stderr
        assert ran.stderr.splitlines()[-1] == REFUSED
        assert "loaded checkpoint" not in ran.stderr
    assert not (tmp_path / "eval_logs").exists()


def test_a_checkpoint_evaluated_on_its_own_or_a_like_env_loads(tmp_path):
    _trained(tmp_path)
    ran = run_cli("-q", "eval", "-c", _spec(tmp_path, "same.yaml", is_slippery=False), "--checkpoint",
                  "run/checkpoints/latest", cwd=tmp_path)
    assert ran.returncode == 0 and "WARNING" not in ran.stderr, ran.stderr
    ran = run_cli("-q", "eval", "-c", _spec(tmp_path, "slippery.yaml", is_slippery=True), "--checkpoint",
                  "run/checkpoints/latest", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.splitlines() == [
        "WARNING: env.parameters.is_slippery: evaluating with true, not the false the run trained with"]
    newest = max((tmp_path / "eval_logs").glob("summary-*.json"), key=lambda path: path.stat().st_mtime_ns)
    assert json.loads(newest.read_text())["env_changed"] == {"env.parameters.is_slippery": [False, True]}
