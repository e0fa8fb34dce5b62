"""tester10a-4: a run of a script's own class (__main__:NB) is resumed and evaluated with the class put in a file and
given with --set, as the error now says; the resume then says it resumes another file, not that the file changed."""

import subprocess
import sys

from conftest import only_run, run_cli

SCRIPT = '''
from gym_loop.agents import BaseAgent
from gym_loop.gym_loop import get_default_params, train_agent
class NB(BaseAgent):
    def act(self, state, episode_num):
        return self.action_space.sample()
spec = get_default_params("__main__:NB", "gym_loop.loops.default_loop:DefaultLoop")
spec["env"]["name"] = "CartPole-v1"
spec["loop"]["parameters"].update(max_episodes=2, logdir=None)
spec["runs_dir"] = "runs"
train_agent(spec, name="nb")
'''
CLASSES = '''from gym_loop.agents import BaseAgent
class NB(BaseAgent):
    def act(self, state, episode_num):
        return self.action_space.sample()
'''


def test_the_error_gives_the_option_to_paste_and_the_resume_names_the_other_file(tmp_path):
    (tmp_path / "nb.py").write_text(SCRIPT)
    trained = subprocess.run([sys.executable, "nb.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert trained.returncode == 0, trained.stderr
    run = only_run(tmp_path)
    refused = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].endswith(
        "put the class in a file and give it to them, e.g. --set agent.class=my_classes.py:NB"), refused.stderr
    (tmp_path / "my_classes.py").write_text(CLASSES)
    resumed = run_cli("train", "--resume", run, "--set", "agent.class=my_classes.py:NB",
                      "--set", "loop.parameters.max_episodes=4", "-q", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.strip() == ("WARNING: agent.class: resuming with my_classes.py:NB, not the __main__:NB the "
                                      "run last trained (another file); the episodes before this resume came from "
                                      "that one")
    (tmp_path / "my_classes.py").write_text(CLASSES + "# edited\n")
    again = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=6", "-q", cwd=tmp_path)
    assert again.returncode == 0 and again.stderr.startswith("WARNING: the agent's file "), again.stderr
