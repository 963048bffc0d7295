"""The fitted calibration of link scores (``core.scores``); written by
``python -m benchmarks.calibrate_links``, do not edit by hand."""

# group: (raw score, probability right) knots, both ascending
KNOTS: dict[str, tuple[tuple[float, float], ...]] = {
    "quote": ((90.54, 0.985), (100.0, 0.9949)),
    "related-ordered": ((57.63, 0.9786),),
    "related-unordered": ((67.83, 0.9133),),
    "related-paragraphs": ((63.36, 0.7953),),
}
# (minimum calibrated score, share of tuning links scoring at least that which were
# right, how many links)
SHARE_AT_LEAST: tuple[tuple[int, float, int], ...] = (
    (0, 0.971, 514),
    (5, 0.971, 514),
    (10, 0.971, 514),
    (15, 0.971, 514),
    (20, 0.971, 514),
    (25, 0.971, 514),
    (30, 0.971, 514),
    (35, 0.971, 514),
    (40, 0.971, 514),
    (45, 0.971, 514),
    (50, 0.971, 514),
    (55, 0.971, 514),
    (60, 0.971, 514),
    (65, 0.971, 514),
    (70, 0.971, 514),
    (75, 0.971, 514),
    (80, 0.981, 484),
    (85, 0.981, 484),
    (90, 0.981, 484),
    (95, 0.991, 425),
    (100, 0.0, 0),
)
