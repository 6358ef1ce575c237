"""The claims a narrative makes: statements (an amount, a count or a level with its subject and place)
and the relations between them (growth, share, completion rate, 其中 list, stated comparison)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reviewer.document import Paragraph
from reviewer.facts.subjects import written_name
from reviewer.numbers import Quantity


# A list short of its whole by less than this share of it was meant to be all of it, one figure mistyped: the reader
# keeps such a list and NARR-004 checks it.
NEAR_COMPLETE = Decimal("0.01")


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
    prior: bool = False       # last year's ("上年为…") or the base compared with ("比…180万元增加…")
    entity: str = ""          # the body it is of, when named before its year ("某中心2023年…")

    @property
    def label(self) -> str:
        """The subject as written, without layout and a trailing "为": how a message names it."""
        return written_name(self.raw_subject) or self.subject


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
    """"X …，增加Y万元，增长Z%" (the rate may come first, or the subjects as a list), or "X …，上年为P，
    下降Z%" with last year's amount in place of the change."""

    subject: str
    current: Statement | None
    change: Quantity | None   # None when last year's amount is stated instead
    direction: int            # +1 增加/增长, −1 减少/下降; from a prior amount, the sign of current − prior
    net: bool                 # 净增加: nothing last year, no rate to check
    rate: Quantity
    rate_direction: int
    place: Place
    prior: Statement | None = None
    against: str = "prior"    # "budget" for a change against this year's budget ("较预算数…减少…")


@dataclass(eq=False)
class ShareClaim:
    """"A …万元，占N%" of a whole named in the sentence or listed before "其中"; or, for a complete
    list "A、B分别为X、Y万元，分别占M%、N%", of the list's sum."""

    part: Statement
    whole: Statement | None
    whole_text: str           # the whole as named after 占 ("本年支出合计"), empty when implicit
    share: Quantity
    place: Place
    summed_parts: list[Statement] = field(default_factory=list)  # the whole is their sum (no whole stated)


@dataclass(eq=False)
class RateClaim:
    """"预算数A，执行数B，完成预算的M%" (or 执行率, 完成比例, 利用率 …), with both figures when stated."""

    name: str
    rate: Quantity
    base: Statement | None    # budget / target / plan
    actual: Statement | None
    place: Place
    other_bases: list[Statement] = field(default_factory=list)  # budgets of another kind in the sentence
    # the budget's excess over the actual, stated in its place ("完成年初预算71.21%，比年初预算减少3887.49万元"):
    # the budget is actual + shortfall
    shortfall: Quantity | None = None


@dataclass(eq=False)
class BreakdownClaim:
    """"W …，其中：A …、B …": a whole and the parts listed after it in the same sentence (one part or more)."""

    whole: Statement
    parts: list[Statement]
    names_complete_set: bool  # the parts name a full partition (货物/工程/服务 …) or an "其他" bucket
    place: Place
    of_changes: bool = False  # a change and its parts' changes ("增加1.86万元，其中A减少0.61万元，B增加2.48万元")

    def both_ways(self) -> bool:
        """Parts above and below zero."""
        return len({p.quantity.value > 0 for p in self.parts if p.quantity.value}) == 2


@dataclass(eq=False)
class ComparisonClaim:
    """"决算数小于预算数", "决算数与年初预算数持平", "当年决算数大于上年决算数", "与上年持平": a stated
    relation of this year's figure to the budget or to last year, with what the paragraph states of it;
    "收支平衡": of the income total to the spending total (against "balance")."""

    relation: str             # ">", "<" or "="
    word: str                 # as written: 小于, 持平 …
    against: str              # "budget", "prior" or "balance"
    place: Place
    subject: str = ""         # the item it names ("因公出国境费支出与上年持平"), empty when it names none
    actual: Statement | None = None
    base: Statement | None = None        # the budget, or last year's amount
    rate: Quantity | None = None         # a completion rate stated in place of the two figures
    growth: GrowthClaim | None = None    # the change against last year the comparison restates
    or_equal: bool = False               # "小于预算数（或与预算数持平）": the template's choice left, equal allowed
    change: Quantity | None = None       # the change stated with no rate ("2018年比2017年减少Y万元"), unsigned


@dataclass(eq=False)
class AverageGrowthClaim:
    """"从2015年的A万元上升到2020年的B万元，年均增长N%": N is the yearly rate compounded over the years between."""

    start: Statement
    end: Statement
    years: int
    rate: Quantity
    direction: int            # +1 增长, −1 下降
    place: Place


@dataclass
class Claims:
    statements: list[Statement] = field(default_factory=list)
    growths: list[GrowthClaim] = field(default_factory=list)
    average_growths: list[AverageGrowthClaim] = field(default_factory=list)
    shares: list[ShareClaim] = field(default_factory=list)
    rates: list[RateClaim] = field(default_factory=list)
    breakdowns: list[BreakdownClaim] = field(default_factory=list)
    comparisons: list[ComparisonClaim] = field(default_factory=list)

    @property
    def amounts(self) -> list[AmountClaim]:
        return [s for s in self.statements if isinstance(s, AmountClaim)]

    @property
    def counts(self) -> list[CountClaim]:
        return [s for s in self.statements if isinstance(s, CountClaim)]
