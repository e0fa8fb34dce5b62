"""Help texts shared by the command modules (each imports only click and the stdlib at start-up)."""


def examples(*lines: str) -> str:
    """A help epilog of example command lines, kept as written by click's formatter."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
