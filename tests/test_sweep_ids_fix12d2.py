"""A sweep's config ids keep a grid value's letters as its key's are kept (tester12d-10): étiquette=café, not
caf_u00e9; ASCII values give the ids they always gave, and a sweep made with the old ids continues in them."""

import json
import shutil

from conftest import make_spec, run_cli, write_spec
from gym_loop.sweeps.plan import config_id


def test_non_ascii_values_keep_their_letters():
    assert config_id([("agent.parameters.étiquette", "café")]) == "étiquette=café-068e0a"
    assert config_id([("agent.parameters.étiquette", "thé/vert")]) == "étiquette=thé_vert-67ca26"
    assert config_id([("agent.parameters.étiquette", "日本語")]) == "étiquette=日本語-7b5656"


def test_ascii_ids_unchanged():  # the ids an earlier gym-loop gave (folder names of existing sweeps)
    assert config_id([("a.lr", 0.1)]) == "lr=0.1-d7a6a5"
    assert config_id([("a.x", "a_/b c")]) == "x=a__b_c-f68280"
    assert config_id([("a.x", [1, "q r", {"k": None}])]) == "x=1_q_r_k_null-c7813e"
    assert config_id([("a.x", "tab\there")]) == "x=tab_there-111c60"


def test_sweep_with_old_ids_continues_in_them(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2))
    done = run_cli("sweep", "-c", "s.yaml", "--seeds", "0", "--grid", "env.name=[CartPole-v1]", "--set",
                   "loop.parameters.max_episode_len=20", "--name", "x", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    sweep = tmp_path / "sweeps" / "x"
    new = next((sweep / "runs").iterdir()).name
    old = new.replace("CartPole", "Cart_u00e9Pole")  # an id as an earlier gym-loop could name it
    shutil.move(sweep / "runs" / new, sweep / "runs" / old)
    state = (sweep / "state.json").read_text().replace(new, old)
    (sweep / "state.json").write_text(state)
    done = run_cli("aggregate", str(sweep), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith(old))
    assert row.split()[1] == "1", done.stdout
