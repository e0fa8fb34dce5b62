"""A sweep config is labelled for people (tables, legends) by the values that vary when its id is cut (tester10d-2)."""

import csv

from conftest import make_spec, run_cli, write_spec

from gym_loop.sweeps.plan import Config, config_id, config_labels, expand, parse_grid, parse_zip

# population_size=10,elite_fraction=0.3,extra_std=... is longer than an id's slug: the varying value is cut
CUT = ["agent.parameters.population_size=[10]", "agent.parameters.elite_fraction=[0.3]",
       "agent.parameters.extra_std=[0.1,0.5]"]


def _configs(grids=(), zips=()):
    return expand([*map(parse_grid, grids), *map(parse_zip, zips)])


def test_ids_are_still_cut_and_the_labels_name_the_values_that_vary():
    configs = _configs(CUT)
    assert [config.id[:-7] for config in configs] == ["population_size=10,elite_fraction=0.3,extra_std"] * 2
    assert [config.id for config in configs] == [config_id(config.overrides) for config in configs]  # unchanged
    assert config_labels(configs) == {configs[0].id: "extra_std=0.1", configs[1].id: "extra_std=0.5"}


def test_a_sweep_whose_ids_show_every_value_keeps_its_ids_as_labels():
    configs = _configs(["agent.parameters.learning_rate=[0.1,0.5]", "loop.parameters.max_steps=[1e4]"])
    assert config_labels(configs) == {config.id: config.id for config in configs}
    assert config_labels([Config("base", ())]) == {"base": "base"}


def test_labels_of_cut_ids_name_every_varying_key_of_grids_and_zips_in_axis_order():
    configs = _configs(["agent.parameters.population_size=[10,20]", "env.name=[CartPole-v1]"],
                       ["agent.parameters.elite_fraction,agent.parameters.extra_std,agent.parameters.hidden="
                        "[[0.3,0.1,[64,64]],[0.3,0.5,[64,64]]]"])
    assert list(config_labels(configs).values()) == [
        "population_size=10, extra_std=0.1", "population_size=10, extra_std=0.5",
        "population_size=20, extra_std=0.1", "population_size=20, extra_std=0.5"]


def test_keys_with_the_same_last_part_are_named_in_full():
    configs = _configs(["agent.parameters.very_long_parameter_name_number_one=[1]",
                        "agent.parameters.gamma=[0.9,0.99]", "loop.parameters.gamma=[1,2]"])
    labels = list(config_labels(configs).values())
    assert labels[0] == "agent.parameters.gamma=0.9, loop.parameters.gamma=1"
    assert len(set(labels)) == 4


def test_a_single_cut_config_is_labelled_by_its_id():
    configs = _configs(CUT[:2] + ["agent.parameters.extra_std=[0.1]"])
    assert config_labels(configs) == {configs[0].id: configs[0].id}


def test_aggregate_plot_and_the_sweep_itself_label_cut_configs_by_their_values(tmp_path):
    write_spec(tmp_path / "cut.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=1,
                                                max_episode_len=20))
    grid = ["loop.parameters.max_episode_len=[20]", "loop.parameters.episodes_per_eval=[2]",
            "loop.parameters.eval_episodes=[1,2]"]
    sweep = run_cli("sweep", "-c", "cut.yaml", "--seeds", "0", *(f"--grid={axis}" for axis in grid), cwd=tmp_path)
    assert sweep.returncode == 0, sweep.stderr
    with (tmp_path / "sweeps/cut/configs.csv").open() as file:
        ids = [row["config"] for row in csv.DictReader(file)]
    assert sorted(path.name for path in (tmp_path / "sweeps/cut/runs").iterdir()) == sorted(ids)  # folders: ids
    assert all(config_id.startswith("max_episode_len=20,episodes_per_eval=2,eval_epis-") for config_id in ids)
    first_column = lambda text: [line.split()[0] for line in text.splitlines()[1:3]]  # noqa: E731
    assert first_column(sweep.stdout) == ["eval_episodes=1", "eval_episodes=2"]
    aggregate = run_cli("aggregate", "sweeps/cut", cwd=tmp_path)
    assert first_column(aggregate.stdout) == ["eval_episodes=1", "eval_episodes=2"]
    table = run_cli("plot", "sweeps/cut", "--table", cwd=tmp_path)
    assert [line.split("|")[1].strip() for line in table.stdout.splitlines()[2:4]] == ["eval_episodes=1",
                                                                                       "eval_episodes=2"]
    # machine-readable output and the files keep the ids, beside each config's values
    printed = run_cli("aggregate", "sweeps/cut", "--format", "csv", cwd=tmp_path).stdout
    assert [row["config"] for row in csv.DictReader(printed.splitlines())] == ids
    assert [row["loop.parameters.eval_episodes"] for row in csv.DictReader(printed.splitlines())] == ["1", "2"]
    with (tmp_path / "sweeps/cut/aggregate.csv").open() as file:
        assert [row["config"] for row in csv.DictReader(file)] == ids
    # --vs takes the label as well as the id
    by_label = run_cli("aggregate", "sweeps/cut", "--vs", "eval_episodes=2", cwd=tmp_path)
    by_id = run_cli("aggregate", "sweeps/cut", "--vs", ids[1], cwd=tmp_path)
    assert by_label.returncode == 0, by_label.stderr
    assert by_label.stdout == by_id.stdout


def test_the_legend_labels_cut_configs_by_their_values_also_beside_another_sweep(tmp_path):
    from gym_loop.plots.runs import load_configs

    write_spec(tmp_path / "cut.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=1,
                                                max_episode_len=20))
    grid = ["loop.parameters.max_episode_len=[20]", "loop.parameters.episodes_per_eval=[2]",
            "loop.parameters.eval_episodes=[1,2]"]
    for name in ("a", "b"):
        assert run_cli("sweep", "-c", "cut.yaml", "--seeds", "0", "--name", name,
                       *(f"--grid={axis}" for axis in grid), cwd=tmp_path).returncode == 0
    assert [config.label for config in load_configs([tmp_path / "sweeps/a"])] == ["eval_episodes=1",
                                                                                  "eval_episodes=2"]
    assert [config.label for config in load_configs([tmp_path / "sweeps/a", tmp_path / "sweeps/b"])] == [
        "a/eval_episodes=1", "a/eval_episodes=2", "b/eval_episodes=1", "b/eval_episodes=2"]
