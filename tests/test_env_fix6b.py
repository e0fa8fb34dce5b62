"""tester6a's env defects: Gymnasium's ``module:EnvId`` names, ``env.parameters.render_mode``, and the local env
modules a run records in ``run.json``'s ``code``."""

import hashlib
import json

from conftest import make_spec, run_cli, write_spec

ENVS = """
import gymnasium
import numpy as np
from gymnasium import spaces


class Tiny(gymnasium.Env):
    observation_space = spaces.Box(-1, 1, (2,), np.float32)
    action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(2, np.float32), {}

    def step(self, action):
        self.t += 1
        return np.zeros(2, np.float32), REWARD, self.t >= 3, False, {}


REWARD = 1.0
gymnasium.register("Fix6b/Tiny-v0", entry_point=Tiny)
"""


def test_a_module_prefixed_env_name_imports_the_module_as_gymnasium_make_does(tmp_path):
    (tmp_path / "myenvs.py").write_text(ENVS)
    write_spec(tmp_path / "run.yaml", make_spec("myenvs:Fix6b/Tiny-v0", max_episodes=2, episodes_per_checkpoint=1))
    trained = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert rows(tmp_path / "run") == [["0", "3", "3.0", "3"], ["1", "6", "3.0", "3"]]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()  # the module is found where the run was made, as an env.imports module is
    resumed = run_cli("train", "--resume", tmp_path / "run", "--set", "loop.parameters.max_episodes=3", cwd=elsewhere)
    assert resumed.returncode == 0, resumed.stderr
    assert rows(tmp_path / "run")[-1] == ["2", "9", "3.0", "3"]
    evaluated = run_cli("eval", "--run", tmp_path / "run", cwd=elsewhere)
    assert evaluated.returncode == 0, evaluated.stderr


def test_a_module_prefix_that_cannot_be_imported_is_named_at_env_name(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec("nomodule:Fix6b/Tiny-v0"))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == ("Error: env.name: cannot import 'nomodule' (No module named 'nomodule'); install "
                                     "the package that provides it, or put nomodule.py in the working directory or "
                                     "beside the agent file")


def test_render_mode_in_env_parameters_is_refused_as_the_loop_flags_set_it(tmp_path):
    spec = make_spec()
    spec["env"]["parameters"] = {"render_mode": "human"}
    write_spec(tmp_path / "run.yaml", spec)
    for command in ("train", "eval"):
        result = run_cli(command, "-c", "run.yaml", cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip() == ("Error: env.parameters.render_mode: set by loop.parameters.render / record "
                                         "(and eval_render / eval_record); remove it")
    assert not (tmp_path / "runs").exists() and not (tmp_path / "eval_logs").exists()


def rows(run):
    """episode, global_step, return, length of each row of the run's episodes.csv."""
    return [line.split(",")[:4] for line in (run / "episodes.csv").read_text().splitlines()[1:]]


def test_a_local_env_module_is_in_run_json_code_and_a_change_is_warned_on_resume_and_eval(tmp_path):
    envs = tmp_path / "myenvs.py"
    envs.write_text(ENVS)
    spec = make_spec("Fix6b/Tiny-v0", max_episodes=2, episodes_per_checkpoint=1)
    spec["env"]["imports"] = ["myenvs"]
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["code"] == {"env": hashlib.sha256(envs.read_bytes()).hexdigest()}
    envs.write_text(ENVS.replace("REWARD = 1.0", "REWARD = 2.0"))
    evaluated = run_cli("eval", "--run", "run", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    assert (f"WARNING: the env's file {envs} changed since the run last trained (sha256 "
            f"{record['code']['env'][:12]}..., now ") in evaluated.stderr
    resumed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert f"WARNING: the env's file {envs} changed since the run last trained (sha256 " in resumed.stderr
    after = json.loads((tmp_path / "run" / "run.json").read_text())  # the start's code kept (tester9a-3)
    assert (after["code"], after["resumed"][0]["code"]) == (record["code"], {
        "env": hashlib.sha256(envs.read_bytes()).hexdigest()})


def test_an_installed_env_module_is_left_out_of_code(tmp_path):
    spec = make_spec(max_episodes=1)
    spec["env"]["imports"] = ["gymnasium.envs.classic_control"]
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "run" / "run.json").read_text())["code"] == {}
