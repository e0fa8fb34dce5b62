"""tester9b-10: an agent written the README's way, reading its policy from ``self.parameters["policy"]``: the policy
gym-loop built it is saved and restored by the default save (its decayed eps, its generator), so ``--resume`` equals
the uninterrupted run."""

from conftest import run_cli

README_AGENT = '''
import numpy as np
class BaseAgent:                        # the original README's base class, verbatim
    @staticmethod
    def get_default_parameters(): raise NotImplementedError()
    def act(self, state, episode_num): raise NotImplementedError()
    def memorize(self, last_ob, action, reward, done, ob): raise NotImplementedError()
    def update(self, episode_num): raise NotImplementedError()
    def __init__(self, **params):
        super().__init__()
        self.parameters = self.get_default_parameters()
        self.parameters.update(params)
class PolAgent(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {}
    def act(self, state, episode_num): return self.parameters["policy"](np.array([state[2], -state[2]]))
    def memorize(self, last_ob, action, reward, done, ob): pass
    def update(self, episode_num): pass
class SeedPolicy:                       # a policy of the seeds' kind that learns
    @staticmethod
    def get_default_parameters(): return {"eps": 0.5}
    def __init__(self, observation_space, action_space, **params):
        self.eps = params.get("eps", 0.5); self.rng = np.random.default_rng(1)
    def __call__(self, q):
        self.eps *= 0.99
        return int(self.rng.integers(2)) if self.rng.random() < self.eps else int(np.argmax(q))
'''


def _rows(run):
    return [row.split(",")[:4] for row in (run / "episodes.csv").read_text().splitlines()]


def test_the_policy_read_from_parameters_resumes_where_it_was(tmp_path):
    (tmp_path / "ra.py").write_text(README_AGENT)
    (tmp_path / "p.yaml").write_text(
        "agent: {class: ra.py:PolAgent}\npolicy: {class: ra.py:SeedPolicy, parameters: {eps: 0.9}}\n"
        "env: {name: CartPole-v1}\nloop: {parameters: {max_episodes: 10, episodes_per_checkpoint: 5}}\nseed: 5\n")
    whole = run_cli("train", "-q", "-c", "p.yaml", "--run-dir", "a", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    half = run_cli("train", "-q", "-c", "p.yaml", "--set", "loop.parameters.max_episodes=5", "--run-dir", "b",
                   cwd=tmp_path)
    assert half.returncode == 0, half.stderr
    resumed = run_cli("train", "-q", "--resume", "b", "--set", "loop.parameters.max_episodes=10", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert _rows(tmp_path / "b") == _rows(tmp_path / "a")
