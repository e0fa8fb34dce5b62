"""A run ended early by a rule (max_steps here) still keeps the last keep_checkpoints checkpoints of its schedule:
frequent checkpoints are thinned only where max_episodes alone can end the run (tester3a #6)."""

import pytest
import yaml

from conftest import make_spec, run_cli


@pytest.mark.parametrize("loop, max_episodes, kept", [
    ("gym_loop.loops.default_loop:DefaultLoop", 400, ["agent-000014", "agent-000021", "agent-000026"]),
    ("gym_loop.loops.vector_loop:VectorLoop", 40, ["agent-000007", "agent-000014", "agent-000020"])])
def test_a_run_ended_by_max_steps_keeps_the_last_checkpoints_of_its_schedule(tmp_path, loop, max_episodes, kept):
    spec = make_spec(max_episodes=max_episodes, max_steps=500, episodes_per_checkpoint=7, keep_checkpoints=3,
                     max_episode_len=500)
    spec["loop"]["class"] = loop
    if loop.endswith("VectorLoop"):
        spec["loop"]["parameters"]["num_envs"] = 4
    (tmp_path / "run.yaml").write_text(yaml.safe_dump({**spec, "seed": 2}))
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(path.name.rsplit("-", 1)[0] if path.name.count("-") > 1 else path.name
                   for path in (tmp_path / "run" / "checkpoints").glob("agent-*"))
    assert names == kept
