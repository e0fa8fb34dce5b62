"""fix14b: a sweep of many configs gets a line, not a page: aggregate --vs with a wrong name names a few configs, and
the warnings of configs with no scored run or unfinished runs are one line per thing said (tester14b-16)."""

import logging

import pytest

from gym_loop.errors import SpecError
from gym_loop.sweeps.scores import add_improvement, aggregate, warn_unfinished

CONFIGS = [f"lr={index}-{index:06x}" for index in range(900)]


def test_vs_of_no_config_names_a_few(caplog):
    with pytest.raises(SpecError) as refused:
        add_improvement({}, {config: [] for config in CONFIGS}, "nope", 10, 0)
    assert refused.value.problem == ("no config 'nope' in this sweep; give one of its configs: lr=0-000000, "
                                     "lr=1-000001, lr=2-000002, lr=3-000003, lr=4-000004 and 895 more")


def test_configs_without_a_score_are_one_line(caplog):
    caplog.set_level(logging.WARNING)
    why = "its 1 run(s) have not reached their end (1 not started); continue the sweep: gym-loop sweep sweeps/many"
    aggregate({config: [] for config in CONFIGS}, 10, 0, "final-eval", {config: why for config in CONFIGS[1:]})
    assert [record.getMessage() for record in caplog.records] == [
        "lr=0-000000: no scored run",
        f"lr=1-000001, lr=2-000002, lr=3-000003, lr=4-000004, lr=5-000005 and 894 more: no scored run yet: {why}"]


def test_unfinished_configs_are_one_line_per_thing_said(caplog):
    caplog.set_level(logging.WARNING)
    warn_unfinished({config: [("finished", 1.0), ("interrupted", None)] for config in CONFIGS}, "final-eval")
    assert [record.getMessage() for record in caplog.records] == [
        "lr=0-000000, lr=1-000001, lr=2-000002, lr=3-000003, lr=4-000004 and 895 more: 1 of 2 runs are not finished "
        "and have no final score (1 interrupted); its statistics cover the other 1"]
