"""Knowledge and scores for ``scan-noise``: which Latin is real, what picture texture reads as.

``ACRONYMS`` are Latin tokens that Chinese newspapers print on their own (economics, technology,
medicine, organisations, units). ``ENGLISH`` is a small list of common English words: a line with
several of them is an English sentence, whose tokens are judged only by their shape. ``TEXTURE``
are the Han characters Tesseract's ``chi_sim`` model reads out of halftone photos and grey boxes
(simple characters with 亻 扌 讠 氵 on the left): a run of Han without punctuation made mostly of
them is not text. :func:`latin_score` and :func:`texture_score` turn that into a noise score.

Latin that looks odd but is real is scored 0 by shape: codes of capitals and digits (``CODE``:
``病毒H7N9亚型``, ``GB18030``, ``iPhone15``), versions (``VERSION``: ``v2.3.1``), ``No.1`` and
``p. 12`` (``CITED``), and a capitalised name with text right on both sides (``学者Li Wang表示``).
``SCAN_FIXES`` are the marks only a scan misreads (``*`` for ``。``, ``"C`` for ``℃``).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import regex

from ocrfix.chars import HAN, han_count
from ocrfix.edits import Edit
from ocrfix.layout.patterns import RULE_CHARS
from ocrfix.resources.confusion import LATIN_DIGITS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ACRONYMS = _words(
    """
    AI APP App app AR VR XR IT ICT IoT GPS GIS BIM CIM LPR GDP CPI PPI PMI GNP M2 IPO ETF QDII QFII
    RMB USD CNY EUR VIP CEO CFO CTO COO HR PR KPI OEM ODM R&D B2B B2C O2O P2P ID PIN SIM SUV MPV EV
    PHEV BEV LED LCD OLED CPU GPU USB PC TV CD DVD DNA RNA PCR CT MRI ICU ECMO HIV WHO UN UNESCO
    WTO NBA CBA FIFA CCTV CGTN CNN BBC APEC ASEAN BRICS G20 NGO PPP EPC PM PM2.5 pH SARS COVID
    CN ISBN ISSN QR WiFi Wi-Fi WLAN LTE NFC OCR PDF HTML URL API SDK AIGC ChatGPT GPT Python Java
    Office Word Excel PowerPoint WeChat QQ iPhone iPad Android iOS Windows Linux Mac
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
# Capitals alternating with digits are codes, not noise: strains (H7N9), standards (GB18030),
# parts (A3B7C9, RTX4090), products (iPhone15). Picture noise mixes *lower-case* letters into
# digits (``8i6l``, ``4.19e``), or alternates both cases (``AaA66399``).
CODE = regex.compile(r"(?:[A-Z]{1,5}\d{1,6}){1,4}[A-Z]{0,3}|[a-z]{1,2}[A-Z][A-Za-z]{0,8}\d{1,4}")
VERSION = regex.compile(r"[vV]\d{1,3}(?:\.\d{1,4}){1,3}[a-z]?")  # v2.3.1, V1.0
# ``No.1`` / ``p.12`` / ``pp.3-5`` (and ``p. 12`` split by a space: see latin_score).
CITED = regex.compile(r"(?:No|NO|no|Nos|pp?|Vol|vol|Fig|fig|Art|Sec|Ch)\.(?:\d[\d-]{0,8})?")
MODEL = regex.compile(r"[A-Z]{1,5}-?\d[\dA-Z-]*|\d+[A-Z]{1,3}|[A-Z][a-z]{1,8}\d{1,4}")
NUMBER_BEFORE = regex.compile(r"\d[ \t]?$")
#: A column gap: two or more spaces, or a column rule.
CELL_SPLIT = regex.compile(r"[ \t\u3000]{2,}|[ \t]*[" + RULE_CHARS + r"][ \t]*")
_CELL_PUNCT = regex.compile(r"[，。、；：？！“”‘’（）《》〈〉…—\d]")
ROMAN = regex.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_CAMEL = regex.compile(r"(?:[A-Z][a-z]+){2,3}|[a-z]+(?:[A-Z][a-z]+){1,2}")
_VOWEL = regex.compile(r"[aeiouy]")
_CAPS_THEN_LOWER = regex.compile(r"[A-Z]{2}[a-z]{2}")
NAME = regex.compile(r"[A-Z][a-z]{1,7}")  # Li, Wang, Zhang
#: Set into a Chinese word, no space around: a capital (A股, X光), ``e`` (e租宝), letters and a
#: number (x86, i7, N95). A lone small letter glued to Han is mostly a speck (``者j省``).
_PREFIXED = regex.compile(r"[A-Z]|e|[A-Za-z]{1,3}\d{1,4}")
#: A measurement with a decimal point (2.5kg, 3.2GHz, 6.5L, 1.5T); ``4.19e`` is no unit.
DECIMAL_UNIT = regex.compile(
    r"\d+\.\d+(?:[kμmn]?m|[km]?g|m?[lL]|t|T|h|min|s|k?Wh?|[MGk]?W|[mk]?V|m?A|mAh|[kMG]?Hz|dB"
    r"|[KMGT]B|[kM]?Pa|%)"
)
_NUMBER_AFTER = regex.compile(r" ?\d")
_LETTER_RUN = regex.compile(r"[A-Za-z]+")
FILE_NAME = regex.compile(
    r"[\w-]+\.(?:pdf|docx?|xlsx?|pptx?|txt|csv|zip|rar|jpe?g|png|gif|mp[34]|html?|ofd|wps)",
    regex.I,
)
#: Letters OCR reads for digits (the ``typos`` pass's LATIN_DIGITS) and for ``%`` (o, e).
_DIGIT_LIKE = frozenset(LATIN_DIGITS) | {"e"}
_ELEMENT = regex.compile(r"([A-Z][a-z]?)(\d{0,3})")
_ELEMENT_RUN = regex.compile(r"(?:[A-Z][a-z]?\d{0,3}){2,8}")
#: The chemical elements' symbols, for formulas set in Chinese text (氢氧化钠（NaOH）).
ELEMENTS = _words(
    """
    H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se
    Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy
    Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf
    Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og
    """
)
_TEXT = regex.compile(r"[\p{Han}\p{Latin}，。、；：？！“”‘’（）《》]")


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float
    rule: str
    reason: str


CLEAN = Verdict(0.0, "", "")


def latin_score(
    chunk: str,
    before: str,
    han: int,
    english: bool,
    allow: frozenset[str],
    after: str = "",
    after_name: bool = False,
) -> Verdict:
    """Score a Latin/digit chunk: 0 for real text, up to 0.95 for gibberish.

    ``before`` and ``after`` are the two characters around the chunk on its line;
    ``after_name``: a capitalised word and one space stand right before it (``Van An``).

    >>> latin_score("H7N9", "病毒", 10, False, frozenset()).score  # 病毒H7N9亚型
    0.0
    >>> latin_score("Li", "学者", 10, False, frozenset(), after="表示").score  # 学者Li表示
    0.0
    >>> latin_score("Re", "  ", 10, False, frozenset()).score  # 价值却一  Re: picture noise
    0.8
    """
    shown = chunk.strip(".'-&")
    if not shown or shown in allow or (shown.lower() in ENGLISH and english):
        return CLEAN
    # (shapes are read without accents: Björn, Nguyễn, naïve are words as Bjorn, Nguyen are)
    core = plain(shown)
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return CLEAN
    if CODE.fullmatch(core) or VERSION.fullmatch(core) or _cited(chunk, after):
        return CLEAN
    if FILE_NAME.fullmatch(chunk):
        return CLEAN  # report_v2.pdf: OCR's specks make no file names
    if ROMAN.fullmatch(core):
        return Verdict(0.5, "image-noise", f"Roman numeral or noise {shown!r}")
    if DECIMAL_UNIT.fullmatch(core) or UNIT_NUMBER.fullmatch(core):
        return CLEAN  # a measurement (2.5kg, 3.5ppm), or a number whose % OCR misread (3.2ob)
    if misread_number(core):
        return CLEAN  # digits with letters OCR reads for digits: 8i6l (8161), 2o24, 8.7o6
    if formula(core):
        return CLEAN  # a chemical formula: NaOH, CaCO3, Fe2O3, LiFePO4
    switches = sum(a.isdigit() != b.isdigit() for a, b in pairwise(core))
    if switches >= 3:
        return Verdict(0.9, "image-noise", f"letters and digits mixed: {shown!r}")
    if UNIT_NUMBER.fullmatch(core) or MODEL.fullmatch(core):
        return CLEAN
    if NUMBER_BEFORE.search(before) and len(core) <= 4:
        return CLEAN  # a unit after a number: 5 mm, 7 kg
    if _PREFIXED.fullmatch(core) and _glued(before, after):
        return CLEAN  # set into a Chinese word, no space around: A股, X光, e租宝, x86服务器
    word = "".join(letters)
    # each run of letters on its own: SKU2023abc holds SKU and abc, no SKUabc
    if any(chaotic(run) for run in _LETTER_RUN.findall(core)):
        return Verdict(0.9, "image-noise", f"Latin gibberish {shown!r}")
    if NAME.fullmatch(core) and (_inside(before, after) or after_name):
        return CLEAN  # a name in a sentence (学者Li Wang表示, 代表Nguyen Van An); at a column's
        # edge, after a gap, it is noise
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


def misread_number(core: str) -> bool:
    """Mostly digits, every letter one that OCR reads for a digit or ``%``: a number, whatever
    its misreads, and deleting it loses the digits that are right.

    >>> misread_number("8i6l"), misread_number("21.4o6"), misread_number("AaA66399")
    (True, True, False)
    """
    digits = sum(c.isdigit() for c in core)
    letters = [c for c in core if c.isalpha()]
    return digits >= 2 and digits >= len(letters) and all(c in _DIGIT_LIKE for c in letters)


def formula(core: str) -> bool:
    """Two or more element symbols with counts, or with a two-letter symbol (``NaOH``, ``MgO``,
    ``CaCO3``, ``KMnO4``): capitals alone (``CO``, ``HIV``) are judged as capitals.

    >>> formula("LiFePO4"), formula("NaOH"), formula("QQ"), formula("HIV")
    (True, True, False, False)
    """
    parts = _ELEMENT_RUN.fullmatch(core)
    if parts is None:
        return False
    symbols = _ELEMENT.findall(core)
    return (
        len(symbols) >= 2
        and all(sym in ELEMENTS for sym, _ in symbols)
        and any(count or len(sym) == 2 for sym, count in symbols)
    )


def plain(text: str) -> str:
    """``text`` without its accents: ``Björn`` → ``Bjorn``, ``Nguyễn`` → ``Nguyen``."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _glued(before: str, after: str) -> bool:
    """Text right before and right after, no space between: set inside a Chinese word."""
    return bool(before[-1:] and after[:1] and _TEXT.match(before[-1]) and _TEXT.match(after[0]))


def _cited(chunk: str, after: str) -> bool:
    """``No.1``, ``p.12``, or ``p.`` with the number after a space (``见p. 12``)."""
    m = CITED.fullmatch(chunk)
    return m is not None and (chunk[-1].isdigit() or _NUMBER_AFTER.match(after) is not None)


def _inside(before: str, after: str) -> bool:
    """Is there text right before and right after (one space away at most), not a gap or an edge?

    A capitalised name is glued to Chinese or to another name: ``学者Li Wang表示``. Picture noise
    sits by a column gap or at a line's end, even glued: ``价值却一 We``, ``   Re``, ``福认Re``.
    """
    b = before[-2:-1] if before[-1:] == " " else before[-1:]
    a = after[1:2] if after[:1] == " " else after[:1]
    return bool(b and a and _TEXT.match(b) and _TEXT.match(a))


def is_english(tokens: Iterable[str]) -> bool:
    """Two or more common English words make a line English: ``Welcome to Qingxi``."""
    return sum(t.strip(".,;:!?\"'()").lower() in ENGLISH for t in tokens) >= 2


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


def scattered(body: str, toks: list[tuple[int, int, str]]) -> bool:
    """Four or more short tokens, no digit or mark, mostly set wide apart and mostly single
    characters: ``全   站   时   寻``. Cells of two different ideographs or more are a table's
    or a list's (``张伟   李娜   王芳   刘洋``, ``县名   人口   面积``), or verse.

    >>> toks = lambda s: [(m.start(), m.end(), m.group()) for m in regex.finditer(r"\\S+", s)]
    >>> specks, names = "全   站   时   寻", "张伟   李娜   王芳   刘洋"
    >>> scattered(specks, toks(specks)), scattered(names, toks(names))
    (True, False)
    """
    if len(toks) < 4 or any(len(t) > 5 for _, _, t in toks) or _CELL_PUNCT.search(body):
        return False
    if sum(len(set(HAN.findall(t))) >= 2 for _, _, t in toks) * 2 >= len(toks):
        return False  # (``一一  一一一``: a rule's dashes read as 一 are specks all the same)
    wide = sum(b[0] - a[1] >= 3 for a, b in pairwise(toks))
    return wide * 2 >= len(toks) - 1


def texture_cells(
    body: str, min_han: int, max_logprob: float
) -> Iterator[tuple[int, int, Verdict]]:
    """Cells (text between column gaps) whose Han is picture texture: ``生仙人和人和全村机丰``."""
    start = 0
    for m in [*CELL_SPLIT.finditer(body), None]:
        end = m.start() if m else len(body)
        cell = body[start:end]
        if cell.strip():
            v = texture_score(cell, min_han, max_logprob)
            if v.score:
                yield start, end, v
        if m:
            start = m.end()


def texture_score(cell: str, min_han: int, max_logprob: float) -> Verdict:
    """Score a cell (text between column gaps) as picture texture read as Han."""
    if _CELL_PUNCT.search(cell):
        return CLEAN
    n = han_count(cell)
    if n < min_han:
        return CLEAN
    # (TEXTURE is all Han: counted over the whole cell as over its Han, without listing them;
    # most cells stop here)
    texture = sum(map(TEXTURE.__contains__, cell)) / n
    if texture < 0.5:
        return CLEAN
    han = HAN.findall(cell)
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


# Marks only a scan misreads (rule ``scan-punct``; see the ``scan_noise`` module docstring).
PAREN = regex.compile(r"[〈《](?=([^〈《》〉（()）\n]{1,24})([)）]))")
_STAR_END = regex.compile(r"(?<=\p{Han})\*(?=[ \t]*(?:$|[“”\"]|\n))", regex.M)
# ``*`` between a finished clause and a word that only opens a sentence (see ``scan_noise``):
# the clause (4+ characters) does not end in a word that needs more (``的``, ``在``); before
# ``下一步``, which can also be an object (``推进下一步工作``), it follows a ``，`` and is longer.
_STAR_CLAUSE = regex.compile(
    r"\*(?<=(?:^|[，：；。！？])[\p{Han}\d“”、]{3,39}\p{Han}\*)"
    r"(?<![的地得在和与及或对把被将从向给为以于是之也并都就还又再才却正不只]\*)"
    r"(?=[ \t]?(?:与此同时|此外|据悉|据了解|据介绍|据统计|然而|但是|总之)"
    r"|(?<=[，：；][\p{Han}\d“”、]{5,39}\*)"
    r"(?<!(?:推进|部署|安排|谋划|研究|做好|抓好|开展|进入|迈出|明确|落实|规划|布置)\*)[ \t]?下一步)"
)
_COLON_QUOTE = regex.compile(r"(?<=\p{Han}|\d):(?=”)")
_DEGREE = regex.compile(r"(?<=\d)[\"”*]{1,2}C(?![A-Za-z])")
_PERCENT = regex.compile(r"(?<=\d)%[46](?=[，。；、\p{Han}\s])")

#: (mark, pattern, replacement, confidence, reason) of each ``scan-punct`` fix but the
#: parentheses; every match holds the mark, so a line without it is not searched (``"C`` → ``C``).
SCAN_FIXES: tuple[tuple[str, regex.Pattern[str], str, float, str], ...] = (
    ("*", _STAR_END, "。", 0.7, "'*' ending a sentence"),
    ("*", _STAR_CLAUSE, "。", 0.7, "'*' between two sentences"),
    (":", _COLON_QUOTE, "。", 0.7, "':' ending a quoted sentence"),
    ("C", _DEGREE, "℃", 0.9, "degree sign read as '\"C'"),
    ("%", _PERCENT, "%", 0.8, "percent sign read as '%6'"),
)

# Glued marks (scan_noise._glued); every pattern here is linear (no nested quantifiers).
STRAY = regex.compile(
    r"(?<=\p{Han})[*~_](?=\p{Han})|^[~_\\](?=[\p{Han}“])|(?<=[\p{Han}。，])[~_\\]$"
    r"|(?<![\[［]\d{0,6}\.?)(?<=\d\.?)\](?=[\d\p{Han}])"
)
DOUBLE = regex.compile(r"(?<=[\p{Han}”）])[,.;:](?=[，。；：、])")
# The characters the shared RULE, and STRAY, DOUBLE and PAREN match: a line that holds none of
# them nor a mark of SCAN_FIXES (most lines) has nothing for them, found with one search (GLUE_HINT)
# instead of nine (``生产线,，``: ``,`` is there, ``*`` is not).
STRAY_CHARS, DOUBLE_CHARS, PAREN_CHARS = "*~_\\]", ",.;:", "〈《"
_NEEDED = RULE_CHARS + STRAY_CHARS + DOUBLE_CHARS + PAREN_CHARS + "".join(f[0] for f in SCAN_FIXES)
GLUE_HINT = regex.compile(f"[{regex.escape(_NEEDED)}]")


_HAN_RUN3 = regex.compile(r"\p{Han}{3}")
_TRIGRAM = regex.compile(r"(?=(\p{Han}{3}))")


def printed_elsewhere(text: str, cuts: list[Edit]) -> list[tuple[Edit, str]]:
    """The deletions whose Han holds three characters in a row that the rest of the page (less
    every deletion) prints again, each with the first such run: text, not picture texture.

    >>> from ocrfix.edits import Edit
    >>> page = "走出去 天地帘 下 人\\n“走出去”是为了展示自己。"
    >>> [run for _, run in printed_elsewhere(page, [Edit(0, 11, "", "scan-noise", "image-noise")])]
    ['走出去']
    """
    suspects = [e for e in cuts if _HAN_RUN3.search(text, e.start, e.end)]
    if not suspects:
        return []
    kept = Counter(_TRIGRAM.findall(_without(text, [(e.start, e.end) for e in cuts])))
    out = []
    for e in suspects:
        again = next((g for g in _TRIGRAM.findall(text, e.start, e.end) if kept[g]), None)
        if again is not None:
            out.append((e, again))
    return out


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` less the spans, a line break where each stood (no run across a cut)."""
    out, pos = [], 0
    for s, e in sorted(spans):
        out.append(text[pos:s])
        pos = max(pos, e)
    out.append(text[pos:])
    return "\n".join(out)
