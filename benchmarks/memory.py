"""Peak memory of a long training run against a short one: it should not grow with the run.

    python benchmarks/memory.py [--steps 100000 1000000]

Each size runs ``train_agent`` with ``RandomAgent`` on CartPole-v1 (TensorBoard, CSV and
checkpoints on) in a fresh process, and reports that process's peak resident memory. The target:
the longest run within 10% of the shortest.
"""

import argparse
import json
import subprocess
import sys
import tempfile

RUN = """
import json, resource, sys
from gym_loop.gym_loop import train_agent
from gym_loop.spec import default_spec
spec = default_spec()
spec["env"]["name"] = "CartPole-v1"
spec["loop"]["parameters"].update(max_episodes=int(sys.argv[1]) // 22, max_episode_len=None)
spec.update(seed=0, runs_dir=sys.argv[2])
summary = train_agent(spec)
print(json.dumps({"steps": summary.steps, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[100_000, 1_000_000])
    sizes = parser.parse_args().steps
    print(f"{'steps':>10}{'peak MiB':>10}{'vs first':>10}")
    first = None
    with tempfile.TemporaryDirectory() as runs_dir:
        for steps in sizes:
            output = subprocess.run([sys.executable, "-c", RUN, str(steps), runs_dir], capture_output=True,
                                    text=True, check=True).stdout
            result = json.loads(output.splitlines()[-1])
            first = first or result["peak_mib"]
            print(f"{result['steps']:>10}{result['peak_mib']:>10.1f}{result['peak_mib'] / first:>10.2f}")


if __name__ == "__main__":
    main()
