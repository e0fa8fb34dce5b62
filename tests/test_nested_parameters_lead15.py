"""A spec's dict or list parameter changed in place (self.parameters["sched"]["decay"] *= 0.99) is saved, so a
resumed run equals one never stopped (tester15b-12)."""

from gym_loop.agents import BaseAgent
from gym_loop.state import changed_parameters, load_attributes, remember_given, save_attributes


class Decaying(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"sched": {"decay": 0.9}, "sizes": [8, 8], "lr": 0.1}

    def act(self, state, episode_num):
        return 0


def _agent(**parameters):
    import gymnasium as gym

    env = gym.make("CartPole-v1")
    agent = Decaying(observation_space=env.observation_space, action_space=env.action_space, **parameters)
    remember_given(agent)
    return agent


def test_a_nested_parameter_changed_in_place_is_saved_and_loaded(tmp_path):
    agent = _agent()
    assert changed_parameters(agent) == {}  # as the spec gave them: not saved, --resume --set changes them
    agent.parameters["sched"]["decay"] *= 0.5
    agent.parameters["sizes"].append(4)
    assert changed_parameters(agent) == {"sched": {"decay": 0.45}, "sizes": [8, 8, 4]}
    save_attributes(agent, str(tmp_path / "agent.ckpt"))
    fresh = _agent()
    load_attributes(fresh, str(tmp_path / "agent.ckpt"))
    assert fresh.parameters["sched"] == {"decay": 0.45} and fresh.parameters["sizes"] == [8, 8, 4]
