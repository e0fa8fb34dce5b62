"""A sweep's and a tune's runs name their config id / trial number in TensorBoard's HParams, and a null leaf is a
key too (tester12b-1)."""

from pathlib import Path

from conftest import make_spec, run_cli, write_spec
from gym_loop.gym_loop import _hparams
from gym_loop.spec import run_spec


def _start_info(run: Path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.hparams.plugin_data_pb2 import HParamsPluginData

    accumulator = EventAccumulator(str(run / "logs"))
    accumulator.Reload()
    content = accumulator.PluginTagToContent("hparams")["_hparams_/session_start_info"]
    return HParamsPluginData.FromString(content).session_start_info.hparams


def test_a_null_leaf_is_an_hparam():
    spec = run_spec({"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
                     "loop": {"parameters": {"max_episodes": 3, "max_steps": None}}})
    assert _hparams(spec)["loop.parameters.max_steps"] == "null"


def test_a_sweep_run_names_its_config_in_hparams(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, episodes_per_eval=None, episodes_per_checkpoint=None))
    result = run_cli("sweep", "-c", "s.yaml", "--seeds", "0", "--grid", "loop.parameters.max_steps=[null,5000]",
                     "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    configs = sorted((tmp_path / "sweeps" / "s" / "runs").iterdir())
    assert len(configs) == 2
    for config in configs:
        hparams = _start_info(config / "seed-0")
        assert hparams["sweep.config"].string_value == config.name
    values = {_start_info(config / "seed-0")["loop.parameters.max_steps"].WhichOneof("kind") for config in configs}
    assert values == {"string_value", "number_value"}  # null and 5000: both there, told apart


def test_a_tune_run_names_its_trial_in_hparams(tmp_path):
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=4,
                     episodes_per_eval=2, eval_episodes=1, episodes_per_checkpoint=None)
    write_spec(tmp_path / "lake.yaml", spec)
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.1, 0.5]}\n")
    result = run_cli("tune", "-c", "lake.yaml", "--space", "space.yaml", "--trials", 2, "--seeds", 0, "--jobs", 1,
                     "--name", "t", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for number in (0, 1):
        assert _start_info(tmp_path / "tunes" / "t" / "trials" / str(number) / "seed-0")["tune.trial"].number_value \
            == number
