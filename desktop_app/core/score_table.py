"""The fitted calibration of link scores (``core.scores``); written by
``python -m benchmarks.calibrate_links``, do not edit by hand."""

# group: (raw score, probability right) knots, both ascending
KNOTS: dict[str, tuple[tuple[float, float], ...]] = {}
# (minimum calibrated score, share of tuning links scoring at least that which were right, links)
SHARE_AT_LEAST: tuple[tuple[int, float, int], ...] = ()
