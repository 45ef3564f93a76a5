"""An offline base map: rough country and first-level division outlines derived from the
gazetteer's populated places, so the dashboard shows where things are without internet.

No boundary data ships with the installed packages, but the gazetteer knows about 235,000
populated places with their country and division. On a grid of ``CELL`` degrees each cell
takes the division most of its places belong to; gaps narrower than about ``2 * CLOSE``
cells are closed and lakes of empty cells enclosed by land are filled (so a thinly settled
desert or forest still belongs to its country), and every new land cell takes the label of
the nearest labelled one. The outline of each label's cells, with the grid's stair steps cut
to diagonals, is written as GeoJSON MultiPolygons (``level`` 0 countries, 1 divisions).
Coasts are where settlement ends, so they run a little inland on empty shores; borders are
accurate to a cell or two. The result is cached beside the gazetteer (about 2 MB).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

VERSION = 1
CELL = 0.25  # degrees per grid cell
CLOSE = 4  # cells: gaps up to about twice this are closed (1 degree each way)
WIDTH, HEIGHT = int(360 / CELL), int(180 / CELL)
_LOCK = threading.Lock()
_MEMO: dict[tuple[str, int, int, int | None], bytes] = {}


def outlines_json(gazetteer: str | None = None, level: int | None = None) -> bytes:
    """The outlines for ``gazetteer`` (default: the configured index) as GeoJSON bytes: all
    of them, or only countries (``level`` 0) or only divisions (1).

    Made on first use and cached beside the gazetteer (and in memory); an empty
    FeatureCollection when there is no gazetteer, so the map still works without it.
    """
    from eventwire.settings import setting

    path = Path(gazetteer or setting("gazetteer"))
    if not path.is_file():
        return json.dumps({"type": "FeatureCollection", "features": []}).encode()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, level)
    with _LOCK:
        if key not in _MEMO:
            whole = key[:3] + (None,)
            if whole not in _MEMO:
                _MEMO[whole] = _cached(path, f"{VERSION}:{stat.st_mtime_ns}:{stat.st_size}")
            if level is not None:
                features = json.loads(_MEMO[whole])["features"]
                _MEMO[key] = json.dumps({"type": "FeatureCollection", "features": [
                    f for f in features if f["properties"]["level"] == level
                ]}, separators=(",", ":")).encode()
        return _MEMO[key]


def _cached(path: Path, stamp: str) -> bytes:
    """The outlines from the cache file beside ``path`` if it matches ``stamp``, else made."""
    cache = path.with_name(path.name + f".outlines-v{VERSION}.geojson")
    if cache.is_file():
        body = cache.read_bytes()
        if json.loads(body).get("stamp") == stamp:
            return body
    collection = build_outlines(path)
    body = json.dumps({**collection, "stamp": stamp}, separators=(",", ":")).encode()
    try:
        cache.write_bytes(body)
    except OSError:
        pass  # a read-only gazetteer directory: keep the outlines in memory only
    return body


def build_outlines(gazetteer: Path) -> dict[str, Any]:
    """Country (``level`` 0) and division (``level`` 1) outlines as a FeatureCollection."""
    regions, names = _region_grid(gazetteer)
    countries = np.zeros(len(names) + 1, dtype=np.int32)
    country_ids: dict[str, int] = {}
    for n, (iso3, _admin1) in enumerate(names, start=1):
        countries[n] = country_ids.setdefault(iso3, len(country_ids) + 1)
    country_names = {v: k for k, v in country_ids.items()}
    features = [
        _feature(rings, level=0, country=country_names[label])
        for label, rings in _rings(countries[regions]).items()
    ]
    features += [
        _feature(rings, level=1, country=names[label - 1][0], admin1=names[label - 1][1])
        for label, rings in _rings(regions).items()
    ]
    return {"type": "FeatureCollection", "features": features}


def _region_grid(gazetteer: Path) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """The grid of division labels (0 = sea) and the (country, division) of each label."""
    conn = sqlite3.connect(f"file:{gazetteer}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT lat, lon, country_iso3, COALESCE(admin1_name, admin1_code, '') FROM places "
            "WHERE feature = 'PPL' AND country_iso3 IS NOT NULL"
        ).fetchall()
    finally:
        conn.close()
    index: dict[tuple[str, str], int] = {}
    labels = np.array([index.setdefault((r[2], r[3]), len(index) + 1) for r in rows])
    lat = np.array([r[0] for r in rows])
    lon = np.array([r[1] for r in rows])
    row = np.clip(((lat + 90) / CELL).astype(int), 0, HEIGHT - 1)
    col = np.clip(((lon + 180) / CELL).astype(int), 0, WIDTH - 1)
    grid = _majority(row * WIDTH + col, labels, len(index) + 1)
    land = _fill_holes(_erode(_dilate(grid > 0, CLOSE), CLOSE) | (grid > 0))
    return _spread(grid, land), list(index)


def _majority(cells: np.ndarray, labels: np.ndarray, n_labels: int) -> np.ndarray:
    """Per cell, the label most of its points carry (0 where it has none)."""
    keys, counts = np.unique(cells * n_labels + labels, return_counts=True)
    cell, label = keys // n_labels, keys % n_labels
    order = np.lexsort((counts, cell))  # by cell, the most frequent label last
    last = np.r_[cell[order][1:] != cell[order][:-1], True]
    grid = np.zeros(HEIGHT * WIDTH, dtype=np.int32)
    grid[cell[order][last]] = label[order][last]
    return grid.reshape(HEIGHT, WIDTH)


def _shifts(mask: np.ndarray) -> list[np.ndarray]:
    """The four 4-neighbour views of ``mask`` (False beyond the edges)."""
    pad = np.pad(mask, 1, constant_values=False)
    return [pad[:-2, 1:-1], pad[2:, 1:-1], pad[1:-1, :-2], pad[1:-1, 2:]]


def _dilate(mask: np.ndarray, steps: int) -> np.ndarray:
    for _ in range(steps):
        mask = np.logical_or.reduce([mask, *_shifts(mask)])
    return mask


def _erode(mask: np.ndarray, steps: int) -> np.ndarray:
    return ~_dilate(~mask, steps)


def _fill_holes(land: np.ndarray) -> np.ndarray:
    """``land`` with every empty area that does not reach the grid's edge made land."""
    sea = np.zeros_like(land)
    sea[[0, -1], :] = ~land[[0, -1], :]
    sea[:, [0, -1]] |= ~land[:, [0, -1]]
    while True:
        # Sweeping whole rows and columns first makes the flood take few passes.
        grown = _sweep(sea, ~land)
        grown = np.logical_or.reduce([grown, *_shifts(grown)]) & ~land
        if np.array_equal(grown, sea):
            return ~sea
        sea = grown


def _sweep(seed: np.ndarray, open_: np.ndarray) -> np.ndarray:
    """``seed`` spread along rows and columns through ``open_`` cells, both ways."""
    out = seed.copy()
    for axis in (1, 0):
        for flip in (False, True):
            a, o = (np.flip(out, axis), np.flip(open_, axis)) if flip else (out, open_)
            # A run of open cells is reached from its start onward once any cell before it is.
            blocked = np.cumsum(~o, axis=axis)
            reached = np.maximum.accumulate(np.where(a, blocked, -1), axis=axis)
            a = (reached == blocked) & o | a
            out = np.flip(a, axis) if flip else a
    return out


def _spread(grid: np.ndarray, land: np.ndarray) -> np.ndarray:
    """``grid`` with each unlabelled land cell given the label of the nearest labelled one."""
    grid = np.where(land, grid, 0)
    while True:
        todo = land & (grid == 0)
        if not todo.any():
            return grid
        pad = np.pad(grid, 1)
        before = int(todo.sum())
        for neighbour in (pad[:-2, 1:-1], pad[2:, 1:-1], pad[1:-1, :-2], pad[1:-1, 2:]):
            take = todo & (grid == 0) & (neighbour > 0)
            grid = np.where(take, neighbour, grid)
        if int((land & (grid == 0)).sum()) == before:
            return grid  # land cut off from every label (cannot happen after closing)


def _rings(grid: np.ndarray) -> dict[int, list[list[tuple[int, int]]]]:
    """Per label, the closed rings (grid corner coordinates, counter-clockwise around the
    label's cells) of its outline."""
    pad = np.pad(grid, 1)
    edges: dict[int, dict[tuple[int, int], list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list))
    # Horizontal cell borders: the cell below and the cell above the corner row r.
    below, above = pad[:-1, 1:-1], pad[1:, 1:-1]
    rows, cols = np.nonzero(below != above)
    # Plain ints (tolist), not numpy scalars: these become dict keys and coordinates.
    for r, c, lo, hi in zip(rows.tolist(), cols.tolist(), below[rows, cols].tolist(),
                            above[rows, cols].tolist(), strict=True):
        if lo:
            edges[lo][(c + 1, r)].append((c, r))
        if hi:
            edges[hi][(c, r)].append((c + 1, r))
    left, right = pad[1:-1, :-1], pad[1:-1, 1:]
    rows, cols = np.nonzero(left != right)
    for r, c, lf, rt in zip(rows.tolist(), cols.tolist(), left[rows, cols].tolist(),
                            right[rows, cols].tolist(), strict=True):
        if lf:
            edges[lf][(c, r)].append((c, r + 1))
        if rt:
            edges[rt][(c, r + 1)].append((c, r))
    return {label: _chain(nexts) for label, nexts in edges.items()}


def _chain(nexts: dict[tuple[int, int], list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Directed unit edges joined into closed rings."""
    rings = []
    for start in list(nexts):
        while nexts.get(start):
            ring, at = [start], nexts[start].pop()
            while at != start:
                ring.append(at)
                at = nexts[at].pop()
            rings.append(ring)
    return rings


def _smooth(ring: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """The ring through the midpoints of its unit edges (stair steps become diagonals), with
    points on straight runs dropped, as closed lon/lat coordinates."""
    mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True)]
    kept = [p for i, p in enumerate(mids) if not _collinear(mids[i - 1], p, mids[(i + 1) % len(mids)])]
    kept = kept or mids
    coords = [(round(x * CELL - 180, 3), round(y * CELL - 90, 3)) for x, y in kept]
    return [*coords, coords[0]]


def _collinear(a, b, c) -> bool:
    return (b[0] - a[0]) * (c[1] - a[1]) == (b[1] - a[1]) * (c[0] - a[0])


def _area(ring: list[tuple[float, float]]) -> float:
    """Signed area (positive counter-clockwise)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def _inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _feature(rings: list[list[tuple[int, int]]], **properties: Any) -> dict[str, Any]:
    """One label's rings as a GeoJSON MultiPolygon: each hole under the outer ring around it."""
    smooth = [s for s in map(_smooth, rings) if len(s) >= 4]
    outers = [[s] for s in smooth if _area(s) > 0]
    for hole in (s for s in smooth if _area(s) <= 0):
        home = next((o for o in outers if _inside(hole[0], o[0])), None)
        if home is not None:
            home.append(hole)
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "MultiPolygon", "coordinates": outers}}
