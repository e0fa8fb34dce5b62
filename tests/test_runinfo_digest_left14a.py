"""sweeps/runinfo.py takes a file's digest with resolve.digest_of, as the rest of gym-loop does (note16: it hashed the
file itself beside it): an edited agent file is named, one that cannot be read (gone, a folder now) is not, and
nothing is raised."""

import shutil

from conftest import make_spec, run_cli, write_spec
from gym_loop.sweeps import runinfo

AGENT = "from gym_loop.agents.random_agent import RandomAgent\n\n\nclass Mine(RandomAgent):\n    pass\n"


def test_changed_code_names_an_edited_file_and_passes_over_an_unreadable_one(tmp_path):
    (tmp_path / "mine.py").write_text(AGENT)
    spec = make_spec(max_episodes=1)
    spec["agent"]["class"] = "mine.py:Mine"
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    run = tmp_path / "run"
    assert runinfo.changed_code(run, runinfo.read_record(run)) == []
    (tmp_path / "mine.py").write_text(AGENT + "# edited\n")
    assert runinfo.changed_code(run, runinfo.read_record(run)) == ["mine.py"]
    assert runinfo.changed_files([run]) == {"mine.py": 1}
    (tmp_path / "mine.py").unlink()
    (tmp_path / "mine.py").mkdir()  # read_bytes: IsADirectoryError
    assert runinfo.changed_code(run, runinfo.read_record(run)) == []
    shutil.rmtree(tmp_path / "mine.py")
    assert runinfo.changed_code(run, runinfo.read_record(run)) == []
