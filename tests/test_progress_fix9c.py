"""The bar on a terminal: closed before the run's closing log lines, and never redrawn with a stale count
(tester9c-3)."""

import io
import logging

from conftest import make_spec, write_spec
from gym_loop import progress as progress_module
from gym_loop.loops.summary import Summary
from gym_loop.progress import Progress
from test_progress import run_on_a_terminal, screen


def test_the_last_line_on_a_terminal_names_the_run_folder(tmp_path):  # README: "The last line names the folder"
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=12, episodes_per_checkpoint=4, episodes_per_eval=6,
                                                eval_episodes=1, max_episode_len=100))
    status, output = run_on_a_terminal(tmp_path, "train", "-c", "run.yaml", "--run-dir", "run")
    assert status == 0, output
    lines = screen(output)
    assert lines[-1].startswith("INFO: results in run; to see them: tensorboard --logdir run"), lines
    assert lines[-2].startswith("INFO: trained: 12 episodes"), lines
    bars = [line for line in lines if line.startswith("train [")]
    assert len(bars) == 1 and "[####################] episode 12/12, " in bars[0], lines  # its final state, once
    assert lines.index(bars[0]) < lines.index(lines[-2])


def test_a_bar_redrawn_under_a_log_line_shows_the_current_count(monkeypatch):
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 10**6)  # every draw after the first is skipped
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    progress = Progress("train", bar=True)
    progress.stream = stream
    try:
        summary = Summary(150)
        for _ in range(9):
            summary.add(1.0, 10)
            progress(summary)
        logging.getLogger("gym_loop.run").info("evaluation after 10 episodes")
        redrawn = screen(stream.getvalue())
        summary.add(1.0, 10)
        progress.close()
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert redrawn[0] == "INFO: evaluation after 10 episodes", redrawn
    assert "episode 9/150, 90 steps" in redrawn[-1], redrawn  # not the bar as drawn at episode 1
    assert "episode 10/150, 100 steps" in screen(stream.getvalue())[-1]  # closing draws the last count too
