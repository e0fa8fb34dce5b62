"""fix15g (tester15g-4): a local module not found said "nor beside the agent file" also for a spec with no class file
(a module agent: nothing looked there), and a continued sweep said "put regpkg.py there" for what may be a package."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.sweeps.envs import refuse_missing_code


def test_a_module_not_found_names_only_the_places_looked_in(tmp_path):
    spec = {"agent": {"class": "regpkgfix15g.agents:A"}, "env": {"name": "CartPole-v1"}}
    where = ("this sweep's runs start", "made", str(tmp_path / "gone"))
    with pytest.raises(SpecError) as refused:
        refuse_missing_code(spec, str(tmp_path), where, "continue: gym-loop sweep recv")
    assert str(refused.value) == (
        f"agent.class: no module regpkgfix15g in {tmp_path}, where this sweep's runs start (it was made in "
        f"{tmp_path / 'gone'}, which is not on this machine), nor installed; put regpkgfix15g.py (or the package "
        "folder regpkgfix15g/) there, or install the package that provides it, then continue: gym-loop sweep recv")
    spec["env"]["imports"] = ["myenvsfix15g"]
    spec["agent"]["class"] = "gym_loop.agents.random_agent:RandomAgent"
    spec["loop"] = {"class": "myloop.py:L"}
    (tmp_path / "myloop.py").write_text("")
    with pytest.raises(SpecError, match=r"^env.imports: no module myenvsfix15g in .*, nor beside the loop file, nor "
                                        r"installed; put myenvsfix15g.py \(or the package folder myenvsfix15g/\) there"):
        refuse_missing_code(spec, str(tmp_path), where, "continue: gym-loop sweep recv")
