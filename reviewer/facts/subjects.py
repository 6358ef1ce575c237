"""Subjects: the words naming a quantity, normalised so that equal quantities compare ("2023年度本部门
一般公共预算财政拨款支出" and "一般公共预算财政拨款支出"), with the canonical key of a well-known one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.numbering import numbering_of
from reviewer.vocabulary import vocabulary

MARKUP = re.compile(r"<[^>]+>|\[bookmark:[^\]]*\]|[*#“”\"'‘’「」『』《》【】…\s]")   # "……" marks text left out
_LEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．是]|\d{1,2}[、.．](?!\d)|[①-⑳]"
    r"|其中|主要是|主要|另外|以及|共计|累计|截至[^，,]*?[日底末]|全年|本年度|当年|年度"
    r"|[一二三四1-4]季度|[上下]半年|(?:今年)?\d{1,2}\s*[-—－~至]\s*\d{1,2}\s*月份?|\d{1,2}月份?"   # a period of the year
    r"|本部门|本单位|我单位|我局|本局|我中心|本中心|我部门|我[省市县区旗镇乡]|该(?:数据|数|项|部分)|单位|部门|[区县市镇乡]?本级|全[省县市区镇乡]|的|[：:、，,（(]"
    r"|同口径|按?可比口径)"   # the basis compared on ("同口径较上年同期增收…") names no item
)
# "收、支总计": one-character short forms that a shared suffix completes (vocabulary lists.abbreviations)
ABBREVIATIONS: dict[str, str] = vocabulary()["lists"]["abbreviations"]
_SHORT_TOTAL = re.compile(rf"[{''.join(ABBREVIATIONS)}](?:总计|合计)")
_SCOPE_ALONE = re.compile(r"[区县市镇乡]?本级|[区县市镇乡]级")
_YEAR = re.compile(r"^(\d{4})年度?")
# "公务接待费2022年支出", "“三公”经费本年决算数": the item, then its year, then only the side or the kind of figure
# (not "某大学本年收入", 本年收入 being a name of its own)
_YEAR_INSIDE = re.compile(r"(?P<item>[^\d，,。；;]{2,}?)(?:(?P<year>(?:19|20)\d{2})\s*年度?(?P<rest>(?:预算|实际)?(?:支出|收入)?数?)"
                          r"|(?:本年度?|当年|今年)(?P<kind>(?:预算|实际)?数?))")
# The reporting body's name in front of the year ("上海市某某局2024年度收入支出总计", "某局部门2020年度…")
# names no quantity.
_ENTITY = (r"^[\u4e00-\u9fff（）()]{2,40}?(?:局|委员会|工作部|部|委|办公室|办事处|处|中心|院|所|站|队|馆|会|厅|署|室|政府"
           r"|街道|镇|乡|联|校|园|团|社|台|[省市县区州旗])"   # 残联, 第一中学校/中学 (…学校), 幼儿园, 共青团, 报社, 电视台
           r"(?:部门|单位)?")
_ENTITY_BEFORE_YEAR = re.compile(_ENTITY + r"(?=\s*\d{4}\s*年)")
_ENTITY_NAME = re.compile(_ENTITY + "$")
# "新区群工部（信访局）预算总支出": a body's name, with its other name in brackets, ahead of what it names
_BODY_AHEAD = re.compile(_ENTITY + r"(?:[（(][^（）()]{1,10}[）)])?(?=.{2,})(?<!政府(?=采购))")   # 政府采购 is no body's
# A heading the layout ran into the sentence below it: "（二）一般公共预算财政拨款支出决算结构情况一般公共
# 预算财政拨款支出307.82万元" names 一般公共预算财政拨款支出.
_RUN_IN_HEADING = re.compile(r"^[^，,。；;：:]{2,40}?(?:情况说明|情况(?!说明))\s*(?=[\u4e00-\u9fff\d“])")
_DONE = re.compile(r"(?:累计|预计|实际)?(?:完成|实现|执行)$")   # "收入（累计）完成31264万元" and "收入实际完成…" state the 收入, "支出执行…" the 支出
# "总支出安排7248.35亿元" states 总支出, "收、支总计均为…" and "收、支总计各减少" the 收、支总计
# "…较上年同期大幅增长27.56%", "支出持续增长": how much or how steadily names nothing
_TRAILING = re.compile(r"(?:均?为|是|达到|达|共计|共|约|了|的|安排|预计|数据|已经|各|也|亦|还|同时|大幅度?|小幅度?|明显|显著|稳步|略有|略微?|较快|快速"
                       r"|持续|继续|同口径|按?可比口径|整体|总体|\s*[：:])$")   # "因公出国（境）费同口径比2018年减少…" names 因公出国（境）费
_CATEGORY = re.compile(r"[（(][类款项][）)]")
_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})[-－—_]?(?=[\u4e00-\u9fff])")

_CANONICAL = [(re.compile("|".join(f"(?:{p})" for p in patterns)), key)
              for key, patterns in vocabulary()["concepts"].items()]
VEHICLES_HELD = "公务用车保有量"
# Partitions of a whole (货物/工程/服务, 基本支出/项目支出 …): parts naming all of one are all of it.
PARTITIONS = [tuple(names) for names in vocabulary()["lists"]["complete_sets"]]


@dataclass(frozen=True)
class Subject:
    text: str          # normalised, e.g. 一般公共预算财政拨款收入
    year: int | None   # a year written in front of it ("2018年…")
    code: str | None   # a function code written in front of it ("2101506-…")
    entity: str = ""   # the body named in front of its year ("某区教育局2023年…")


def normalise_subject(raw: str) -> Subject:
    """The words naming a quantity, without layout, numbering, leading years and scope words."""
    text = _RUN_IN_HEADING.sub("", MARKUP.sub("", raw)).replace("（境）", "境").replace("(境)", "境")
    text = _CATEGORY.sub("", text).replace("决算数", "").replace("决算", "")
    year, entity = None, ""
    while True:
        stripped = _LEADING.sub("", text, count=1)
        if not stripped and _SCOPE_ALONE.fullmatch(text):
            break   # "（县本级105.37亿元，高新区29.25亿元）": the scope word is all the name there is
        if named := _ENTITY_BEFORE_YEAR.match(stripped):
            entity, stripped = entity or named.group(), stripped[named.end():]
        year_match = _YEAR.match(stripped)
        if year_match:
            year = int(year_match.group(1))
            stripped = stripped[year_match.end():]
        stripped = _TRAILING.sub("", stripped)
        if stripped == text:
            break
        text = stripped
    if year is None and (inside := _YEAR_INSIDE.fullmatch(text)):
        year, text = inside["year"] and int(inside["year"]), inside["item"] + (inside["rest"] or inside["kind"] or "")
    if year and not entity and canonical_key(text) is None and (end := _body_ahead_of_a_concept(text)):
        entity, text = text[:end], text[end:]
    if _SHORT_TOTAL.fullmatch(text):   # "收总计增加…；支总计增加…": 收入总计, 支出总计
        text = ABBREVIATIONS[text[0]] + text[1:]
    code_match = _CODE.match(text)
    code = code_match.group(1) if code_match else None
    return Subject(text, year, code, entity)


def _body_ahead_of_a_concept(text: str) -> int:
    """Where the body's name ends in "国务院参事室三公经费财政拨款" (the year written before the body): the
    rest must be a well-known quantity; 0 when there is no such body."""
    return next((end for end in range(2, min(len(text) - 1, 41))
                 if _ENTITY_NAME.match(text[:end]) and canonical_key(text[end:])), 0)


def without_body(subject: str) -> str:
    """The words after a body's name that opens a subject ("新区群工部（信访局）预算总支出" → 预算总支出)."""
    ahead = _BODY_AHEAD.match(subject)
    return subject[ahead.end():] if ahead else subject


def canonical_key(subject: str) -> str | None:
    """The standard name of a well-known disclosure quantity, or None."""
    for pattern, key in _CANONICAL:
        if pattern.fullmatch(subject):
            return key
    return None


def comparable(subject: str) -> str:
    """The form two subjects are compared in: "一般公共预算财政拨款" states the same as "…拨款支出",
    "地方一般公共预算收入完成" as "地方一般公共预算收入"."""
    subject = _DONE.sub("", subject) or subject
    return subject.removesuffix("支出") if len(subject) > 4 else subject


def ends_with_name(subject: str, name: str) -> bool:
    """Whether a subject ends with a name, as written or as another name of the same concept ("新区直管区
    一般预算收入" ends with 一般公共预算收入)."""
    subject, name = comparable(subject), comparable(name)
    if subject.endswith(name):
        return True
    key = canonical_key(name)
    return key is not None and any(canonical_key(subject[i:]) == key for i in range(len(subject)))


def shortened_name(subject: str, name: str) -> bool:
    """Whether a name is a subject with words left out, ending the same ("地方收入" for 地方一般公共预算收入,
    "财政总收入" for 公共财政预算总收入)."""
    subject, name = comparable(subject), comparable(name)
    if len(name) < 3 or subject[-2:] != name[-2:]:
        return False
    rest = iter(subject)
    return all(char in rest for char in name)


def written_name(raw: str) -> str:
    """A subject as written, without layout, a leading 其中 and a trailing "为": how a message names it."""
    written = _RUN_IN_HEADING.sub("", MARKUP.sub("", raw))
    written = written.lstrip().removeprefix(numbering_of(written)[1])   # "(一)2023年收入预算" is 2023年收入预算
    written = written.strip("，,：:、；;（(").removeprefix("其中").lstrip("：:，,")
    return _TRAILING.sub("", written)
