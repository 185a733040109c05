from steerco.lib import errors


class Refused(errors.Refused):
    """The change is not allowed; the message is for the user."""
