"""The console script as a user meets it: create-default, train, eval/evaluate, help, version."""

import pytest
import yaml

from conftest import AGENTS, make_spec, only_run, read_scalars, run_cli, write_spec

README_LOOP_PARAMETERS = {
    "episodes_per_checkpoint", "eval_episodes", "eval_logdir", "eval_record", "eval_record_dir",
    "eval_render", "logdir", "max_episode_len", "max_episodes", "random_episodes", "record",
    "record_dir", "render", "time_per_checkpoint",
}


def test_version_and_help_on_every_command(tmp_path):
    from gym_loop import __version__

    version = run_cli("--version", cwd=tmp_path)
    assert version.returncode == 0 and __version__ in version.stdout
    for command in ([], ["create-default"], ["train"], ["eval"], ["evaluate"]):
        result = run_cli(*command, "--help", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Usage: gym-loop" in result.stdout


def test_create_default_writes_the_readme_spec(tmp_path):
    result = run_cli("create-default", "--run-config", "default-run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    spec = yaml.safe_load((tmp_path / "default-run.yaml").read_text())
    assert spec["agent"] == {"class": "gym_loop.agents.random_agent:RandomAgent", "parameters": {}}
    assert spec["env"] == {"imports": [], "name": "Pendulum-v1", "parameters": {}}
    assert spec["loop"]["class"] == "gym_loop.loops.default_loop:DefaultLoop"
    assert README_LOOP_PARAMETERS <= set(spec["loop"]["parameters"])
    assert spec["loop"]["parameters"]["max_episodes"] == 5
    assert spec["loop"]["parameters"]["time_per_checkpoint"] is None


def test_create_default_prints_without_run_config(tmp_path):
    result = run_cli("create-default", cwd=tmp_path)
    assert result.returncode == 0
    assert yaml.safe_load(result.stdout)["env"]["name"] == "Pendulum-v1"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("form", ["relative", "absolute", "home", "module"])
def test_create_default_takes_every_class_string_form(tmp_path, monkeypatch, form):
    agent_file = tmp_path / "my_agent.py"
    agent_file.write_text((AGENTS / "readme_agent.py").read_text())
    home = tmp_path / "home"
    home.mkdir()
    (home / "home_agent.py").write_text(agent_file.read_text())
    agent = {
        "relative": "my_agent.py:ReadmeAgent",
        "absolute": f"{agent_file}:ReadmeAgent",
        "home": "~/home_agent.py:ReadmeAgent",
        "module": "my_agent:ReadmeAgent",
    }[form]
    result = run_cli("create-default", "-a", agent, "-l", "gym_loop.loops.default_loop:DefaultLoop",
                     "-c", "spec.yaml", cwd=tmp_path,
                     env={"HOME": str(home), "PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    spec = yaml.safe_load((tmp_path / "spec.yaml").read_text())
    assert spec["agent"] == {"class": agent, "parameters": {"greed": 0.5, "label": "readme"}}


@pytest.mark.parametrize("agent, message", [
    ("not a class string", "is not a class string; expected 'package.module:Class'"),
    ("missing_file.py:Agent", "no such file: missing_file.py"),
    ("no_such_package.module:Agent", "no module named 'no_such_package'"),
    ("gym_loop.agents.random_agent:RandomAgnt", "has no class 'RandomAgnt'; did you mean 'RandomAgent'?"),
])
def test_create_default_refuses_a_bad_class_string(tmp_path, agent, message):
    result = run_cli("create-default", "-a", agent, "-c", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Invalid value for '-a' / '--agent'" in result.stderr
    assert not (tmp_path / "spec.yaml").exists()


def test_create_default_never_overwrites_without_force(tmp_path):
    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text("my: edits\n")
    refused = run_cli("create-default", "-c", spec_file, cwd=tmp_path)
    assert refused.returncode == 2 and "pass --force" in refused.stderr
    assert spec_file.read_text() == "my: edits\n"
    forced = run_cli("create-default", "-c", spec_file, "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert "agent" in yaml.safe_load(spec_file.read_text())


def test_train_then_eval_and_evaluate(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec("Pendulum-v1", max_episode_len=20))
    trained = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert "trained: 3 episodes, 60 steps" in trained.stderr
    run = only_run(tmp_path)
    assert [step for step, _ in read_scalars(run / "logs")["episode/return"]] == [20, 40, 60]  # env steps
    latest = (run / "checkpoints" / "latest").read_text().strip()
    assert (run / "checkpoints" / latest / "agent.ckpt").is_file()
    for command in ("eval", "evaluate"):
        evaluated = run_cli(command, "--run-config", "run.yaml", cwd=tmp_path)
        assert evaluated.returncode == 0, evaluated.stderr
        assert "evaluated: 2 episodes, 40 steps" in evaluated.stderr


def test_the_created_default_trains_as_written(tmp_path):
    assert run_cli("create-default", "-c", "default-run.yaml", cwd=tmp_path).returncode == 0
    result = run_cli("-q", "train", "-c", "default-run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # --quiet
    assert len(read_scalars(only_run(tmp_path) / "logs")["episode/return"]) == 5


@pytest.mark.parametrize("text, code, message", [
    ("loop: [unclosed\n", 2, "run.yaml:2:1: invalid YAML"),
    ("", 2, "run.yaml is empty"),
    ("agent:\n  class: gym_loop.agents.random_agent:RandomAgent\n", 2, "env: missing section"),
])
def test_train_reports_a_bad_spec_in_one_line(tmp_path, text, code, message):
    (tmp_path / "run.yaml").write_text(text)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_shows_the_traceback(tmp_path):
    (tmp_path / "run.yaml").write_text("env: {name: CartPole-v1}\n")
    quiet = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    loud = run_cli("--debug", "train", "-c", "run.yaml", cwd=tmp_path)
    assert "Traceback" not in quiet.stderr and "Traceback" in loud.stderr
    assert "agent: missing section" in loud.stderr


def test_train_needs_an_existing_run_config(tmp_path):
    result = run_cli("train", "-c", "nowhere.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "'nowhere.yaml' does not exist" in result.stderr


def test_python_dash_m_runs_the_cli(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "gym_loop", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "create-default" in result.stdout


def _click_says(*args: str) -> str:
    """Click's own message for ``args`` to a group of train, eval and ls, its wording as the installed click has it
    (``No such option: --bogus`` in older clicks, ``No such option '--bogus'.`` in newer; ``Did you mean`` a command
    in newer ones only)."""
    import click

    try:
        click.Group(commands=[click.Command(name) for name in ("train", "eval", "ls")]).main(list(args), standalone_mode=False)
    except click.UsageError as error:
        return error.format_message()
    raise AssertionError(f"click took {args}")


@pytest.mark.parametrize("args, line", [
    (["train", "-c", "nope.yaml"],
     "Error: Invalid value for '-c' / '--run-config': File 'nope.yaml' does not exist. (see gym-loop train --help)"),
    (["train"], "Error: give either -c/--run-config SPEC or --resume RUN_FOLDER (see gym-loop train --help)"),
    (["train", "--resume", "nonexist"],
     "Error: Invalid value for '--resume': Path 'nonexist' does not exist. (see gym-loop train --help)"),
    (["create-default", "-c", "existing.yaml"], "Error: Invalid value for '-c' / '--run-config': existing.yaml exists; "
                                                "pass --force to overwrite it (see gym-loop create-default --help)"),
    (["eval", "--bogus"], f"Error: {_click_says('eval', '--bogus')} (see gym-loop eval --help)"),
    (["trian"], f"Error: {_click_says('trian')} (see gym-loop --help)"),
    (["--bogus"], f"Error: {_click_says('--bogus')} (see gym-loop --help)"),
    (["plot"], "Error: Missing argument 'PATHS...'. (see gym-loop plot --help)"),
    (["tune"], "Error: Missing option '-c' / '--run-config'. (see gym-loop tune --help)"),
    (["sweep"], "Error: give either -c/--run-config SPEC or a SWEEP_DIR to continue (see gym-loop sweep --help)"),
    (["runs", "list"], f"Error: {_click_says('list')} (see gym-loop runs --help)"),
])
def test_a_usage_error_is_one_line_in_every_command(tmp_path, args, line):
    (tmp_path / "existing.yaml").write_text("kept: true\n")
    result = run_cli(*args, cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines(), result.stdout) == (2, [line], "")
    assert (tmp_path / "existing.yaml").read_text() == "kept: true\n"


def test_debug_keeps_clicks_usage_lines(tmp_path):
    result = run_cli("--debug", "train", "-c", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[1] in ("Try 'gym-loop train --help' for help.", "Try 'gym-loop train -h' for help.")  # older clicks
    assert lines[:1] + lines[2:] == ["Usage: gym-loop train (-c SPEC | --resume RUN_FOLDER) [OPTIONS]", "",
                                     "Error: Invalid value for '-c' / '--run-config': File 'nope.yaml' does not exist."]


MULTI_LINE_LOAD = """
from gym_loop.agents.random_agent import RandomAgent

class Agent(RandomAgent):
    def save(self, path):  # a pair with load (else the spec check warns: a load over RandomAgent's save)
        super().save(path)

    def load(self, path):
        raise RuntimeError("Error(s) in loading state_dict for Sequential:\\n\\tsize mismatch for 0.weight\\n\\tand 0.bias")
"""


def test_an_error_of_several_lines_is_shown_as_its_first_line(tmp_path):
    (tmp_path / "multi.py").write_text(MULTI_LINE_LOAD)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'multi.py'}:Agent", max_episodes=1))
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    for command in (["eval", "--run", "run"], ["train", "--resume", "run", "-s", "loop.parameters.max_episodes=2"]):
        result = run_cli("-q", *command, cwd=tmp_path)
        assert result.returncode == 1
        [line] = result.stderr.splitlines()
        assert line.startswith("Error: agent.load failed for ") and line.endswith(
            "agent.ckpt: RuntimeError: Error(s) in loading state_dict for Sequential: "
            "(--debug shows the rest and the traceback)"), line
    shown = run_cli("-q", "--debug", "eval", "--run", "run", cwd=tmp_path).stderr
    assert "size mismatch for 0.weight" in shown and "Traceback" in shown


def test_run_dir_and_runs_dir_together_are_refused(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "here", "--runs-dir", "there", cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: --run-dir and --runs-dir exclude each other")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run.yaml"]


def test_the_summary_of_one_episode_says_episode(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0 and "trained: 1 episode, " in result.stderr, result.stderr


def test_eval_says_the_seed_it_drew(tmp_path):
    import json
    import re

    write_spec(tmp_path / "run.yaml", make_spec(eval_episodes=1))
    result = run_cli("eval", "-c", "run.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    seed = int(re.search(r"evaluating with seed (\d+) \(--seed \1 repeats it\)", result.stderr).group(1))
    assert seed == json.loads(next((tmp_path / "out").rglob("*.json")).read_text())["seed"]
