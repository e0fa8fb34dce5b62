"""A sweep of a loop of the original's kind (own train(), no training_episodes()) is refused before any run: none
could be scored (tester8f-6)."""

from conftest import run_cli

SEED_LOOP = '''
from gym_loop.loops.base_loop import BaseLoop
class SeedLoop(BaseLoop):
    @staticmethod
    def get_default_parameters():
        return {"max_episodes": 2}
    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env
    def train(self):
        raise AssertionError("no run should start")
    evaluate = train
'''


def seed_loop_sweep(tmp_path):
    (tmp_path / "seedloop.py").write_text(SEED_LOOP)
    (tmp_path / "s.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
                                     "env: {name: CartPole-v1}\nloop: {class: seedloop.py:SeedLoop}\n")
    return ["sweep", "-c", "s.yaml", "--seeds", "0-1"]


def test_a_sweep_of_a_seed_style_loop_is_refused_before_any_run(tmp_path):
    ran = run_cli("-q", *seed_loop_sweep(tmp_path), cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr == ("Error: loop.class: SeedLoop has its own train() (a loop of the original gym-loop's kind), "
                          "which records no episodes.csv, so no run of the sweep could be scored; give it "
                          "training_episodes() (see docs/loops.rst), or run it with gym-loop train (config base)\n")
    assert not (tmp_path / "sweeps").exists()


REFUSED_IN_RUNS = '''
import sys
from gym_loop.agents import BaseAgent
if "train" in sys.argv:  # the sweep resolves the class; each run's train refuses it (exit 2, no run folder)
    raise ImportError("not in a run")
class A(BaseAgent):
    def act(self, state, episode_num):
        return self.action_space.sample()
'''


def test_runs_refused_at_their_spec_check_are_counted_as_failed_once(tmp_path):
    (tmp_path / "a.py").write_text(REFUSED_IN_RUNS)
    (tmp_path / "a.yaml").write_text("agent: {class: a.py:A}\nenv: {name: CartPole-v1}\n"
                                     "loop: {parameters: {max_episodes: 2}}\n")
    ran = run_cli("-q", "sweep", "-c", "a.yaml", "--seeds", "0-1", cwd=tmp_path)
    assert ran.returncode != 0
    assert any(line.startswith("WARNING: base: no scored run yet: its 2 run(s) have not reached their end (2 "
                               "failed); base/seed-") and line.endswith(" refused its spec (said below)")
               for line in ran.stderr.splitlines())  # left11: not --retry-failed, which runs the same spec
    assert "not started" not in ran.stderr
    assert (tmp_path / "sweeps" / "a" / "scores.csv").read_text().count(",failed,") == 2
