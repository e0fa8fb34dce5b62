"""fix14c: ``--sampler-seed 0`` proposed exactly what no ``--sampler-seed`` proposes (NumPy's SeedSequence pads its
entropy with zeros: ``[0, 0, 0]`` is ``[0, 0]``), tester14c-4. A new tune's seeds are tagged; a tune begun before
keeps its seeds, so a continued tune proposes as it would have."""

import csv
import json

import numpy as np
import pytest
import yaml

from conftest import run_cli, write_spec
from test_tune_space_fix14c import lake

pytest.importorskip("optuna")

from gym_loop.tuning.folder import TuneFolder  # noqa: E402
from gym_loop.tuning.worker import sampler_seed  # noqa: E402


def test_every_seed_is_distinct_with_and_without_a_sampler_seed():
    seeds = [sampler_seed(start, index, base) for base in [None, *range(4)] for start in range(4)
             for index in range(4)]
    assert len(set(seeds)) == len(seeds)


def test_a_tune_begun_before_keeps_its_seeds():
    old = lambda entropy: int(np.random.SeedSequence(entropy).generate_state(1)[0])  # noqa: E731
    assert sampler_seed(2, 1, 7, tagged=False) == old([7, 2, 1])
    assert sampler_seed(2, 1) == sampler_seed(2, 1, tagged=False) == old([2, 1])  # without --sampler-seed: as before


def test_the_first_start_records_the_seeding(tmp_path):
    folder = TuneFolder(tmp_path)
    folder.settings_path.write_text(json.dumps({"seeds": [0, 1], "starts": []}))
    folder.add_start({"sampler": "tpe", "sampler_seed": None, "pruner": "median"})
    folder.add_start({"sampler": "tpe", "sampler_seed": None, "pruner": "median"})
    assert folder.sampler_seeding() == 2
    settings = json.loads(folder.settings_path.read_text())
    settings["starts"] = [{key: value for key, value in start.items() if key != "sampler_seeding"}
                          for start in settings["starts"]]  # a tune of an earlier gym-loop
    folder.settings_path.write_text(json.dumps(settings))
    assert folder.sampler_seeding() == 1


def test_sampler_seed_0_proposes_otherwise_than_none(tmp_path):
    write_spec(tmp_path / "lake.yaml", lake(max_episodes=4, episodes_per_eval=4))
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.learning_rate": {"float": [0.1, 0.9]}}))
    proposed = []
    for name, extra in (("none", []), ("zero", ["--sampler-seed", 0])):
        result = run_cli("-q", "tune", "-c", "lake.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", 0,
                         "--sampler", "random", "--pruner", "none", "--name", name, *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        with (tmp_path / "tunes" / name / "trials.csv").open() as file:
            proposed.append(next(csv.DictReader(file))["agent.parameters.learning_rate"])
    assert proposed[0] != proposed[1]
