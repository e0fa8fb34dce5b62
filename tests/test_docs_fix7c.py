"""Docs snippets as a new user reads them (tester7a): what they show is what the commands print, and the
commands run as written."""

import os
import re
import subprocess
from pathlib import Path

from conftest import GYM_LOOP, run_cli

DOCS = Path(__file__).parent.parent / "docs"


def flat(page: str) -> str:
    return " ".join((DOCS / page).read_text().split())


def test_the_quickstarts_summary_line_is_what_train_of_the_default_spec_prints(tmp_path):
    shown = re.search(r"``(INFO: trained: .*?)``", flat("quickstart.rst")).group(1)
    assert run_cli("create-default", "-c", "default-run.yaml", cwd=tmp_path).returncode == 0
    result = run_cli("train", "-c", "default-run.yaml", cwd=tmp_path)
    printed = next(line for line in result.stderr.splitlines() if line.startswith("INFO: trained: "))
    assert shape(printed) == shape(shown)


def shape(line: str) -> str:
    """The line without what varies from run to run (times, the rate, the returns); the counts stay."""
    return re.sub(r"\d+\.\d+", "X", re.sub(r"\(\d+ steps/s\)", "(N steps/s)", line))


def console_commands(page: str):
    """The ``$`` lines of a page's console blocks, continuation lines (ending in ``\\``) joined."""
    text = (DOCS / page).read_text()
    found = re.findall(r"^\.\. code-block:: console\n\n((?:(?: +.*)?\n)+)", text, re.MULTILINE)
    lines = " ".join(found).replace("\\\n", " ").splitlines()
    return [line.strip()[2:] for line in lines if line.strip().startswith("$ ")]


def shell(line: str, cwd: Path) -> subprocess.CompletedProcess:
    """``line`` run by bash as a user's shell would run it, except that a pattern matching no file is an error
    (as in zsh, a common login shell), not passed on as it is."""
    env = {**os.environ, "PATH": f"{Path(GYM_LOOP).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-O", "failglob", "-c", line], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_sweeps_pages_first_commands_run_as_written_in_an_empty_folder(tmp_path):
    commands = console_commands("sweeps.rst")
    assert commands[0].startswith("gym-loop create-default ") and " -c lake.yaml " in commands[0]
    for line in commands:
        line = line.replace("--seeds 0-9", "--seeds 0")  # 3 runs, not 30
        result = shell(line, tmp_path)
        assert result.returncode == 0, (line, result.stderr)
    assert len(list((tmp_path / "sweeps/lake/runs").glob("*/seed-0/run.json"))) == 3


def test_the_plot_pages_commands_write_no_file_of_the_repository():
    text = flat("plots.rst")
    written = re.findall(r"gym-loop plot [^`:]*?-o (\S+)", text)
    assert len(written) >= 3
    assert not [path for path in written if (DOCS.parent / path).exists()], written  # refused without --force
