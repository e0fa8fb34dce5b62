"""Advice is in Python terms inside the user's own click command; in command-line terms only inside gym-loop's
(tester7f-17)."""

import click
from click.testing import CliRunner

from gym_loop.cli import main
from gym_loop.errors import from_cli, resume_call


def test_a_users_click_command_gets_python_advice_and_gym_loops_own_command_line_advice():
    seen = []

    @click.command()
    def mine():
        seen.append((from_cli(), resume_call("runs/a")))

    assert CliRunner().invoke(mine).exit_code == 0
    assert seen == [(False, "train_agent(None, resume='runs/a')")]

    @main.command("probe7f")
    def probe():
        seen.append((from_cli(), resume_call("runs/a")))

    try:
        assert CliRunner().invoke(main, ["probe7f"]).exit_code == 0
    finally:
        main.commands.pop("probe7f")
    assert seen[1] == (True, "gym-loop train --resume runs/a")
