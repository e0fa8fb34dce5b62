"""docs/errors.rst rows of fix12e's messages, checked by tests/test_pasted_advice_fix12e.py."""

TESTED_ELSEWHERE = {"the run's checkpoint folder moved beside itself (mv RUN/checkpoints RUN/old) while training"}
