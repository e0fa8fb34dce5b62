"""fix15g (tester15g-9): advice for a Python caller named a setting's value in YAML's words
(``reward_threshold=null in run_params``), a NameError if pasted; run_params holds None, True, False."""

from gym_loop.errors import resume_call, set_in_params


def test_a_settings_value_is_in_pythons_words_for_python():
    assert resume_call("runs/x", "loop.parameters.reward_threshold=null (or a higher threshold)") == (
        "train_agent(run_params, resume='runs/x') with loop.parameters.reward_threshold=None (or a higher threshold) "
        "in run_params (the run's runs/x/spec.yaml)")
    assert set_in_params("a.b=true", "a.c=[1, null]", "a.d=nullable", "a.e=false") == (
        "a.b=True, a.c=[1, None], a.d=nullable, a.e=False in run_params")
