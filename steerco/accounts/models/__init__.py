from .membership import Membership, Role
from .token import ApiToken

__all__ = ["ApiToken", "Membership", "Role"]
