"""What the original gym-loop's users wrote keeps working: its spec layout and its agents' style."""

import yaml

from conftest import make_spec, only_run, read_scalars, run_cli, write_spec
from test_envs_and_policies import POLICY_FILE


def original_spec(tmp_path, monkeypatch, policy_action=0):
    """A spec with the policy inside the agent section, as the original create-default wrote it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies_file.py").write_text(POLICY_FILE)
    spec = make_spec(agent="policies_file.py:PolicyAgent", max_episodes=1)
    spec["agent"]["policy"] = {"class": "policies_file.py:ConstantPolicy", "parameters": {"action": policy_action}}
    del spec["policy"]
    return spec


def test_an_agent_policy_section_is_the_policy_with_one_warning(tmp_path, monkeypatch):
    write_spec(tmp_path / "run.yaml", original_spec(tmp_path, monkeypatch))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "agent.policy" in line]
    assert warnings == ["WARNING: agent.policy: read as the top-level policy section (the original gym-loop's "
                        "layout); move it there"]
    run = only_run(tmp_path)
    assert read_scalars(run / "logs")["policy_action"][0][1] == 0  # not the agent's default policy's 1
    written = yaml.safe_load((run / "spec.yaml").read_text())
    assert "policy" not in written["agent"]
    assert written["policy"] == {"class": "policies_file.py:ConstantPolicy", "parameters": {"action": 0}}
    assert run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=2", cwd=tmp_path).returncode == 0
