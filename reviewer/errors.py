"""The one error a user sees for input the tool cannot read: a single line, never a traceback."""


class InputError(Exception):
    """Unreadable input: missing, a directory, empty, binary, undecodable, too large, unsupported."""
