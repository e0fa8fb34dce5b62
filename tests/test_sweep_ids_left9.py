"""A sweep's grid of whole-number floats (--grid '[1e4,1e5]') names its configs by the ints, not 10000.0 (left9-4);
a sweep made before, whose folders have the float names, continues in them."""

import json
import shutil

from conftest import make_spec, run_cli, write_spec
from gym_loop.sweeps.plan import config_id


def test_whole_number_floats_are_named_as_ints():
    assert config_id((("loop.parameters.max_steps", 1e4),)).startswith("max_steps=10000-")
    assert config_id((("agent.parameters.learning_rate", 0.5),)).startswith("learning_rate=0.5-")
    assert config_id((("x", [1.0, 2.5]),)).startswith("x=1_2.5-")
    assert config_id((("x", 1e4),)).split("-")[-1] == config_id((("x", 10000.0),)).split("-")[-1]


def test_sweep_run_folders_and_a_sweep_of_the_old_names_continued(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=1, logdir=None, max_episode_len=5))
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--grid", "loop.parameters.max_steps=[1e1,2e1]",
                   cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    sweep = tmp_path / "sweeps" / "s"
    names = sorted(path.name for path in (sweep / "runs").iterdir())
    assert [name.rsplit("-", 1)[0] for name in names] == ["max_steps=10", "max_steps=20"], names
    # As a sweep of an earlier gym-loop named them: its folders and state.json use 10.0 and 20.0.
    state = json.loads((sweep / "state.json").read_text())
    for key, entry in list(state["runs"].items()):
        old = entry["config"].replace("=10-", "=10.0-").replace("=20-", "=20.0-")
        shutil.move(sweep / "runs" / entry["config"], sweep / "runs" / old)
        entry.update(config=old, folder=entry["folder"].replace(entry["config"], old))
        state["runs"][key.replace(key.split("/")[0], old)] = state["runs"].pop(key)
    (sweep / "state.json").write_text(json.dumps(state))
    again = run_cli("-q", "sweep", str(sweep), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(path.name.rsplit("-", 1)[0] for path in (sweep / "runs").iterdir()) == \
        ["max_steps=10.0", "max_steps=20.0"]
