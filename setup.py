"""Packaging for gym-loop."""

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(r'__version__ = "(.+)"', (HERE / "gym_loop" / "__init__.py").read_text()).group(1)

EXTRAS = {
    "render": ["pygame>=2.1"],
    "video": ["moviepy>=1.0", "pygame>=2.1"],
    "docs": ["sphinx>=7", "sphinx-click>=5", "furo>=2023.3"],
    # For the DQN and PPO examples. Pinned: a range admitting a newer release would pull the newest build.
    # PyPI's Linux wheel is the CUDA build (gigabytes of nvidia-* packages); the CPU build, 2.13.0+cpu, comes
    # from --index-url https://download.pytorch.org/whl/cpu and satisfies this pin (docs/installation.rst).
    "torch": ["torch==2.13.0"],
    "ray": ["ray>=2.9"],  # gym-loop sweep/tune --backend ray (Ray core only)
    "plot": ["matplotlib>=3.7"],
    "tune": ["optuna>=4.3"],  # gym-loop tune: JournalFileBackend is optuna 4's, UpdateFinishedTrialError 4.3's
}
# minigrid: 2.5 registers its envs as it is imported (2.3's entry point Gymnasium 1 ignores); from 3.1 it requires
# pygame-ce, a fork that writes the same pygame/ folder as [video]'s pygame (two distributions, one breaks the other).
# docutils: the test of the docs' parameter tables imports their Sphinx extension.
EXTRAS["test"] = ["pytest>=7", "hypothesis>=6", "tensorboard>=2.10", "minigrid>=2.5,<3.1", *EXTRAS["video"],
                  *EXTRAS["torch"], "scipy>=1.7", *EXTRAS["ray"], *EXTRAS["plot"], *EXTRAS["tune"], "ale-py>=0.10",
                  "pexpect>=4.8", "pytest-xdist>=3", "docutils>=0.18"]

setup(
    name="gym-loop",
    version=VERSION,
    description="Run your reinforcement learning agent on Gymnasium envs from a YAML run spec.",
    long_description=(HERE / "README.rst").read_text(),
    long_description_content_type="text/x-rst",
    author="gym-loop developers",
    license="MIT",
    url="https://github.com/eublefar/gym-loop",
    packages=find_packages(include=["gym_loop", "gym_loop.*"]),
    python_requires=">=3.10",
    install_requires=[
        # 1.3 added Taxi-v4, which the examples and docs use (1.2.x has Taxi-v3 only); it needs Python 3.10.
        "gymnasium>=1.3,<2",
        "click>=8.0",
        "pyyaml>=5.1",
        "numpy>=1.21",
        # 2.5 to 2.6's generated protobuf code fails to import under protobuf 4 and later, which they do not cap.
        "tensorboardX>=2.6.1",
        # tensorboardX checksums every event with it when present; its pure-Python fallback costs
        # more than a CartPole step per event (issue 15 allows this wheel).
        "crc32c>=2.3",
    ],
    extras_require=EXTRAS,
    entry_points={"console_scripts": ["gym-loop=gym_loop.entry:main"]},
    classifiers=[
        "Development Status :: 4 - Beta",
        "Intended Audience :: Science/Research",
        "Operating System :: MacOS",
        "Operating System :: POSIX :: Linux",
        "Programming Language :: Python :: 3",
        "Topic :: Scientific/Engineering :: Artificial Intelligence",
    ],
)
