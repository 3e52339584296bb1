"""Knowledge and scores for ``scan-noise``: which Latin is real, what picture texture reads as.

``ACRONYMS`` are Latin tokens that Chinese newspapers print on their own (economics, technology,
medicine, organisations, units). ``ENGLISH`` is a small list of common English words: a line with
several of them is an English sentence, whose tokens are judged only by their shape. ``TEXTURE``
are the Han characters Tesseract's ``chi_sim`` model reads out of halftone photos and grey boxes
(simple characters with 亻 扌 讠 氵 on the left): a run of Han without punctuation made mostly of
them is not text. :func:`latin_score` and :func:`texture_score` turn that into a noise score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import regex

from ocrfix.chars import HAN


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ACRONYMS = _words(
    """
    AI APP App app AR VR XR IT ICT IoT GPS GIS BIM CIM LPR GDP CPI PPI PMI GNP M2 IPO ETF QDII QFII
    RMB USD CNY EUR VIP CEO CFO CTO COO HR PR KPI OEM ODM R&D B2B B2C O2O P2P ID PIN SIM SUV MPV EV
    PHEV BEV LED LCD OLED CPU GPU USB PC TV CD DVD DNA RNA PCR CT MRI ICU ECMO HIV WHO UN UNESCO
    WTO NBA CBA FIFA CCTV CGTN CNN BBC APEC ASEAN BRICS G20 NGO PPP EPC PM PM2.5 pH SARS COVID
    CN ISBN ISSN QR WiFi Wi-Fi WLAN LTE NFC OCR PDF HTML URL API SDK AIGC ChatGPT GPT Python Java
    Office Word Excel PowerPoint WeChat iPhone iPad Android iOS Windows Linux Mac
    NO No no OK Ok ok Mr Mrs Ms Dr Prof Co Ltd Inc SOS KTV CBD MALL DIY Logo logo LOGO Vlog vlog
    UP up PK MVP CAD CAM PLC AGV MES ERP CRM IC SMT LNG LPG CNG CCUS ESG AAA AA ST STEM PE MBA
    EMBA GRE IELTS TOEFL ETC APEC OK Beta beta vs VS etc Email email Web web Wi
    kg km cm mm ml mL mg g m t h min s kW kWh MW GW kV mAh Hz GHz MHz dB KB MB GB TB Pa kPa MPa
    """
)

ENGLISH = _words(
    """
    a an the of and or to in on at by for from with without as is are was were be been being it
    its this that these those we you he she they i me my our your his her their them us not no
    yes all any some one two three new old good great best more most less very can could will
    would should may might must have has had do does did done get got make made take see say said
    go goes went come came city people year years day time world china chinese news daily report
    about after before over under into out up down than then there here when where what which who
    how why also just only even still such each every other many much first last next between
    during while because if so but yet both either neither nor per via welcome hello thank thanks
    open opening road river bridge park school university museum center centre hospital market
    festival culture art music sport team game show love life home work way part area hall
    """
)

#: Han characters that picture texture is read as.
TEXTURE = frozenset(
    "人和全生让计村抽放作站二仙本区半入汪仆相直机位向寺衣诗竹扑乓攻丰许证旋宙八拉役信任付汰椒们"
    "刘三手疆插笛伴各肖于表坟王仁秆宁吉革下才用反六盾种后这过个的有扩册罗科将寄四十二一合"
)

UNIT_NUMBER = regex.compile(r"\d+(?:\.\d+)?[A-Za-z%°]{1,4}")
MODEL = regex.compile(r"[A-Z]{1,5}-?\d[\dA-Z-]*|\d+[A-Z]{1,3}|[A-Z][a-z]{1,8}\d{1,4}")
NUMBER_BEFORE = regex.compile(r"\d[ \t]?$")
_CELL_PUNCT = regex.compile(r"[，。、；：？！“”‘’（）《》〈〉…—\d]")
ROMAN = regex.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_CAMEL = regex.compile(r"(?:[A-Z][a-z]+){2,3}|[a-z]+(?:[A-Z][a-z]+){1,2}")
_VOWEL = regex.compile(r"[aeiouy]")
_CAPS_THEN_LOWER = regex.compile(r"[A-Z]{2}[a-z]{2}")


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float
    rule: str
    reason: str


CLEAN = Verdict(0.0, "", "")


def latin_score(chunk: str, before: str, han: int, english: bool, allow: frozenset[str]) -> Verdict:
    """Score a Latin/digit chunk: 0 for real text, up to 0.95 for gibberish."""
    core = chunk.strip(".'-&")
    if not core or core in allow or (core.lower() in ENGLISH and english):
        return CLEAN
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return CLEAN
    if ROMAN.fullmatch(core):
        return Verdict(0.5, "image-noise", f"Roman numeral or noise {core!r}")
    switches = sum(a.isdigit() != b.isdigit() for a, b in pairwise(core))
    if switches >= 3:
        return Verdict(0.9, "image-noise", f"letters and digits mixed: {core!r}")
    if UNIT_NUMBER.fullmatch(core) or MODEL.fullmatch(core):
        return CLEAN
    if NUMBER_BEFORE.search(before) and len(core) <= 4:
        return CLEAN  # a unit after a number: 5 mm, 7 kg
    word = "".join(letters)
    if chaotic(word):
        return Verdict(0.9, "image-noise", f"Latin gibberish {core!r}")
    if english and not han:
        return CLEAN
    if han < 2:
        return Verdict(0.5, "image-noise", f"odd Latin {core!r}") if len(word) <= 2 else CLEAN
    if word.islower() and len(word) >= 5:
        return Verdict(0.6, "image-noise", f"unknown Latin {core!r} in Chinese text")
    if word.islower() and (len(word) <= 2 or not _VOWEL.search(word)):
        return Verdict(0.85, "image-noise", f"Latin fragment {core!r} in Chinese text")
    if word.islower() and len(word) <= 4:
        return Verdict(0.6, "image-noise", f"short Latin word {core!r} in Chinese text")
    if word[0].isupper() and word[1:].islower() and len(word) == 2:
        return Verdict(0.8, "image-noise", f"Latin fragment {core!r} in Chinese text")
    if word.isupper() and len(word) <= 7:
        return Verdict(0.55, "image-noise", f"unknown capitals {core!r} in Chinese text")
    return Verdict(0.5, "image-noise", f"unknown Latin {core!r} in Chinese text")


def chaotic(word: str) -> bool:
    """Shapes no word has: ``IPTetrerreer``, ``aasasysas``, ``AaA``, ``YY``."""
    n = len(word)
    flips = sum(a.isupper() != b.isupper() for a, b in pairwise(word))
    camel = _CAMEL.fullmatch(word)
    if n >= 3 and flips >= 2 and not camel:
        return True
    lower = word.lower()
    if n >= 5 and len(set(lower)) * 2 <= n:
        return True
    if n >= 2 and len(set(lower)) == 1:
        return True
    if n >= 5 and not _VOWEL.search(lower):
        return True
    return _CAPS_THEN_LOWER.search(word) is not None


def texture_score(cell: str, min_han: int, max_logprob: float) -> Verdict:
    """Score a cell (text between column gaps) as picture texture read as Han."""
    if _CELL_PUNCT.search(cell):
        return CLEAN
    han = HAN.findall(cell)
    if len(han) < min_han:
        return CLEAN
    texture = sum(c in TEXTURE for c in han) / len(han)
    if texture < 0.5:
        return CLEAN
    if len(set(han)) * 2 <= len(han):
        return Verdict(0.8, "image-noise", "picture texture read as repeated Han")
    lp = _logprob("".join(han))
    if lp > max_logprob:
        return CLEAN
    score = 0.8 if texture >= 0.6 else 0.6
    return Verdict(score, "image-noise", f"picture texture read as Han ({lp:.2f}/char)")


@cache
def _model() -> object:
    from ocrfix.resources.charlm import char_lm

    return char_lm()


def _logprob(han: str) -> float:
    lm = _model()
    lp: float = lm.logprob(han)  # type: ignore[attr-defined]
    return lp / len(han) if han and not math.isnan(lp) else 0.0
