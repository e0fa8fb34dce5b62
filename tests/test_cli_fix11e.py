"""tester11e's defects of the command line (session 13): each test names its defect."""

import json

import pytest
import yaml

from conftest import run_cli


def fake_folders(tmp_path):
    """A run folder k (its spec's episodes.csv moved to tables/ep.csv), a sweep folder sw and a tune folder tu, with
    the files the tests must keep; no training (the refusals come before any is read)."""
    run = tmp_path / "k"
    (run / "checkpoints" / "agent-000001").mkdir(parents=True)
    (run / "spec.yaml").write_text(yaml.safe_dump({"loop": {"parameters": {"episodes_csv": "tables/ep.csv"}}}))
    (run / "run.json").write_text(json.dumps({"status": "finished"}))
    for name in ("sw", "tu"):
        (tmp_path / name).mkdir()
    (tmp_path / "sw" / "manifest.json").write_text("{}")
    (tmp_path / "tu" / "tune.json").write_text("{}")
    kept = {path: "kept" for path in ("k/tables/ep.csv", "k/evals.csv", "k/spec-before-resume-1.yaml",
                                      "k/checkpoints/agent-000001/state.json", "sw/scores.csv", "sw/aggregate.csv",
                                      "tu/trials.csv", "tu/best.yaml")}
    for path, text in kept.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    return kept


@pytest.mark.parametrize("output, refused, folder", [
    ("k/tables/ep.png", "k/tables/ep.csv", "the run folder k"),
    ("k/evals.svg", "k/evals.csv", "the run folder k"),
    ("k/checkpoints/a.png", "k/checkpoints/a.png", "the run folder k"),
    ("sw/scores.png", "sw/scores.csv", "the sweep folder sw"),
    ("tu/trials.pdf", "tu/trials.csv", "the tune folder tu")])
def test_plot_never_overwrites_a_file_of_a_run_sweep_or_tune(tmp_path, output, refused, folder):
    """tester11e-17: plot -o RUN/episodes.png --force replaced the run's episodes.csv (a sweep's scores.csv...)."""
    kept = fake_folders(tmp_path)
    for force in ([], ["--force"]):
        result = run_cli("plot", "k", "-o", output, *force, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        numbers = "" if refused == output else f" (the numbers of {output.split('/')[-1]} would replace it)"
        assert result.stderr.strip() == (
            f"Error: Invalid value for '-o' / '--output': {refused} is a file of {folder}, which gym-loop "
            f"reads{numbers}; give -o another name (see gym-loop plot --help)")
    assert all((tmp_path / path).read_text() == text for path, text in kept.items())
    assert not (tmp_path / output).exists()


@pytest.mark.parametrize("target, folder", [
    ("k/run.json", "the run folder k"), ("k/tables/ep.csv", "the run folder k"),
    ("k/spec-before-resume-1.yaml", "the run folder k"), ("k/.lock", "the run folder k"),
    ("k/checkpoints/agent-000001/state.json", "the run folder k"), ("sw/spec.yaml", "the sweep folder sw"),
    ("tu/best.yaml", "the tune folder tu")])
def test_create_default_never_overwrites_a_file_of_a_run(tmp_path, target, folder):
    """tester11e-16: create-default -c RUN/run.json --force made run.json a spec (only spec.yaml was refused)."""
    kept = fake_folders(tmp_path)
    result = run_cli("create-default", "-c", target, "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"Error: Invalid value for '-c' / '--run-config': {target} is a file of {folder}, "
                                     "which gym-loop reads; give -c another file (see gym-loop create-default --help)")
    assert all((tmp_path / path).read_text() == text for path, text in kept.items())


def test_files_of_ones_own_beside_a_run_may_be_replaced(tmp_path):
    """tester11e-16/17: a spec or a figure kept in a run folder is not the run's: --force replaces it."""
    fake_folders(tmp_path)
    (tmp_path / "k" / "notes.yaml").write_text("old")
    result = run_cli("create-default", "-c", "k/notes.yaml", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "k" / "notes.yaml").read_text().startswith("agent:")


@pytest.mark.parametrize("value, shown", [("5", "5"), ("[]", "[]"), ("'{parameters: 5}'", None)])
def test_create_default_refuses_a_loop_section_of_another_type_in_one_line(tmp_path, value, shown):
    """tester11e-1: create-default --set loop=5 (or null) was a traceback of cli.py's defaults()."""
    result = run_cli("create-default", "-s", f"loop={value.strip(chr(39))}", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    key, got = ("loop", shown) if shown else ("loop.parameters", "5")
    assert result.stderr.strip() == f"Error: {key}: expected a mapping of names to values, got {got}"


def test_create_default_takes_loop_null_as_train_does(tmp_path):
    """tester11e-1: --set loop=null is the default loop, as an empty loop: of a spec file is."""
    result = run_cli("create-default", "-c", "s.yaml", "-s", "loop=null", "-s", "env.name=CartPole-v1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((tmp_path / "s.yaml").read_text())["loop"] is None


def test_eval_output_is_never_another_runs_folder(tmp_path):
    """tester11e-14: eval --run a -o b filed a's evaluation in b's eval_logs (-c ... -o b/checkpoints/x too)."""
    spec = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 1, "eval_episodes": 1, "max_episode_len": 5}}}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    for run in ("a", "b"):
        assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", run, cwd=tmp_path).returncode == 0
    made = sorted(path for path in (tmp_path / "b").rglob("*"))
    for source, output, where in ((["--run", "a"], "b", "b is"),
                                  (["-c", "s.yaml"], "b/checkpoints/x", "b/checkpoints/x is inside b,")):
        result = run_cli("-q", "eval", *source, "-o", output, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip() == (
            f"Error: --output: {where} the run folder of another run, where the evaluation would read as that run's; "
            "give a folder outside it, or evaluate that run there: gym-loop eval --run b")
    assert sorted(path for path in (tmp_path / "b").rglob("*")) == made
    own = run_cli("-q", "eval", "--run", "a", "-o", "a/mine", cwd=tmp_path)
    assert own.returncode == 0, own.stderr


NESTED = ("loop.parameters: given by --set loop.parameters={render: false} after --set loop.parameters.max_episodes=2, "
          "which lies inside it and would be dropped; give each key once (set loop.parameters.max_episodes after "
          "loop.parameters, or in its value)")
SPEC = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"}}


@pytest.mark.parametrize("command", [["create-default"], ["train", "-c", "s.yaml"], ["eval", "-c", "s.yaml"],
                                     ["sweep", "-c", "s.yaml", "--dry-run"],
                                     ["tune", "-c", "s.yaml", "--space", "s.yaml", "--trials", "1"]])
def test_a_key_set_after_a_key_inside_it_is_refused(tmp_path, command):
    """tester11e-2: --set loop.parameters.max_episodes=2 --set 'loop.parameters={...}' dropped the first silently."""
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(SPEC))
    sets = ["-s", "loop.parameters.max_episodes=2", "-s", "loop.parameters={render: false}"]
    result = run_cli("-q", *command, *sets, cwd=tmp_path)
    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (2, f"Error: {NESTED}")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["s.yaml"]


def test_a_key_set_inside_one_set_before_is_set_in_it(tmp_path):
    """tester11e-2: the other order drops nothing: the inner key is set in the mapping given."""
    result = run_cli("create-default", "-s", "loop.parameters={render: false}", "-s", "loop.parameters.max_episodes=2",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load(result.stdout)["loop"]["parameters"]  # over the loop's defaults (tester14a-5)
    assert (written["render"], written["max_episodes"], written["eval_episodes"]) == (False, 2, 10)


@pytest.mark.parametrize("axes, message", [
    (["--grid", "loop.parameters.max_episodes=[3,4]", "--grid", "loop.parameters=[{episodes_per_eval: 10}]"],
     "--grid: loop.parameters is on an axis after one of loop.parameters.max_episodes, which lies inside it: its "
     "values would drop loop.parameters.max_episodes's; give the axis of loop.parameters.max_episodes after it"),
    (["--zip", "loop.parameters.max_episodes,loop.parameters=[[3, {}]]"],
     "--zip: loop.parameters comes after loop.parameters.max_episodes, which lies inside it, in "
     "loop.parameters.max_episodes,loop.parameters: its values would drop loop.parameters.max_episodes's; put "
     "loop.parameters.max_episodes after it"),
    (["-s", "loop.parameters.max_episodes=3", "--grid", "loop.parameters=[{}]"],
     "--set: loop.parameters.max_episodes lies inside loop.parameters, which is on a --grid axis, which sets it in "
     "every config, so the --set value would be dropped; give it in one place")])
def test_sweep_axes_of_a_key_and_a_key_inside_it_are_refused(tmp_path, axes, message):
    """tester11e-2: a sweep named its configs max_episodes=3 and =4, yet ran both with the parent axis' values."""
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
                                                     "env": {"name": "CartPole-v1"}}))
    result = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--dry-run", *axes, cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, f"Error: {message}")


@pytest.mark.parametrize("command", [["sweep", "-c", "s.yaml", "--dry-run"],
                                     ["tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", "1"]])
@pytest.mark.parametrize("seeds, shown", [("18446744073709551616", "18446744073709551616"),
                                          ("3,5-18446744073709551616", "18446744073709551616"),
                                          ("9" * 5000, "9" * 20 + "... (5000 digits)")])
def test_seeds_of_2_to_the_64_or_more_are_refused_up_front(tmp_path, command, seeds, shown):
    """tester11e-3: sweep and tune took --seeds 2**64, and every run then failed on its seed."""
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
                                                     "env": {"name": "CartPole-v1"}}))
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episode_len: [5, 6]\n")
    result = run_cli("-q", *command, "--seeds", seeds, cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (
        2, f"Error: --seeds: {shown} is not below 2**64; give seeds from 0 to 2**64-1")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["s.yaml", "space.yaml"]


def test_add_seeds_and_a_range_past_2_to_the_63_are_refused():
    """tester11e-3: --add-seeds takes --seeds' rule; a range longer than 2**63 seeds was an OverflowError."""
    from gym_loop.errors import SpecError
    from gym_loop.sweeps.extend import add_seeds
    from gym_loop.sweeps.plan import parse_seeds

    with pytest.raises(SpecError, match=r"^--add-seeds: 18446744073709551616 is not below 2\*\*64"):
        add_seeds(None, "18446744073709551616")
    with pytest.raises(SpecError, match="gives more than 10000 seeds"):
        parse_seeds("0-18446744073709551615")


@pytest.mark.parametrize("args, message", [
    (["sweep", "-c", "s.yaml", "-j2", "-j", "3", "--dry-run"],
     "--jobs is given twice (2 and 3); give it once (see gym-loop sweep --help)"),
    (["train", "-c", "nonexist.yaml", "-cs.yaml"],
     "--run-config is given twice (nonexist.yaml and s.yaml); give it once (see gym-loop train --help)"),
    (["plot", ".", "-oa.png", "-o", "b.png"], "--output is given twice (a.png and b.png); give it once "
                                              "(see gym-loop plot --help)"),
    (["runs", "ls", "--format", "csv", "--format", "json"],
     "--format is given twice (csv and json); give it once (see gym-loop runs ls --help)")])
def test_an_option_given_twice_is_refused_in_every_spelling(tmp_path, args, message):
    """tester11e-5: -j2 -j 3 ran with 3 jobs; tester11e-6: runs ls's error pointed to gym-loop runs --help."""
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
                                                     "env": {"name": "CartPole-v1"}}))
    result = run_cli(*args, cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, f"Error: {message}")


@pytest.mark.parametrize("value", ["2", "verbose"])
def test_gym_loop_debug_of_another_value_is_named(tmp_path, value):
    """tester11e-7: GYM_LOOP_DEBUG=2 made every command fail on an --debug option never given."""
    result = run_cli("runs", "ls", cwd=tmp_path, env={"GYM_LOOP_DEBUG": value})
    assert (result.returncode, result.stderr.strip()) == (
        2, f"Error: GYM_LOOP_DEBUG: '{value}' is not true or false; set it to 1 for tracebacks, or unset it "
           "(see gym-loop --help)")


@pytest.mark.parametrize("value, traceback", [("1", True), ("yes", True), ("0", False), ("off", False), ("", False)])
def test_gym_loop_debug_true_or_false(tmp_path, value, traceback):
    """tester11e-7: the values click read still read the same."""
    result = run_cli("create-default", "-s", "loop=5", cwd=tmp_path, env={"GYM_LOOP_DEBUG": value})
    assert result.returncode == 2  # with the traceback too (tester15c-3)
    assert ("Traceback" in result.stderr) == traceback


def test_default_jobs_is_the_cpus_this_process_may_use(monkeypatch):
    """tester11e-9: the default --jobs was os.cpu_count(), the machine's, under taskset or a cpuset too."""
    import os

    from gym_loop.sweeps.launch import LocalBackend

    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert LocalBackend.default_jobs() == 2
    monkeypatch.delattr(os, "sched_getaffinity")
    assert LocalBackend.default_jobs() == 64


def test_eval_warns_of_training_paths_and_train_of_eval_keys_without_evaluations(tmp_path):
    """tester11e-4: eval --set loop.parameters.logdir=DIR (records_dir, episodes_csv, runs_dir) did nothing, silently;
    train --set loop.parameters.eval_episodes=3 without episodes_per_eval likewise."""
    spec = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 1, "eval_episodes": 1, "max_episode_len": 5}}}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    result = run_cli("-q", "eval", "-c", "s.yaml", "-s", "loop.parameters.logdir=mylogs", "-s", "runs_dir=x",
                     "-s", "loop.parameters.record_dir=v", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    eval_says = "WARNING: {}: not used by eval, which plays eval_episodes episodes; {}"
    assert result.stderr.splitlines() == [
        eval_says.format("loop.parameters.logdir", "set loop.parameters.eval_logdir instead"),
        eval_says.format("runs_dir", "give -o DIR for where its logs and summary go"),
        eval_says.format("loop.parameters.record_dir", "set loop.parameters.eval_record_dir instead")]
    result = run_cli("-q", "train", "-c", "s.yaml", "-s", "loop.parameters.eval_episodes=3", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")  # the run's gym-loop eval --run plays 3 episodes later


def test_tune_refuses_runs_dir_by_set(tmp_path):
    """tester11e-11: tune --set runs_dir=xx was recorded in spec.yaml and best.yaml, and did nothing."""
    from fix11e_scenarios import _tune

    result = run_cli(*_tune(tmp_path, "runs_dir=xx"), cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (
        2, "Error: --set: runs_dir: a tune makes each trial's runs in its own folder (trials/<n>/seed-<s>), so "
           "runs_dir would change nothing; leave it out (--tunes-dir says where the tune goes)")
    assert not (tmp_path / "tunes").exists()


@pytest.mark.parametrize("args, message", [
    (["--table", "--kind", "intervals"], "--kind is for a figure, which --table draws only with -o; add -o "
                                         "intervals.png (or leave --kind out)"),
    (["--table", "--dpi", "50"], "--dpi is for a figure, which --table draws only with -o; add -o curves.png "
                                 "(or leave --dpi out)"),
    (["--table", "--width", "3"], "--width is for a figure, which --table draws only with -o; add -o curves.png "
                                  "(or leave --width out)"),
    (["--table", "-f"], "--force is for a figure, which --table draws only with -o; add -o curves.png "
                        "(or leave --force out)"),
    (["-o", "a.svg", "--dpi", "50"], "--dpi is for a PNG, not a.svg (a vector figure has no pixels); leave it out")])
def test_plot_refuses_a_figure_option_without_the_figure(tmp_path, args, message):
    """tester11e-12: plot --table --kind intervals (or --dpi, --width, -f) drew nothing and said nothing."""
    (tmp_path / "x").mkdir()
    result = run_cli("plot", "x", *args, cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, f"Error: {message} (see gym-loop plot --help)")


@pytest.mark.parametrize("command, advice", [
    (["eval"], "k is a run folder; evaluate its checkpoint with: gym-loop eval --run k"),
    (["train"], "k is a run folder; continue it with: gym-loop train --resume k, or start a new run from its spec: "
                "gym-loop train -c k/spec.yaml"),
    (["sweep"], "k is a run folder; give its spec: -c k/spec.yaml"),
    (["tune", "--space", "s.yaml", "--trials", "1"], "k is a run folder; give its spec: -c k/spec.yaml")])
def test_a_run_folder_given_as_the_spec_is_told_the_command(tmp_path, command, advice):
    """tester11e-15: train -c RUN / eval -c RUN said "File 'a' is a directory." and no more."""
    fake_folders(tmp_path)
    (tmp_path / "s.yaml").write_text("{}")
    result = run_cli(command[0], "-c", "k", *command[1:], cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (
        2, f"Error: Invalid value for '-c' / '--run-config': {advice} (see gym-loop {command[0]} --help)")


def test_a_sweep_folder_given_as_the_spec_is_told_the_command(tmp_path):
    """tester11e-15: sweep -c SWEEP_DIR."""
    fake_folders(tmp_path)
    (tmp_path / "sw" / "spec.yaml").write_text("{}")
    result = run_cli("sweep", "-c", "sw", cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (
        2, "Error: Invalid value for '-c' / '--run-config': sw is a sweep folder; continue it with: gym-loop sweep sw "
           "(see gym-loop sweep --help)")


def test_python_m_gym_loop_names_its_own_python_in_usage_errors(tmp_path):
    """tester11e-10: under /path/python -m gym_loop, errors said (see python -m gym_loop CMD --help), a python on PATH
    that need not have gym-loop."""
    import os
    import subprocess
    import sys

    (tmp_path / "s.yaml").write_text("{}")
    result = subprocess.run([sys.executable, "-m", "gym_loop", "create-default", "-c", "s.yaml"], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ}, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().endswith(f"(see {sys.executable} -m gym_loop create-default --help)")
    usage = subprocess.run([sys.executable, "-m", "gym_loop", "--help"], capture_output=True, text=True, timeout=120)
    assert usage.stdout.startswith(f"Usage: {sys.executable} -m gym_loop ")


LONG = "e" * 300


@pytest.mark.parametrize("args, option", [
    (["create-default", "-c", f"{LONG}.yaml"], "--run-config"), (["plot", ".", "-o", f"{LONG}.png"], "--output"),
    (["train", "-c", "s.yaml", "--run-dir", f"x/{LONG}"], "--run-dir"),
    (["train", "-c", "s.yaml", "--runs-dir", LONG], "runs_dir"), (["eval", "-c", "s.yaml", "-o", LONG], "--output"),
    (["sweep", "-c", "s.yaml", "--seeds", "0", "--name", LONG, "--dry-run"], "--name"),
    (["sweep", "-c", "s.yaml", "--seeds", "0", "--sweeps-dir", f"{LONG}/x", "--dry-run"], "--sweeps-dir"),
    (["tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", "1", "--name", LONG], "--name")])
def test_a_name_too_long_for_the_file_system_is_refused_naming_its_option(tmp_path, args, option):
    """tester11e-8: a 300-byte name was a traceback (create-default -c, plot -o) or 'File name too long' exit 1."""
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({
        "agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
        "loop": {"parameters": {"max_episodes": 1, "episodes_per_eval": 1, "max_episode_len": 5}}}))
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episode_len: {categorical: [5, 6]}\n")
    result = run_cli("-q", *args, cwd=tmp_path)
    name = next(part for arg in args for part in arg.split("/") if len(part) >= 300)
    assert (result.returncode, result.stderr.strip()) == (
        2, f"Error: {option}: the name {name[:16]}...{name[-12:]} is {len(name)} bytes, too long for a file or folder "
           "name on this file system (at most 255); give a shorter one")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["s.yaml", "space.yaml"]
