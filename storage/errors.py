"""The one exception a user's mistake raises: the CLI prints it as a sentence and exits 2."""


class UserError(Exception):
    """Bad input a user can fix (a missing file, a wrong table, an empty class).

    Raised before anything is written, so catching it never leaves half a change behind.
    """


class Interrupted(KeyboardInterrupt):
    """A Ctrl-C that arrived where the work can be taken up again: the message says how
    (`medium train --resume RUN`); the CLI prints it after "interrupted"."""
