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
