class Refused(Exception):
    """The change is not allowed; the message is for the user."""
