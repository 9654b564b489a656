"""Small NumPy helpers every generator of the demo shares: keyed random draws, marks by a scale."""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import numpy as np


def keyed_rng(seed: int, *what: object) -> np.random.Generator:
    """A generator keyed by the seed and by what is drawn: results do not depend on draw order."""
    return np.random.default_rng([seed, *(zlib.crc32(str(w).encode()) for w in what)])


def marks_from_cuts(scores: np.ndarray, scale: Mapping[int, int]) -> np.ndarray:
    """The highest mark whose lowest score is reached, else «2»."""
    marks = np.full(scores.shape, 2, dtype=np.int64)
    for mark, lowest in sorted(scale.items(), key=lambda item: item[1]):
        marks = np.where(scores >= lowest, mark, marks)
    return marks
