"""fix12g: a schedule rule of the user's own whose quiet_until() returns no pair of numbers fails the run in one line
naming it (tester12g-5), as its after_episode's wrong answers do."""

import pytest

from conftest import make_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent


class QuietBad:
    def __init__(self, answer):
        self.answer = answer

    def after_episode(self, progress):
        return None

    def quiet_until(self, progress):
        return self.answer


@pytest.mark.parametrize("answer", ["bad", "ab", (1, "x"), None, (True, 3)])
def test_a_quiet_until_answer_that_is_no_pair_of_numbers_is_named(tmp_path, monkeypatch, answer):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GymLoopError) as error:
        train_agent(make_spec(max_episodes=2), extra_rules=[QuietBad(answer)])
    assert str(error.value) == (f"QuietBad.quiet_until() returned {answer!r} after 0 episodes; return two numbers "
                                "(episodes, env steps; math.inf for no bound)")


def test_a_pair_of_numbers_is_taken(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert train_agent(make_spec(max_episodes=2), extra_rules=[QuietBad((1, float("inf")))]).episodes == 2
