"""fix14b: a sweep's manifest.json that is JSON but not a sweep's is one line (exit 2), and a state.json that is not a
mapping of mappings is passed over, as an unreadable one is (tester14b-8)."""

import json
import shutil

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A finished sweep of one run: sweeps/died."""
    folder = tmp_path_factory.mktemp("made")
    write_spec(folder / "s.yaml", make_spec(max_episodes=2, logdir=None, max_episode_len=5))
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--name", "died", cwd=folder)
    assert made.returncode == 0, made.stderr
    return folder / "sweeps" / "died"


@pytest.mark.parametrize("manifest", ['{}', '[]', 'null', '{"format": 1, "seeds": [0], "spec": {}}',
                                      '{"seeds": "0", "spec": {}, "axes": []}',
                                      '{"seeds": [0], "spec": {}, "axes": [{"kind": "grid", "keys": ["a"]}]}'])
def test_a_manifest_that_is_not_a_sweeps_is_one_line(finished, tmp_path, manifest):
    sweep = tmp_path / "man"
    shutil.copytree(finished, sweep)
    (sweep / "manifest.json").write_text(manifest)
    for command in (["sweep", str(sweep)], ["aggregate", str(sweep)]):
        done = run_cli(*command, cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.splitlines()[-1] == (
            f"Error: cannot read {sweep / 'manifest.json'}: it is JSON, but not a sweep's manifest (spec, seeds and "
            "axes); restore it from a copy of the sweep, or give a new --name for a new sweep"), done.stderr


@pytest.mark.parametrize("state", ['{"runs": []}', '{"runs": null}', '{"runs": {"base/seed-0": 5}}', '[]'])
def test_a_state_json_that_is_not_a_sweeps_is_passed_over(finished, tmp_path, state):
    sweep = tmp_path / "man"
    shutil.copytree(finished, sweep)
    (sweep / "state.json").write_text(state)
    for command in (["sweep", str(sweep)], ["aggregate", str(sweep)]):
        done = run_cli(*command, cwd=tmp_path)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert json.loads((sweep / "state.json").read_text())["runs"]["base/seed-0"]["status"] == "finished"
