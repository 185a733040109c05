from .membership import Membership, Role

__all__ = ["Membership", "Role"]
