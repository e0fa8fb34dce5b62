"""fix11d: VectorLoop's random_episodes: two runs with one seed play the same random actions (tester11d-2), and the
agent's update() is called on every vector step where some sub-env plays the agent's episodes (tester11d-1)."""

from conftest import make_spec
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.gym_loop import train_agent
from gym_loop.loops.vector_loop import VectorLoop


def test_two_vector_runs_with_one_seed_and_random_episodes_write_the_same_episodes(tmp_path, monkeypatch):
    # tester11d-2: not seeding the vector env's action space passed every test; random_episodes then differed
    monkeypatch.chdir(tmp_path)
    spec = make_spec(num_envs=4, random_episodes=8, max_episodes=16, logdir=None, episodes_per_checkpoint=None,
                     max_episode_len=500)
    spec["loop"]["class"] = "gym_loop.loops.vector_loop:VectorLoop"
    rows = []
    for run in ("a", "b"):
        train_agent({**spec, "seed": 5}, run_dir=tmp_path / run)
        rows.append([row.split(",")[:4] for row in (tmp_path / run / "episodes.csv").read_text().splitlines()])
    assert rows[0] == rows[1] and len(rows[0]) == 17


class Counting(RandomAgent):
    """Counts the vector steps it memorizes and its update() calls, and the episodes of the sub-envs it acts for."""

    def __init__(self, **params):
        super().__init__(**params)
        self.steps, self.updates, self.episodes_of = 0, 0, []

    def act_batch(self, states, episode_nums):
        self.episodes_of.append(list(episode_nums))
        return super().act_batch(states, episode_nums)

    def memorize_batch(self, *args, **kwargs):
        self.steps += 1
        return super().memorize_batch(*args, **kwargs)

    def update(self, episode_num):
        self.updates += 1


def _counted(tmp_path, random_episodes):
    env = __import__("gymnasium").make("CartPole-v1")
    agent = Counting(observation_space=env.observation_space, action_space=env.action_space)
    VectorLoop(agent, env, seed=0, num_envs=4, random_episodes=random_episodes, max_episodes=12, logdir=None,
               episodes_csv=None, evals_csv=None, episodes_per_checkpoint=None,
               checkpoint_dir=str(tmp_path / f"checkpoints{random_episodes}")).train()
    return agent


def test_vector_updates_start_with_the_first_step_a_sub_env_plays_an_agents_episode(tmp_path):
    # tester11d-1: dropping the updates of the mixed warm-up (some sub-envs random, some the agent's) passed every test
    agent = _counted(tmp_path, random_episodes=2)  # sub-envs 2 and 3 play episodes 2 and 3 from the first step
    assert agent.steps > 0 and agent.updates == agent.steps == len(agent.episodes_of)
    # Episode 5 starts on a sub-env as the first of 0..3 ends; the agent acts (for the sub-envs past the warm-up)
    # and updates from that step on, also before 5 episodes ended.
    agent = _counted(tmp_path, random_episodes=5)
    assert min(agent.episodes_of[0]) < 5 <= max(agent.episodes_of[0])  # its first act is in the mixed warm-up
    assert 0 < agent.updates == len(agent.episodes_of) < agent.steps
