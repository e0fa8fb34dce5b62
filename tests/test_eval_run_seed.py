"""eval_agent(spec, run_dir=RUN) with a null seed evaluates with the run's seed, as gym-loop eval --run does."""

import json
import logging

from gym_loop.gym_loop import eval_agent, get_default_params, train_agent


def test_eval_agent_of_a_run_uses_its_seed_as_eval_run_does(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    spec = get_default_params()
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"].update(max_episodes=2, eval_episodes=2)
    summary = train_agent(spec, name="cartpole")
    run_seed = json.loads((summary.run_dir / "run.json").read_text())["seed"]
    assert spec["seed"] is None
    with caplog.at_level(logging.INFO, logger="gym_loop.gym_loop"):
        first = eval_agent(spec, checkpoint="latest", run_dir=summary.run_dir)
        second = eval_agent(spec, checkpoint="latest", run_dir=summary.run_dir)
    seeds = [record.getMessage().split()[3] for record in caplog.records if record.getMessage().startswith("evaluating")]
    assert seeds == [str(run_seed), str(run_seed)]
    assert first.returns == second.returns
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="gym_loop.gym_loop"):
        eval_agent(dict(spec, seed=5), checkpoint="latest", run_dir=summary.run_dir)  # a seed given: that one
    assert "evaluating with seed 5 " in caplog.text
