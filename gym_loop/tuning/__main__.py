"""``python -m gym_loop.tuning CONFIG.json INDEX``: a tune worker (:mod:`gym_loop.tuning.worker`).

The worker module is imported inside a ``try``: a stop (Ctrl-C passed on by ``gym-loop tune``) while it
loads exits 130 without Python's traceback, as ``gym-loop`` itself does (:mod:`gym_loop.entry`).
"""

import sys

try:
    from gym_loop.tuning.worker import main
except KeyboardInterrupt:
    raise SystemExit(130) from None

sys.exit(main(sys.argv[1:]))
