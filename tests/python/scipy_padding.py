"""An array extended as scipy.ndimage extends it under a boundary mode, by
np.pad (whose names differ: SciPy's reflect is NumPy's symmetric, SciPy's
mirror NumPy's reflect): the reference the filter tests reduce windows of."""
import numpy as np

NP_PAD_MODES = {"reflect": "symmetric", "mirror": "reflect", "wrap": "wrap", "nearest": "edge",
                "constant": "constant"}


def pad_as_scipy(x, widths, mode, cval):
    """x extended by `widths` (np.pad's pad_width) under SciPy's `mode`,
    `cval` filling for constant."""
    kept = {"constant_values": cval} if mode == "constant" else {}
    return np.pad(x, widths, mode=NP_PAD_MODES[mode], **kept)
