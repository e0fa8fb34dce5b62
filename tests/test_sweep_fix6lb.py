"""A sweep of an env in a local module (``myenvs:Id`` or ``env.imports``): a change of that module is warned, and
``reward_threshold: env`` is looked up as train looks it up (fix6 left6b)."""

from conftest import make_spec, run_cli, write_spec
from test_env_fix6b import ENVS


def test_a_sweep_continued_after_its_env_module_changed_warns_as_train_resume_does(tmp_path):
    (tmp_path / "myenvs.py").write_text(ENVS)
    write_spec(tmp_path / "cp.yaml", make_spec("myenvs:Fix6b/Tiny-v0", max_episodes=2, episodes_per_checkpoint=1000))
    made = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-1", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    same = run_cli("sweep", "sweeps/cp", "--add-seeds", "2", cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    assert "changed since" not in same.stderr
    (tmp_path / "myenvs.py").write_text(ENVS.replace("REWARD = 1.0", "REWARD = 2.0"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()  # the module is found where the runs were made, as their train --resume finds it
    changed = run_cli("sweep", tmp_path / "sweeps/cp", "--add-seeds", "3", cwd=elsewhere)
    assert changed.returncode == 0, changed.stderr
    assert (f"WARNING: {tmp_path / 'myenvs.py'} changed since 3 run(s) of this sweep trained with it: the sweep would "
            "mix two versions of the code; to run every seed on the new one, give a new --name"
            ) in changed.stderr.splitlines()


def test_a_run_solved_at_the_threshold_of_a_module_prefixed_env_is_recovered_not_trained_on(tmp_path):
    (tmp_path / "myenvs.py").write_text(ENVS.replace("entry_point=Tiny)", "entry_point=Tiny, reward_threshold=2.0)"))
    write_spec(tmp_path / "cp.yaml", make_spec("myenvs:Fix6b/Tiny-v0", max_episodes=50, episodes_per_eval=2,
                                               eval_episodes=1, reward_threshold="env"))
    made = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    run = tmp_path / "sweeps/cp/runs/base/seed-0"
    assert len((run / "episodes.csv").read_text().splitlines()) == 3  # solved after 2 episodes (returns of 3.0)
    (run / "run.json").write_text("{")  # cut short
    continued = run_cli("sweep", "sweeps/cp", cwd=tmp_path)
    assert continued.returncode == 0, continued.stderr
    assert ("WARNING: base/seed-0: run.json cannot be read; rebuilt from the sweep's plan, finished: its latest "
            "checkpoint is at its planned end (the old one is kept beside it)") in continued.stderr.splitlines()
    assert len((run / "episodes.csv").read_text().splitlines()) == 3  # never trained past its stop
