"""Class strings: the forms the seeds allow, and three distinct failures."""

import os
import subprocess
import sys

import pytest

from gym_loop.errors import ResolveError
from gym_loop.gym_loop import module_str_to_class, validate_module_str
from gym_loop.loops import DefaultLoop


@pytest.mark.parametrize("text, valid", [
    ("gym_loop.loops.default_loop:DefaultLoop", True),
    ("agent.py:Agent", True),
    ("~/agents/agent.py:Agent", True),
    ("/abs/path/agent.py:Agent", True),
    ("no_colon", False),
    ("pkg.module:", False),
    ("pkg.module:1Class", False),
    ("pkg..module:Class", False),
    (None, False),
])
def test_validate_module_str(text, valid):
    assert bool(validate_module_str(text)) is valid


def test_package_module_form():
    assert module_str_to_class("gym_loop.loops.default_loop:DefaultLoop") is DefaultLoop


def test_file_forms_resolve_once(tmp_path, monkeypatch):
    agent_file = tmp_path / "once.py"
    agent_file.write_text("COUNT = globals().get('COUNT', 0)\nclass Agent:\n    pass\n")
    first = module_str_to_class(f"{agent_file}:Agent")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert module_str_to_class("~/once.py:Agent") is first  # the file is executed once


def test_a_sibling_import_works_as_under_python(tmp_path):
    (tmp_path / "helper_for_test.py").write_text("VALUE = 42\n")
    (tmp_path / "uses_helper.py").write_text("from helper_for_test import VALUE\nclass Agent:\n    value = VALUE\n")
    assert module_str_to_class(f"{tmp_path / 'uses_helper.py'}:Agent").value == 42


def test_a_file_named_like_a_stdlib_module_leaves_it_alone(tmp_path):
    import random

    (tmp_path / "random.py").write_text("class Agent:\n    pass\n")
    assert module_str_to_class(f"{tmp_path / 'random.py'}:Agent").__name__ == "Agent"
    import sys

    assert sys.modules["random"] is random


@pytest.mark.parametrize("source, message", [
    (None, "no such file"),
    ("import not_installed_package_xyz\n", "importing {file} failed: ModuleNotFoundError: "
                                           "No module named 'not_installed_package_xyz' (broken.py, line 1)"),
    ("1 / 0\n", "importing {file} failed: ZeroDivisionError: division by zero (broken.py, line 1)"),
    ("def broken(:\n", "importing {file} failed: SyntaxError"),
    ("class Agnet:\n    pass\n", "has no class 'Agent'; did you mean 'Agnet'?"),
], ids=["missing", "import-inside", "error-inside", "syntax", "no-class"])
def test_file_failures_are_told_apart(tmp_path, source, message):
    path = tmp_path / "broken.py"
    if source is not None:
        path.write_text(source)
    with pytest.raises(ResolveError) as error:
        module_str_to_class(f"{path}:Agent")
    assert message.format(file=path) in str(error.value)


def test_module_failures_are_told_apart(tmp_path, monkeypatch):
    (tmp_path / "inner_failure_pkg.py").write_text("import not_installed_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ResolveError, match="^no module named 'not_there_xyz'"):
        module_str_to_class("not_there_xyz.sub:Agent")
    with pytest.raises(ResolveError, match="^importing inner_failure_pkg failed: ModuleNotFoundError: "
                                           "No module named 'not_installed_dependency_xyz'"):
        module_str_to_class("inner_failure_pkg:Agent")
    with pytest.raises(ResolveError, match="gym_loop.loops has no class 'DefaultLop'; did you mean 'DefaultLoop'"):
        module_str_to_class("gym_loop.loops:DefaultLop")


def test_a_file_named_like_an_imported_module_gets_the_same_module_name_in_every_process(tmp_path):
    (tmp_path / "random.py").write_text("class Agent:\n    pass\n")
    code = ("import random; from gym_loop.resolve import module_str_to_class; "
            f"print(module_str_to_class('{tmp_path}/random.py:Agent').__module__)")
    names = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2")}
    assert len(names) == 1 and names.pop().startswith("gym_loop_file_random_")


def test_two_classes_of_a_file_named_like_an_imported_module_come_from_one_load(tmp_path):
    (tmp_path / "time.py").write_text("LOADS = []\nLOADS.append(1)\nclass Agent:\n    pass\nclass Policy:\n    pass\n")
    agent = module_str_to_class(f"{tmp_path}/time.py:Agent")  # time: a built-in module, without __file__
    policy = module_str_to_class(f"{tmp_path}/time.py:Policy")
    module = sys.modules[agent.__module__]
    assert agent.__module__ == policy.__module__ != "time" and module.Agent is agent and module.LOADS == [1]
