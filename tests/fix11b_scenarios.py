"""docs/errors.rst rows of fix11b (tester11b's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    "an env worker process of VectorLoop's ``async`` mode that dies (a segfault in native code, the OOM killer)",
    "an env whose step returns four values (old gym API: ``obs, reward, done, info``)",
    "an env whose step returns four values, under VectorLoop",
    "an observation of another shape than the env's observation_space, under VectorLoop (from step: "
    "``env.step returned ...``; DefaultLoop trains on it, Gymnasium's checker warning)",
    "the env's render() raising under record (in reset or step, where RecordVideo calls it; eval_record alike)",
    "a misspelt env parameter of an env registered through a function that makes another (docs/spec.rst, Wrappers)",
}
