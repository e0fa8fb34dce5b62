"""The lower bounds setup.py declares hold (tester15e): each is at least the first release gym-loop works with, the
docs name every core dependency, the test extra installs one pygame, and the CLI reads no private attribute of
click (``_protected_args`` is click 8.2's: under 8.0 and 8.1 ``--seed 1 --seed 2`` was taken silently)."""

import re
from pathlib import Path

import gym_loop.cli

ROOT = Path(__file__).resolve().parent.parent
SETUP = (ROOT / "setup.py").read_text()

# The first release each works with, and why an earlier one does not (measured by tester15e in fresh venvs).
FIRST_WORKING = {
    "tensorboardX": ("2.6.1", "2.5 to 2.6 fail to import under protobuf 4+, which pip picks: every train a traceback"),
    "gymnasium": ("1.3", "1.2.x has no Taxi-v4, the README's example"),
    "optuna": ("4.3", "gym_loop.tuning.prune imports UpdateFinishedTrialError, new in 4.3: every trial failed"),
    "minigrid": ("2.5", "2.3 registers its envs through an entry point Gymnasium 1 ignores"),
}


def declared(name):
    """The requirements of ``name`` in setup.py, as written (``"gymnasium>=1.3,<2"``)."""
    return re.findall(rf'"({re.escape(name)}[<>=!~][^"]*)"', SETUP)


def version(text):
    return tuple(int(part) for part in text.split("."))


def test_each_declared_floor_is_a_release_gym_loop_works_with():
    for name, (first, why) in FIRST_WORKING.items():
        needs = declared(name)
        assert needs, name
        for need in needs:
            floor = re.search(r">=([0-9.]+)", need)
            assert floor and version(floor.group(1)) >= version(first), f"{need}: {why}"


def test_the_docs_name_every_core_dependency():
    core = SETUP[SETUP.index("install_requires=["):].split("]", 1)[0]
    names = re.findall(r'"([A-Za-z0-9_-]+)[<>=]', core)
    assert {"gymnasium", "click", "pyyaml", "numpy", "tensorboardX", "crc32c"} <= set(names)
    readme = (ROOT / "README.rst").read_text()
    core_line = next(line for line in readme.splitlines() if "the core needs only" in line)
    install = " ".join((ROOT / "docs/installation.rst").read_text().split())
    for name in names:
        assert name in core_line and f"``{name}``" in install, name


def test_the_test_extra_installs_one_pygame():
    """minigrid 3.1 and later require pygame-ce, which writes the same ``pygame/`` folder as [video]'s pygame."""
    assert declared("pygame") and not declared("pygame-ce")
    (minigrid,) = declared("minigrid")
    assert re.search(r"<(3\.1|3\.0\.\d+)\b", minigrid), minigrid


def test_the_test_extra_has_what_the_tests_import():
    assert declared("docutils")  # tests/test_spec.py imports docs/_ext/parameter_tables.py


def test_the_cli_reads_no_private_attribute_of_click():
    assert "_protected_args" not in Path(gym_loop.cli.__file__).read_text()


def test_tpe_with_constant_liar_warns_nothing_under_optuna_4():
    """optuna 4.3 (the [tune] floor) warns that constant_liar is experimental, in two raw lines of tune's output."""
    import warnings

    import pytest

    pytest.importorskip("optuna")
    from gym_loop.tuning.study import make_sampler

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make_sampler("tpe", 0)
