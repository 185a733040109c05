"""Deterministic spreading of a published total over units.

The demo only knows some figures as city totals. To rebuild them from
records, a total is spread over units with stable pseudo-random weights
and the largest-remainder method, so the parts are whole numbers that sum
to the total exactly, and the same inputs always give the same parts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def weight(key: str, low: float = 0.5, high: float = 1.5) -> float:
    """A stable weight in [low, high) derived from a key (not ``random``,
    whose sequences may change between Python versions)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    return low + (high - low) * fraction


def spread(
    total: int,
    keys: Sequence[str],
    salt: str = "",
    caps: Sequence[int] | None = None,
    base: Sequence[float] | None = None,
    minimum: int = 0,
) -> list[int]:
    """Split ``total`` over ``keys`` in whole numbers.

    ``base`` scales the stable weights (spread admissions in proportion to
    targets); ``minimum`` gives every key at least that much; ``caps``
    bounds each part from above (a unit cannot have more members concluded
    than it inspected). Raises ValueError when the total cannot fit.
    """
    if minimum:
        if minimum * len(keys) > total:
            raise ValueError(f"{total} cannot give {minimum} to each of {len(keys)} units")
        rest_caps = [c - minimum for c in caps] if caps is not None else None
        rest = spread(total - minimum * len(keys), keys, salt, rest_caps, base)
        return [r + minimum for r in rest]
    if total < 0:
        raise ValueError("cannot spread a negative total")
    if not keys:
        if total:
            raise ValueError("no units to spread over")
        return []
    if caps is not None and sum(caps) < total:
        raise ValueError(f"caps add up to {sum(caps)}, less than {total}")
    weights = [weight(salt + k) for k in keys]
    if base is not None:
        weights = [w * b for w, b in zip(weights, base, strict=True)]
    if caps is not None:
        weights = [w if c > 0 else 0.0 for w, c in zip(weights, caps, strict=True)]
    parts = _largest_remainder(total, weights)
    if caps is None:
        return parts
    # Move any excess above a cap to units with room, heaviest first.
    for _ in range(total + 1):
        over = [i for i, (p, c) in enumerate(zip(parts, caps, strict=True)) if p > c]
        if not over:
            return parts
        for i in over:
            excess = parts[i] - caps[i]
            parts[i] = caps[i]
            room = sorted(
                (j for j in range(len(parts)) if parts[j] < caps[j]),
                key=lambda j: -weights[j],
            )
            for j in room:
                if not excess:
                    break
                take = min(excess, caps[j] - parts[j])
                parts[j] += take
                excess -= take
    return parts


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    whole = sum(weights)
    if whole == 0:
        raise ValueError("all weights are zero")
    shares = [total * w / whole for w in weights]
    parts = [int(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: (parts[i] - shares[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
