"""gym-loop under a locale that is not UTF-8 (tester12d): names it cannot encode are one line, exit 2, naming the
fix; what it prints cannot fail on an encoding; -X utf8 reaches the processes a command starts."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import make_spec, run_cli, write_spec

AGENT = """from gym_loop.agents import BaseAgent
class Agent(BaseAgent):
    def act(self, state, episode_num):
        return self.parameters["action_space"].sample()
    def memorize(self, *a): pass
    def update(self, episode_num): pass
"""


def ascii_locale(*args, cwd, flags=()):
    """``python [flags] -m gym_loop ARGS`` under LC_ALL=C without UTF-8 mode: Python's file names are ASCII."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}
    return subprocess.run([sys.executable, *flags, "-m", "gym_loop", *map(str, args)], cwd=cwd, capture_output=True,
                          env={**env, "LC_ALL": "C", "PYTHONUTF8": "0"}, timeout=120)


@pytest.fixture
def accented(tmp_path):
    """A folder with an agent file under ``agénts/`` and the spec ``spéc.yaml`` that uses it."""
    (tmp_path / "agénts").mkdir()
    (tmp_path / "agénts" / "mon_agent.py").write_text(AGENT, encoding="utf-8")
    spec = make_spec()
    spec["agent"] = {"class": "agénts/mon_agent.py:Agent", "parameters": {}}
    write_spec(tmp_path / "spéc.yaml", spec)
    return tmp_path


def test_printing_a_name_the_terminal_cannot_encode(accented):
    assert run_cli("train", "-c", "spéc.yaml", "--run-dir", "runs/spéc", "-q", cwd=accented).returncode == 0
    done = run_cli("runs", "ls", cwd=accented, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "sp\\xe9c" in done.stdout


def test_a_path_printed_under_an_ascii_locale_can_be_pasted(tmp_path):
    write_spec(tmp_path / "é.yaml", make_spec())
    done = ascii_locale("train", "-c", "é.yaml", "--runs-dir", "r", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    run = next((tmp_path / "r").iterdir()).name
    assert f"tensorboard --logdir 'r/{run}/logs'".encode() in done.stderr  # the folder's own bytes, not \udcc3\udca9


def test_x_utf8_reaches_a_sweeps_runs(accented):
    done = ascii_locale("sweep", "-c", "spéc.yaml", "--seeds", "0", "--name", "x", "-q", cwd=accented,
                        flags=("-X", "utf8"))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")


def one_line(done, *words):
    """The command failed with exit 2 and one line on stderr holding ``words``."""
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, stderr
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr, stderr
    assert all(word in stderr for word in words), stderr


FIX = "set LC_ALL=C.UTF-8 (or PYTHONUTF8=1)"


def test_git_repository_in_a_non_ascii_folder(tmp_path):
    repo = tmp_path / "dépôt"
    repo.mkdir()
    write_spec(repo / "run.yaml", make_spec())
    for command in (["init", "-q"], ["add", "."], ["-c", "user.email=a@b", "-c", "user.name=t", "commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=repo, check=True, capture_output=True)
    done = ascii_locale("train", "-c", "run.yaml", "--run-dir", "r", "-q", cwd=repo)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    record = (repo / "r" / "run.json").read_text(encoding="utf-8")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert head in record


def test_runs_dir_this_locale_cannot_name(tmp_path):
    write_spec(tmp_path / "r.yaml", {**make_spec(), "runs_dir": "résultats"})
    one_line(ascii_locale("train", "-c", "r.yaml", cwd=tmp_path), "résultats cannot be a file name under this "
             "locale's encoding (ascii): use ASCII names, or " + FIX)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["r.yaml"]


def test_agent_file_this_locale_cannot_name(accented):
    assert run_cli("train", "-c", "spéc.yaml", "--run-dir", "runs/r", "-q", cwd=accented).returncode == 0
    said = "agent.class: agénts/mon_agent.py cannot be a file name under this locale's encoding (ascii)"
    one_line(ascii_locale("train", "-c", "spéc.yaml", cwd=accented), said, FIX)
    one_line(ascii_locale("train", "--resume", "runs/r", "-s", "loop.parameters.max_episodes=5", cwd=accented), said)
    one_line(ascii_locale("eval", "--run", "runs/r", cwd=accented), said)
    one_line(ascii_locale("create-default", "-a", "agénts/mon_agent.py:Agent", cwd=accented),
             "agénts/mon_agent.py", "holds characters this locale's encoding (ascii) cannot read", FIX)


def test_sweep_with_non_ascii_ids_read_under_another_locale(accented):
    done = run_cli("sweep", "-c", "spéc.yaml", "--seeds", "0", "--grid", "env.name=[CartPole-v1]", "--grid",
                   "loop.parameters.max_episode_len=[20]", "--name", "swé", "-q", cwd=accented)
    assert done.returncode == 0, done.stderr
    sweep = accented / "sweeps" / "swé"
    runs = sweep / "runs"
    old = next(runs.iterdir()).name
    (runs / old).rename(runs / f"é{old}")  # a non-ASCII config id, as a grid key or value gives it
    (sweep / "state.json").write_text((sweep / "state.json").read_text().replace(old, f"é{old}"))
    scores = (sweep / "scores.csv").read_bytes()
    for command in (["aggregate", "sweeps/swé"], ["sweep", "sweeps/swé"], ["plot", "sweeps/swé", "--table"]):
        one_line(ascii_locale(*command, cwd=accented), f"é{old} cannot be a file name under this locale's "
                 "encoding (ascii)", FIX)
    assert (sweep / "scores.csv").read_bytes() == scores
    assert len(list(runs.iterdir())) == 1


@pytest.fixture(scope="module")
def latin1(tmp_path_factory):
    """LOCPATH and LC_ALL of an ISO-8859-1 locale made with localedef; skipped where it cannot be made."""
    folder = tmp_path_factory.mktemp("locale")
    made = subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
                          capture_output=True) if shutil.which("localedef") else None
    if made is None or not (folder / "en_US.ISO-8859-1").exists():
        pytest.skip("no localedef to make a Latin-1 locale")
    return {"LOCPATH": str(folder), "LC_ALL": "en_US.ISO-8859-1"}


def test_file_made_under_utf8_read_under_latin1(accented, latin1):
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    done = subprocess.run([sys.executable, "-m", "gym_loop", "train", "-c", "spéc.yaml"], cwd=accented,
                          capture_output=True, env={**env, **latin1}, timeout=120)
    one_line(done, "mon_agent.py is there under its UTF-8 name, which this locale's encoding (iso8859-1) reads "
             "otherwise: " + FIX)
