"""Points in a drawn polygon, vectorised (numpy ray casting): which geocoded households lie inside."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Ring = Sequence[Sequence[float]]  # [[lon, lat], ...], closed or not


def _ring(points: Ring) -> np.ndarray:
    ring = np.asarray(points, dtype=np.float64)
    if ring.ndim != 2 or ring.shape[1] != 2 or len(ring) < 3:
        raise ValueError("รูปหลายเหลี่ยมต้องมีอย่างน้อย ๓ จุด แต่ละจุดเป็น [ลองจิจูด, ละติจูด]")
    if np.array_equal(ring[0], ring[-1]):
        ring = ring[:-1]
    return ring


def bbox(points: Ring) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a ring."""
    return _bbox(_ring(points))


def _bbox(ring: np.ndarray) -> tuple[float, float, float, float]:
    return (
        float(ring[:, 0].min()),
        float(ring[:, 1].min()),
        float(ring[:, 0].max()),
        float(ring[:, 1].max()),
    )


def inside(lon: np.ndarray, lat: np.ndarray, points: Ring) -> np.ndarray:
    """A boolean mask of the points inside the ring (even-odd rule).

    The bounding box drops most points first; the crossing test then runs one edge at a time
    over the remaining points, so memory stays at a few arrays of the candidates' length.
    """
    ring = _ring(points)
    x0, y0, x1, y1 = _bbox(ring)
    mask = np.zeros(len(lon), dtype=bool)
    cand = np.flatnonzero((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
    if not len(cand):
        return mask
    x, y = lon[cand], lat[cand]
    odd = np.zeros(len(cand), dtype=bool)
    nxt = np.roll(ring, -1, axis=0)
    for (ax, ay), (bx, by) in zip(ring, nxt, strict=True):
        if ay == by:
            continue  # a horizontal edge never crosses the ray
        straddles = (ay > y) != (by > y)
        cross_x = ax + (y - ay) * (bx - ax) / (by - ay)
        odd ^= straddles & (x < cross_x)
    mask[cand] = odd
    return mask
