"""Mutation-testing kills (tester12f): gym_loop.sweeps.scores and --seeds parsing, checked against NumPy."""

import logging

import numpy as np
import pytest

from gym_loop.errors import SpecError
from gym_loop.stats import AGGREGATES, bootstrap_ci, iqm
from gym_loop.sweeps import scores
from gym_loop.sweeps.plan import MAX_SEEDS, parse_seeds


def _episodes_csv(path, returns):
    lines = ["episode,global_step,return,length,seconds"]
    lines += [f"{i},{(i + 1) * 10},{value!r},10,0.1" for i, value in enumerate(returns)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_last_100_is_the_mean_of_the_last_100_returns(tmp_path):
    returns = [float(i) for i in range(150)]
    score, fault = scores.table_score(_episodes_csv(tmp_path / "episodes.csv", returns), "last-100")
    assert fault is None and score == pytest.approx(np.mean(returns[-100:]))
    score, _ = scores.table_score(_episodes_csv(tmp_path / "short.csv", returns[:30]), "last-100")
    assert score == pytest.approx(np.mean(returns[:30]))


def test_final_eval_is_the_last_rows_mean_return(tmp_path):
    path = tmp_path / "evals.csv"
    path.write_text("episode,global_step,mean_return,std_return,min_return,max_return\n"
                    "10,100,1.5,0.0,1.5,1.5\n20,200,7.25,0.0,7.25,7.25\n")
    assert scores.table_score(path, "final-eval") == (7.25, None)


def test_default_kind_follows_episodes_per_eval():
    assert scores.default_kind({"loop": {"parameters": {"episodes_per_eval": 5}}}) == "final-eval"
    assert scores.default_kind({"loop": {"parameters": {}}}) == "last-100"


def test_absent_is_shown_as_not_started():
    assert scores.shown_status("absent") == "not started"
    assert scores.shown_status("failed") == "failed"


def test_runs_are_ordered_by_numeric_seed():
    rows = [{"config": "c", "seed": seed, "folder": f"seed-{seed}", "score": float(seed)} for seed in (10, 2, 1, 0)]
    assert scores.scores_by_config(rows, ["c"]) == {"c": [0.0, 1.0, 2.0, 10.0]}


def test_aggregate_row_matches_numpy_and_bootstrap():
    values = list(np.random.default_rng(4).normal(size=8))
    (row,) = scores.aggregate({"c": values}, reps=300, seed=2, kind="last-100").values()
    array = np.array(values)
    assert row["n"] == 8 and row["score"] == "last-100"
    assert row["mean"] == pytest.approx(array.mean())
    assert row["median"] == pytest.approx(np.median(array))
    assert row["iqm"] == pytest.approx(np.sort(array)[2:6].mean())
    assert (row["iqm_low"], row["iqm_high"]) == pytest.approx(bootstrap_ci(array, iqm, reps=300, seed=2))
    assert (row["mean_low"], row["mean_high"]) == pytest.approx(
        bootstrap_ci(array, AGGREGATES["mean"], reps=300, seed=2))
    assert row["mean_low"] != pytest.approx(row["iqm_low"])


def test_improvement_is_of_the_config_over_vs():
    better, worse = [5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 5.5], [1.0, 2.0, 3.0, 6.5, 4.0, 0.0]
    given = {"better": better, "worse": worse}
    table = scores.aggregate(given, reps=200, seed=0, kind="final-eval")
    scores.add_improvement(table, given, "worse", reps=200, seed=0)
    expected = np.mean([1.0 if a > b else 0.5 if a == b else 0.0 for a in better for b in worse])
    assert table["better"]["p_improvement"] == pytest.approx(expected)
    assert table["better"]["p_improvement"] > 0.5
    assert table["better"]["p_improvement_low"] > 0.5
    assert table["worse"]["p_improvement"] == pytest.approx(0.5)


def test_few_runs_warning_stops_at_min_runs(caplog):
    with caplog.at_level(logging.WARNING):
        scores.warn_few_runs({"six": 6})
    assert not caplog.records
    with caplog.at_level(logging.WARNING):
        scores.warn_few_runs({"five": 5})
    assert "five" in caplog.text


def test_parse_seeds_ranges_are_inclusive_and_in_the_given_order():
    assert parse_seeds("0-4") == [0, 1, 2, 3, 4]
    assert parse_seeds("7,2-3,0") == [7, 2, 3, 0]
    assert parse_seeds("5") == [5]
    assert len(parse_seeds(f"0-{MAX_SEEDS - 1}")) == MAX_SEEDS
    for text in ("1,1", "0-4,2", f"0-{MAX_SEEDS}", "4-2"):
        with pytest.raises(SpecError):
            parse_seeds(text)


def test_a_sweep_with_other_seeds_only_is_offered_add_seeds(tmp_path):
    import json

    from gym_loop.sweeps.state import SweepFolder

    old = {"spec": {"env": {"name": "CartPole-v1"}}, "seeds": [0, 1], "axes": []}
    (tmp_path / "manifest.json").write_text(json.dumps(old))
    folder = SweepFolder(tmp_path)
    assert folder.refusal({**old, "seeds": [1, 0]}) is None
    seeds_only = folder.refusal({**old, "seeds": [0, 1, 2]})
    assert "other seeds" in seeds_only and "--add-seeds 2" in seeds_only
    both = folder.refusal({**old, "seeds": [0, 1, 2], "spec": {"env": {"name": "Acrobot-v1"}}})
    assert "other spec and seeds" in both and "--add-seeds" not in both
