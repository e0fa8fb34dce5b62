"""Progress as a user sees it: a bar on a terminal that log lines never tear, lines without one."""

import re

import pexpect
import pytest

from conftest import GYM_LOOP, make_spec, only_run, run_cli, write_spec
from gym_loop.loops.summary import Summary
from gym_loop.progress import Progress


def screen(output: str) -> list:
    """The lines a terminal shows for ``output``: ``\\r`` goes back to the line's start, ``ESC[K`` clears it."""
    lines, line, column = [], [], 0
    for token in re.findall(r"\x1b\[K|\r\n|\n|\r|[^\r\n\x1b]+|\x1b", output):
        if token in ("\n", "\r\n"):
            lines.append("".join(line))
            line, column = [], 0
        elif token == "\r":
            column = 0
        elif token == "\x1b[K":
            del line[column:]
        else:
            line[column:column + len(token)] = list(token)
            column += len(token)
    return lines + ["".join(line)] * bool(line)


def run_on_a_terminal(tmp_path, *args):
    child = pexpect.spawn(GYM_LOOP, list(args), cwd=str(tmp_path), encoding="utf-8", dimensions=(24, 160),
                          timeout=120)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def test_log_lines_print_above_the_bar_on_a_terminal(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=12, episodes_per_checkpoint=1, episodes_per_eval=3,
                                                eval_episodes=1, max_episode_len=100, keep_checkpoints=None))
    status, output = run_on_a_terminal(tmp_path, "train", "-c", "run.yaml")
    assert status == 0, output
    lines = screen(output)
    logs = [line for line in lines if line.startswith("INFO: ")]
    bars = [line for line in lines if line.startswith("train [")]
    assert sum("INFO: checkpoint: " in line for line in logs) == 12
    assert sum("INFO: evaluation after" in line for line in logs) == 4
    assert len(logs) + len(bars) == len(lines), lines  # every line is either a log line or the bar
    assert all(line.count("INFO:") == 1 for line in logs), logs
    assert len(bars) == 1 and lines[-1].startswith("INFO: results in ")  # the bar closed before the closing lines
    assert any(line.startswith("INFO: trained: 12 episodes") for line in logs)
    assert "[####################] episode 12/12, " in bars[0] and "left" not in bars[0]
    assert "INFO: train: episode" not in output  # the bar, not progress lines
    assert all(len(line) < 160 for line in lines if line.startswith("train ["))


def test_the_bar_follows_max_steps_when_it_ends_the_run(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=10000, max_steps=300, max_episode_len=50))
    status, output = run_on_a_terminal(tmp_path, "train", "-c", "run.yaml")
    assert status == 0, output
    bar = [line for line in screen(output) if line.startswith("train [")]
    assert re.search(r"\[####################\] step 3\d\d/300 \(episode \d+\)", bar[0]), bar


def test_progress_lines_follow_max_steps_without_a_terminal(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=10000, max_steps=1000, max_episode_len=50))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("INFO: train: ")]
    done = [int(re.search(r"step (\d+)/1000 \(episode \d+\)", line).group(1)) for line in lines]
    assert 10 <= len(done) <= 11 and done == sorted(done) and done[-1] >= 1000
    assert "/10000" not in result.stderr
    assert str(only_run(tmp_path).name) in result.stderr


class Clock:
    """time.monotonic for the progress module, moved on by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("gym_loop.progress.time.monotonic", clock)
    return clock


def test_time_left_counts_only_the_episodes_of_this_process(clock, caplog):
    summary = Summary(1500)
    summary.episodes, summary.steps = 480, 48000  # as a resumed run's checkpoint left them
    progress = Progress("train", bar=False, lines=10, interval=10**6)
    with caplog.at_level("INFO"):
        for _ in range(120):
            clock.now += 2.0
            summary.episodes += 1
            summary.steps += 100
            progress(summary)
    assert len(caplog.records) == 1  # at 600, four tenths of the run
    line = caplog.records[-1].getMessage()
    assert "episode 600/1500" in line
    assert "0:30:00 left" in line  # 900 episodes at 2 s each, not at 240 s for 600 episodes


def test_a_progress_line_at_least_every_interval_without_a_terminal(clock, caplog):
    summary = Summary(10000)
    progress = Progress("train", bar=False, lines=10, interval=30.0)
    with caplog.at_level("INFO"):
        for _ in range(100):  # 100 slow episodes: 1 % of the run, 10 s each
            clock.now += 10.0
            summary.episodes += 1
            progress(summary)
    assert len(caplog.records) == 33  # every 30 s of 1000 s, never a tenth of the run
    assert caplog.records[-1].getMessage().startswith("train: episode 100/10000, ")


def test_no_eta_and_no_line_before_there_is_a_rate(clock, caplog):
    summary = Summary(10)
    progress = Progress("eval", bar=False)
    with caplog.at_level("INFO"):
        summary.episodes = 1
        progress(summary)
    assert [record.getMessage().split(",")[0] for record in caplog.records] == ["eval: episode 1/10"]
    assert "left" not in caplog.records[0].getMessage()


SLOW_SAVE_AGENT = """
import time
from pathlib import Path
from gym_loop.agents import BaseAgent

class SlowSave(BaseAgent):
    def act(self, state, episode_num):
        return 0

    def save(self, path):
        time.sleep(1.0)
        Path(path).write_text("saved")

    def load(self, path):
        pass
"""


def test_the_final_line_counts_the_last_checkpoints_save(tmp_path):
    (tmp_path / "slow.py").write_text(SLOW_SAVE_AGENT)
    spec = make_spec(max_episodes=1, episodes_per_checkpoint=None)
    spec["agent"], spec["policy"] = {"class": "slow.py:SlowSave"}, None
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    seconds = float(re.search(r"^INFO: trained: 1 episode, \d+ steps in ([\d.]+) s ", result.stderr, re.M).group(1))
    assert seconds >= 1.0  # the save of the checkpoint taken at the end sleeps 1 s (a lower bound, not a timing)
