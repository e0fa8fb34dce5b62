"""fix14e: a notebook's ``__main__`` class (tester14e-2). In a Jupyter kernel ``__main__`` has no ``__file__``, so
``inspect.getsource`` of its classes fails; IPython keeps each cell's code in linecache under the file name its
functions carry. run.json's ``code`` records the class's source from there, and a resume with the cell edited says
so. Here a module ``__main__`` without a file and a cell compiled as ipykernel does stand in for the kernel."""

import inspect
import json
import linecache
import logging
import sys
import types
from pathlib import Path

import pytest

from gym_loop.gym_loop import get_default_params, train_agent

CELL = '''from gym_loop.agents import BaseAgent
class NB(BaseAgent):
    limit = 3

    @staticmethod
    def get_default_parameters():
        return {{}}

    def act(self, state, episode_num):
        return {action}
'''


@pytest.fixture
def kernel(monkeypatch):
    main = types.ModuleType("__main__")  # a kernel's: no __file__
    monkeypatch.setitem(sys.modules, "__main__", main)
    cells = []

    def run_cell(source):
        name = f"/tmp/ipykernel_0/fix14e{len(cells)}.py"  # as ipykernel names a cell's code; no such file
        cells.append(name)
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        exec(compile(source, name, "exec"), main.__dict__)
        return main.NB

    yield run_cell
    for name in cells:
        linecache.cache.pop(name, None)


def test_a_notebook_class_is_recorded_and_an_edited_one_named(kernel, tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    first = kernel(CELL.format(action=0))
    with pytest.raises(OSError):
        inspect.getsource(first)  # as in the kernel
    spec = get_default_params("__main__:NB", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"], spec["seed"] = "CartPole-v1", 1
    spec["loop"]["parameters"].update(max_episodes=2, logdir=None)
    summary = train_agent(spec, name="nb")
    code = json.loads((Path(summary.run_dir) / "run.json").read_text())["code"]
    assert set(code) == {"agent"}
    kernel(CELL.format(action=1))  # the cell edited and run again
    spec["loop"]["parameters"]["max_episodes"] = 4
    with caplog.at_level(logging.WARNING):
        train_agent(spec, resume=summary.run_dir)
    assert "the agent's class __main__:NB changed since the run last trained" in caplog.text
    resumed = json.loads((Path(summary.run_dir) / "run.json").read_text())["resumed"][0]["code"]
    assert set(resumed) == {"agent"} and resumed["agent"] != code["agent"]


def test_the_same_class_in_a_script_has_the_same_digest(kernel, tmp_path):
    from gym_loop.provenance import class_digest

    source = CELL.format(action=0)
    script = tmp_path / "fix14e_script.py"
    script.write_text(source)
    module = types.ModuleType("fix14e_script")
    module.__file__ = str(script)
    sys.modules["fix14e_script"] = module
    try:
        exec(compile(source, str(script), "exec"), module.__dict__)
        assert class_digest(kernel(source)) == class_digest(module.NB) is not None
    finally:
        del sys.modules["fix14e_script"]


def test_a_class_without_source_is_said(kernel, tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    exec("from gym_loop.agents import BaseAgent\nclass NB(BaseAgent):\n    def act(self, s, e):\n        return 0\n",
         sys.modules["__main__"].__dict__)  # exec of a string: Python keeps no source
    spec = get_default_params("__main__:NB", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"], spec["seed"] = "CartPole-v1", 1
    spec["loop"]["parameters"].update(max_episodes=1, logdir=None)
    with caplog.at_level(logging.WARNING):
        train_agent(spec, name="nb")
    assert ("agent.class: Python keeps no source of __main__:NB (a class made by exec, or a notebook's without a "
            "method of its own): run.json records no code for it, so a resume or an evaluation cannot tell if it was "
            "changed; define it in a cell or a file to have it recorded") in caplog.text
