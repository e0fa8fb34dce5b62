"""fix14g: the tune space's pair checks take a categorical of numbers by its extremes, as a range by its bounds, so
their cost does not grow with the square of the choices (tester14g-3); null, string and boolean choices are still
each paired."""

import pytest
import yaml

from conftest import make_spec

optuna = pytest.importorskip("optuna")

import gym_loop.spec  # noqa: E402
from gym_loop.errors import SpecError  # noqa: E402
from gym_loop.tuning.space import load_space  # noqa: E402

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"


def lake(**loop_parameters):
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=20, episodes_per_eval=10, eval_episodes=1)
    spec["env"]["parameters"] = {"is_slippery": False}
    spec["loop"]["parameters"].update(loop_parameters)
    return spec


def test_numeric_choices_are_paired_by_their_extremes(tmp_path, monkeypatch):  # tester14g-3
    calls = []
    run_spec = gym_loop.spec.run_spec
    monkeypatch.setattr(gym_loop.spec, "run_spec", lambda spec, *a, **k: calls.append(1) or run_spec(spec, *a, **k))
    space = {"agent.parameters.learning_rate": {"categorical": [round(0.05 * n, 2) for n in range(1, 13)]},
             "agent.parameters.discount": {"categorical": [round(0.9 + 0.008 * n, 3) for n in range(12)]}}
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(space))
    assert set(load_space(tmp_path / "space.yaml", lake())) == set(space)
    assert len(calls) < 40  # each choice alone (24), the base, 2 x 2 extremes; was 144 pairs more


def test_a_null_choice_among_numbers_is_still_paired(tmp_path):
    space = {"loop.parameters.max_episodes": {"categorical": [20, 30, None, 40]},
             "loop.parameters.max_steps": {"categorical": [30, None, 50, 60]}}
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(space))
    with pytest.raises(SpecError) as raised:
        load_space(tmp_path / "space.yaml", lake(max_steps=None))
    assert str(raised.value).startswith("space.loop.parameters.max_episodes: null with null of "
                                        "space.loop.parameters.max_steps is refused")
