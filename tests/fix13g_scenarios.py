"""docs/errors.rst rows of fix13g (tester13g's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    "VectorLoop's ``vectorization_mode: vector_entry_point`` for an env wrapped after its entry point (a "
    "``NormalizeReward`` put on by the function registered, or after ``gymnasium.make``)",
    "``episodes_per_eval`` with a loop built in Python that takes ``eval_env``, keeps it under another name and "
    "keeps a further env besides the training env",
    "an agent's ``act`` or ``memorize`` naming ``env_id`` (the index VectorLoop passes) without a default",
    "a checkpoint of a subclass of a base agent with its own ``save`` and ``load``, which adds attributes that are "
    "not plain data (a logger, a lock): they are left out of ``agent-added.ckpt``",
}
