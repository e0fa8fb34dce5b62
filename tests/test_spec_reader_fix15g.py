"""fix15g (tester15g-7): a run's spec.yaml is read one way by every reader. load_spec read an older gym-loop's sealed
spec.yaml (``lr: 1e-3`` left unquoted) as its writer meant it, but the readers of run folders (plot, runs ls, a
sweep's check of runs changed by hand) read 0.001: plot split such a run from its config, a continued sweep called
its runs "changed by hand"."""

from hashlib import sha256

from gym_loop.files import SEAL
from gym_loop.spec import load_spec
from gym_loop.sweeps.runinfo import read_spec
from gym_loop.yaml_safety import dump
from tests.conftest import make_spec, run_cli
from tests.test_old_spec_left15b import AGENT


def as_older_wrote(spec_yaml):
    """A spec.yaml as the gym-loop before 14a-12 wrote it: 1e-3 and 08 unquoted (sealed if the file was)."""
    text = spec_yaml.read_text()
    sealed = text.startswith(SEAL)
    body = (text.partition("\n")[2] if sealed else text).replace("'1e-3'", "1e-3").replace("'08'", "08")
    assert "lr: 1e-3" in body and "tag: 08" in body
    spec_yaml.write_text(f"{SEAL}{sha256(body.encode()).hexdigest()}\n{body}" if sealed else body)


def test_a_run_folders_readers_read_an_older_spec_as_load_spec_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(AGENT)
    spec = make_spec(agent="a.py:A", max_episodes=1, eval_episodes=1, logdir=None)
    (tmp_path / "s.yaml").write_text(dump(spec))
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--grid", "agent.parameters.rate=[0.1]",
                   cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    specs = sorted((tmp_path / "sweeps" / "s").rglob("spec.yaml"))
    assert len(specs) == 2  # the sweep's and its run's
    for path in specs:
        as_older_wrote(path)
    run = next(path.parent for path in specs if (path.parent / "run.json").is_file())
    assert read_spec(run) == load_spec(str(run / "spec.yaml"))
    assert read_spec(run)["agent"]["parameters"]["lr"] == "1e-3"
    continued = run_cli("sweep", "sweeps/s", "--add-seeds", "1", cwd=tmp_path)
    assert continued.returncode == 0, continued.stderr
    assert "changed by hand" not in continued.stderr
    assert "ran with other values" not in continued.stderr
