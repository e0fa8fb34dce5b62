"""Every message gym_loop/ raises for a user is in the docs: a static check of the source against docs/*.rst.

For each error raised with a message written in place (GymLoopError, SpecError and their subclasses,
click's errors, errors.py's ``one_line_failure``, ``_stopped`` of gym_loop.py), the longest literal part of the
message must appear in a page of docs/ (docs/errors.rst or the page of the command). Messages passed
on from elsewhere (a variable, ``str(error)``: click's, Gymnasium's, a helper's ``problem``) are not
checked here. INTERNAL lists the messages a user of the CLI cannot meet, each with why.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent
ERRORS = {"GymLoopError", "SpecError", "ResolveError", "CheckpointError", "PlotError", "Locked", "RunStopped",
          "CommandFailed", "DamagedFile", "BadParameter", "UsageError", "ClickException", "NeedsRay", "StorageNotShared", "GaveUp",
          "WriteFailed",
          "one_line_failure", "_stopped"}

INTERNAL = {
    "the state file holds an unknown kind of value,":
        "only a state file written by a newer gym-loop, or written by hand",
    "the state file holds a generator of unknown kind":
        "only a state file written by a newer gym-loop, or written by hand",
    ", which the agent was not given":
        "only a pickled checkpoint of gym-loop 0.2 whose agent held the env's spaces",
    ": no trial": "train --trial is a hidden option that gym-loop tune gives its runs, with a file it wrote",
    "cannot read trial file": "train --trial is a hidden option that gym-loop tune gives its runs",
    "; gym-loop tune writes these files": "train --trial is a hidden option that gym-loop tune gives its runs",
}


def _name(function: ast.expr) -> str:
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


def _literals(node: ast.expr) -> list:
    """The literal parts of a message expression: a string, an f-string, a sum or a choice of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [value.value for value in node.values if isinstance(value, ast.Constant)]
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def raised_messages():
    """(where, longest literal part) of each message raised in gym_loop/ with a literal in it."""
    for path in sorted((ROOT / "gym_loop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in ERRORS and node.args:
                message = node.args[1] if _name(node.func) == "SpecError" and len(node.args) > 1 else node.args[0]
                parts = [" ".join(part.split()) for part in _literals(message) if part.strip()]
                if parts:
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", max(parts, key=len)


def documentation() -> str:
    return " ".join(" ".join(page.read_text(encoding="utf-8").split()) for page in (ROOT / "docs").glob("*.rst"))


def test_every_raised_message_is_documented():
    docs = documentation()
    missing = [f"{where}: {part!r}" for where, part in raised_messages() if part not in docs and part not in INTERNAL]
    assert not missing, ("messages in no page of docs/: add a row to docs/errors.rst (or the command's page), "
                         "or to INTERNAL here with why a user cannot meet it:\n" + "\n".join(missing))


def test_the_internal_messages_are_still_raised():
    parts = {part for _, part in raised_messages()}
    assert not set(INTERNAL) - parts  # a stale entry would let a new message through unseen


def test_the_check_finds_messages():
    found = dict(raised_messages())
    assert len(found) > 100
    parts = set(found.values())  # an f-string, a SpecError's problem, one_line_failure's and _stopped's messages
    assert {"; rewards must be finite numbers", "expected KEY.PATH=VALUE such as loop.parameters.max_episodes=100, got",
            "agent.load failed for", "; start again with:"} <= parts  # next7: _stopped names the call by the caller
