from .errors import server_error

__all__ = ["server_error"]
