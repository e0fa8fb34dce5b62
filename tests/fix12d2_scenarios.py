"""The docs/errors.rst rows added by fix12d2; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_locale_fix12d2.py (tester12d-2, -5, -13)
    "a file or folder name the locale's encoding cannot write (``runs_dir``, ``--run-dir``, an agent's file, a "
    "sweep's config folder read by aggregate, plot or a continued sweep) under LC_ALL=C without UTF-8 mode "
    "(PYTHONUTF8=0)",
    "an argument with bytes the locale cannot read (create-default -a with a non-ASCII class name under LC_ALL=C "
    "without UTF-8 mode)",
    "a class file (or a sweep's config folder) made under UTF-8, named under a Latin-1 locale",
}
