"""Writes the .npz fixtures of NumpyFixtureTests with numpy itself, so those tests read files numpy really wrote.

Run from this directory with any numpy >= 1.17: python3 make_numpy_fixtures.py
The tests need only the checked-in output, never numpy.
"""
import zipfile

import numpy as np
from numpy.lib import format as npy_format

ARRAYS = dict(
    weights=np.array([[1.5, -2.25, 0.0], [1e-45, 3.0, -0.0]], dtype=np.float32),
    momentum=np.array([np.pi, -np.e, 1.0 / 3.0], dtype=np.float64),
    epoch=np.int64(-7),
    rng_state=np.array([1, 2, 2**64 - 1, 0x9E3779B97F4A7C15], dtype=np.uint64),
)

np.savez("numpy_savez.npz", **ARRAYS)
np.savez_compressed("numpy_savez_compressed.npz", **ARRAYS)

# Header versions 2.0 and 3.0 only appear on their own for huge headers; write them explicitly.
with zipfile.ZipFile("numpy_header_versions.npz", "w") as archive:
    for name, version in (("version2", (2, 0)), ("version3", (3, 0))):
        with archive.open(name + ".npy", "w") as entry:
            npy_format.write_array(entry, ARRAYS["momentum"], version=version)
