from .errors import bad_request, not_found, permission_denied, server_error

__all__ = ["bad_request", "not_found", "permission_denied", "server_error"]
