"""A string that reads like a non-finite number in gym-loop's JSON files (".inf") stays a string (tester15h-1)."""

import math
from pathlib import Path

from gym_loop.files import json_text, json_value

from conftest import run_cli

AGENT = '''
class Ag:
    ANY_PARAMETERS = True
    def __init__(self, observation_space, action_space, tag="x"):
        self.action_space = action_space
        print("TAG", repr(tag), flush=True)
    def act(self, state, episode_num): return self.action_space.sample()
    def memorize(self, state, action, reward, next_state, done): pass
    def save(self, path): open(path, "w").write("x")
    def load(self, path): pass
'''


def test_strings_like_non_finite_numbers_round_trip_as_strings():
    value = {"a": [".inf", "-.inf", ".nan", "\\.inf", "\\\\.nan", "inf", math.inf, -math.inf], "b": math.nan}
    text = json_text(value)
    assert "Infinity" not in text and "NaN" not in text  # strict JSON
    back = json_value(text)
    assert back["a"][:6] == [".inf", "-.inf", ".nan", "\\.inf", "\\\\.nan", "inf"]
    assert back["a"][6:] == [math.inf, -math.inf] and math.isnan(back["b"])
    assert json_value('{"x": NaN, "y": Infinity, "z": ".inf"}')["z"] == math.inf  # older files, as written


def test_a_grid_string_like_inf_stays_a_string_when_the_sweep_is_continued(tmp_path: Path):
    (tmp_path / "ag.py").write_text(AGENT)
    made = run_cli("create-default", "-a", "ag.py:Ag", "-c", "s.yaml", "--set", "env.name=CartPole-v1",
                   "--set", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    first = run_cli("sweep", "-c", "s.yaml", "--seeds", "0", "--grid", 'agent.parameters.tag=[".inf"]',
                    "--jobs", "1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    runs = sorted(path.name for path in (tmp_path / "sweeps" / "s" / "runs").iterdir())
    again = run_cli("sweep", "sweeps/s", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in (tmp_path / "sweeps" / "s" / "runs").iterdir()) == runs  # nothing retrained
    logs = "".join(path.read_text() for path in (tmp_path / "sweeps" / "s" / "logs").rglob("*.log"))
    assert "TAG '.inf'" in logs and "TAG inf" not in logs
