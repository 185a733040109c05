"""A sparkline as a few SVG coordinates: no chart library for a line of
four points drawn in every scorecard row."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def points(values: Sequence[Decimal | float | None], width: int = 80, height: int = 20, pad: int = 2) -> list[tuple]:
    """(x, y) for each value, None where the value is missing; y grows
    downwards as in SVG. A flat series sits in the middle."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return [None] * len(values)
    low, high = min(present), max(present)
    span = high - low
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    out: list[tuple | None] = []
    for i, v in enumerate(values):
        if v is None:
            out.append(None)
            continue
        share = 0.5 if span == 0 else (float(v) - low) / span
        out.append((round(pad + i * step, 1), round(height - pad - share * (height - 2 * pad), 1)))
    return out


def segments(values: Sequence[Decimal | float | None], **size) -> list[str]:
    """Polyline point lists, broken where a value is missing."""
    runs: list[list[tuple]] = [[]]
    for p in points(values, **size):
        if p is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(p)
    return [" ".join(f"{x},{y}" for x, y in run) for run in runs if run]
