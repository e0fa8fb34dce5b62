"""left10: fix9e's leftovers. Under python -m gym_loop the sweep/tune/plot commands a message gives to paste say
how this process was started; `runs ls` refuses an option given twice; --sweeps-dir/--tunes-dir inside a run folder
and an output folder on /proc are refused; train_agent(resume=...) keeps the run's runs_dir."""

import os
import subprocess
import sys

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import SpecError


def _module(*args, cwd):
    return subprocess.run([sys.executable, "-m", "gym_loop", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_sweep_and_plot_commands_to_paste_say_python_m_under_python_m(tmp_path):
    (tmp_path / "t1").mkdir()
    (tmp_path / "t1" / "tune.json").write_text("{}")
    for args, command in ((("sweep", "--add-seeds", "3"), "sweep sweeps/NAME --add-seeds"),
                          (("sweep", "t1"), "plot t1 --table")):
        done = _module(*args, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert f"-m gym_loop {command}" in done.stderr and f"gym-loop {command}" not in done.stderr, done.stderr


def test_an_option_of_runs_ls_given_twice_is_refused(tmp_path):
    done = run_cli("runs", "ls", "--format", "csv", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2 and "--format is given twice (csv and json)" in done.stderr, done.stderr


def _run_folder(path):
    path.mkdir()
    (path / "spec.yaml").write_text("{}")
    (path / "run.json").write_text("{}")
    return path


def test_sweeps_and_tunes_dir_inside_a_run_folder_are_refused(tmp_path):
    config = write_spec(tmp_path / "r.yaml", make_spec(episodes_per_eval=2))
    (tmp_path / "space.yaml").write_text("loop.parameters.eval_episodes: {int: [1, 2]}\n")
    _run_folder(tmp_path / "outer")
    for args in (("sweep", "-c", config, "--sweeps-dir", "outer/sweeps", "--dry-run"),
                 ("tune", "-c", config, "--space", "space.yaml", "--trials", 1, "--tunes-dir", "outer")):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 2 and "where runs ls and plot would not find the new run" in done.stderr, \
            done.stderr
    assert sorted(path.name for path in (tmp_path / "outer").iterdir()) == ["run.json", "spec.yaml"]


@pytest.mark.skipif(not hasattr(os, "statvfs") or os.statvfs("/proc").f_blocks != 0, reason="no procfs")
def test_a_runs_dir_on_proc_is_refused_before_the_run(tmp_path):
    config = write_spec(tmp_path / "r.yaml", make_spec())
    for runs_dir in ("/proc", "/proc/new"):
        done = run_cli("train", "-c", config, "--runs-dir", runs_dir, cwd=tmp_path)
        assert done.returncode == 2 and "/proc is on a file system that stores no files" in done.stderr, done.stderr


def test_train_agent_resume_keeps_the_runs_dir(tmp_path, monkeypatch):
    from gym_loop.gym_loop import train_agent

    monkeypatch.chdir(tmp_path)
    spec = make_spec(max_episodes=1)
    train_agent(spec, run_dir=tmp_path / "run")
    with pytest.raises(SpecError, match="runs_dir: train_agent.resume=.... keeps the run's 'runs', not 'other'"):
        train_agent({**spec, "runs_dir": "other", "loop": {**spec["loop"], "parameters": {
            **spec["loop"]["parameters"], "max_episodes": 2}}}, resume=tmp_path / "run")
