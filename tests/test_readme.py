"""The README's and the Quickstart's commands, run as written, in order, in a fresh folder.

Commands are the ``$`` lines of the ``.. code-block:: console`` blocks. ``make``, ``pip`` and
``tensorboard`` lines install or show things and are not run here (``make`` is CI's own entry
point); every other line must be a ``gym-loop`` command, and must succeed. ``<time>`` in a path
stands for the newest run folder of that name. The agent file the README writes in
``~/my_agent.py`` is its own ``python`` block, written to a home folder of the test's. Training
on the examples is capped at a few hundred env steps (``--set loop.parameters.max_steps=300``):
the specs as written take seconds to minutes each, and their learning is tested elsewhere.
"""

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from conftest import make_spec, only_run, run_cli, write_spec
from test_runs import EXAMPLES

ROOT = Path(__file__).parent.parent
NOT_RUN = {"make", "pip", "python", "tensorboard"}
EXAMPLE_CAP = ("--set", "loop.parameters.max_steps=300")


def blocks(path: Path, language: str):
    """The contents of the ``.. code-block:: <language>`` blocks of an rst file, dedented."""
    found = re.findall(rf"^\.\. code-block:: {language}\n\n((?:(?: {{4}}.*)?\n)+)", path.read_text(), re.MULTILINE)
    return [re.sub(r"^ {4}", "", block, flags=re.MULTILINE) for block in found]


def commands(path: Path):
    """The ``$`` command lines of the console blocks, in order, as argument lists."""
    lines = [line[2:] for block in blocks(path, "console") for line in block.splitlines() if line.startswith("$ ")]
    return [shlex.split(line, comments=True) for line in lines]


def with_run_folders(args, cwd: Path):
    """``runs/<name>-<time>`` replaced by the newest such run folder."""
    def newest(word):
        match = re.fullmatch(r"(.*)<time>(.*)", word)
        if not match:
            return word
        found = sorted(cwd.glob(match.group(1) + "[0-9]*"))
        assert found, f"no run folder for {word}"
        return str(found[-1].relative_to(cwd)) + match.group(2)
    return [newest(word) for word in args]


@pytest.mark.slow
@pytest.mark.parametrize("document", ["README.rst", "docs/quickstart.rst"])
def test_the_documented_commands_run_as_written(tmp_path, document):
    work, home = tmp_path / "work", tmp_path / "home"
    home.mkdir()
    shutil.copytree(EXAMPLES, work / "examples")
    (home / "my_agent.py").write_text(next(block for block in blocks(ROOT / "README.rst", "python")
                                           if "class MyAgent" in block))
    ran = []
    for args in commands(ROOT / document):
        if args[0] in NOT_RUN:
            continue
        assert args[0] == "gym-loop", args
        args = with_run_folders(args[1:], work)
        if args[:1] == ["train"] and any(word.startswith("examples/") for word in args):
            args += EXAMPLE_CAP
        result = run_cli(*args, cwd=work, env={"HOME": str(home)})
        assert result.returncode == 0, f"gym-loop {' '.join(args)}\n{result.stderr}"
        assert "results in " in result.stderr.splitlines()[-1] or args[0] == "create-default", result.stderr
        ran.append(args[0])
    assert ran.count("train") >= 2 and ran.count("eval") >= 2


def test_best_without_periodic_evaluation_evaluates_the_latest_and_says_so(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3, episodes_per_checkpoint=2))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = only_run(tmp_path).relative_to(tmp_path)
    result = run_cli("eval", "--run", run, "--checkpoint", "best", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (f"WARNING: {run}/checkpoints has no best checkpoint (it is kept with periodic evaluation, "
            f"loop.parameters.episodes_per_eval); evaluating latest") in result.stderr
    summary = json.loads(next((tmp_path / run / "eval_logs").glob("summary-*.json")).read_text())
    assert summary["checkpoint"].endswith("agent-000003")


@pytest.mark.parametrize("name", ["agent-000002", "agent-000002-1a2b3c4d"])
def test_a_checkpoint_is_found_by_its_own_name(tmp_path, name):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3, episodes_per_checkpoint=2))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = only_run(tmp_path)
    if name != "agent-000002":  # as a run inside a git repository names it
        (run / "checkpoints" / "agent-000002").rename(run / "checkpoints" / name)
    result = run_cli("eval", "--run", run, "--checkpoint", "agent-000002", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(next((run / "eval_logs").glob("summary-*.json")).read_text())
    assert summary["checkpoint"] == str((run / "checkpoints" / name).resolve())


def test_eval_with_a_spec_names_its_folder_once(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3))
    result = run_cli("eval", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    last = result.stderr.splitlines()[-1]
    summary = next((tmp_path / "eval_logs").glob("summary-*.json")).name
    assert last == f"INFO: results in eval_logs (summary: {summary}); to see them: tensorboard --logdir eval_logs"
    assert "./eval_logs" not in result.stderr


def test_a_spec_error_found_when_building_prints_no_run_folder(tmp_path):
    spec = make_spec()
    spec["env"]["parameters"] = {"no_such_parameter": 1}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: env.parameters.") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "runs").exists()


def test_the_readmes_default_spec_is_what_create_default_writes(tmp_path):
    shown = next(block for block in blocks(ROOT / "README.rst", "yaml") if block.startswith("agent:"))
    result = run_cli("create-default", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert shown.rstrip("\n") == result.stdout.rstrip("\n")
