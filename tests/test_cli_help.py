"""Help that teaches, and the global options where users put them."""

import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import make_spec, run_cli, write_spec
from gym_loop.cli import main

COMMANDS = ("create-default", "train", "eval")


def _examples(help_text: str):
    """The example command lines at the end of a command's help."""
    head, _, tail = help_text.partition("Examples:\n")
    assert tail, help_text
    return [line.strip() for line in tail.splitlines() if line.strip()]


def test_the_command_list_shows_whole_descriptions_and_the_alias_once(tmp_path):
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    commands = result.stdout.split("Commands:")[1]
    words = " ".join(commands.split())
    for name in main.commands:
        first_paragraph = main.commands[name].help.split("\n\n")[0]
        assert " ".join(first_paragraph.split()) in words
    assert "..." not in commands
    assert words.count("evaluate") == 1 and "Also: evaluate." in words
    listing = commands.strip("\n").split("\n\n")[0]  # the rows, before the closing paragraph
    rows = [line.split()[0] for line in listing.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert rows == sorted(main.commands) and "evaluate" not in rows
    assert "also work after the command" in " ".join(result.stdout.split())


@pytest.mark.parametrize("name", COMMANDS + ("evaluate", "sweep", "aggregate", "plot", "tune", "runs ls"))
def test_each_command_help_ends_with_real_examples(tmp_path, name):
    path = name.split()
    result = run_cli(*path, "--help", cwd=tmp_path)
    assert result.returncode == 0
    examples = _examples(result.stdout)
    assert 2 <= len(examples) <= 3
    command = main
    for word in path:
        command = command.get_command(None, word)
    known = {opt for param in command.params for opt in getattr(param, "opts", ())}
    with_options = 0
    for line in examples:
        words = shlex.split(line)
        assert words[:len(path) + 1] == ["gym-loop", *(path if name != "evaluate" else ["eval"])], line
        options = [word for word in words[len(path) + 1:] if word.startswith("-")]
        assert set(options) <= known, line
        with_options += bool(options)
    assert with_options >= len(examples) - 1  # at most one example shows the command without options


def test_train_help_says_one_of_run_config_and_resume_is_required(tmp_path):
    text = " ".join(run_cli("train", "--help", cwd=tmp_path).stdout.split())
    assert "Usage: gym-loop train (-c SPEC | --resume RUN_FOLDER) [OPTIONS]" in text
    assert "Required unless --resume is given" in text
    text = " ".join(run_cli("eval", "--help", cwd=tmp_path).stdout.split())
    assert "Usage: gym-loop eval (-c SPEC | --run RUN_FOLDER) [OPTIONS]" in text


def test_quiet_after_the_command(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3))
    for args in (("train", "-c", "run.yaml", "-q"), ("eval", "-c", "run.yaml", "--quiet"),
                 ("evaluate", "-q", "-c", "run.yaml")):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stderr == "" and result.stdout == "", args
    loud = run_cli("eval", "-c", "run.yaml", cwd=tmp_path)
    assert "evaluated: 2 episodes" in loud.stderr


def test_debug_after_the_command(tmp_path):
    (tmp_path / "run.yaml").write_text("env: {name: CartPole-v1}\n")
    after = run_cli("train", "-c", "run.yaml", "--debug", cwd=tmp_path)
    before = run_cli("--debug", "train", "-c", "run.yaml", cwd=tmp_path)
    plain = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert "Traceback" in after.stderr and "Traceback" in before.stderr
    assert "Traceback" not in plain.stderr and plain.stderr.startswith("Error: agent: missing section")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_before_or_after_the_command_shows_clicks_usage_lines_of_a_wrong_option(tmp_path, where):
    args = ("train", "-c", "run.yaml", "--bogus")
    result = run_cli(*(("--debug", *args) if where == "before" else (*args, "--debug")), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: gym-loop train") and "No such option" in result.stderr  # 8.4: '--bogus'.
    assert "--bogus" in result.stderr


def test_an_option_without_its_value_says_where_the_help_is(tmp_path):
    for args, command in ((("train", "--resume"), "train"), (("evaluate", "--run"), "eval")):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr == (f"Error: Option '{args[1]}' requires an argument. (see gym-loop {command} --help)\n")


def test_a_command_registered_later_gets_the_global_options():
    @click.command("count-to")
    @click.argument("number", type=int)
    @click.pass_context
    def count_to(ctx, number):
        """Count to NUMBER, quietly with -q."""
        from gym_loop.cli import global_flag

        if not global_flag(ctx, "quiet"):
            click.echo(" ".join(map(str, range(1, number + 1))))

    main.add_command(count_to)
    try:
        runner = CliRunner()
        assert runner.invoke(main, ["count-to", "3"]).output == "1 2 3\n"
        assert runner.invoke(main, ["count-to", "3", "-q"]).output == ""
        assert runner.invoke(main, ["-q", "count-to", "3"]).output == ""
        assert "--debug" in runner.invoke(main, ["count-to", "--help"]).output
    finally:
        del main.commands["count-to"]


def test_create_default_help_examples_run(tmp_path):
    """Each example of create-default's help works as written, from a copy of the repository's examples/
    (Gymnasium 1.x refuses Taxi-v3)."""
    for index, line in enumerate(_examples(run_cli("create-default", "--help", cwd=tmp_path).stdout)):
        shutil.copytree(Path(__file__).parent.parent / "examples", tmp_path / str(index) / "examples")
        result = run_cli(*shlex.split(line)[1:], cwd=tmp_path / str(index))
        assert result.returncode == 0, (line, result.stderr)


def test_the_runs_group_help_ends_with_examples(tmp_path):
    examples = _examples(run_cli("runs", "--help", cwd=tmp_path).stdout)
    assert examples and all(line.startswith("gym-loop runs ls") for line in examples)


def test_tune_takes_j_as_sweep_does_and_train_names_the_specs_runs_dir():
    assert "-j, --jobs" in CliRunner().invoke(main, ["tune", "--help"]).output
    assert "the spec's runs_dir" in " ".join(CliRunner().invoke(main, ["train", "--help"]).output.split())
