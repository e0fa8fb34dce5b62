"""build_loop gives the loop the agent's policy when it is given none, as build_agent does the agent (left9-8): the
original's call order ``build_agent(params, None, env)`` then ``build_loop(params, agent, None, env)`` left
``loop.policy`` None though the agent got its default policy."""

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.gym_loop import build_agent, build_env, build_loop


class Pol:
    def __init__(self, observation_space, action_space):
        self.action_space = action_space

    def __call__(self, state):
        return self.action_space.sample()


class WithPolicy(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": f"{__name__}:Pol", "parameters": {}}

    def act(self, state, episode_num):
        return self.policy(state)


def test_a_loop_given_no_policy_gets_the_agents():
    params = {"agent": {"class": f"{__name__}:WithPolicy"}, "env": {"name": "CartPole-v1"},
              "loop": {"parameters": {"max_episodes": 1}}}
    env = build_env(params)
    try:
        agent = build_agent(params, None, env)
        assert isinstance(agent.policy, Pol)
        assert build_loop(params, agent, None, env).policy is agent.policy
        params["policy"] = None  # no policy at all: none for the loop either
        assert build_loop(params, build_agent(params, None, env), None, env).policy is None
    finally:
        env.close()
