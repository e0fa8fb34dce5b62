"""note15's leftover (fix12e): ``sweep -c tunes/<tune>/best.yaml`` with no --name made the sweep ``sweeps/best`` for
every tune; it is now named as the tune's closing message names it, ``<tune>-trial-<n>`` of the best trial, so the
command with or without --name continues the same sweep."""

import re

from conftest import make_spec, run_cli, write_spec

from gym_loop.run_folder import best_trial, run_name


def test_the_sweep_of_a_tune_s_best_yaml_is_named_as_the_tune_s_advice_names_it(tmp_path):
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=4,
                     episodes_per_eval=2, eval_episodes=1, episodes_per_checkpoint=None)
    write_spec(tmp_path / "lake.yaml", spec)
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.1, 0.5]}\n")
    tuned = run_cli("tune", "-c", "lake.yaml", "--space", "space.yaml", "--trials", 2, "--seeds", 0, "--jobs", 1,
                    cwd=tmp_path)
    assert tuned.returncode == 0, tuned.stderr
    advised = re.search(r"--name (\S+)", tuned.stdout).group(1)
    assert re.fullmatch(r"lake-trial-[01]", advised), advised
    planned = run_cli("sweep", "-c", "tunes/lake/best.yaml", "--seeds", "100", "--dry-run", cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout.splitlines()[0].startswith(f"sweep sweeps/{advised} (would be created)"), planned.stdout


def test_the_best_trial_is_the_first_complete_one_with_the_highest_value(tmp_path):
    tune = tmp_path / "tunes" / "lake"
    tune.mkdir(parents=True)
    (tune / "trials.csv").write_text("number,state,value,x\n0,COMPLETE,3.0,1\n1,PRUNED,,2\n2,COMPLETE,7.5,3\n"
                                     "3,COMPLETE,7.5,4\n4,FAIL,,5\n")
    (tune / "best.yaml").write_text("{}\n")
    assert run_name(tune / "best.yaml") == "best"  # not a tune's folder (no tune.json): the file's stem
    (tune / "tune.json").write_text("{}\n")
    assert best_trial(tune / "trials.csv") == 2
    assert run_name(tune / "best.yaml") == "lake-trial-2"
    (tune / "trials.csv").write_text("number,state,value\n")
    assert run_name(tune / "best.yaml") == "lake-best"
