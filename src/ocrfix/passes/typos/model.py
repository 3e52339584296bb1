"""The logistic model of the ``typos`` pass: weights over the features of a candidate
(:meth:`~ocrfix.passes.typos.detector.Detector.candidates`), the confidence they give, and the
pieces of the log-odds that let the detector leave out, unscored, what cannot reach a floor.

A page scores some 200 candidates and keeps a few: most are bounded away before the language
model reads the context around them.

>>> from ocrfix.passes.typos import _demo_data
>>> from ocrfix.passes.typos.detector import Detector
>>> det = Detector(*_demo_data())
>>> [c] = det.candidates("养殖泥湫", 3, det.coverage("养殖泥湫"))
>>> c.word, confidence(c.features, 0.0) == c.confidence
('泥鳅', True)
>>> floor_logodds(0.5) < 0 < floor_logodds(0.9)
True
"""

from __future__ import annotations

import math
import operator
from functools import cache

#: ``visual-distant`` candidates (a look-alike past the table's top 50, tried where no nearer
#: one makes a word: 修莫 → 修葺, 葺 being 莫's 103rd) are scored by the same model, then their
#: log-odds shifted by this much: the Platt fit of their closer/away outcomes on the tune split
#: (``benchmarks/glyphs/fit_distant.py``), which the model, fitted on nearer pairs, overrates.
DISTANT_SHIFT = -0.54

#: Logistic weights over the features of a candidate: bias; LM gain of the context
#: around the new word (inside it the word list knows better: the LM has never seen 酃县); log10
#: word frequency; log10 frequency of the suspect as a one-character word; visual similarity; the
#: partner character belongs to another word; log10 frequency of the candidate as a one-character
#: word; log10 character counts of the suspect and of the candidate; log10 number of candidates;
#: a place name ending in 县/市/区/镇…; the span is an island between words; the share of
#: characters outside words nearby; log10 frequency of the partner as a one-character word and
#: log10 count of the partner character (贵的, 镇的: a suspect next to 的/要/后 is mostly a word
#: of its own); LM gain inside the new word; log10 number of words the suspect and the partner
#: make in their slots (productive characters make words that no list knows: 微纳, 退捕).
#: Fitted by ``benchmarks/glyphs/tune_typos.py --subs S1 S2 --fit-subs`` on the tuning split only
#: (Tesseract pages with an even crc32 + OCR'd word lists from ocr_confusions.py).
WEIGHTS = (
    -17.213, 0.931, 0.752, -0.041, 17.322, -1.678, 0.073, 1.026, -1.005, -1.169, -2.22, 0.554,
    0.087, 0.034, -0.157, 0.687, -0.37, -0.587,
)  # fmt: skip
#: The weights of the context gain and of the word gain: the detector bounds a candidate's
#: log-odds with them before it reads the context (a positive context weight: the gain is at
#: most what a tail of log-probability 0 would give).
W_CTX, W_WORD = WEIGHTS[1], WEIGHTS[15]
assert W_CTX > 0
#: Below a floor, log-odds are compared with this much room: the bound is a plain sum, the
#: confidence an exactly rounded one (``math.fsum``); they differ by ~1e-13.
_ROOM = 1e-6


def confidence(features: tuple[float, ...], shift: float) -> float:
    """The probability that a candidate with ``features`` is right: the logistic of their
    weighted sum (exactly rounded) plus ``shift``."""
    z = math.fsum(map(operator.mul, WEIGHTS, features)) + shift
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache  # (asked once per suspect character, for the page's one floor)
def floor_logodds(p: float) -> float:
    """The log-odds of a confidence floor, less :data:`_ROOM`; ``-inf`` for no floor.

    >>> round(floor_logodds(0.5), 6), floor_logodds(0.0)
    (-1e-06, -inf)
    """
    return math.log(p / (1.0 - p)) - _ROOM if 0.0 < p < 1.0 else (-math.inf if p <= 0 else math.inf)


def side_logodds(
    single: float,
    partner_covered: float,
    x_uni: float,
    n_cands: float,
    island: float,
    density: float,
    p_single: float,
    p_uni: float,
    slots: tuple[float, float],
) -> float:
    """What the features one side's options share add to the log-odds (bias included). The
    indices are the features' places in the tuple :meth:`Detector._scored
    <ocrfix.passes.typos.detector.Detector._scored>` builds; should they drift apart, the floor
    leaves out candidates it must keep (tests/test_typos_pass.py, the confidence floor's test)."""
    w = WEIGHTS
    return (
        w[0] + w[3] * single + w[5] * partner_covered + w[7] * x_uni + w[9] * n_cands
        + w[11] * island + w[12] * density + w[13] * p_single + w[14] * p_uni
        + w[16] * slots[0] + w[17] * slots[1]
    )  # fmt: skip


def option_logodds(
    log_freq: float, sim: float, c_single: float, c_uni: float, admin: float
) -> float:
    """What an option's own features add to the log-odds (context and word gain aside)."""
    w = WEIGHTS
    return w[2] * log_freq + w[4] * sim + w[6] * c_single + w[8] * c_uni + w[10] * admin
