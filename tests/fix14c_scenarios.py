"""docs/errors.rst rows of fix14c (tester14c's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    # tests/test_tune_space_fix14c.py
    "a tune's ``null`` choice that the spec refuses at its key",
    "a tune's class choice beside a parameter of the space that only another choice of the class takes",
    "a tune's choices of two keys of one section that the spec refuses together (both budgets ``null``)",
    "a tune's ``env.name`` choice beside an ``env.parameters`` key of the space that only another env takes",
    # tests/test_plot_tune_fix14c.py
    "plotting a tune whose every trial with runs FAILed (<run>: the tune)",
}
