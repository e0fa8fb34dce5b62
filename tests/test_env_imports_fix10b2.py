"""env.imports and env.name given a file path (as agent.class takes one) are refused with what to write instead,
the module's name (and the folder to put on PYTHONPATH), not with "install the package" (tester10b-4)."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import registered_env

MYENVS = '''
import gymnasium
class Walk(gymnasium.Env):
    observation_space = gymnasium.spaces.Discrete(3)
    action_space = gymnasium.spaces.Discrete(2)
gymnasium.register("Fix10b2Walk-v0", entry_point="{module}:Walk")
'''


@pytest.fixture
def envs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "myenvs_fix10b2.py").write_text(MYENVS.format(module="myenvs_fix10b2"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "other_fix10b2.py").write_text(MYENVS.format(module="other_fix10b2"))
    (tmp_path / "pkg_fix10b2").mkdir()
    (tmp_path / "pkg_fix10b2" / "__init__.py").write_text("")
    (tmp_path / "pkg_fix10b2" / "inner.py").write_text(MYENVS.format(module="pkg_fix10b2.inner"))
    return tmp_path


@pytest.mark.parametrize("path, how", [
    ("myenvs_fix10b2.py", "write imports: [myenvs_fix10b2] (a module in the working directory is found, as python "
                          "-m finds it)"),
    ("./myenvs_fix10b2.py", "write imports: [myenvs_fix10b2] (a module in the working directory"),
    ("sub/other_fix10b2.py", "write imports: [other_fix10b2] and put sub on PYTHONPATH (PYTHONPATH=sub gym-loop ..., or "
                             "sys.path)"),
    ("pkg_fix10b2/inner.py", "write imports: [pkg_fix10b2.inner] (a module in the working directory"),
])
def test_a_file_path_in_env_imports_says_the_module_to_write(envs, path, how):
    with pytest.raises(SpecError) as raised:
        registered_env("Fix10b2Walk-v0", [path])
    message = str(raised.value)
    assert message.startswith(f"env.imports: {path!r} is a file path, not a module; {how}"), message
    assert "install" not in message


def test_a_file_path_in_env_name_says_the_name_to_write(envs):
    with pytest.raises(SpecError) as raised:
        registered_env("myenvs_fix10b2.py:Walk", [])
    assert str(raised.value).startswith("env.name: 'myenvs_fix10b2.py' is a file path, not a module; write env.name: "
                                        "myenvs_fix10b2:Walk (Gymnasium's module:EnvId: the module, then an id it "
                                        "registers)"), str(raised.value)
