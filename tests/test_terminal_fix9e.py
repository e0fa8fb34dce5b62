"""TERM=dumb (an Emacs shell buffer, a CI log viewer with a pty) gets progress lines, not the bar's redraws
(tester9e-3)."""

import os

import pexpect

from conftest import GYM_LOOP, make_spec, write_spec


def test_a_dumb_terminal_gets_lines_not_the_bar(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=20, max_episode_len=20))
    child = pexpect.spawn(GYM_LOOP, ["train", "-c", "run.yaml"], cwd=str(tmp_path), encoding="utf-8",
                          env={**os.environ, "TERM": "dumb"}, timeout=120)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "\x1b[K" not in child.before and "train [" not in child.before
    assert "INFO: train: episode 20/20" in child.before
