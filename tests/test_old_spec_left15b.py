"""left15b: a run an older gym-loop wrote, with a string parameter like "1e-3" or "08", has it unquoted in its sealed
spec.yaml (that gym-loop's writer quoted only what YAML 1.1 reads as no string); gym-loop reads those as numbers, so
eval and resume refused the run with "expected a string, got 0.001" (tester14g-5). A spec.yaml as gym-loop wrote it
(its checksum line matches) is now read as its writer meant it."""

from hashlib import sha256

from gym_loop.run_folder import SEAL
from gym_loop.spec import load_spec
from gym_loop.yaml_safety import dump
from tests.conftest import make_spec, run_cli

AGENT = """
from gym_loop.agents import BaseAgent

class A(BaseAgent):
    DEFAULT_ENV = "CartPole-v1"
    @staticmethod
    def get_default_parameters():
        return {"lr": "1e-3", "tag": "08", "rate": 0.001}
    def act(self, state, episode_num, evaluation=False):
        assert (self.parameters["lr"], self.parameters["tag"]) == ("1e-3", "08")
        return int(self.rng.integers(2))
    def memorize(self, last_ob, action, reward, done, ob):
        pass
    def update(self, episode_num):
        pass
"""


def as_older_wrote(spec_yaml):
    """Rewrite a run's spec.yaml as the gym-loop before 14a-12 did: 1e-3 and 08 unquoted, sealed."""
    body = spec_yaml.read_text().partition("\n")[2].replace("'1e-3'", "1e-3").replace("'08'", "08")
    assert "lr: 1e-3" in body and "tag: 08" in body
    spec_yaml.write_text(f"{SEAL}{sha256(body.encode()).hexdigest()}\n{body}")


def test_an_older_gym_loops_run_evaluates_and_resumes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text(dump(make_spec(agent="a.py:A", max_episodes=2, eval_episodes=1)))
    done = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "old", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    as_older_wrote(tmp_path / "old" / "spec.yaml")
    assert load_spec(tmp_path / "old" / "spec.yaml")["agent"]["parameters"] == {"lr": "1e-3", "tag": "08",
                                                                              "rate": 0.001}
    evaluated = run_cli("-q", "eval", "--run", "old", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    resumed = run_cli("-q", "train", "--resume", "old", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "lr: '1e-3'" in (tmp_path / "old" / "spec.yaml").read_text()  # written again, quoted


def test_a_file_edited_by_hand_is_read_as_it_is(tmp_path):
    (tmp_path / "spec.yaml").write_text("agent:\n  parameters: {lr: 1e-3}\n")  # no checksum line: no writer to trust
    assert load_spec(tmp_path / "spec.yaml")["agent"]["parameters"] == {"lr": 0.001}
