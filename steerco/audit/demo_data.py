"""The list of reasons for changes in the demo (also seeded by the
migration)."""

from .models import ChangeReason
from .seed import seed


def load(progress) -> None:
    progress("Reasons for changes …")
    seed(ChangeReason)
