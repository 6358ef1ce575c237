"""The meaning-keeping rewrites of bench/robustness.py, and the reader reading each of them as it reads
the sentence as written (sentences written here, in the common 情况说明 phrasings)."""

import pytest

from reviewer.eval.corpus import Case
from reviewer.eval.variants import (VARIANTS, change_apart, change_in_brackets, compared_in_a_clause, kept,
                                    last_year_with_du, parts_with_baokuo, rate_first, spaced, thousands, wan_alone,
                                    wrapped, year_with_du)


def test_each_rewrite_changes_only_the_form():
    assert wrapped("甲" * 40) == "甲" * 33 + "\n" + "甲" * 7
    assert wrapped("甲" * 32 + "1234.56万元。") == "甲" * 32 + "\n1234.56万元。"   # a figure is never cut
    assert wrapped("甲" * 33 + "。乙") == "甲" * 33 + "。\n乙"                       # nor does a line open with 。
    assert spaced("增长13.5%，增支143万元") == "增长 13.5 %，增支 143 万元"
    assert thousands("2023年收入12345.6万元，2,000万元") == "2023年收入12,345.6万元，2,000万元"
    assert last_year_with_du("上年结转，比上年度增加") == "上年度结转，比上年度增加"
    assert compared_in_a_clause("较上年减少4万元") == "与上年相比，减少4万元"
    assert change_apart("收入7.2万元，比上年减少1.6万元") == "收入7.2万元。比上年减少1.6万元"
    assert year_with_du("2023年收入，相比2022年度预算") == "2023年度收入，相比2022年预算"
    assert change_in_brackets("收入7.2万元，比上年减少1.6万元，下降18.2%") == "收入7.2万元（比上年减少1.6万元），下降18.2%"
    assert rate_first("增加4.00万元，增长8.00%") == "增长8.00%，增加4.00万元"
    assert parts_with_baokuo("合计7.2万元。其中：A费4.7万元") == "合计7.2万元。包括：A费4.7万元"
    assert wan_alone("支出5.00万元") == "支出5.00万"


PARAGRAPH = ("2023年度北河县农业技术推广中心收入总计1520.40万元，比上年增加140.40万元，增长10.17%。其中：财政拨款收入"
             "1480.40万元，比上年增加120.40万元，增长8.85%；上年结转和结余40.00万元。“三公”经费支出决算12.60万元，"
             "较上年减少1.40万元，下降10.00%，较预算数13.50万元减少0.90万元。")
RELATIONS = [
    {"kind": "growth", "current": "1520.40", "change": "140.40", "rate": "10.17"},
    {"kind": "growth", "current": "1480.40", "change": "120.40", "rate": "8.85"},
    {"kind": "sum", "whole": "1520.40", "parts": ["1480.40", "40.00"]},
    {"kind": "growth", "current": "12.60", "change": "-1.40", "rate": "-10.00"},
    {"kind": "compare", "relation": "<", "against": "budget", "actual": "12.60", "base": "13.50"},
]


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_the_reader_reads_every_variant_as_the_paragraph_as_written(variant):
    counts = kept(Case("own", "dev", 2023, 0, PARAGRAPH, [], RELATIONS, []))
    assert counts[variant.name] == (len(RELATIONS), len(RELATIONS))
