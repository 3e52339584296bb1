"""Errors that ocrfix raises on purpose: each says what went wrong and what to do about it."""


class OcrfixError(Exception):
    """Base class; the CLI prints these as one line, without a traceback."""


class EditError(OcrfixError):
    """An edit does not fit the text it claims to apply to (a bug in a pass)."""


class ProfileError(OcrfixError):
    """A profile or pass name is unknown, or a profile file is malformed."""


class InputError(OcrfixError):
    """Input that cannot be repaired: undecodable, binary, empty or too large."""
