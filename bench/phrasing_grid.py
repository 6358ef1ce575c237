"""Robustness across combinations of phrasings: sentences generated from parts that real reports write
(how an amount is named, how last year's is, how a change is said, how a list opens), each combination
with figures that hold, and the share whose relation the reader reads with all its figures.

    .venv/bin/python bench/phrasing_grid.py [--list FAMILY] [--write]

The parts are written here in our own words; no combination is a quote. The grid measures how evenly the
reader covers combinations of phrasings it reads one at a time, not accuracy on real reports (the sentence
corpus and the real-report benchmarks do that). A miss listed with --list is a combination the reader
does not read; some are combinations no report would write.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks_md import stamp, update_section  # noqa: E402

from reviewer.eval.corpus import observed_relations  # noqa: E402
from reviewer.facts import DocumentFacts  # noqa: E402
from reviewer.ingest import parse_text  # noqa: E402

YEAR, LAST = 2022, 2021
ITEMS = ["公务接待费", "“三公”经费支出", "一般公共预算财政拨款“三公”经费支出", "机关运行经费"]


def _growths() -> Iterator[tuple[str, dict]]:
    """This year's amount, last year's, then the change and its rate: all four figures read."""
    current = ["{s}{cy}年支出{c}万元", "{cy}年{s}{c}万元", "{cy}年度{s}决算数为{c}万元", "本年{s}{c}万元",
               "{s}本年决算数{c}万元", "{s}为{c}万元", "{s}支出决算{c}万元", "{s}{c}万元"]
    prior = ["上年{p}万元", "{py}年{p}万元", "上年决算数为{p}万元", "上年度决算{p}万元", "{py}年度决算数为{p}万元",
             "上年同期{p}万元", "去年为{p}万元", "{py}年支出{p}万元", "上年支出{p}万元", "上年度{s}{p}万元"]
    change = ["减少{d}万元，下降{r}%", "同比减少{d}万元，下降{r}%", "比上年减少{d}万元，下降{r}%",
              "较上年减少{d}万元，减幅{r}%", "减少{d}万元，降幅为{r}%", "较上年决算数减少{d}万元，下降{r}%",
              "减少了{d}万元，同比下降{r}%", "比{py}年减少{d}万元，下降{r}%", "节约{d}万元，下降{r}%",
              "{s}减少{d}万元，下降{r}%", "{s}较上年减少{d}万元，下降{r}%"]
    for s, c, p, d in product(ITEMS, current, prior, change):
        words = dict(s=s, cy=YEAR, py=LAST, c="80.00", p="100.00", d="20.00", r="20.00")
        text = "，".join(part.format(**words) for part in (c, p, d)) + "。"
        yield text, {"kind": "growth", "current": "80.00", "prior": "100.00", "change": "-20.00", "rate": "-20.00"}


def _budget_growths() -> Iterator[tuple[str, dict]]:
    """A budget, last year's budget or spending, then the change against it (where the change names a kind of
    figure, last year's is of that kind)."""
    current = ["{cy}年{s}预算为{c}万元", "{s}预算数{c}万元", "{cy}年{s}预算安排{c}万元", "{s}{cy}年预算{c}万元",
               "{cy}年部门预算{s}{c}万元", "本年{s}预算{c}万元"]
    prior = ["{py}年预算{p}万元", "上年预算数为{p}万元", "{py}年预算执行数{p}万元", "上年执行数{p}万元", "上年预算安排{p}万元",
             "{py}年为{p}万元"]
    change = ["比上年预算减少{d}万元，下降{r}%", "较{py}年预算减少{d}万元，下降{r}%", "比{py}年预算数减少{d}万元，下降{r}%",
              "减少{d}万元，下降{r}%", "较上年减少{d}万元，下降{r}%", "同比减少{d}万元，下降{r}%", "比上年执行数减少{d}万元，下降{r}%"]
    for s, c, p, d in product(["“三公”经费", "公务接待费", "部门收入"], current, prior, change):
        if "执行" in p and "预算" in d or "预算" in p and "执行" in d:
            continue
        words = dict(s=s, cy=YEAR, py=LAST, c="80.00", p="100.00", d="20.00", r="20.00")
        text = "，".join(part.format(**words) for part in (c, p, d)) + "。"
        yield text, {"kind": "growth", "current": "80.00", "prior": "100.00", "change": "-20.00", "rate": "-20.00"}


def _paired_lists() -> Iterator[tuple[str, dict]]:
    """Two names, this year's two amounts, last year's two, the two changes and rates, each in its place."""
    names = ["公务接待费、公务用车运行维护费分别为80.00万元、90.00万元", "收、支总计各是80.00万元、90.00万元",
             "基本支出、项目支出分别为80.00万元、90.00万元", "公务接待费80.00万元、公务用车运行维护费90.00万元"]
    prior = ["上年分别为{p}", "与上年{p}相比", "上年分别是{p}", "分别比上年{p}"]
    change = ["分别减少{d}，分别下降{r}", "各减少{d}，各下降{r}", "分别减少{d}，下降{r}", "减少{d}，下降{r}"]
    for n, p, d in product(names, prior, change):
        joined = "" if p.startswith("分别比") else "，"
        if p.startswith("分别比") != (d[0] == "减"):
            continue   # "分别比上年P、Q减少…" runs on into its change; the others close their clause
        text = f"{n}，" + p.format(p="100.00万元、120.00万元") + joined + d.format(d="20.00万元、30.00万元", r="20.00%、25.00%") + "。"
        for relation in ({"current": "80.00", "prior": "100.00", "change": "-20.00", "rate": "-20.00"},
                         {"current": "90.00", "prior": "120.00", "change": "-30.00", "rate": "-25.00"}):
            yield text, {"kind": "growth", **relation}


_WHOLES = [(["2022年度收入总计{w}万元", "2022年部门预算收入{w}万元", "本年收入合计{w}万元"], ("财政拨款收入", "事业收入", "其他收入")),
           (["本年支出合计{w}万元", "财政拨款支出{w}万元", "一般公共预算支出决算为{w}万元"], ("基本支出", "项目支出", "经营支出")),
           (["“三公”经费支出{w}万元", "“三公”经费预算为{w}万元"], ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"))]


def _lists() -> Iterator[tuple[str, dict]]:
    """A whole, then its parts after an intro, each part perhaps with its share or its change."""
    intros = ["，其中：", "。其中：", "，其中", "，包括", "，具体为：", "，分别是", "（其中：", "，主要包括：", "，其中包括："]
    parts = ["{n}{v}万元", "{n}为{v}万元"]
    tails = ["", "，占{pc}%", "，比上年增加1.00万元", "，比上年增加1.00万元，增长5.00%"]
    for (wholes, names), w, intro, part, tail, sep in product(_WHOLES, range(3), intros, parts, tails, "，；、"):
        if sep == "、" and tail or w >= len(wholes):
            continue
        values = ["60.00", "30.00", "10.00"]
        listed = sep.join((part + tail).format(n=n, v=v, pc=v.removesuffix(".00")) for n, v in zip(names, values))
        text = wholes[w].format(w="100.00") + intro + listed + ("）" if intro.startswith("（") else "") + "。"
        yield text, {"kind": "sum", "whole": "100.00", "parts": values}


def _shares() -> Iterator[tuple[str, dict]]:
    """A whole, then two parts each with its share of the whole, named or not."""
    forms = ["{n}{v}万元，占{W}的{p}%", "{n}{v}万元，占{W}{p}%", "{n}{v}万元，占比{p}%", "{n}{v}万元，占{W}的比重为{p}%",
             "{n}为{v}万元，占{W}的{p}%", "{n}{v}万元，所占比重为{p}%", "{n}{v}万元（占{p}%）", "{n}{v}万元，占{W}比例为{p}%"]
    totals = [("本年支出合计{w}万元", ("基本支出", "项目支出"), ["本年支出合计", "支出合计", "总支出"]),
              ("“三公”经费支出{w}万元", ("公务用车购置及运行维护费", "公务接待费"), ["“三公”经费", "“三公”经费总额"])]
    for (whole, names, wholes), form, named, intro in product(totals, forms, range(3), ["，其中：", "。其中："]):
        if named >= len(wholes):
            continue
        listed = "，".join(form.format(n=n, v=v, p=p, W=wholes[named]) for n, v, p in zip(names, ["150.00", "50.00"], ["75.00", "25.00"]))
        text = whole.format(w="200.00") + intro + listed + "。"
        for part, percent in (("150.00", "75.00"), ("50.00", "25.00")):
            yield text, {"kind": "share", "part": part, "whole": "200.00", "percent": percent}


def _rates() -> Iterator[tuple[str, dict]]:
    """A budget, the amount spent (either first) and the completion rate, named as the budget was."""
    budgets = [("年初预算为{b}万元", "年初"), ("{s}年初预算数为{b}万元", "年初"), ("预算数为{b}万元", ""),
               ("{s}预算{b}万元", ""), ("预算安排{b}万元", ""), ("{s}财政拨款预算{b}万元", "")]
    actuals = ["支出决算为{a}万元", "决算数为{a}万元", "实际支出{a}万元", "{s}支出决算{a}万元", "全年执行数{a}万元", "支出{a}万元"]
    rates = [("完成年初预算的{r}%", "年初"), ("完成预算的{r}%", ""), ("预算执行率为{r}%", ""), ("执行率{r}%", ""),
             ("占年初预算的{r}%", "年初"), ("为预算的{r}%", ""), ("预算完成率{r}%", "")]
    for s, (budget, kind), actual, (rate, named), budget_first in product(ITEMS[:2], budgets, actuals, rates, (True, False)):
        if named and named != kind:
            continue   # "完成年初预算的" of a budget not named 年初 names a base the sentence does not state
        first, second = (budget, actual) if budget_first else (actual, budget)
        words = dict(s=s, b="125.00", a="100.00", r="80.00")
        text = ("" if "{s}" in first else s) + first.format(**words) + "，" + second.format(**words) + "，" + rate.format(**words) + "。"
        yield text, {"kind": "rate", "base": "125.00", "actual": "100.00", "percent": "80.00"}


def _rates_after_the_budget() -> Iterator[tuple[str, dict]]:
    """A government's budget in a clause or sentence of its own, then what was done and the rate, the item named
    again or not."""
    budgets = [("{n}年初预算为{b}万元", "年初"), ("年初预算安排{n}{b}万元", "年初"), ("{n}预算{b}万元", ""),
               ("经县人大批准，{n}预算为{b}万元", ""), ("{n}调整预算为{b}万元", "调整"), ("{n}计划{b}万元", "计划")]
    actuals = ["{n}完成{a}万元", "全年{n}完成{a}万元", "全年完成{a}万元", "实际完成{a}万元", "{n}实现{a}万元", "执行{a}万元"]
    rates = [("完成预算的{r}%", ""), ("为预算的{r}%", ""), ("完成年初预算的{r}%", "年初"), ("为调整预算的{r}%", "调整"),
             ("完成计划的{r}%", "计划"), ("预算完成率{r}%", "")]
    items = ["一般公共预算收入", "一般公共预算支出", "政府性基金收入"]
    for n, (budget, kind), actual, (rate, named), join in product(items, budgets, actuals, rates, "。；，"):
        if named and named != kind or kind == "计划" and named != kind:
            continue
        text = budget.format(n=n, b="125.00") + join + actual.format(n=n, a="100.00") + "，" + rate.format(r="80.00") + "。"
        yield text, {"kind": "rate", "base": "125.00", "actual": "100.00", "percent": "80.00"}


def _budget_comparisons() -> Iterator[tuple[str, dict]]:
    """A budget and the amount spent, in one sentence or two, a rate or a change between perhaps, then the amount
    spent said to be below the budget."""
    shapes = ["{s}年初预算为{b}万元，支出决算为{a}万元{mid}，{w}{tail}", "{s}年初预算为{b}万元。支出决算为{a}万元{mid}，{w}{tail}",
              "{s}支出决算为{a}万元，年初预算为{b}万元{mid}，{w}{tail}", "{s}年初预算为{b}万元；支出决算为{a}万元{mid}，{w}{tail}",
              "{s}年初预算{b}万元，决算{a}万元{mid}。{w}{tail}"]
    mids = ["", "，完成年初预算的80.00%", "，完成预算的80.00%", "，比年初预算减少25.00万元"]
    words = ["决算数小于预算数", "决算数小于年初预算数", "支出决算小于年初预算", "决算数低于预算数"]
    tails = ["。", "，主要原因是严格控制支出。", "的主要原因是严格控制支出。"]
    for s, shape, mid, w, tail in product(ITEMS, shapes, mids, words, tails):
        text = shape.format(s=s, b="125.00", a="100.00", mid=mid, w=w, tail=tail)
        yield text, {"kind": "compare", "relation": "<", "against": "budget", "actual": "100.00", "base": "125.00"}


FAMILIES: dict[str, Callable[[], Iterator[tuple[str, dict]]]] = {
    "growth: this year's, last year's, change, rate": _growths,
    "growth: budgets against last year's": _budget_growths,
    "growth: paired lists with last year's list": _paired_lists,
    "sum: 其中 lists": _lists,
    "share: parts of a stated whole": _shares,
    "rate: completion of a stated budget": _rates,
    "rate: the budget in the clause or sentence before": _rates_after_the_budget,
    "compare: the amount spent against its budget": _budget_comparisons,
}


def read(text: str, expected: dict) -> bool:
    facts = DocumentFacts(parse_text(text, "grid.txt"))
    facts.document.year = YEAR
    want = {k: (sorted(Decimal(p) for p in v) if k == "parts" else v if k in ("relation", "against") else Decimal(v))
            for k, v in expected.items() if k != "kind"}
    for seen in observed_relations(facts):
        if seen["kind"] == expected["kind"] and all(
                (sorted(seen.get(k) or []) if k == "parts" else seen.get(k)) == v for k, v in want.items()):
            return True
    return False


def describe(results: dict[str, tuple[int, int]]) -> str:
    lines = [f"## Phrasing grid: combinations of real phrasings ({stamp()})", "",
             "`.venv/bin/python bench/phrasing_grid.py --write`: sentences generated by combining the ways reports name "
             "an amount, last year's amount, a change, a list's opening, a share's whole and a completion rate (written "
             "here, no sentence quoted), with figures that hold; the share whose relation the reader reads with every "
             "figure. It measures how evenly combinations are covered, not accuracy on real reports.", "",
             "| family | sentences | read |", "| --- | --- | --- |"]
    lines += [f"| {name} | {total} | {ok} ({ok / total:.1%}) |" for name, (total, ok) in results.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", metavar="FAMILY", help="print the unread sentences of families whose name starts so")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    results = {}
    for name, family in FAMILIES.items():
        total = ok = 0
        for text, expected in family():
            total += 1
            if read(text, expected):
                ok += 1
            elif args.list and name.startswith(args.list):
                print(f"{name.split(':')[0]}\t{text}")
        results[name] = (total, ok)
    text = describe(results)
    print(text)
    if args.write:
        update_section("phrasing-grid", text)


if __name__ == "__main__":
    main()
