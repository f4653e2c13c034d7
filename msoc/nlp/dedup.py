"""Same story: cluster items that tell one story across outlets within a time window.

Candidates come from MinHash-LSH (datasketch) over character shingles of the headline and of
the body; each candidate pair is then compared exactly (shingle Jaccard): bodies decide when
both items have one, headlines otherwise. Recurring titles (daily reports with the same
headline) stay apart because their bodies differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash
from datasketch.lsh import _optimal_param

from msoc.nlp.segment import fold_for_match

NUM_PERM = 64
TITLE_K = 3
BODY_K = 5
BODY_CHARS = 3000  # the comparison window of a body (as the thaigov labels use)
MIN_BODY = 40  # a body shorter than this says nothing: compare headlines instead
TITLE_SAME = 0.30  # 3-shingle Jaccard of two headlines of one story (the sample's pair: 0.38)
BODY_SAME = 0.70  # 5-shingle Jaccard of two bodies of one story (thaigov re-posts: ≥ 0.83)
WINDOW = timedelta(hours=72)
TITLE_LSH = 0.25  # LSH thresholds sit below the exact thresholds: LSH only proposes
BODY_LSH = 0.5
SKETCH_SHINGLES = 256  # MinHash over a bottom-k sample: candidates only, the exact test follows

_STRIP = re.compile(r"[\s\-–—.,:;!?\"'“”‘’()\[\]]+")
_SCHEME = "affine32"  # how our own precomputed values are made; datasketch asks to be told
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_SHIFT61 = np.uint64(61)
_BASE = np.uint64(1_000_003)


@dataclass(frozen=True)
class Doc:
    """What dedup needs of an item."""

    key: str
    title: str
    body: str = ""
    published_at: datetime | None = None


def _strip(folded: str) -> str:
    """`_STRIP.sub("", folded)` for folded text, 3× faster: folding already turned the other
    punctuation of `_STRIP` into spaces, and `str.split` drops exactly the characters `\\s` matches."""
    text = "".join(folded.split())
    for mark in "-–—.":
        if mark in text:
            text = text.replace(mark, "")
    return text


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the character k-shingles of folded text (no spaces)."""
    folded = _strip(fold_for_match(text))
    if not folded:
        return np.zeros(0, dtype=np.uint32)
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        k = len(codes)
    n = len(codes) - k + 1
    h = codes[:n].copy()
    for i in range(1, k):  # polynomial hash, wrapping at 2**64 on purpose (in place: no copies)
        h *= _BASE
        h += codes[i : i + n]
    h ^= h >> np.uint64(29)
    h &= _MAX_HASH
    return _sorted_unique(h.astype(np.uint32))  # 32 bits: half the memory


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """`np.unique` of a fresh array, sorted in place: 3× faster on a few hundred values (numpy 2's
    unique hashes first and then sorts anyway)."""
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash values of a shingle-hash set (vectorised, no per-shingle Python)."""
    a, b = _PERMUTATIONS
    sample = hashes[:SKETCH_SHINGLES].astype(np.uint64)  # the smallest: a consistent sample
    x = np.outer(sample, a)
    x += b  # wraps at 2**64 on purpose, as datasketch's own (a*h + b) % p does
    # x % (2**61 - 1) without a 64-bit division: x = hi*2**61 + lo ≡ hi + lo, which is below
    # 2 * (2**61 - 1), so one conditional subtraction of 2**61 - 1 finishes it; only the low
    # 32 bits are kept, and there that subtraction is adding 1 (identical values).
    high = x >> _SHIFT61
    x &= _MERSENNE
    x += high
    if x.max() >= _MERSENNE:  # about one value in 2**58: skip the pass that adds the 1 elsewhere
        x += x >= _MERSENNE
    x &= _MAX_HASH
    return x.min(axis=0)


def minhash(hashes: np.ndarray) -> LeanMinHash:
    """A datasketch MinHash from precomputed shingle hashes."""
    if len(hashes) == 0:
        return LeanMinHash(MinHash(num_perm=NUM_PERM, seed=1))
    return LeanMinHash(seed=1, hashvalues=signature(hashes), scheme=_SCHEME)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@dataclass
class Prepared:
    """Shingle hashes and MinHash values of one item (computable in a worker process)."""

    title: np.ndarray
    body: np.ndarray
    title_sig: np.ndarray | None = None
    body_sig: np.ndarray | None = None


@dataclass
class PackedPrepared:
    """Many items' `Prepared` as a few flat arrays: what a worker process sends back.

    Pickling four small arrays per item cost more than computing them (~35 µs an item, in the
    worker and again in the parent); a handful of large arrays pickle as plain memory copies.
    """

    present: np.ndarray  # bool per item: False where the item had no Prepared (an error)
    title_ends: np.ndarray
    titles: np.ndarray
    body_ends: np.ndarray
    bodies: np.ndarray
    sigs: np.ndarray  # (items present, 2, NUM_PERM): title and body MinHash (zero where absent)

    @classmethod
    def pack(cls, prepared: Sequence[Prepared | None]) -> PackedPrepared:
        """Concatenate the shingles and signatures of the items that have them."""
        rows = [p for p in prepared if p is not None]
        sigs = np.zeros((len(rows), 2, NUM_PERM), dtype=np.uint64)
        for i, p in enumerate(rows):
            if p.title_sig is not None:
                sigs[i, 0] = p.title_sig
            if p.body_sig is not None:
                sigs[i, 1] = p.body_sig
        empty = np.zeros(0, dtype=np.uint32)
        return cls(
            np.array([p is not None for p in prepared], dtype=bool),
            np.cumsum([len(p.title) for p in rows], dtype=np.int64),
            np.concatenate([p.title for p in rows]) if rows else empty,
            np.cumsum([len(p.body) for p in rows], dtype=np.int64),
            np.concatenate([p.body for p in rows]) if rows else empty,
            sigs,
        )

    def unpack(self) -> list[Prepared | None]:
        """The items' `Prepared` again (views into the flat arrays; identical values)."""
        out: list[Prepared | None] = []
        row, title_start, body_start = 0, 0, 0
        title_ends, body_ends = self.title_ends.tolist(), self.body_ends.tolist()
        for present in self.present.tolist():
            if not present:
                out.append(None)
                continue
            title_end, body_end = title_ends[row], body_ends[row]
            out.append(
                Prepared(
                    self.titles[title_start:title_end],
                    self.bodies[body_start:body_end],
                    self.sigs[row, 0] if title_end > title_start else None,
                    self.sigs[row, 1] if body_end > body_start else None,
                )
            )
            row, title_start, body_start = row + 1, title_end, body_end
        return out


def similarity(x: Doc, y: Doc) -> float:
    """How alike two items are: body Jaccard when both have a body, else headline Jaccard."""
    return _similarity(prepare(x), prepare(y))


def same_story(x: Doc, y: Doc) -> bool:
    """True when two items tell the same story (ignoring the time window)."""
    px, py = prepare(x), prepare(y)
    return _similarity(px, py) >= _threshold(px, py)


def prepare(doc: Doc) -> Prepared:
    """Shingles and signatures of a doc, ready for `cluster`."""
    body = doc.body[:BODY_CHARS] if len(doc.body.strip()) >= MIN_BODY else ""
    title = shingle_hashes(doc.title, TITLE_K)
    body_hashes = shingle_hashes(body, BODY_K) if body else np.zeros(0, dtype=np.uint32)
    return Prepared(
        title,
        body_hashes,
        signature(title) if len(title) else None,
        signature(body_hashes) if len(body_hashes) else None,
    )


def _similarity(x: Prepared, y: Prepared) -> float:
    if len(x.body) and len(y.body):
        return jaccard(x.body, y.body)
    return jaccard(x.title, y.title)


def _threshold(x: Prepared, y: Prepared) -> float:
    return BODY_SAME if len(x.body) and len(y.body) else TITLE_SAME


def cluster(
    docs: Sequence[Doc], window: timedelta = WINDOW, prepared: Sequence[Prepared] | None = None
) -> list[str]:
    """The story key of each doc: the key of the earliest doc of its cluster."""
    if prepared is None:
        prepared = [prepare(d) for d in docs]
    candidates = _candidates(prepared)
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in candidates:
        if not _within(docs[i], docs[j], window):
            continue
        if _similarity(prepared[i], prepared[j]) >= _threshold(prepared[i], prepared[j]):
            parent[root(j)] = root(i)
    return _story_keys(docs, [root(i) for i in range(len(docs))])


@lru_cache(maxsize=4)
def _band_ranges(threshold: float) -> list[tuple[int, int]]:
    """The MinHash columns of each LSH band, with datasketch's choice of bands and rows."""
    bands, rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    return [(b * rows, (b + 1) * rows) for b in range(bands)]


def _candidates(prepared: Sequence[Prepared]) -> list[tuple[int, int]]:
    """Pairs (j, i), j < i, sorted, that share an LSH band (datasketch's banding, so the same
    candidates as its MinHashLSH; found by sorting each band's values, not a dict per band).

    Bodies decide between two items that have them, so headlines propose a pair only where at
    least one side has no body; bodies propose pairs of items that both have one.
    """
    titled = [i for i, p in enumerate(prepared) if p.title_sig is not None]
    bodyless = np.array([prepared[i].body_sig is None for i in titled], dtype=bool)
    found = set(_sharing_a_band(prepared, titled, "title_sig", TITLE_LSH, bodyless))
    bodied = [i for i, p in enumerate(prepared) if p.body_sig is not None]
    found.update(_sharing_a_band(prepared, bodied, "body_sig", BODY_LSH))
    return sorted(found)


def _sharing_a_band(
    prepared: Sequence[Prepared],
    members: list[int],
    attribute: str,
    threshold: float,
    needed: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Pairs (j, i), j < i, of `members` whose signatures agree on every row of some band;
    with `needed` (a flag per member), only pairs with at least one flagged member."""
    if len(members) < 2 or (needed is not None and not needed.any()):
        return []
    sigs = np.stack([getattr(prepared[i], attribute) for i in members]).astype(np.uint64)
    flagged = np.ones(len(members), dtype=bool) if needed is None else needed
    pairs: list[tuple[int, int]] = []
    for start, end in _band_ranges(threshold):
        band = np.ascontiguousarray(sigs[:, start:end])
        keys = band.view(np.dtype((np.void, band.dtype.itemsize * (end - start)))).ravel()
        _, group, counts = np.unique(keys, return_inverse=True, return_counts=True)
        group = group.ravel()
        useful = np.bincount(group, weights=flagged, minlength=len(counts)) > 0
        shared = np.flatnonzero((counts[group] >= 2) & useful[group])
        if not len(shared):
            continue
        order = shared[np.argsort(group[shared], kind="stable")]  # members ascending per group
        ends = np.append(np.flatnonzero(np.diff(group[order])) + 1, len(order)).tolist()
        order_list, flags = order.tolist(), flagged.tolist()
        begin = 0
        for end_at in ends:
            same = order_list[begin:end_at]
            begin = end_at
            pairs.extend(
                (members[j], members[i])
                for n, i in enumerate(same)
                for j in same[:n]
                if flags[i] or flags[j]
            )
    return pairs


def _within(x: Doc, y: Doc, window: timedelta) -> bool:
    if x.published_at is None or y.published_at is None:
        return True
    try:
        return abs(x.published_at - y.published_at) <= window
    except TypeError:  # naive against aware: compare as Bangkok wall time
        return (
            abs(x.published_at.replace(tzinfo=None) - y.published_at.replace(tzinfo=None)) <= window
        )


def _story_keys(docs: Sequence[Doc], roots: list[int]) -> list[str]:
    """Name each cluster after its earliest item (input order breaks ties)."""
    members: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        members.setdefault(r, []).append(i)
    key_of: dict[int, str] = {}
    for r, idx in members.items():
        lead = min(idx, key=lambda i: (_sort_time(docs[i]), i))
        key_of[r] = docs[lead].key
    return [key_of[r] for r in roots]


def _sort_time(doc: Doc) -> float:
    if doc.published_at is None:
        return float("inf")
    moment = doc.published_at
    return moment.timestamp() if moment.tzinfo else moment.replace(tzinfo=None).timestamp()
