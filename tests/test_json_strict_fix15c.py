"""tester15c-1: run.json, a sweep's manifest.json and state.json, an evaluation's summary and ``aggregate --format
json`` held ``Infinity`` and ``NaN``, which are not JSON (JavaScript, Go, jq 1.5 refuse the file). Now a float that is
not finite is written as YAML spells it (``".inf"``, ``"-.inf"``, ``".nan"``) and read back as the float; files of an
earlier gym-loop, with ``NaN``, are still read."""

import json
import math

import numpy as np

from conftest import make_spec, run_cli, write_spec

from gym_loop.files import json_text, json_value
from gym_loop.run_folder import RunFolder
from gym_loop.sweeps.state import SweepFolder


def strict(text):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


def test_json_text_is_strict_and_json_value_reads_it_and_older_files_back():
    value = {"a": [math.inf, -math.inf, math.nan, 1.5, "x", None], "b": np.float32("nan"), "c": (1, math.inf)}
    text = json_text(value, indent=2, default=lambda item: item.item())
    assert strict(text) == {"a": [".inf", "-.inf", ".nan", 1.5, "x", None], "b": ".nan", "c": [1, ".inf"]}
    back = json_value(text)
    assert back["a"][:2] == [math.inf, -math.inf] and math.isnan(back["a"][2]) and back["a"][3:] == [1.5, "x", None]
    assert math.isnan(back["b"]) and back["c"] == [1, math.inf]
    older = json_value('{"score": NaN, "g": Infinity, "h": [-Infinity]}')
    assert math.isnan(older["score"]) and older["g"] == math.inf and older["h"] == [-math.inf]


def test_run_json_of_a_resume_changing_a_value_to_inf_is_strict(tmp_path):
    run = RunFolder(tmp_path / "run")
    run.path.mkdir()
    run.write_spec(make_spec())
    run.start(seed=1)
    run.finish("interrupted", "stopped")
    run.resume(tmp_path / "run" / "checkpoints" / "agent-000003", make_spec(reward_threshold=math.inf))
    strict(run.record_path.read_text())
    assert run.record()["resumed"][0]["changed"]["loop.parameters.reward_threshold"][1] == math.inf
    run.record_path.write_text('{"status": "running", "resumed": [], "score": NaN}')  # an earlier gym-loop's
    assert math.isnan(run.record()["score"])


def test_a_sweep_over_inf_writes_strict_json_and_continues(tmp_path):
    spec = make_spec("Pendulum-v1", max_episodes=1, max_episode_len=5, episodes_per_eval=None, eval_episodes=1)
    write_spec(tmp_path / "run.yaml", spec)
    command = ("-q", "sweep", "-c", "run.yaml", "--name", "s", "--seeds", "0", "--jobs", "1",
               "--grid", "env.parameters.g=[.inf, 9.8]")
    first = run_cli(*command, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    sweep = tmp_path / "sweeps" / "s"
    for name in ("manifest.json", "state.json"):
        strict((sweep / name).read_text())
    for record in sweep.glob("runs/*/seed-0/run.json"):
        strict(record.read_text())
    assert [row[0] for row in SweepFolder(sweep).manifest()["axes"][0]["rows"]] == [math.inf, 9.8]
    aggregated = run_cli("aggregate", str(sweep), "--format", "json", cwd=tmp_path)
    assert aggregated.returncode == 0, aggregated.stderr
    assert ".inf" in aggregated.stdout and strict(aggregated.stdout)
    again = run_cli(*command, cwd=tmp_path)  # the same command continues the sweep: its grid read back equal
    assert again.returncode == 0, again.stderr
