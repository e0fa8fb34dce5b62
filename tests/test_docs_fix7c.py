"""Docs snippets as a new user reads them (tester7a): what they show is what the commands print, and the
commands run as written."""

import re
import shlex
from pathlib import Path

from conftest import run_cli

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
