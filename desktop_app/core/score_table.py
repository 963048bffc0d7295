"""The fitted calibration of link scores (``core.scores``); written by
``python -m benchmarks.calibrate_links``, do not edit by hand."""

# group: (raw score, probability right) knots, both ascending
KNOTS: dict[str, tuple[tuple[float, float], ...]] = {
    "quote": ((90.54, 0.985), (100.0, 0.9949)),
    "related-ordered": ((57.63, 0.9786),),
    "related-unordered": ((67.83, 0.9133),),
}
# (minimum calibrated score, share of tuning links scoring at least that which were
# right, how many links)
SHARE_AT_LEAST: tuple[tuple[int, float, int], ...] = (
    (0, 0.981, 484),
    (5, 0.981, 484),
    (10, 0.981, 484),
    (15, 0.981, 484),
    (20, 0.981, 484),
    (25, 0.981, 484),
    (30, 0.981, 484),
    (35, 0.981, 484),
    (40, 0.981, 484),
    (45, 0.981, 484),
    (50, 0.981, 484),
    (55, 0.981, 484),
    (60, 0.981, 484),
    (65, 0.981, 484),
    (70, 0.981, 484),
    (75, 0.981, 484),
    (80, 0.981, 484),
    (85, 0.981, 484),
    (90, 0.981, 484),
    (95, 0.991, 425),
    (100, 0.0, 0),
)
