"""How fast each built-in agent and example learns: env steps and wall time to its threshold.

    python benchmarks/learning.py [--seeds 0 1 2] [--only dqn ppo]

Each example's YAML in ``examples/`` runs through ``train_agent`` as written (its periodic
evaluation, its ``reward_threshold``, its budget), once per seed. A run reaches the threshold
when an evaluation's mean return does; the table gives, over the seeds that reached it, the
median training env steps and wall seconds (evaluation included), and how many seeds did.

Where Stable-Baselines3 is installed (``pip install stable-baselines3 torch==2.13.0``), its DQN
and PPO run too, with RL Zoo's hyperparameters for CartPole-v1 (PPO on 8 envs, as RL Zoo has
it), evaluated as the examples are (20 deterministic episodes every 10 training episodes), with
the ratios ours / Stable-Baselines3.
"""

import argparse
import importlib.util
import logging
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from gym_loop.gym_loop import train_agent
from gym_loop.spec import load_spec

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLES = ["q_learning_frozen_lake", "q_learning_taxi", "cross_entropy_cartpole", "hill_climbing", "dqn", "ppo"]


def run_example(name, seed, runs_dir):
    """(reached, training env steps, wall seconds) of one seed of ``examples/<name>.yaml``."""
    spec = {**load_spec(str(REPOSITORY / "examples" / f"{name}.yaml")), "seed": seed, "runs_dir": str(runs_dir)}
    started = time.perf_counter()
    summary = train_agent(spec, name=name)
    reached = (summary.stop_reason or "").startswith("solved")
    return reached, summary.steps, time.perf_counter() - started


def run_sb3(algorithm, seed):
    """(reached, env steps, wall seconds) of Stable-Baselines3's DQN or PPO on CartPole-v1, RL Zoo's settings."""
    from stable_baselines3 import DQN, PPO
    from stable_baselines3.common.env_util import make_vec_env

    if algorithm == "dqn":
        env, budget = make_vec_env("CartPole-v1", n_envs=1, seed=seed), 50_000
        model = DQN("MlpPolicy", env, learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1000,
                    gamma=0.99, target_update_interval=10, train_freq=256, gradient_steps=128,
                    exploration_fraction=0.16, exploration_final_eps=0.04, policy_kwargs={"net_arch": [256, 256]},
                    seed=seed)
    else:
        env, budget = make_vec_env("CartPole-v1", n_envs=8, seed=seed), 100_000
        model = PPO("MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20,
                    ent_coef=0.0, learning_rate=lambda left: left * 1e-3, clip_range=lambda left: left * 0.2,
                    seed=seed)
    parameters = load_spec(str(REPOSITORY / "examples" / f"{algorithm}.yaml"))["loop"]["parameters"]
    evaluation = _episode_evaluation(make_vec_env("CartPole-v1", n_envs=1, seed=seed + 1000),
                                     parameters["episodes_per_eval"], parameters["eval_episodes"], threshold=475)
    started = time.perf_counter()
    model.learn(total_timesteps=budget, callback=evaluation)
    return evaluation.reached, model.num_timesteps, time.perf_counter() - started


def _episode_evaluation(eval_env, every, episodes, threshold):
    """A callback that evaluates as gym-loop's ``episodes_per_eval`` does, and stops at ``threshold``."""
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.evaluation import evaluate_policy

    class EpisodeEvaluation(BaseCallback):
        def __init__(self):
            super().__init__()
            self.finished, self.next_evaluation, self.reached = 0, every, False

        def _on_step(self):
            self.finished += int(sum(self.locals["dones"]))
            if self.finished < self.next_evaluation:
                return True
            self.next_evaluation += every * (1 + (self.finished - self.next_evaluation) // every)
            mean, _ = evaluate_policy(self.model, eval_env, n_eval_episodes=episodes, deterministic=True)
            self.reached = mean >= threshold
            return not self.reached

    return EpisodeEvaluation()


def summarize(results):
    """Median steps and seconds over the runs that reached the threshold, and how many did."""
    reached = [(steps, seconds) for ok, steps, seconds in results if ok]
    if not reached:
        return None, None, f"0/{len(results)}"
    return (statistics.median(s for s, _ in reached), statistics.median(t for _, t in reached),
            f"{len(reached)}/{len(results)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--only", nargs="+", choices=EXAMPLES, default=EXAMPLES)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    os.chdir(REPOSITORY)  # the examples' class strings are relative to the repository
    has_sb3 = importlib.util.find_spec("stable_baselines3") is not None

    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"seeds {args.seeds}")
    header = f"{'example':24} {'threshold':>10} {'reached':>8} {'steps':>9} {'seconds':>8}"
    print(header + ("   SB3: reached    steps  seconds  steps ratio  time ratio" if has_sb3 else ""))
    with tempfile.TemporaryDirectory() as runs_dir:
        for name in args.only:
            steps, seconds, reached = summarize([run_example(name, seed, runs_dir) for seed in args.seeds])
            line = (f"{name:24} {threshold(name):>10} {reached:>8} "
                    f"{_number(steps):>9} {_number(seconds, '.1f'):>8}")
            if has_sb3 and name in ("dqn", "ppo"):
                sb3_steps, sb3_seconds, sb3_reached = summarize([run_sb3(name, seed) for seed in args.seeds])
                line += (f"   {sb3_reached:>12} {_number(sb3_steps):>8} {_number(sb3_seconds, '.1f'):>8}"
                         f"  {_ratio(steps, sb3_steps):>11}  {_ratio(seconds, sb3_seconds):>10}")
            print(line, flush=True)


def threshold(name):
    """The example's reward threshold, looked up in the env's spec where it says ``env``."""
    import gymnasium

    spec = load_spec(str(REPOSITORY / "examples" / f"{name}.yaml"))
    value = spec["loop"]["parameters"]["reward_threshold"]
    return gymnasium.spec(spec["env"]["name"]).reward_threshold if value == "env" else value


def _number(value, spec=".0f"):
    return "-" if value is None else format(value, spec)


def _ratio(ours, theirs):
    return "-" if ours is None or theirs is None else f"{ours / theirs:.2f}"


if __name__ == "__main__":
    main()
