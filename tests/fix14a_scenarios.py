"""Rows fix14a added to docs/errors.rst (tester14a's defects); tests/test_errors_table.py runs them with the rest."""

from pathlib import Path

from conftest import run_cli

SPEC = "agent: {{class: {agent}}}\nenv: {{name: CartPole-v1{imports}}}\nloop: {{parameters: {{max_episodes: 1}}}}\n"
EXITS = "import sys\nfrom gym_loop.agents.base_agent import BaseAgent\nsys.exit(0)\n"


def random_agent(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text(SPEC.format(agent="gym_loop.agents.random_agent:RandomAgent", imports=""))


def free_form(tmp_path: Path, assignment: str) -> list:
    """train with ``--set assignment`` for an agent whose parameter x takes anything (its default is null)."""
    (tmp_path / "anyp.py").write_text("from gym_loop.agents.base_agent import BaseAgent\nclass A(BaseAgent):\n"
                                      "    @staticmethod\n    def get_default_parameters(): return {'x': None}\n"
                                      "    def act(self, state, episode_num): return 0\n")
    (tmp_path / "run.yaml").write_text(SPEC.format(agent="anyp.py:A", imports=""))
    return ["train", "-c", "run.yaml", "-s", assignment]


def exits_at_import(tmp_path: Path) -> list:
    (tmp_path / "ex0.py").write_text(EXITS)
    (tmp_path / "run.yaml").write_text(SPEC.format(agent="ex0.py:A", imports=""))
    return ["train", "-c", "run.yaml"]


def env_module_exits(tmp_path: Path) -> list:
    (tmp_path / "exitenv.py").write_text("import sys\nsys.exit(0)\n")
    (tmp_path / "run.yaml").write_text(SPEC.format(agent="gym_loop.agents.random_agent:RandomAgent",
                                                   imports=", imports: [exitenv]"))
    return ["train", "-c", "run.yaml"]


def unquoted_date(tmp_path: Path) -> list:
    return free_form(tmp_path, "agent.parameters.x=2001-12-14")


def base_loop(tmp_path: Path) -> list:
    random_agent(tmp_path)
    return ["train", "-c", "run.yaml", "-s", "loop.class=gym_loop.loops.base_loop:BaseLoop"]


def stub_loop(tmp_path: Path) -> list:
    (tmp_path / "myloop.py").write_text("from gym_loop.loops.base_loop import BaseLoop\nclass L(BaseLoop):\n    pass\n")
    random_agent(tmp_path)
    return ["train", "-c", "run.yaml", "-s", "loop.class=myloop.py:L"]


AGENT = "from gym_loop.agents.base_agent import BaseAgent\nclass A(BaseAgent):\n    def act(self, s, e): return 0\n"


def spec_over_source(tmp_path: Path) -> list:
    (tmp_path / "victim.py").write_text(AGENT)
    return ["create-default", "-a", "victim.py:A", "-c", "victim.py", "--force"]


def source_as_spec(tmp_path: Path) -> list:
    (tmp_path / "myagent.py").write_text(AGENT)
    return ["train", "-c", "myagent.py"]


def run_dir_again(tmp_path: Path) -> list:
    random_agent(tmp_path)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "job-1", cwd=tmp_path).returncode == 0
    return ["train", "-c", "run.yaml", "--run-dir", "job-1"]


def string_section(tmp_path: Path) -> list:
    random_agent(tmp_path)
    return ["train", "-c", "run.yaml", "-s", "env=Acrobot-v1"]


def unreadable_set(tmp_path: Path) -> list:
    return free_form(tmp_path, "agent.parameters.x=@x")


def colour_code(tmp_path: Path) -> list:
    (tmp_path / "run.yaml").write_text(SPEC.format(agent="gym_loop.agents.random_agent:RandomAgent",
                                                   imports="\x1b[0m"))
    return ["train", "-c", "run.yaml"]


def utf16(tmp_path: Path) -> list:
    (tmp_path / "run.yaml").write_bytes(SPEC.format(agent="gym_loop.agents.random_agent:RandomAgent",
                                                    imports="").encode("utf-16-le"))
    return ["train", "-c", "run.yaml"]


def emptied_run_spec(tmp_path: Path) -> list:
    random_agent(tmp_path)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    (tmp_path / "r" / "spec.yaml").write_text("")
    return ["train", "-c", "r/spec.yaml"]


def list_item(tmp_path: Path) -> list:
    (tmp_path / "run.yaml").write_text(SPEC.format(agent="gym_loop.agents.random_agent:RandomAgent",
                                                   imports=", imports: []"))
    return ["train", "-c", "run.yaml", "-s", "env.imports.0=x"]


def dot_slash_checkpoint(tmp_path: Path) -> list:
    random_agent(tmp_path)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    return ["-q", "eval", "--run", "r", "--checkpoint", "./agent-000001"]


SCENARIOS = {
    "an agent file (or a module of a class string) that calls ``sys.exit()`` as it is imported (a script's code "
    "not under ``if __name__ == \"__main__\":``, an unguarded ``argparse`` ``parse_args()``)": exits_at_import,
    "an ``env.imports`` module that calls ``sys.exit()`` as it is imported": env_module_exits,
    "an unquoted date for an agent, policy or loop parameter whose default takes it (``null``, a list, a mapping), "
    "which a checkpoint cannot hold": unquoted_date,
    "BaseLoop itself as the loop class": base_loop,
    "a loop on BaseLoop that defines neither ``training_episodes()`` nor its own ``train()`` (a stub)": stub_loop,
    "create-default's ``-c`` given a ``.py`` file (the agent's own source: ``-c`` read as \"class\"), with or without "
    "``--force``": spec_over_source,
    "a ``.py`` file (the agent's source) given as the spec of ``train``, ``eval``, ``sweep`` or ``tune``":
        source_as_spec,
    "a section given as its env id or class string (RL Zoo's ``env: CartPole-v1``, ``--set env=Acrobot-v1`` for "
    "``--set env.name=...``)": string_section,
    "a ``--set`` value that YAML cannot read (``@x``, an unclosed quote, an unknown ``!tag``)": unreadable_set,
    "a control character in a spec (a terminal's colour code pasted in)": colour_code,
    "a spec saved as UTF-16 without a byte order mark": utf16,
    "an empty spec.yaml of a run (or sweep, tune) folder given as ``-c``": emptied_run_spec,
    "``--set`` of one item of a list (``--set env.imports.0=x``), listed in the spec or not": list_item,
    "``--checkpoint ./agent-000001``: a path from the working directory, which has none, for a checkpoint the run "
    "has": dot_slash_checkpoint,
    "a --run-dir that is a run folder already (the same command again: a requeued batch job)": run_dir_again,
}
TESTED_ELSEWHERE = {  # test_shadowed_sibling_fix14a
    "an agent file that imports a module by the name of a file beside it (``import test`` with ``test.py`` there), "
    "which an installed or standard module of that name shadows (a warning; the run goes on)",
}
