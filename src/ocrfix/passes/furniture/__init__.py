"""``furniture``: take page furniture out of the sentences it interrupts, never losing it.

A newspaper page is more than its articles: photo captions and credits (``株洲日报全媒体记者/杨凌凌
摄``, ``通讯员供图``, ``受访者/供图``), jump lines (``▶下转02版``, ``上接01版``), masthead and issue
lines (``中共株洲市委主管、主办``, ``第23271期``, ``国内统一连续出版物号CN 43-0005``), app and QR
prompts (``扫一扫关注株洲日报社新媒体``, ``掌上株洲`` / ``客户端``) and ads. PDF text layers and
OCR read them in geometric order, so they land inside the article text around them:

- ``…有了这场"小区书记茶`` / ``株洲日报全媒体记者/旷昆红 摄 话会",聚焦…`` (a credit in the middle
  of a sentence that a column break also split);
- ``…舒适的交流环境,▶下转02版`` (a jump line glued to the paragraph);
- ``…企业改制小区、`` / ``小区党支部书记共商和谐小区之道。`` / ``无人管老旧小区等…`` (a caption
  between the two halves of a paragraph).

Following the gold convention (``corpora/README.md`` rule 8) each piece becomes a paragraph of its
own. Where it interrupted a sentence or paragraph it is *moved* right after that paragraph (a
deletion whose reason says ``moved to N`` plus an insertion saying ``moved from M``); where it
already stands between paragraphs it stays where it is and no edit is made. The paragraph a piece
interrupted is found by following the blocks it runs on through: from the text after the piece,
block after block while a block ends without sentence-final punctuation and the next one is
running text (not a heading, headline or furniture), at most ``max_reach`` blocks; a jump line
ends the paragraph (the story goes on elsewhere). When the paragraph's end cannot be found within
reach, the piece is only split off where it is. A piece glued to the end of a finished paragraph
(``…环境,▶下转02版``) is split off in place. In a block of printed lines (text-layer or layout
output) a credit that ends a line of its own, or of its one-sentence caption's, stays where it is
(the block's paragraph ends are not known); a credit ending a block after a one-clause sentence is
split off together with that sentence, its caption. A column rule OCR read after ``。``
(``等工作。 |``) still ends a paragraph, and a byline never continues one. Remaining halves of a
split sentence are left as paragraph starts/ends for the ``flow`` pass, which can ask
:func:`classify_block` so that it never joins a sentence across furniture.

A caption without a credit is recognized only in context: a short sentence that ends (``。``)
alone in a block after an image gap (two or more blank lines), between a paragraph that breaks
off and its continuation. Inside a block, a jump line or an app prompt is furniture only where it
stands apart from the sentence around it (``…官网，下转02版的内容将另行刊发。`` and ``市民可扫描
二维码关注“株洲发布”微信公众号，了解…`` are sentences; see :mod:`ocrfix.layout.furniture`).

Rules (one per kind of furniture): ``photo-credit``, ``caption``, ``jump-line``, ``app-prompt``,
``masthead``, ``ad``. Nothing is deleted unless the ``drop`` option is on; then every recognized
piece is removed, bare captions between the halves of a paragraph included (left there, ``flow``
would join the first half to them), with an edit of the kind's ``-dropped`` rule
(``masthead-dropped``) whose reason says ``dropped furniture (<kind>)``. Markdown headings are
structure, never furniture, and are never moved or joined.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocrfix.edits import PassResult
from ocrfix.layout.furniture import classify_block
from ocrfix.passes.furniture.plan import NAME, Planner
from ocrfix.registry import register

__all__ = ["FurnitureOptions", "classify_block", "furniture"]


@dataclass(frozen=True)
class FurnitureOptions:
    """Options of ``furniture``.

    drop: remove furniture instead of moving it (rules ``<kind>-dropped``, reasons
        ``dropped furniture (<kind>)``).
    max_reach: how many blocks a broken paragraph may run on through before the pass gives up
        looking for its end and only splits the furniture off where it is.
    caption_max_chars: the longest text that counts as a caption (with a credit, or after an
        image gap).
    bare_captions: recognize credit-less captions after an image gap that interrupt a paragraph.
    """

    drop: bool = False
    max_reach: int = 6
    caption_max_chars: int = 60
    bare_captions: bool = True


@register(
    NAME,
    options=FurnitureOptions,
    rules={
        "photo-credit": ("photo credit moved out", "photo credits moved out"),
        "caption": ("caption moved out", "captions moved out"),
        "jump-line": ("jump line split off", "jump lines split off"),
        "app-prompt": ("app prompt moved out", "app prompts moved out"),
        "masthead": ("masthead line moved out", "masthead lines moved out"),
        "ad": ("ad moved out", "ads moved out"),
        # with ``drop``
        "photo-credit-dropped": ("photo credit dropped", "photo credits dropped"),
        "caption-dropped": ("caption dropped", "captions dropped"),
        "jump-line-dropped": ("jump line dropped", "jump lines dropped"),
        "app-prompt-dropped": ("app prompt dropped", "app prompts dropped"),
        "masthead-dropped": ("masthead line dropped", "masthead lines dropped"),
        "ad-dropped": ("ad dropped", "ads dropped"),
    },
)
def furniture(text: str, options: FurnitureOptions = FurnitureOptions()) -> PassResult:
    """Move captions, credits and jump lines out of sentences: ``…环境,▶下转02版`` → own paragraph.

    >>> furniture("大家营造了舒适的交流环境,▶下转02版").output
    '大家营造了舒适的交流环境,\\n\\n▶下转02版'
    >>> furniture("有了这场茶\\n\\n株洲日报全媒体记者/旷昆红 摄 话会,聚焦和谐小区。").output
    '有了这场茶\\n\\n话会,聚焦和谐小区。\\n\\n株洲日报全媒体记者/旷昆红 摄'
    """
    return PassResult.from_edits(NAME, text, Planner(text, options).edits())
