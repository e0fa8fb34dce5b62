"""train_agent(sinks=None) is no sinks, a generator of sinks is listed, a number is refused with a fix that works
(tester9g-2)."""

import pytest

from gym_loop.errors import SpecError, given_list

METHODS = {"episodes": "summary", "close": ""}


class Sink:
    def episodes(self, summary):
        pass


def test_none_and_generators():
    assert given_list(None, "sinks", "sinks", METHODS) == []
    assert given_list((x for x in []), "sinks", "sinks", METHODS) == []
    sink = Sink()
    assert given_list((s for s in [sink]), "sinks", "sinks", METHODS) == [sink]
    with pytest.raises(SpecError, match=r"^sinks: int is not a list; give a list of sinks \(\[\] for none\)$"):
        given_list(3, "sinks", "sinks", METHODS)
    with pytest.raises(SpecError, match=r"give a list of sinks, \[Sink\(\)\]"):
        given_list(sink, "sinks", "sinks", METHODS)
