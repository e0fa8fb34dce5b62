"""fix14c: the space is checked in the combinations a trial draws, not one key at a time (tester14c-1, -3, -6), a
``null`` choice is checked as any other (tester14c-2), and a trial whose drawn spec is refused all the same is a
FAIL trial with its reason, not a dead worker."""

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

optuna = pytest.importorskip("optuna")

from gym_loop.errors import SpecError  # noqa: E402
from gym_loop.tuning.folder import TuneFolder  # noqa: E402
from gym_loop.tuning.space import load_space  # noqa: E402
from gym_loop.tuning.worker import run_trial  # noqa: E402

QLEARNING, RANDOM = "gym_loop.agents.q_learning:QLearningAgent", "gym_loop.agents.random_agent:RandomAgent"


def lake(**loop_parameters):
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=20, episodes_per_eval=10, eval_episodes=1)
    spec["env"]["parameters"] = {"is_slippery": False}
    spec["loop"]["parameters"].update(loop_parameters)
    return spec


def refusal(tmp_path, space, base=None):
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(space))
    with pytest.raises(SpecError) as raised:
        load_space(tmp_path / "space.yaml", base or lake())
    return str(raised.value)


def test_a_null_choice_is_checked_as_any_other(tmp_path):  # tester14c-2
    assert refusal(tmp_path, {"agent.parameters.learning_rate": {"categorical": [0.1, None]}}) == (
        "space.agent.parameters.learning_rate: expected a number from 0 to 1, got null")


def test_a_class_choice_beside_a_parameter_of_another_class(tmp_path):  # tester14c-1
    base = lake()
    base["agent"]["parameters"] = {}  # each class's defaults: every key alone passes
    space = {"agent.class": {"categorical": [QLEARNING, RANDOM]},
             "agent.parameters.learning_rate": {"float": [0.1, 0.5]}}
    assert refusal(tmp_path, space, base) == (
        f'space.agent.parameters.learning_rate: the choice "{RANDOM}" of agent.class takes no learning_rate, which '
        "the space tunes; tune each class on its own (a space per class), or leave learning_rate out of the space")


def test_budget_choices_that_together_leave_no_budget(tmp_path):  # tester14c-3
    space = {"loop.parameters.max_episodes": {"categorical": [20, None]},
             "loop.parameters.max_steps": {"categorical": [30, None]}}
    assert refusal(tmp_path, space, lake(max_steps=None)) == (
        "space.loop.parameters.max_episodes: null with null of space.loop.parameters.max_steps is refused (null (no "
        "episode limit) needs max_steps, or training would never end), and a trial can draw both; change the "
        "choices or range of one of them so that no trial does")
    space["loop.parameters.max_steps"] = {"categorical": [30, 40]}  # every trial has a budget
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(space))
    assert list(load_space(tmp_path / "space.yaml", lake(max_steps=None))) == list(space)


def test_an_env_choice_beside_a_parameter_of_another_env(tmp_path):  # tester14c-6
    space = {"env.name": {"categorical": ["FrozenLake-v1", "Taxi-v4"]},
             "env.parameters.is_slippery": {"categorical": [True, False]}}
    base = lake()
    base["env"]["parameters"] = {}  # each key alone passes
    message = refusal(tmp_path, space, base)
    assert message.startswith("env.parameters.is_slippery: Taxi-v4 takes no such argument")
    assert message.endswith('(space.env.name: "Taxi-v4" with space.env.parameters.is_slippery: true, which a trial '
                            "can draw together; change the choices or range of one of them so that no trial does)")


def test_the_tune_is_refused_before_its_folder_is_made(tmp_path):  # tester14c-3: no folder, no start recorded
    write_spec(tmp_path / "lake.yaml", lake(max_steps=None))
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episodes: {categorical: [20, null]}\n"
                                         "loop.parameters.max_steps: {categorical: [30, null]}\n")
    result = run_cli("tune", "-c", "lake.yaml", "--space", "space.yaml", "--trials", 1, "--name", "t", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: space.loop.parameters.max_episodes: null with null of ")
    assert not (tmp_path / "tunes").exists()


def test_a_trial_whose_spec_is_refused_is_a_fail_with_its_reason(tmp_path):
    """A combination the checks did not try (three keys together) fails its trial; the worker goes on."""
    study = optuna.create_study(direction="maximize")
    distributions = {"agent.parameters.learning_rate": optuna.distributions.CategoricalDistribution([None])}
    trial = study.ask(distributions)
    state = run_trial(study, trial, TuneFolder(tmp_path), lake(), {"seeds": [0]})
    assert state == "FAIL"
    assert study.trials[0].state == optuna.trial.TrialState.FAIL
    assert study.trials[0].user_attrs["reason"] == ("agent.parameters.learning_rate: expected a number from 0 to 1, "
                                                    "got null")
