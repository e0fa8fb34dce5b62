"""A loop's state() comes back from state.json equal (int keys, tuples, infinities, arrays of any shape), in
plain JSON, or is refused at the first checkpoint in one line naming where (tester6d #6, #7, #9, #10, #11)."""

import json

import yaml

from conftest import only_run, run_cli
from fixa_scenarios import protocol_loop

STATE_LOOP = '''
import math

import numpy as np

from protocol_loop import Loop

DATA = {"per_length": {26: 1, 18: 2}, "last": (3, 1.5), "best": float("-inf"), "nan": float("nan"),
        "rows": np.zeros((0, 3)), "spread": np.array([[np.inf, -np.inf], [np.nan, 1.0]], dtype=np.float32),
        "cfg": {"array": [1, 2], "dtype": "int64"}, "tagged": {"tuple": 5}, "keys": {(1, 2): "pair", None: 0, 2.5: "f"},
        "scalar": np.array(7, dtype=np.uint8), "words": np.array(["a", "bc"]), "nested": [(1, (2,)), {"k": (None,)}]}


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return [(type(k), k) for k in a] == [(type(k), k) for k in b] and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


class StateLoop(Loop):
    def state(self):
        return {**super().state(), "data": DATA}

    def restore(self, state):
        data = state.pop("data")
        for key in DATA:
            if not same(DATA[key], data[key]):
                raise AssertionError(f"{key} came back as {data[key]!r}")
        super().restore(state)


class ComplexLoop(Loop):
    def state(self):
        return {**super().state(), "data": {"c": np.array([1 + 2j])}}
'''


def state_loop(tmp_path, cls):
    args = protocol_loop(tmp_path, "", max_episodes=2)
    (tmp_path / "state_loop.py").write_text(STATE_LOOP)
    spec = yaml.safe_load((tmp_path / "run.yaml").read_text())
    spec["loop"]["class"] = f"state_loop.py:{cls}"
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return args


def refuse(constant):
    raise ValueError(f"not JSON: {constant}")


def test_a_loop_state_of_int_keys_tuples_infinities_and_arrays_resumes_equal_from_plain_json(tmp_path):
    assert run_cli(*state_loop(tmp_path, "StateLoop"), cwd=tmp_path).returncode == 0
    run = only_run(tmp_path)
    text = (run / "checkpoints" / "agent-000002" / "state.json").read_text()
    data = json.loads(text, parse_constant=refuse)["loop"]["data"]  # strict JSON: no -Infinity, no NaN
    assert data["best"] == {"float": "-inf"} and data["rows"] == {"array": [], "dtype": "float64", "shape": [0, 3]}
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr  # restore() compares every value with the original
    assert len((run / "episodes.csv").read_text().splitlines()) == 4


def test_a_loop_state_holding_a_complex_array_is_refused_in_one_line_naming_where(tmp_path):
    result = run_cli(*state_loop(tmp_path, "ComplexLoop"), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Error: ComplexLoop.state() returned what JSON cannot hold at state['data']['c'] (a complex128 array); "
        "return numbers, strings, lists, tuples, dicts and NumPy arrays of booleans, integers, floats or strings")
    assert json.loads((only_run(tmp_path) / "run.json").read_text())["status"] == "failed"
