"""tester10g-7: a tune's Ray worker runs in the driver's working directory (a Ray worker starts in the one its
node's ``ray start`` was run from), so a spec's relative agent file is found there, as a sweep's Ray runs find it."""

import os

import gym_loop.tuning.worker as worker
from gym_loop.tuning.driver import ray_worker


def test_the_ray_worker_runs_in_the_drivers_folder(tmp_path, monkeypatch):
    driver, elsewhere = tmp_path / "proj", tmp_path / "head"
    driver.mkdir()
    elsewhere.mkdir()
    (driver / "a.py").write_text("")
    seen = []
    monkeypatch.setattr(worker, "run_worker", lambda config, index: seen.append(os.path.isfile("a.py")))
    monkeypatch.chdir(elsewhere)
    assert ray_worker({"cwd": str(driver), "quiet": True}, 0) == ""
    assert seen == [True]
    assert os.getcwd() == str(elsewhere)  # the Ray worker process is left where it was


def test_a_node_without_the_folder_stays_where_it_is(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(worker, "run_worker", lambda config, index: seen.append(os.getcwd()))
    monkeypatch.chdir(tmp_path)
    assert ray_worker({"cwd": str(tmp_path / "missing"), "quiet": True}, 0) == ""
    assert seen == [str(tmp_path)]
