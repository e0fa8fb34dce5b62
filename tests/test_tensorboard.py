"""TensorBoard as its own reader sees a run: training scalars on the env-step axis, evaluations, HParams."""

import csv

import pytest

from conftest import make_spec, read_scalars, run_cli, run_folders, write_spec


def test_scalars_on_env_steps_evaluations_and_hparams(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.hparams.plugin_data_pb2 import HParamsPluginData

    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=6, episodes_per_eval=3), "seed": 9})
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run = run_folders(tmp_path)[-1]
    with (run / "episodes.csv").open() as file:
        steps = [int(row["global_step"]) for row in csv.DictReader(file)]
    scalars = read_scalars(run / "logs")
    assert [step for step, _ in scalars["episode/return"]] == steps
    assert [value for _, value in scalars["episode/index"]] == list(range(6))
    assert [step for step, _ in scalars["eval/mean_return"]] == [steps[2], steps[5]]
    assert {"eval/std_return", "eval/min_return", "eval/max_return", "eval/mean_length",
            "final/mean_return", "final/eval_mean_return"} <= set(scalars)

    accumulator = EventAccumulator(str(run / "logs"))
    accumulator.Reload()
    content = accumulator.PluginTagToContent("hparams")
    start = HParamsPluginData.FromString(content["_hparams_/session_start_info"]).session_start_info
    assert start.hparams["seed"].number_value == 9
    assert start.hparams["env.name"].string_value == "CartPole-v1"
    assert start.hparams["loop.parameters.max_episodes"].number_value == 6
    experiment = HParamsPluginData.FromString(content["_hparams_/experiment"]).experiment
    assert {info.name.tag for info in experiment.metric_infos} == {"final/mean_return", "final/eval_mean_return"}


def test_an_integer_too_large_for_numpy_is_an_hparam_as_text_and_the_run_finishes(tmp_path):
    import json

    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.hparams.plugin_data_pb2 import HParamsPluginData

    (tmp_path / "any_agent.py").write_text(
        "from gym_loop.agents import BaseAgent\n\nclass Agent(BaseAgent):\n    ANY_PARAMETERS = True\n\n"
        "    def act(self, state, episode_num):\n        return 0\n")
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "any_agent.py:Agent", "parameters": {"lr": 10**23, "low": -2**63, "top": 2**64 - 1}}
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 2**64 - 1})
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run = run_folders(tmp_path)[-1]
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    accumulator = EventAccumulator(str(run / "logs"))
    accumulator.Reload()
    content = accumulator.PluginTagToContent("hparams")
    start = HParamsPluginData.FromString(content["_hparams_/session_start_info"]).session_start_info
    assert start.hparams["agent.parameters.lr"].string_value == str(10**23)
    assert start.hparams["agent.parameters.low"].number_value == -2**63
    assert start.hparams["seed"].number_value == float(2**64 - 1)  # a float64, as every number HParams holds


@pytest.mark.parametrize("option", [["--seed", str(2**64)], ["--set", f"seed={2**64}"]])
def test_a_seed_numpy_cannot_take_is_refused_before_the_run(tmp_path, option):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("train", "-c", "run.yaml", *option, cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "runs").exists()
    assert result.stderr.strip() == f"Error: seed: expected a non-negative integer below 2**64 or null, got {2**64}"


def test_each_evaluation_of_a_run_is_a_tensorboard_run_of_its_own(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = run_folders(tmp_path)[-1]
    for _ in range(2):
        assert run_cli("eval", "--run", run, cwd=tmp_path).returncode == 0
    logdirs = sorted(path for path in (run / "eval_logs").iterdir() if path.is_dir())
    assert len(logdirs) == 2 and all(path.name.startswith("agent-000002-") for path in logdirs)
    for logdir in logdirs:
        assert [step for step, _ in read_scalars(logdir)["episode/return"]] == [0, 1]


def test_a_point_per_episode_each_with_its_own_values_as_metric_names_change(tmp_path):
    from gym_loop.loops.base_loop import Episode
    from gym_loop.sinks.tensorboard import TensorBoard

    sink = TensorBoard(tmp_path)
    sink.episodes(0, [Episode(1.5, 3, 3)], {"loss": 0.25})
    sink.episodes(1, [Episode(2.5, 4, 7)], {"loss": 0.5, "epsilon": 0.9})
    sink.episodes(2, [Episode(-1.0, 2, 9), Episode(4.0, 1, 10)], {"epsilon": 0.8})
    sink.close()
    scalars = read_scalars(tmp_path)
    assert scalars["episode/return"] == [(3, 1.5), (7, 2.5), (9, -1.0), (10, 4.0)]
    assert scalars["episode/length"] == [(3, 3), (7, 4), (9, 2), (10, 1)]
    assert scalars["episode/index"] == [(3, 0), (7, 1), (9, 2), (10, 3)]
    assert scalars["loss"] == [(3, 0.25), (7, 0.5)]
    assert scalars["epsilon"] == [(7, pytest.approx(0.9)), (9, pytest.approx(0.8)), (10, pytest.approx(0.8))]


def test_a_point_per_batch_of_vector_episodes(tmp_path):
    from gym_loop.loops.base_loop import Episode
    from gym_loop.sinks.tensorboard import TensorBoard

    sink = TensorBoard(tmp_path, point_per_batch=True)
    sink.episodes(0, [Episode(1.0, 3, 8, 0), Episode(2.0, 4, 8, 1), Episode(6.0, 2, 12, 2)], {"epsilon": 0.8})
    sink.episodes(3, [Episode(5.0, 5, 16, 0)], {"epsilon": 0.7})
    sink.flush()
    sink.episodes(4, [Episode(-1.0, 1, 20, 1)], {"epsilon": 0.6})
    sink.close()
    scalars = read_scalars(tmp_path)
    assert scalars["episode/return"] == [(12, 3.0), (16, 5.0), (20, -1.0)]
    assert scalars["episode/return_min"] == [(12, 1.0), (16, 5.0), (20, -1.0)]
    assert scalars["episode/return_max"] == [(12, 6.0), (16, 5.0), (20, -1.0)]
    assert scalars["episode/length"] == [(12, 3.0), (16, 5.0), (20, 1.0)]
    assert scalars["episode/index"] == [(12, 2), (16, 3), (20, 4)]
    assert scalars["episode/count"] == [(12, 3), (16, 1), (20, 1)]
    assert scalars["epsilon"] == [(12, pytest.approx(0.8)), (16, pytest.approx(0.7)), (20, pytest.approx(0.6))]
