"""Class strings of the original gym-loop's modules that this one does not ship are named as such (tester8f-5); a
package in the working directory is found by gym-loop as by python -m gym_loop (tester8f-10)."""

import pytest
from conftest import run_cli


def original_ppo_spec(tmp_path):
    (tmp_path / "run.yaml").write_text("agent: {class: 'gym_loop.agents.pytorch_ppo:PPO'}\nenv: {name: CartPole-v1}\n")
    return ["train", "-c", "run.yaml"]


@pytest.mark.parametrize("option, class_str, fix", [
    ("-a", "gym_loop.agents.pytorch_ppo:PPO", "copy examples/ppo.py (agent.class: ppo.py:PPOAgent) or the original's "
                                              "file"),
    ("-a", "gym_loop.agents.pytorch_rainbow_dqn:PytorchRainbowDqn", "copy examples/dqn.py (agent.class: "
                                                                    "dqn.py:DQNAgent) or the original's file"),
    ("-l", "gym_loop.loops.multienv_loop:MultiEnvLoop", "use gym_loop.loops.vector_loop:VectorLoop (num_envs), or "
                                                        "copy the original's file"),
])
def test_the_originals_modules_are_named_with_their_successors(tmp_path, option, class_str, fix):
    made = run_cli("create-default", option, class_str, "-c", "x.yaml", cwd=tmp_path)
    assert made.returncode == 2
    module = class_str.partition(":")[0]
    assert (f"no module named '{module}': it is the original gym-loop's, not shipped with this one; {fix} into your "
            "project") in made.stderr


def test_an_original_policy_module_is_named_too(tmp_path):
    made = run_cli("create-default", "-s", "policy.class=gym_loop.policies.noisy_actor_critic:NoisyActorCritic",
                   "-c", "x.yaml", cwd=tmp_path)
    assert made.returncode == 2
    assert made.stderr == ("Error: policy.class: no module named 'gym_loop.policies.noisy_actor_critic': it is the "
                           "original gym-loop's, not shipped with this one; copy the original's file into your "
                           "project\n")


def test_a_package_in_the_working_directory_is_found_by_the_console_script(tmp_path):
    (tmp_path / "mypkg").mkdir()
    (tmp_path / "mypkg" / "__init__.py").write_text("")
    (tmp_path / "mypkg" / "buffer.py").write_text("class Buffer(list):\n    pass\n")
    (tmp_path / "mypkg" / "agents.py").write_text(
        "from .buffer import Buffer\nfrom gym_loop.agents import BaseAgent\n"
        "class A(BaseAgent):\n    def act(self, state, episode_num):\n        return self.action_space.sample()\n")
    made = run_cli("create-default", "-a", "mypkg.agents:A", "-c", "a.yaml", "-s", "env.name=CartPole-v1", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    trained = run_cli("-q", "train", "-c", "a.yaml", "-s", "loop.parameters.max_episodes=1", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
