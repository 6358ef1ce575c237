"""Narrative claims: what the sentences state, each number with its subject and its place in the text.

One ``find_quantities`` pass per paragraph (headings included). Each number gets a role from the
words right before it in its clause: "占…" makes a share, "增长/下降" a growth rate, "增加/减少" a
change, "完成预算/执行率/…率" a completion rate; any other amount, count or percentage is a plain
statement whose subject is the clause text before it. Claims that join two or more numbers (growth,
share, completion rate, "其中" list) are then assembled from those roles within one sentence.

Subjects are normalised (spaces, markup, numbering, leading years and scope words, "（类）", "决算"
removed) so that equal quantities compare, and well-known quantities get a canonical ``key``
(本年支出合计, 三公经费, 公务用车保有量 …) that checks can match across sentences and tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from reviewer.document import Document, Heading, Paragraph
from reviewer.numbers import Quantity, find_quantities

# --- text structure -------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[，,；;。：:、！？!?\n]")
_SENTENCE_END = re.compile(r"[。！？!?\n]")

# --- roles: the words just before a number ------------------------------------------------------

_TEMPLATE_CHOICE = re.compile(r"(?:增加|减少|增长|下降)[/／](?:增加|减少|增长|下降)$")
_SHARE = re.compile(r"占(?:比)?(?P<whole>[^占]*?)的?(?:比重|比例)?(?:为|达到?|是)?$")
_RATE = re.compile(
    r"(?P<name>完成(?:全年)?预算(?:数)?的?"
    r"|[\u4e00-\u9fff]{0,10}?(?:执行率|完成率|到位率|及时率|使用率|利用率|控制率|完成比例))"
    r"(?:为|达到?|是)?$"
)
_RATE_DIRECTION = re.compile(r"(?P<dir>增长|下降|上升|降低|增幅|降幅|减少|增加|减|增)(?:了|为|达)?$")
_CHANGE_DIRECTION = re.compile(r"(?P<net>净)?(?P<dir>增加|减少|增长|下降|增|减)了?$")
_RATE_AFTER_CHANGE = re.compile(r"^[\s，,、]*(?:同比)?(?:增长|下降|上升|降低|增幅|降幅|减少|增加|减|增)(?:了|为|达)?\s*$")
_UP = {"增加", "增长", "增", "上升", "增幅"}
# Comparison words in a change clause ("比上年决算数增加", "与2018年相比，…", "均较上年增加"): what is
# left after removing them is the subject whose current amount the change belongs to.
_COMPARISON = re.compile(
    r"(?:与|和|比|较|同比)?(?:上年|去年|上一年|\d{4}\s*年)度?(?:决算数?|同期)?(?:相比|比较)?"
    r"|同比|比|较|均|各|分别"
)

# A list of parts introduced after a whole: "…1060.67万元，其中：A …、B …".
_PARTS_INTRO = re.compile(r"其中[：:，,]?")
_SHARES_INTRO = re.compile(r"其中[：:，,]?|主要用于以下方面[：:]?|主要用于[：:]")
_TOTAL_WORDS = re.compile(r"合计|总计|共计|累计|小计|总额")
# Parts that name a complete partition (or an "other" bucket) make a 其中 list exhaustive.
_PARTITIONS = [("货物", "工程", "服务"), ("基本支出", "项目支出"), ("人员", "公用"), ("出国", "公务用车", "接待")]

# Completion-rate roles: which stated figure is the base (budget, target, plan) and which the actual.
_BASE_GENERIC = re.compile(r"预算|目标值|目标数|计划|应到位|所有|全部|总投入|安排")
_BASE_BY_NAME = [(re.compile(r"预算"), re.compile(r"预算")), (re.compile(r"完成比例"), re.compile(r"目标"))]
_ACTUAL = re.compile(r"执行|实际|决算|累计支出|支出数|完成数|完成额|完成值|在用|及时到位")

# --- subjects ---------------------------------------------------------------------------------------

_MARKUP = re.compile(r"<[^>]+>|\[bookmark:[^\]]*\]|[*#“”\"'‘’「」『』《》【】\s]")
_LEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[①-⑳]"
    r"|其中|主要是|主要|另外|以及|共计|累计|截至[^，,]*?[日底末]|全年|本年度|当年|年度"
    r"|本部门|本单位|我单位|我局|本局|我中心|本中心|我部门|单位|部门|[：:、，,])"
)
_YEAR = re.compile(r"^(\d{4})年度?")
_YEAR_MENTION = re.compile(r"(?<![比较与和])((?:19|20)\d{2})\s*年")
_TRAILING = re.compile(r"(?:为|是|达到|达|共计|共|约|了|的)$")
_CATEGORY = re.compile(r"[（(][类款项][）)]")
_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})[-－—_]?(?=[\u4e00-\u9fff])")

_CANONICAL = [
    (re.compile(p), key)
    for p, key in [
        (r"财政拨款收入总计", "财政拨款收入总计"),
        (r"财政拨款支出总计", "财政拨款支出总计"),
        (r"收入总计", "收入总计"),
        (r"支出总计", "支出总计"),
        (r"本年收入(?:合计)?", "本年收入合计"),
        (r"本年支出(?:合计)?", "本年支出合计"),
        (r"一般公共预算(?:财政)?拨款支出", "一般公共预算财政拨款支出"),
        (r"一般公共预算(?:财政)?拨款基本支出", "一般公共预算财政拨款基本支出"),
        (r"(?:一般公共预算(?:财政)?拨款)?三公经费(?:财政拨款)?(?:支出)?", "三公经费"),
        (r"因公出国境?(?:费|经费|费用)(?:支出)?", "因公出国（境）费"),
        (r"公务用车购置及运行(?:维护)?费(?:支出)?", "公务用车购置及运行维护费"),
        (r"公务用车购置费?(?:支出)?", "公务用车购置费"),
        (r"公务用车运行(?:维护)?费(?:支出)?", "公务用车运行维护费"),
        (r"公务接待费(?:支出)?", "公务接待费"),
        (r"机关运行经费(?:支出)?", "机关运行经费"),
        (r"人员经费", "人员经费"),
        (r"(?:日常)?公用经费", "公用经费"),
        (r"政府采购支出总额", "政府采购支出总额"),
        (r"政府性基金(?:预算)?(?:财政)?(?:拨款)?支出", "政府性基金预算财政拨款支出"),
        (r"国有资本经营预算(?:财政)?(?:拨款)?支出", "国有资本经营预算财政拨款支出"),
    ]
]
# Vehicles held at year end are written several ways: 公务用车保有量, 共有车辆, 共有公务用车, 公务用车N辆.
_VEHICLES_HELD = re.compile(r"(?:公务用车保有量|(?:共有|实有|现有|保有)(?:公务用车|公务车辆|车辆)|^公务用车)$")
_VEHICLE_FLOW = re.compile(r"购置|更新|新增|处置|报废|领导|用车[^保]")
VEHICLES_HELD = "公务用车保有量"
_SWAP_SIDES = str.maketrans({"收": "支", "支": "收", "入": "出", "出": "入"})


@dataclass(frozen=True)
class Subject:
    text: str          # normalised, e.g. 一般公共预算财政拨款收入
    year: int | None   # a year written in front of it ("2018年…")
    code: str | None   # a function code written in front of it ("2101506-…")


def normalise_subject(raw: str) -> Subject:
    """The words naming a quantity, without layout, numbering, leading years and scope words."""
    text = _MARKUP.sub("", raw).replace("（境）", "境").replace("(境)", "境")
    text = _CATEGORY.sub("", text).replace("决算数", "").replace("决算", "")
    year = None
    while True:
        stripped = _LEADING.sub("", text, count=1)
        year_match = _YEAR.match(stripped)
        if year_match:
            year = int(year_match.group(1))
            stripped = stripped[year_match.end():]
        stripped = _TRAILING.sub("", stripped)
        if stripped == text:
            break
        text = stripped
    code_match = _CODE.match(text)
    code = code_match.group(1) if code_match else None
    return Subject(text, year, code)


def canonical_key(subject: str) -> str | None:
    """The standard name of a well-known disclosure quantity, or None."""
    for pattern, key in _CANONICAL:
        if pattern.fullmatch(subject):
            return key
    return None


def comparable(subject: str) -> str:
    """The form two subjects are compared in: "一般公共预算财政拨款" states the same as "…拨款支出"."""
    return subject.removesuffix("支出") if len(subject) > 4 else subject


# --- claims ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A span of a paragraph's text: where a claim is written."""

    paragraph: Paragraph
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.paragraph.line_at(self.start)

    @property
    def quote(self) -> str:
        return self.paragraph.text[self.start:self.end]


@dataclass(eq=False)
class Statement:
    """A number stated with the words naming it: "本年收入合计1060.67万元"."""

    subject: str              # normalised subject
    raw_subject: str          # the clause text before the number, as written
    quantity: Quantity
    place: Place              # from the clause start to the end of the number
    sentence: int             # sentence index within the paragraph
    year: int | None = None
    code: str | None = None
    key: str | None = None    # canonical name (canonical_key), or 公务用车保有量 for vehicles held
    whole: "Statement | None" = None   # the total this is listed under ("其中"), if any

    @property
    def label(self) -> str:
        """The subject as written, without layout and a trailing "为": how a message names it."""
        return _TRAILING.sub("", _MARKUP.sub("", self.raw_subject).strip("，,：:、；;（(")) or self.subject


@dataclass(eq=False)
class AmountClaim(Statement):
    """An amount of money."""


@dataclass(eq=False)
class CountClaim(Statement):
    """A count: vehicles, persons, batches, projects …"""


@dataclass(eq=False)
class PercentClaim(Statement):
    """A percentage stated as a level ("目标值96%", "参保率99%"), not as a share or a change."""


@dataclass(eq=False)
class GrowthClaim:
    """"X …，增加Y万元，增长Z%": the current amount, the change and the rate of change."""

    subject: str
    current: Statement | None
    change: Quantity
    direction: int            # +1 增加/增长, −1 减少/下降
    net: bool                 # 净增加: nothing last year, no rate to check
    rate: Quantity
    rate_direction: int
    place: Place


@dataclass(eq=False)
class ShareClaim:
    """"A …万元，占N%" of a whole named in the sentence or listed before "其中"."""

    part: Statement
    whole: Statement | None
    whole_text: str           # the whole as named after 占 ("本年支出合计"), empty when implicit
    share: Quantity
    place: Place


@dataclass(eq=False)
class RateClaim:
    """"预算数A，执行数B，完成预算的M%" (or 执行率, 完成比例, 利用率 …), with both figures when stated."""

    name: str
    rate: Quantity
    base: Statement | None    # budget / target / plan
    actual: Statement | None
    place: Place


@dataclass(eq=False)
class BreakdownClaim:
    """"W …，其中：A …、B …": a whole and the parts listed after it in the same sentence."""

    whole: Statement
    parts: list[Statement]
    names_complete_set: bool  # the parts name a full partition (货物/工程/服务 …) or an "其他" bucket
    place: Place


@dataclass
class Claims:
    statements: list[Statement] = field(default_factory=list)
    growths: list[GrowthClaim] = field(default_factory=list)
    shares: list[ShareClaim] = field(default_factory=list)
    rates: list[RateClaim] = field(default_factory=list)
    breakdowns: list[BreakdownClaim] = field(default_factory=list)

    @property
    def amounts(self) -> list[AmountClaim]:
        return [s for s in self.statements if isinstance(s, AmountClaim)]

    @property
    def counts(self) -> list[CountClaim]:
        return [s for s in self.statements if isinstance(s, CountClaim)]


# --- extraction ----------------------------------------------------------------------------------


@dataclass(eq=False)
class _Token:
    quantity: Quantity
    role: str                 # statement | change | rate_of_change | share | rate | other
    clause_start: int
    prefix: str
    sentence: int
    statement: Statement | None = None
    direction: int = 0
    net: bool = False
    word_start: int = 0       # where the direction word starts in the prefix (changes)
    detail: str = ""          # the whole named after 占, or the rate's name


class _Lookup:
    """Amounts seen so far: well-known quantities document-wide, other subjects within the paragraph."""

    def __init__(self) -> None:
        self._by_key: dict[str, Statement] = {}
        self._by_subject: dict[str, Statement] = {}

    def new_paragraph(self) -> None:
        self._by_subject.clear()

    def add(self, statement: Statement) -> None:
        if isinstance(statement, AmountClaim):
            self._by_subject[comparable(statement.subject)] = statement
            if statement.key:
                self._by_key[statement.key] = statement

    def find(self, subject: str) -> Statement | None:
        key = canonical_key(subject)
        return self._by_subject.get(comparable(subject)) or (self._by_key.get(key) if key else None)


def _statement(quantity: Quantity, prefix: str, place: Place, sentence: int) -> Statement | None:
    kind = {"money": AmountClaim, "count": CountClaim, "percent": PercentClaim}.get(quantity.kind)
    if kind is None:
        return None
    subject = normalise_subject(prefix)
    key = canonical_key(subject.text) if kind is AmountClaim else None
    if kind is CountClaim and quantity.unit == "辆" and _VEHICLES_HELD.search(subject.text) \
            and not _VEHICLE_FLOW.search(subject.text):
        key = VEHICLES_HELD
    code = subject.code if kind is AmountClaim else None
    return kind(subject=subject.text, raw_subject=prefix, quantity=quantity, place=place, sentence=sentence,
                year=subject.year, code=code, key=key)


def _inherit_qualifier(previous: Statement, current: Statement) -> None:
    """"财政拨款收入总计A，支出总计B": the second subject is 财政拨款支出总计, not the department's 支出总计."""
    mate = current.subject.translate(_SWAP_SIDES)
    if mate != current.subject and previous.subject.endswith(mate) and len(previous.subject) > len(mate):
        current.subject = previous.subject[: -len(mate)] + current.subject
        current.key = canonical_key(current.subject)


class _Reader:
    """One paragraph: its numbers with their roles, then the claims assembled from them."""

    def __init__(self, paragraph: Paragraph):
        self.paragraph = paragraph
        self.text = paragraph.text
        self.ends = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        self.tokens = self._tokens()
        self._qualify_elliptic_subjects()
        self._date_by_sentence()

    def sentence_of(self, offset: int) -> int:
        return bisect_right(self.ends, offset)

    def sentence_end(self, offset: int) -> int:
        index = bisect_left(self.ends, offset)
        return self.ends[index] if index < len(self.ends) else len(self.text)

    # roles -------------------------------------------------------------------------------------
    def _tokens(self) -> list[_Token]:
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.text)]
        tokens: list[_Token] = []
        previous_end = 0
        for q in find_quantities(self.text):
            index = bisect_left(breaks, q.start)
            clause_start = max(breaks[index - 1] + 1 if index else 0, previous_end)
            token = _Token(q, "other", clause_start, self.text[clause_start:q.start], self.sentence_of(q.start))
            self._classify(token)
            tokens.append(token)
            previous_end = q.end
        return tokens

    def _classify(self, token: _Token) -> None:
        q, prefix = token.quantity, token.prefix.rstrip()
        if _TEMPLATE_CHOICE.search(prefix) or q.kind not in ("money", "count", "percent"):
            return  # "增加/减少0万元" is an unfilled template; scores and points are not checked here
        if q.kind == "percent":
            if m := _SHARE.search(prefix):
                token.role, token.detail = "share", m["whole"]
            elif m := _RATE.search(prefix):
                token.role, token.detail = "rate", m["name"]
            elif m := _RATE_DIRECTION.search(prefix):
                token.role, token.direction = "rate_of_change", 1 if m["dir"] in _UP else -1
            else:
                token.role = "statement"
        elif m := _CHANGE_DIRECTION.search(prefix):
            token.role, token.direction, token.net = "change", 1 if m["dir"] in _UP else -1, bool(m["net"])
            token.word_start = m.start()
        else:
            token.role = "statement"
        if token.role == "statement":
            place = Place(self.paragraph, token.clause_start, q.end)
            token.statement = _statement(q, token.prefix, place, token.sentence)
            if token.statement is None:
                token.role = "other"

    def statements(self) -> list[Statement]:
        return [t.statement for t in self.tokens if t.role == "statement"]

    def _qualify_elliptic_subjects(self) -> None:
        statements = self.statements()
        for previous, current in zip(statements, statements[1:]):
            if previous.sentence == current.sentence and type(previous) is type(current):
                _inherit_qualifier(previous, current)

    def _date_by_sentence(self) -> None:
        """A statement without its own year belongs to the year last named in its sentence
        ("2018年，三公经费支出5万元，公务接待费3万元" is all 2018)."""
        mentions = [(m.start(), int(m.group(1))) for m in _YEAR_MENTION.finditer(self.text)]
        for statement in self.statements():
            if statement.year is None:
                named = [year for pos, year in mentions
                         if pos < statement.quantity.start and self.sentence_of(pos) == statement.sentence]
                statement.year = named[-1] if named else None

    def whole_before(self, offset: int, sentence: int) -> Statement | None:
        """The total a list hangs from: the last statement before ``offset`` in the sentence,
        skipping only its own change and rate ("W万元，较上年增加…，增长…%；其中：")."""
        for token in reversed(self.tokens):
            if token.quantity.end > offset or token.sentence != sentence:
                continue
            if token.role in ("change", "rate_of_change"):
                continue
            if token.role == "statement" and not isinstance(token.statement, PercentClaim):
                return token.statement
            return None
        return None

    # growth ----------------------------------------------------------------------------------
    def growths(self) -> list[GrowthClaim]:
        found = []
        for i, token in enumerate(self.tokens[:-1]):
            rate = self.tokens[i + 1]
            if token.role != "change" or rate.role != "rate_of_change" or rate.sentence != token.sentence:
                continue
            if not _RATE_AFTER_CHANGE.match(self.text[token.quantity.end:rate.quantity.start]):
                continue
            subject = normalise_subject(_COMPARISON.sub("", token.prefix[:token.word_start])).text
            current = self._current_amount(i, subject, token.sentence)
            found.append(GrowthClaim(subject or (current.subject if current else ""), current, token.quantity,
                                     token.direction, token.net, rate.quantity, rate.direction,
                                     Place(self.paragraph, token.clause_start, rate.quantity.end)))
        return found

    def _current_amount(self, before: int, subject: str, sentence: int) -> Statement | None:
        """The amount a change refers to: the same subject earlier in the paragraph or, when the
        change names none ("比上年增加…"), the last amount before it in the sentence."""
        amounts = [t.statement for t in self.tokens[:before]
                   if t.role == "statement" and not isinstance(t.statement, PercentClaim)]
        if subject:
            wanted = comparable(subject)
            return next((s for s in reversed(amounts) if comparable(s.subject) == wanted), None)
        same_sentence = [s for s in amounts if s.sentence == sentence]
        return same_sentence[-1] if same_sentence else None

    # shares ----------------------------------------------------------------------------------
    def share(self, index: int, seen: _Lookup) -> ShareClaim | None:
        token = self.tokens[index]
        part_token = self.tokens[index - 1] if index else None
        if part_token is None or part_token.role != "statement" or part_token.sentence != token.sentence:
            return None
        part = part_token.statement
        if not isinstance(part, AmountClaim):
            return None
        whole_text = normalise_subject(token.detail).text
        whole = seen.find(whole_text) if whole_text else self._listed_whole(part_token)
        return ShareClaim(part, None if whole is part else whole, whole_text, token.quantity,
                          Place(self.paragraph, part.place.start, token.quantity.end))

    def _listed_whole(self, part_token: _Token) -> Statement | None:
        """For "W，其中：A …，占N%": W, the amount before the list's introduction in the same sentence."""
        intros = list(_SHARES_INTRO.finditer(self.text, 0, part_token.quantity.start))
        if not intros or self.sentence_of(intros[-1].start()) != part_token.sentence:
            return None
        return self.whole_before(intros[-1].start(), part_token.sentence)

    # completion rates ------------------------------------------------------------------------
    def rates(self) -> list[RateClaim]:
        found = []
        for i, token in enumerate(self.tokens):
            if token.role != "rate":
                continue
            window = []
            for earlier in reversed(self.tokens[:i]):
                if earlier.sentence != token.sentence or earlier.role in ("rate", "share", "rate_of_change"):
                    break
                if earlier.role == "statement":
                    window.append(earlier.statement)
            base, actual = _base_and_actual(token.detail, window)
            start = min([s.place.start for s in window] + [token.clause_start])
            found.append(RateClaim(token.detail, token.quantity, base, actual,
                                   Place(self.paragraph, start, token.quantity.end)))
        return found

    # 其中 lists ------------------------------------------------------------------------------
    def breakdowns(self) -> list[BreakdownClaim]:
        found = []
        for intro in _PARTS_INTRO.finditer(self.text):
            sentence = self.sentence_of(intro.start())
            whole = self.whole_before(intro.start(), sentence)
            end = self.sentence_end(intro.end())
            if whole is None or _PARTS_INTRO.search(self.text, intro.end(), end):
                continue  # no total before it, or a nested "其中" that makes the list's shape unclear
            parts = _parts([t for t in self.tokens if intro.end() <= t.quantity.start < end], whole)
            if parts is None or len(parts) < 2:
                continue
            for part in parts:
                part.whole = whole
            found.append(BreakdownClaim(whole, parts, _names_complete_set(parts),
                                        Place(self.paragraph, whole.place.start, parts[-1].quantity.end)))
        return found


def _base_and_actual(name: str, window: list[Statement]) -> tuple[Statement | None, Statement | None]:
    """Exactly one base figure and one actual figure of the same kind, else (None, None)."""
    base_words = next((words for rx, words in _BASE_BY_NAME if rx.search(name)), _BASE_GENERIC)
    bases = [s for s in window if base_words.search(s.raw_subject) and not _ACTUAL.search(s.raw_subject)]
    actuals = [s for s in window if _ACTUAL.search(s.raw_subject) and not base_words.search(s.raw_subject)]
    if len(bases) != 1 or len(actuals) != 1:
        return None, None
    base, actual = bases[0], actuals[0]
    same_unit = isinstance(base, AmountClaim) or base.quantity.unit == actual.quantity.unit
    same_kind = type(base) is type(actual) and same_unit
    return (base, actual) if same_kind else (None, None)


def _parts(after: list[_Token], whole: Statement) -> list[Statement] | None:
    """Every number after "其中" is a part like the whole (or a share of the part before it), else None."""
    parts: list[Statement] = []
    for token in after:
        if token.role == "share" and parts:
            continue
        s = token.statement
        if token.role != "statement" or type(s) is not type(whole):
            return None
        if isinstance(s, CountClaim) and s.quantity.unit != whole.quantity.unit:
            return None
        if not s.subject or _TOTAL_WORDS.search(s.subject):
            return None
        parts.append(s)
    return parts


def _names_complete_set(parts: list[Statement]) -> bool:
    subjects = [p.subject for p in parts]
    if any(s.startswith("其他") for s in subjects):
        return True
    return any(all(any(word in s for s in subjects) for word in words) for words in _PARTITIONS)


def _as_paragraph(block: Heading | Paragraph) -> Paragraph:
    if isinstance(block, Paragraph):
        return block
    return Paragraph(text=block.text, line=block.line, section=block.section)


def extract_claims(document: Document) -> Claims:
    claims = Claims()
    seen = _Lookup()
    for block in document.blocks:
        if not isinstance(block, (Heading, Paragraph)):
            continue
        reader = _Reader(_as_paragraph(block))
        if not reader.tokens:
            continue
        seen.new_paragraph()
        claims.statements.extend(reader.statements())
        claims.growths.extend(reader.growths())
        claims.rates.extend(reader.rates())
        claims.breakdowns.extend(reader.breakdowns())
        # A share's whole may be stated earlier in the same sentence: register amounts as we go.
        for index, token in enumerate(reader.tokens):
            if token.role == "statement":
                seen.add(token.statement)
            elif token.role == "share" and (share := reader.share(index, seen)):
                claims.shares.append(share)
    return claims
