"""fix12d1: processes gym-loop starts (tune's workers and their trials, a sweep's runs) do not put the working
directory first on sys.path: a user's optuna.py or numpy.py there does not shadow the library (tester12d-15)."""

import subprocess
import sys

from conftest import make_spec, run_cli, write_spec


def test_tune_in_a_folder_with_a_users_optuna_py_and_numpy_py(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, episodes_per_eval=2))
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episodes: {int: [2, 3]}\n")
    for name in ("optuna", "numpy"):
        (tmp_path / f"{name}.py").write_text(f"raise RuntimeError('the user\\'s {name}.py was imported')\n")
    result = run_cli("tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", 0, "-q",
                     "--name", "t", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "was imported" not in result.stderr
    assert (tmp_path / "tunes" / "t" / "trials.csv").read_text().splitlines()[1].startswith("0,COMPLETE,")


def test_python_module_leaves_the_working_directory_out_on_every_python(tmp_path, monkeypatch):
    from gym_loop.sweeps import launch

    (tmp_path / "json.py").write_text("raise RuntimeError('shadowed')\n")
    script = "import json, sys; print(json.__file__)"
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "probe.py").write_text(script)
    for version in (sys.version_info, (3, 10)):
        monkeypatch.setattr(launch.sys, "version_info", version)
        command = launch.python_module("probe")
        assert ("-P" in command) == (version >= (3, 11))
        found = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                               env={"PYTHONPATH": str(tmp_path / "lib")})
        assert found.returncode == 0 and "shadowed" not in found.stderr, found.stderr
        assert "shadowed" not in found.stdout and str(tmp_path) not in found.stdout
