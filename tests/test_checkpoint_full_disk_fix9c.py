"""A full disk that an agent's save reports as something else (torch.save's zip writer: a RuntimeError) gives the
full disk's line with the resume command (tester9c-5)."""

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import WriteFailed
from gym_loop.run_checkpoints import Checkpoints

TORCH_SAYS = "[enforce fail at inline_container.cc:672] . unexpected pos 16544128 vs 16544080"

FULL_DISK_AGENT = f"""
import shutil
from pathlib import Path
from gym_loop.agents.random_agent import RandomAgent

real_disk_usage = shutil.disk_usage


class FullDiskAgent(RandomAgent):
    def save(self, path):
        if "agent-000004" not in path:
            return super().save(path)
        Path(path).write_bytes(bytes(4096))  # torch.save's zip writer, stopped by the full disk half-way
        shutil.disk_usage = lambda where: real_disk_usage(where)._replace(free=0)  # as the disk is now
        raise RuntimeError("{TORCH_SAYS}")
"""


def test_a_save_stopped_by_a_full_disk_says_so_and_how_to_resume(tmp_path):
    (tmp_path / "full.py").write_text(FULL_DISK_AGENT)
    spec = make_spec(max_episodes=6, episodes_per_checkpoint=2, episodes_per_eval=None)
    spec["agent"], spec["policy"] = {"class": "full.py:FullDiskAgent"}, None
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == ("Error: No space left on device: run; free some space on that disk, "
                                              "then resume with: gym-loop train --resume run (--debug shows the "
                                              "traceback)")
    assert (tmp_path / "run" / "checkpoints" / "latest").read_text().startswith("agent-000002")
    assert not list((tmp_path / "run" / "checkpoints").glob(".saving-*"))


def test_a_failed_save_with_space_left_is_told_as_it_failed(tmp_path):
    def save(path):
        raise RuntimeError(TORCH_SAYS)

    checkpoints = Checkpoints(tmp_path / "checkpoints", save, commit=None)
    try:
        with pytest.raises(WriteFailed, match=f"agent.save failed for .*agent-000002: RuntimeError: "
                                              f"\\{TORCH_SAYS[:30]}") as failed:
            checkpoints.save(2, {})
    finally:
        checkpoints.close()
    assert isinstance(failed.value.__cause__, RuntimeError)
