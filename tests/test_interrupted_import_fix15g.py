"""fix15g (tester15g-2): a Ctrl-C during the first loop.train()'s import of tensorboardX said "call train() again on
this loop", which then failed with an ImportError ("partially initialized module"): importlib drops the modules whose
code the interrupt cut short (tensorboardX), not the submodules they had imported (tensorboardX.proto.*), and those,
left without their package, made the next import circular. The interrupted import now drops them too."""

import subprocess
import sys

SCRIPT = """
import sys, gymnasium as gym
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.agents.random_agent import RandomAgent
assert "gym_loop.run" not in sys.modules and "tensorboardX" not in sys.modules
TARGET = sys.argv[1]
fired = []
def tracer(frame, event, arg):  # a Ctrl-C in TARGET's module code once its DESCRIPTOR is built
    if frame.f_globals.get("__name__") == TARGET and not fired:
        def local(frame, event, arg):
            if event == "line" and "DESCRIPTOR" in frame.f_globals and not fired:
                fired.append(1)
                raise KeyboardInterrupt
            return local
        return local
    return None
env = gym.make("CartPole-v1")
agent = RandomAgent(action_space=env.action_space, observation_space=env.observation_space)
loop = DefaultLoop(agent, env, max_episodes=2, logdir=None, checkpoint_dir="ck", episodes_csv=None, evals_csv=None)
sys.settrace(tracer)
try:
    loop.train()
except BaseException as error:
    print("first:", type(error).__name__, error)
sys.settrace(None)
assert fired
print("second:", loop.train().episodes)
"""


def test_train_again_after_an_interrupted_first_import(tmp_path):
    for target in ("tensorboardX.proto.tensor_pb2", "tensorboardX.proto.summary_pb2"):
        (tmp_path / target).mkdir()
        done = subprocess.run([sys.executable, "-c", SCRIPT, target], cwd=tmp_path / target, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "first: StoppedAtOnce interrupted before the first episode" in done.stdout
        assert "second: 2" in done.stdout
