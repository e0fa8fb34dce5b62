"""The cost of gym-loop's agent binding: the bound ``memorize`` against calling the agent's own directly.

    python benchmarks/agent_binding.py [--calls 200000] [--rounds 7]

The loop calls every agent's ``memorize`` through one binding (:func:`gym_loop.agents.protocol.bind_agent`)
with its nine arguments; a hand-written loop would call the agent's ``memorize`` with exactly the
arguments it takes. For each signature the table gives the nanoseconds per call of both, best of
``--rounds`` (as ``timeit`` advises on a noisy machine), and their ratio (direct / bound: 1.00
means the binding costs nothing). The agents' ``memorize`` does one attribute store, so the
ratio is the worst case: any real work in ``memorize`` shrinks the difference.
"""

import argparse
import platform
import timeit

from gym_loop.agents import RandomAgent
from gym_loop.agents.protocol import bind_agent


class Five:
    def memorize(self, last_ob, action, reward, done, ob):
        self.last = reward


class Terminated:
    def memorize(self, last_ob, action, reward, done, ob, terminated):
        self.last = reward


class KeywordOnly:
    def memorize(self, last_ob, action, reward, done, ob, *, truncated, info):
        self.last = reward


class Kwargs:
    def memorize(self, last_ob, action, reward, done, ob, **extras):
        self.last = reward


class AllFour:
    def memorize(self, last_ob, action, reward, done, ob, terminated, truncated, info, global_step):
        self.last = reward


def random_agent():
    import gymnasium

    return RandomAgent(action_space=gymnasium.spaces.Discrete(2))


INFO = {}


def direct_five(m, n):
    for _ in range(n):
        m(1, 0, 1.0, False, 2)


def direct_terminated(m, n):
    for _ in range(n):
        m(1, 0, 1.0, False, 2, False)


def direct_keyword_only(m, n):
    for _ in range(n):
        m(1, 0, 1.0, False, 2, truncated=False, info=INFO)


def direct_kwargs(m, n):
    for _ in range(n):
        m(1, 0, 1.0, False, 2, terminated=False, truncated=False, info=INFO, global_step=7)


def direct_all_four(m, n):
    for _ in range(n):
        m(1, 0, 1.0, False, 2, False, False, INFO, 7)


def direct_global_step(m, n):
    for _ in range(n):
        m(1, 0, 1.0, False, 2, 7)


def bound_loop(m, n):
    """What gym-loop's loops do: the bound memorize with all nine arguments."""
    for _ in range(n):
        m(1, 0, 1.0, False, 2, False, False, INFO, 7)


CASES = {  # name: (agent factory, a hand-written loop calling its memorize directly)
    "memorize(5)": (Five, direct_five),
    "memorize(5, terminated)": (Terminated, direct_terminated),
    "memorize(5, *, truncated, info)": (KeywordOnly, direct_keyword_only),
    "memorize(5, **extras)": (Kwargs, direct_kwargs),
    "memorize(5, all four)": (AllFour, direct_all_four),
    "RandomAgent memorize(5, global_step)": (random_agent, direct_global_step),
}


def measure(calls, rounds):
    """Rows of (case, direct ns, bound ns, ratio)."""
    rows = []
    for name, (make, direct_loop) in CASES.items():
        agent = make()
        direct, bound = agent.memorize, bind_agent(add_act(agent)).memorize
        timings = {"direct": [], "bound": []}
        for _ in range(rounds):  # interleaved, so that both see the same load
            timings["direct"].append(timeit.timeit(lambda: direct_loop(direct, calls), number=1))
            timings["bound"].append(timeit.timeit(lambda: bound_loop(bound, calls), number=1))
        best_direct, best_bound = min(timings["direct"]) / calls * 1e9, min(timings["bound"]) / calls * 1e9
        rows.append((name, best_direct, best_bound, best_direct / best_bound))
    return rows


def add_act(agent):
    if not hasattr(agent, "act"):
        agent.act = lambda state, episode_num: 0
    return agent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {args.calls} calls, best of {args.rounds} rounds")
    print(f"{'signature':40s} {'direct ns':>10s} {'bound ns':>10s} {'ratio':>6s}")
    for name, direct, bound, ratio in measure(args.calls, args.rounds):
        print(f"{name:40s} {direct:10.0f} {bound:10.0f} {ratio:6.2f}")


if __name__ == "__main__":
    main()
