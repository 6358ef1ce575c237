"""The phrasings real 情况说明 use (issue 13), each as a pair of invented sentences: the correct one is
silent, its planted twin gives one finding with the expected code and stated/expected values.
The sentences and figures are written here; none is copied from a report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from reviewer.checks import CATALOGUE
from reviewer.facts import DocumentFacts
from reviewer.facts.subjects import canonical_key, normalise_subject
from reviewer.ingest import parse_text
from reviewer.vocabulary import vocabulary

FAMILIES = ("NARR", "TMPL", "INTEG")


@dataclass(frozen=True)
class Case:
    name: str
    correct: str
    planted: str
    code: str
    stated: str | None = None     # evidence.stated of the planted finding, when the check gives one
    expected: str | None = None   # evidence.expected (a prefix of it for explanations)


CASES = [
    # --- the three false alarms --------------------------------------------------------------
    Case("shares of a list, each paired with its own figure",
         "2023年度本年支出合计1000.20万元，其中基本支出、项目支出分别为650.20、350.00万元，"
         "分别占本年支出合计的65.01%、34.99%。",
         "2023年度本年支出合计1000.20万元，其中基本支出、项目支出分别为650.20、350.00万元，"
         "分别占本年支出合计的65.01%、36.99%。",
         "NARR-002", "36.99%", "34.99%"),
    Case("shares of a complete list with no whole stated: of the list's sum",
         "本部门支出中，基本支出、项目支出分别为650.20、350.00万元，分别占65.01%、34.99%。",
         "本部门支出中，基本支出、项目支出分别为650.20、350.00万元，分别占63.01%、34.99%。",
         "NARR-002", "63.01%", "65.01%"),
    Case("a lottery outlet and a property certificate desk are the report's own business",
         "本年度协助辖区新设体育彩票投注站2个，彩票公益金收入3.50万元。\n"
         "为群众办理不动产登记，现场办证时间缩短至1个工作日。\n",
         "本年度协助辖区新设体育彩票投注站2个，彩票公益金收入3.50万元。\n"
         "为群众办理不动产登记，现场办证时间缩短至1个工作日。\n"
         "来源：线上买球官网_体育投注平台注册送彩金管理中心\n"
         "联系：线上买球官网_体育投注平台注册送彩金管理中心办公室\n",
         "INTEG-001"),
    Case("an online casino named by what it offers and how it lures, with no brand list",
         "本局在省体育局官方网站公开预算。\n中国体育彩票官网可查询开奖信息。\n开展文化娱乐场所安全检查12次。\n"
         "建设智慧体育平台1个，监管网络游戏平台3家。\n",
         "本局在省体育局官方网站公开预算。\n中国体育彩票官网可查询开奖信息。\n开展文化娱乐场所安全检查12次。\n"
         "建设智慧体育平台1个，监管网络游戏平台3家。\n来源：星空体育平台注册管理中心\n",
         "INTEG-001", "星空体育平台注册"),
    Case("a web address glued in where a name belongs; a cited address is no injection",
         "现将2022年某区预算调整方案提请审议。\n采购信息在中国政府采购网（www.ccgp.gov.cn）公开，可登录www.ccgp.gov.cn查询。\n",
         "现将2022年www.8e8e.com预算调整方案提请审议。\n采购信息在中国政府采购网（www.ccgp.gov.cn）公开，可登录www.ccgp.gov.cn查询。\n",
         "INTEG-001", "www.8e8e.com"),
    Case("an item number inside a paragraph continues its sequence",
         "（一）人员情况\n（1）在编人员12人。（2）退休人员3人。\n（3）临时聘用人员2人。\n",
         "（一）人员情况\n（1）在编人员12人。\n（3）临时聘用人员2人。\n",
         "TMPL-002", "（3）", "2"),
    Case("an item number on a line joined to the one before it",
         "1.基本支出情况说明。 2.项目支出情况说明。\n3.三公经费情况说明。\n",
         "1.基本支出情况说明。 2.项目支出情况说明。\n4.三公经费情况说明。\n",
         "TMPL-002", "4.", "3"),
    # --- lists -------------------------------------------------------------------------------
    Case("paired totals, changes and rates (收、支总计各是…各减少…各下降)",
         "2023年度收、支总计各是812.40、806.10万元，与上年相比，各减少87.60、93.90万元，各下降9.73%、10.43%。",
         "2023年度收、支总计各是812.40、806.10万元，与上年相比，各减少87.60、93.90万元，各下降9.73%、11.43%。",
         "NARR-001", "11.43%", "10.43%"),
    Case("one unit for a list of parts (X、Y分别为A、B万元)",
         "2023年度一般公共预算财政拨款基本支出480.75万元，其中人员经费、公用经费分别为420.50、60.25万元。",
         "2023年度一般公共预算财政拨款基本支出480.75万元，其中人员经费、公用经费分别为420.50、62.25万元。",
         "NARR-004", "480.75万元", "482.75万元"),
    Case("short names completed by their shared suffix (人员、公用经费)",
         "2023年度一般公共预算财政拨款基本支出480.75万元，其中人员、公用经费分别为420.50、60.25万元。",
         "2023年度一般公共预算财政拨款基本支出480.75万元，其中人员、公用经费分别为420.50、61.25万元。",
         "NARR-004", "480.75万元", "481.75万元"),
    # --- growth --------------------------------------------------------------------------------
    Case("rate before change (同比增长9.00%，增加6.40万元)",
         "2023年度机关运行经费支出77.50万元，同比增长9.00%，增加6.40万元。",
         "2023年度机关运行经费支出77.50万元，同比增长9.90%，增加6.40万元。",
         "NARR-001", "9.90%", "9.00%"),
    Case("current amount after the change (…，为1054.68万元)",
         "与上年相比，2023年度本年支出合计增加54.68万元，增长5.47%，为1054.68万元。",
         "与上年相比，2023年度本年支出合计增加54.68万元，增长5.74%，为1054.68万元。",
         "NARR-001", "5.74%", "5.47%"),
    Case("current amount in the sentence before",
         "2023年度本年收入合计1054.68万元。与上年相比，增加54.68万元，增长5.47%。",
         "2023年度本年收入合计1054.68万元。与上年相比，增加54.68万元，增长5.74%。",
         "NARR-001", "5.74%", "5.47%"),
    Case("change in brackets",
         "2023年度“三公”经费支出12.30万元（比上年减少1.20万元，下降8.89%）。",
         "2023年度“三公”经费支出12.30万元（比上年减少1.20万元，下降9.76%）。",
         "NARR-001", "9.76%", "8.89%"),
    Case("rate with the change in brackets after it",
         "2023年度公务接待费支出10.80万元，比上年增长8.00%（增加0.80万元）。",
         "2023年度公务接待费支出10.80万元，比上年增长7.41%（增加0.80万元）。",
         "NARR-001", "7.41%", "8.00%"),
    Case("last year's amount stated instead of the change",
         "2023年度“三公”经费10.20万元，2022年度为12.00万元，下降15.00%。",
         "2023年度“三公”经费10.20万元，2022年度为12.00万元，下降18.00%。",
         "NARR-001", "18.00%", "15.00%"),
    Case("last year's amount and the change both stated (较上年P万元减少Y万元)",
         "2023年度公务接待费3.30万元，较上年3.80万元减少0.50万元，下降13.16%。",
         "2023年度公务接待费3.30万元，较上年3.80万元减少0.60万元，下降13.16%。",
         "NARR-010", "0.60万元", "0.50万元"),
    Case("the budget compared with and the change both stated (较预算数P万元增加Y万元，增长Z%)",
         "公务用车运行维护费为92万元，较预算数80万元增加12万元，增长15%。",
         "公务用车运行维护费为92万元，较预算数80万元增加12万元，增长25%。",
         "NARR-001", "25%", "15"),
    Case("a fall cannot pass 100%: figures in whole 万元 still bound it",
         "因公出国（境）费为0万元，较上年9万元减少9万元，下降100%。",
         "因公出国（境）费为0万元，较上年9万元减少9万元，下降110%。",
         "NARR-001", "110%"),
    Case("a change word against the amounts it compares (较上年P万元增加Y万元，下降Z%)",
         "公务接待费为137万元，较上年161万元减少24万元，下降15%。",
         "公务接待费为137万元，较上年161万元增加24万元，下降15%。",
         "NARR-007"),
    Case("a 其中 list running on past full stops",
         "2023年度基本支出500.00万元。其中：人员经费420.00万元，主要用于工资福利。公用经费80.00万元，主要用于办公。",
         "2023年度基本支出500.00万元。其中：人员经费420.00万元，主要用于工资福利。公用经费70.00万元，主要用于办公。",
         "NARR-004", None, "490.00"),
    Case("parts of a 其中 list carrying their own completion rates",
         "三公经费支出决算为19.42万元。其中：因公出国（境）费8.60万元，完成预算12.00万元的71.67%；"
         "公务用车购置及运行费8.10万元，完成预算13.00万元的62.31%；公务接待费2.72万元，完成预算6.00万元的45.33%。",
         "三公经费支出决算为19.72万元。其中：因公出国（境）费8.60万元，完成预算12.00万元的71.67%；"
         "公务用车购置及运行费8.10万元，完成预算13.00万元的62.31%；公务接待费2.72万元，完成预算6.00万元的45.33%。",
         "NARR-004"),
    Case("a total named after its parts (A，加上B、C，收入合计D)",
         "全年一般公共预算收入96.40亿元，加上上级补助收入12.30亿元、调入资金4.10亿元，收入合计112.80亿元。",
         "全年一般公共预算收入96.40亿元，加上上级补助收入12.30亿元、调入资金4.10亿元，收入合计113.80亿元。",
         "NARR-004", None, "112.80"),
    Case("a total after its parts is of its own side only (支出合计 after the income clause)",
         "本年收入合计300.00万元，其中财政拨款收入280.00万元，其他收入20.00万元；基本支出210.00万元，"
         "项目支出90.00万元，支出合计300.00万元。",
         "本年收入合计300.00万元，其中财政拨款收入280.00万元，其他收入20.00万元；基本支出210.00万元，"
         "项目支出80.00万元，支出合计300.00万元。",
         "NARR-004", None, "290.00"),
    Case("a 其中 list that restates its total at the end (…，合计W)",
         "2025年度项目总预算640.00万元，其中设备购置410.00万元，系统运维130.00万元，培训100.00万元，合计640.00万元。",
         "2025年度项目总预算640.00万元，其中设备购置410.00万元，系统运维130.00万元，培训110.00万元，合计640.00万元。",
         "NARR-004", None, "650.00"),
    Case("a list after 主要用于以下方面",
         "一般公共预算财政拨款支出500.00万元，主要用于以下方面：一般公共服务支出（类）420.00万元，占84.00%；"
         "住房保障支出（类）80.00万元，占16.00%。",
         "一般公共预算财政拨款支出500.00万元，主要用于以下方面：一般公共服务支出（类）420.00万元，占84.00%；"
         "住房保障支出（类）85.00万元，占17.00%。",
         "NARR-004", None, "505.00"),
    Case("the budgets beside the parts of a 其中 list add up like the parts (完成预算B万元)",
         "三公经费支出决算为19.42万元，完成预算31.00万元的62.65%。其中：因公出国（境）费8.60万元，完成预算12.00万元的71.67%；"
         "公务用车购置及运行费8.10万元，完成预算13.00万元的62.31%；公务接待费2.72万元，完成预算6.00万元的45.33%。",
         "三公经费支出决算为19.42万元，完成预算31.00万元的62.65%。其中：因公出国（境）费8.60万元，完成预算12.00万元的71.67%；"
         "公务用车购置及运行费8.10万元，完成预算13.00万元的62.31%；公务接待费2.72万元，完成预算5.00万元的54.40%。",
         "NARR-004", None, "30.00"),
    Case("last year's amounts beside the parts add up like the parts (较上年P万元减少Y万元)",
         "三公经费支出12.80万元，较上年13.40万元减少0.60万元，下降4.48%。其中：公务接待费1.40万元，较上年1.60万元"
         "减少0.20万元，下降12.50%；公务用车运行维护费11.40万元，较上年11.80万元减少0.40万元，下降3.39%。",
         "三公经费支出12.80万元，较上年13.40万元减少0.60万元，下降4.48%。其中：公务接待费1.40万元，较上年1.70万元"
         "减少0.30万元，下降17.65%；公务用车运行维护费11.40万元，较上年11.80万元减少0.40万元，下降3.39%。",
         "NARR-004", None, "13.50"),
    Case("a share of 基本支出预算 whose whole was stated as 一般公共预算基本支出",
         "2022年一般公共预算基本支出200000.00元，其中：人员经费180000.00元，占基本支出预算90.00%。",
         "2022年一般公共预算基本支出200000.00元，其中：人员经费180000.00元，占基本支出预算91.00%。",
         "NARR-002", "91.00%", "90.00%"),
    Case("a share of the revenue stated as 收入完成A万元",
         "地方一般公共预算收入完成32000万元，其中税务部门完成16000万元，占一般公共预算收入的50.00%。",
         "地方一般公共预算收入完成32000万元，其中税务部门完成16000万元，占一般公共预算收入的52.00%。",
         "NARR-002", "52.00%", "50.00%"),
    Case("a change against last year's amount with no rate beside it (比上年P万元增加Y万元)",
         "2023年度公务接待费14.20万元，比上年9.20万元增加5.00万元，主要是接待任务增加。",
         "2023年度公务接待费14.20万元，比上年9.20万元减少5.00万元，主要是接待任务增加。",
         "NARR-007"),
    Case("parts named after their figures (其中：A万元用于X；B万元用于Y)",
         "本项目共申请预算资金60万元。其中：20万元用于方案编制；25万元用于工程审计；15万元用于测绘。",
         "本项目共申请预算资金60万元。其中：20万元用于方案编制；25万元用于工程审计；25万元用于测绘。",
         "NARR-004", None, "70"),
    Case("parts introduced by 分…来看 / 从…来看",
         "全县一般公共预算收入完成1072.80万元，同比增长8.20%。分征收系统来看，税务系统完成879.50万元；"
         "财政系统完成193.30万元。",
         "全县一般公共预算收入完成1072.80万元，同比增长8.20%。分征收系统来看，税务系统完成879.50万元；"
         "财政系统完成203.30万元。",
         "NARR-004", None, "1082.80"),
    Case("parts in brackets right after their amount",
         "三公经费支出339.97万元，其中：公务接待费支出21.08万元，公务用车购置及运行维护费支出176.53万元"
         "（公务用车运行维护费150.53万元、公务用车购置费26.00万元），因公出国（境）费支出142.36万元。",
         "三公经费支出339.97万元，其中：公务接待费支出21.08万元，公务用车购置及运行维护费支出176.53万元"
         "（公务用车运行维护费150.53万元、公务用车购置费36.00万元），因公出国（境）费支出142.36万元。",
         "NARR-004", None, "186.53"),
    Case("收支 stands for the income and spending totals when they are the same figure",
         "2023年度收入总计840.00万元，支出总计840.00万元。收支较上年决算数增加40.00万元，增长5.00%。",
         "2023年度收入总计840.00万元，支出总计840.00万元。收支较上年决算数增加40.00万元，增长6.00%。",
         "NARR-001", "6.00%", "5.00%"),
    Case("万 alone after a figure in cents is 万元 (项目总预算1340.00万，其中…)",
         "2025年度项目总预算640.00万，其中设备购置410.00万，系统运维230.00万。",
         "2025年度项目总预算640.00万，其中设备购置410.00万，系统运维240.00万。",
         "NARR-004", None, "650.00"),
    Case("two 其中 lists in one sentence, a lower total among the parts (收入总计…其中：收入合计…；支出总计…其中：…)",
         "2022年财政拨款收入总计684.32万元，其中：2022年收入合计551.07万元，年初结转和结余133.25万元；"
         "2022年财政拨款支出总计684.32万元，其中：2022年支出合计684.19万元，年末结转和结余0.13万元。",
         "2022年财政拨款收入总计684.32万元，其中：2022年收入合计551.07万元，年初结转和结余133.25万元；"
         "2022年财政拨款支出总计684.32万元，其中：2022年支出合计694.19万元，年末结转和结余0.13万元。",
         "NARR-004", None, "694.32"),
    Case("a line cut mid-word by the layout (…比2023年度减 / 少0.21万元) is one sentence",
         "2024年度三公经费财政拨款支出决算为0.62万元，2024年度三公经费财政拨款支出决算数比2023年度减\n"
         "少0.21万元，下降25.30%。",
         "2024年度三公经费财政拨款支出决算为0.62万元，2024年度三公经费财政拨款支出决算数比2023年度减\n"
         "少0.21万元，下降26.30%。",
         "NARR-001", "26.30%", "25.30%"),
    Case("an elliptic 支出决算 takes the item of the budget named before it",
         "三公经费支出年初预算为3.40万元，支出决算为0.62万元。三公经费支出决算数比上年减少0.21万元，下降25.30%。",
         "三公经费支出年初预算为3.40万元，支出决算为0.62万元。三公经费支出决算数比上年减少0.21万元，下降23.30%。",
         "NARR-001", "23.30%", "25.30%"),
    Case("numbered items after their total, in one paragraph ((一)…(二)…(三)…)",
         "2019年三公经费预算12.50万元，与2018年预算持平。(一)因公出国(境)经费预算0.00万元。"
         "(二)公务用车购置及运行维护费9.00万元。(三)公务接待费预算3.50万元。",
         "2019年三公经费预算12.50万元，与2018年预算持平。(一)因公出国(境)经费预算0.00万元。"
         "(二)公务用车购置及运行维护费9.00万元。(三)公务接待费预算4.50万元。",
         "NARR-004", None, "13.50"),
    Case("numbered items after their total, one per line, with a nested list under one of them",
         "2019年三公经费预算12.50万元，与2018年预算持平。\n(一)因公出国(境)经费预算0.00万元，与上年持平。\n"
         "(二)公务用车购置及运行维护费9.00万元，与上年持平。\n1、公务用车购置费0.00万元。\n2、公务用车运行维护费9.00万元。\n"
         "(三)公务接待费预算3.50万元，与上年持平。\n",
         "2019年三公经费预算12.50万元，与2018年预算持平。\n(一)因公出国(境)经费预算0.00万元，与上年持平。\n"
         "(二)公务用车购置及运行维护费9.00万元，与上年持平。\n1、公务用车购置费0.00万元。\n2、公务用车运行维护费8.00万元。\n"
         "(三)公务接待费预算3.50万元，与上年持平。\n",
         "NARR-004", None, "8.00"),
    Case("numbered items after a 其中： that ends the total's paragraph",
         "2026年三公经费预算数为5.80万元，与上年预算持平。其中：\n（一）因公出国（境）费0万元，与上年预算持平。\n"
         "（二）公务用车购置及运行费1.30万元，与上年预算持平。\n（三）公务接待费4.50万元。与上年预算持平。\n",
         "2026年三公经费预算数为5.80万元，与上年预算持平。其中：\n（一）因公出国（境）费0万元，与上年预算持平。\n"
         "（二）公务用车购置及运行费1.30万元，与上年预算持平。\n（三）公务接待费5.50万元。与上年预算持平。\n",
         "NARR-004", None, "6.80"),
    Case("numbered items after 具体如下: the last amount before it is their total, their changes add up too",
         "本单位总收入820.40万元，其中本年收入615.20万元，较上年减少40.10万元，下降6.1%。收入具体情况如下。\n"
         "1.财政拨款收入600.00万元，较上年减少30.00万元，下降4.8%。\n2.其他收入15.20万元，较上年减少10.10万元，下降39.9%。\n",
         "本单位总收入820.40万元，其中本年收入615.20万元，较上年减少40.10万元，下降6.1%。收入具体情况如下。\n"
         "1.财政拨款收入600.00万元，较上年减少30.00万元，下降4.8%。\n2.其他收入15.20万元，较上年减少11.10万元，下降42.2%。\n",
         "NARR-004", None, "-41.10"),
    Case("a sentence with no figure between two parts of a 其中 list describes the part before it",
         "2026年基本支出 500000.00 元,其中:人员经费 420000.00 元,占基本支出 84.00%。主要包括:基本工资、津贴补贴。"
         "公用经费 80000.00 元,占基本支出 16.00%。主要包括:办公费、水电费。",
         "2026年基本支出 500000.00 元,其中:人员经费 420000.00 元,占基本支出 84.00%。主要包括:基本工资、津贴补贴。"
         "公用经费 70000.00 元,占基本支出 14.00%。主要包括:办公费、水电费。",
         "NARR-004", None, "490000.00"),
    Case("a balance after both totals (收支相抵后，结余C): income total = spending total + C",
         "2026年，全县收入总计52400万元，支出总计50100万元。全县收支相抵后，结余2300万元。",
         "2026年，全县收入总计52400万元，支出总计50100万元。全县收支相抵后，结余2800万元。",
         "NARR-004", None, "52900"),
    Case("收支平衡 stated in a paragraph of its own: the two totals above it are equal",
         "一般公共预算收入41.20亿元，加上上级补助收入12.30亿元，收入合计53.50亿元。\n"
         "一般公共预算支出47.10亿元，加上上解支出6.40亿元，支出合计53.50亿元。\n收支相抵，本级一般公共预算收支平衡。\n",
         "一般公共预算收入41.20亿元，加上上级补助收入12.30亿元，收入合计53.50亿元。\n"
         "一般公共预算支出47.10亿元，加上上解支出5.40亿元，支出合计52.50亿元。\n收支相抵，本级一般公共预算收支平衡。\n",
         "NARR-007", "收支相抵", "收入合计大于支出合计"),
    Case("a 其中 list nested in a part of another, with no bracket: it ends where its parts reach that part",
         "2026年三公经费支出决算为40.00万元。其中：因公出国（境）费支出决算为5.00万元；公务用车购置及运行维护费支出决算为"
         "20.00万元，完成预算25.00万元的80.0%；其中：公务用车购置支出决算为0万元；公务用车运行维护费支出决算为20.00万元；"
         "公务接待费支出决算为15.00万元。",
         "2026年三公经费支出决算为40.00万元。其中：因公出国（境）费支出决算为5.00万元；公务用车购置及运行维护费支出决算为"
         "20.00万元，完成预算25.00万元的80.0%；其中：公务用车购置支出决算为0万元；公务用车运行维护费支出决算为20.00万元；"
         "公务接待费支出决算为17.00万元。",
         "NARR-004", None, "42.00"),
    Case("a 其中 list in brackets after a part's completion rate",
         "三公经费支出决算为60.00万元。其中：因公出国（境）费支出决算为0.00万元；公务用车购置及运行费支出决算为60.00万元，"
         "完成预算的80.00%（其中：公务用车购置费0万元；公务用车运行维护费60.00万元）；公务接待费支出决算为0.00万元。",
         "三公经费支出决算为60.00万元。其中：因公出国（境）费支出决算为0.00万元；公务用车购置及运行费支出决算为60.00万元，"
         "完成预算的80.00%（其中：公务用车购置费0万元；公务用车运行维护费50.00万元）；公务接待费支出决算为0.00万元。",
         "NARR-004", None, "50.00"),
    Case("a change in a paragraph of its own takes the amount stated in the paragraph above",
         "三公经费财政拨款支出年初预算为6.00万元，支出决算为4.00万元，完成预算的66.67%。\n"
         "2026年度三公经费财政拨款支出决算数比2025年度减少1.00万元，下降20.00%。\n",
         "三公经费财政拨款支出年初预算为6.00万元，支出决算为4.00万元，完成预算的66.67%。\n"
         "2026年度三公经费财政拨款支出决算数比2025年度减少1.00万元，下降25.00%。\n",
         "NARR-001", "25.00%", "20.00%"),
    Case("三公 items in the sentences after the total, with no 其中: their amounts and changes add up",
         "2026年某区一般公共预算财政拨款三公经费支出决算汇总数为120.00万元，较上年决算数减少30.00万元，下降20.00%。"
         "公务接待费为20.00万元，较上年减少5.00万元，下降20.00%。公务用车购置及运行维护费为100.00万元，较上年减少25.00万元，下降20.00%。",
         "2026年某区一般公共预算财政拨款三公经费支出决算汇总数为120.00万元，较上年决算数减少30.00万元，下降20.00%。"
         "公务接待费为20.00万元，较上年减少5.00万元，下降20.00%。公务用车购置及运行维护费为110.00万元，较上年减少25.00万元，下降18.52%。",
         "NARR-004", None, "130.00"),
    Case("a base named with its figure and stated equal (较预算数0万元无增减)",
         "其中：因公出国（境）费为0万元，较上年3万元减少3万元，下降100%，较预算数0万元无增减。",
         "其中：因公出国（境）费为0万元，较上年3万元减少3万元，下降100%，较预算数2万元无增减。",
         "NARR-007", "无增减", "小于"),
    Case("a direction stated as what a reason explains (…支出决算减少的主要原因是…)",
         "2026年度三公经费支出决算12.00万元，比上年增加2.00万元，增长20.00%。三公经费支出决算增加的主要原因是接待任务增多。",
         "2026年度三公经费支出决算12.00万元，比上年增加2.00万元，增长20.00%。三公经费支出决算减少的主要原因是接待任务增多。",
         "NARR-007", "减少", "大于"),
    Case("a paragraph ending with 其中：, its parts in the paragraphs below, each with its own description",
         "2026年一般公共预算财政拨款基本支出620.50万元,其中:\n人员经费540.30万元,主要包括:基本工资、津贴补贴、绩效工资等。\n"
         "公用经费80.20万元,主要包括:办公费、水电费、差旅费等。\n",
         "2026年一般公共预算财政拨款基本支出620.50万元,其中:\n人员经费540.30万元,主要包括:基本工资、津贴补贴、绩效工资等。\n"
         "公用经费60.20万元,主要包括:办公费、水电费、差旅费等。\n",
         "NARR-004", None, "600.50"),
    Case("一般公共预算 names a fund, not a budget compared with: the change is against last year",
         "2026年度一般公共预算财政拨款三公经费支出年初预算为30,000元,支出决算为24,000.00元,完成年初预算的80.00%。\n"
         "2026年度一般公共预算财政拨款三公经费支出决算数比上年减少6,000.00元,下降20.00%。\n",
         "2026年度一般公共预算财政拨款三公经费支出年初预算为30,000元,支出决算为24,000.00元,完成年初预算的80.00%。\n"
         "2026年度一般公共预算财政拨款三公经费支出决算数比上年减少6,000.00元,下降25.00%。\n",
         "NARR-001", "25.00%", "20.00%"),
    Case("a total after its parts named 收入总量, some parts in 万元 among 亿元",
         "2026年全区一般公共预算收入8.20亿元，上级补助收入12.40亿元，调入预算稳定调节基金3500万元，收入总量为20.95亿元。",
         "2026年全区一般公共预算收入8.20亿元，上级补助收入12.40亿元，调入预算稳定调节基金3500万元，收入总量为21.95亿元。",
         "NARR-004", None, "209500"),
    Case("分项情况是： introduces the parts like 其中",
         "2026年全市三公经费决算总额1200万元。分项情况是：因公出国（境）经费决算100万元；公务接待费决算300万元；"
         "公务用车购置及运行费决算800万元。",
         "2026年全市三公经费决算总额1200万元。分项情况是：因公出国（境）经费决算100万元；公务接待费决算400万元；"
         "公务用车购置及运行费决算800万元。",
         "NARR-004", None, "1300"),
    Case("parts' changes with no rate add up like the parts, past a reason sentence before 其中",
         "2026年度三公经费40.00万元，较上年减少10.00万元，下降20.00%。主要是压减一般性支出。其中：公务用车运行维护费25.00万元，"
         "较上年减少6.00万元；公务接待费15.00万元，较上年减少4.00万元。",
         "2026年度三公经费40.00万元，较上年减少10.00万元，下降20.00%。主要是压减一般性支出。其中：公务用车运行维护费25.00万元，"
         "较上年减少6.00万元；公务接待费15.00万元，较上年减少5.00万元。",
         "NARR-004", None, "-11.00"),
    Case("a numbered line with a comma is an item's text, not a heading: the change below takes its amount",
         "7.上年结转和结余 9.10 万元,为以前年度支出预算因客\n观条件变化未执行完毕、结转到本年度继续使用\n"
         "的资金。较 2025 年度决算数增加 1.10 万元,增长 13.8%,\n主要原因是:按计划执行了预算。\n",
         "7.上年结转和结余 9.10 万元,为以前年度支出预算因客\n观条件变化未执行完毕、结转到本年度继续使用\n"
         "的资金。较 2025 年度决算数增加 1.10 万元,增长 15.8%,\n主要原因是:按计划执行了预算。\n",
         "NARR-001", "15.8%", "13.8%"),
    Case("letter-spaced words (同 比 增 加) are read whole: the change is no part of the list",
         "2026 年 政 府 采 购 预 算 500000.00 元 , 同 比 增 加\n100000.00 元,增长 25.00%。其中:政府集中采购预算\n"
         "300000 元,占政府采购预算的 60.00%。分散采购 200000.00 元,占政府采购预算的 40.00%。\n",
         "2026 年 政 府 采 购 预 算 500000.00 元 , 同 比 增 加\n100000.00 元,增长 25.00%。其中:政府集中采购预算\n"
         "300000 元,占政府采购预算的 60.00%。分散采购 200000.00 元,占政府采购预算的 45.00%。\n",
         "NARR-002", "45.00%", "40.00%"),
    Case("a change after the last part of a complete list is the whole's when its rate fits the whole only",
         "事业运行经费总预算安排 800000.00 元，其中：基本支出预算 300000.00 元，项目支出预算 500000 元，同比增加"
         "200000.00 元，增长 33.33%。",
         "事业运行经费总预算安排 800000.00 元，其中：基本支出预算 300000.00 元，项目支出预算 500000 元，同比增加"
         "200000.00 元，增长 35.33%。",
         "NARR-001", "35.33%"),   # fitting neither, it is read as the part's (expected 66.67%)
    Case("shares of 政府采购预算 stated a paragraph above, by procurement type",
         "2026 年政府采购预算 40000 元,同比增加 5000 元,增长 14.3%。\n按政府采购项目类型,分为货物类采购、工程类采购和\n"
         "服务类采购三种类型。其中:货物类采购 30000 元,占政府\n采购预算 75.0%;工程类采购 0 元,占政府采购预算 0%;服\n"
         "务类采购 10000 元,占政府采购预算 25.0%。\n",
         "2026 年政府采购预算 40000 元,同比增加 5000 元,增长 14.3%。\n按政府采购项目类型,分为货物类采购、工程类采购和\n"
         "服务类采购三种类型。其中:货物类采购 30000 元,占政府\n采购预算 70.0%;工程类采购 0 元,占政府采购预算 0%;服\n"
         "务类采购 10000 元,占政府采购预算 25.0%。\n",
         "NARR-002", "70.0%", "75.0%"),
    Case("a count inside a part's own clause does not end the list (…公务接待批次为126次)",
         "三公经费支出决算为146.00万元。其中：因公出国（境）费为0.00万元；公务接待费为37.00万元，全年国内公务接待批次为126次；"
         "公务用车购置及运行维护费为109.00万元。",
         "三公经费支出决算为146.00万元。其中：因公出国（境）费为0.00万元；公务接待费为37.00万元，全年国内公务接待批次为126次；"
         "公务用车购置及运行维护费为119.00万元。",
         "NARR-004", None, "156.00"),
    Case("a 其中 list whose first part's name is cut by a line break",
         "一般公共预算财政拨款基本支出 4708.35 万元。其中：人员\n经费 4251.83 万元，主要包括：基本工资、津贴补贴；\n"
         "公用经费 456.52 万元，主要包括：办公费、水费。",
         "一般公共预算财政拨款基本支出 4708.35 万元。其中：人员\n经费 4261.83 万元，主要包括：基本工资、津贴补贴；\n"
         "公用经费 456.52 万元，主要包括：办公费、水费。",
         "NARR-004", None, "4718.35"),
    Case("a change whose parts are changes (比上年减少W元…其中：A减少a元…；B减少b元…)",
         "三公经费支出决算数比上年减少2415.50元，下降12.06%。其中：因公出国（境）费支出0.00元；"
         "公务用车购置费支出减少1986.50元，下降10.00%；公务用车运行维护费支出减少429.00元，下降5.81%。",
         "三公经费支出决算数比上年减少2415.50元，下降12.06%。其中：因公出国（境）费支出0.00元；"
         "公务用车购置费支出减少1896.50元，下降10.00%；公务用车运行维护费支出减少429.00元，下降5.81%。",
         "NARR-004", None, "2325.50"),
    Case("a 其中 list going on in the paragraph below",
         "2019年一般公共预算财政拨款基本支出986.34万元，其中：\n人员经费897.15万元，主要包括：基本工资、津贴补贴等。\n"
         "日常公用经费89.19万元，主要包括：办公费、印刷费等。\n",
         "2019年一般公共预算财政拨款基本支出986.34万元，其中：\n人员经费897.15万元，主要包括：基本工资、津贴补贴等。\n"
         "日常公用经费79.19万元，主要包括：办公费、印刷费等。\n",
         "NARR-004", None, "976.34"),
    Case("the change given in the sentence explaining the rate (增长的主要原因是…，增支0.24亿元)",
         "一般公共服务支出15.06亿元，比上年增长1.62%。该科目主要反映一般公共服务支出。"
         "增长的主要原因是增加产业招商专项支出，增支0.24亿元。",
         "一般公共服务支出15.06亿元，比上年增长2.62%。该科目主要反映一般公共服务支出。"
         "增长的主要原因是增加产业招商专项支出，增支0.24亿元。",
         "NARR-001", "2.62%", "1.62%"),
    Case("a whole number among figures in cents is read to the cent (24万元 beside 23.98万元)",
         "本项目共完成预算资金71.98万元。其中：24万元用于方案编制；24万元用于工程审计；23.98万元用于测绘。",
         "本项目共完成预算资金71.98万元。其中：24万元用于方案编制；24万元用于工程审计；23.90万元用于测绘。",
         "NARR-004", None, "71.90"),
    Case("shares of one whole by its disjoint parts, item by item, add up to more than 100%",
         "1. 基本支出预算2302458.93元，占一般公共预算支出的84.01%，同比减少5320.52元，下降0.23%。\n"
         "2. 项目支出438200.00元，占一般公共预算支出的15.99%，同比增加66400.00元，增长17.86%。\n",
         "1. 基本支出预算2302458.93元，占一般公共预算支出的84.01%，同比减少5320.52元，下降0.23%。\n"
         "2. 项目支出438200.00元，占一般公共预算支出的18.41%，同比增加66400.00元，增长17.86%。\n",
         "NARR-011", "102.42%", "≤100%"),
    Case("shares with no whole stated, each beside its item of a complete set, are of the items' sum",
         "2019年三公经费财政拨款支出决算中，因公出国（境）费8.60万元，占44.31%；公务用车购置及运行费支出8.10万元，"
         "占41.73%；公务接待费支出2.71万元，占13.96%。",
         "2019年三公经费财政拨款支出决算中，因公出国（境）费8.60万元，占48.31%；公务用车购置及运行费支出8.10万元，"
         "占41.73%；公务接待费支出2.71万元，占13.96%。",
         "NARR-002", "48.31%", "44.31%"),
    Case("税收收入 and 非税收入 split the revenue; 占调整预算N% is each item's completion, not a share",
         "从收入分类来看，税收收入完成12208万元，占调整预算91.10%，占一般公共预算收入的39.05%；"
         "非税收入完成19056万元，占调整预算116.91%，占一般公共预算收入的60.95%。",
         "从收入分类来看，税收收入完成12208万元，占调整预算91.10%，占一般公共预算收入的42.96%；"
         "非税收入完成19056万元，占调整预算116.91%，占一般公共预算收入的60.95%。",
         "NARR-011", "103.91%", "≤100%"),
    Case("a change opening its sentence, past a reason sentence, is of the amount before it",
         "2022年度一般公共预算财政拨款收入318.64万元，较上年决算数增加18.64万元，增长6.21%。主要原因是新增项目。"
         "较年初预算数减少19.87万元，下降5.87%。主要原因是厉行节约。",
         "2022年度一般公共预算财政拨款收入318.64万元，较上年决算数增加18.64万元，增长6.21%。主要原因是新增项目。"
         "较年初预算数减少19.87万元，下降6.87%。主要原因是厉行节约。",
         "NARR-001", "6.87%", "5.87%"),
    Case("上年结转和结余 is this year's item, and the change in the next sentence is of it",
         "上年结转和结余180.00万元，为以前年度尚未执行完毕的资金。较上年决算数减少20.00万元，下降10.00%。",
         "上年结转和结余180.00万元，为以前年度尚未执行完毕的资金。较上年决算数减少20.00万元，下降11.00%。",
         "NARR-001", "11.00%", "10.00%"),
    Case("a completion rate written as a share of the adjusted budget (预算调整为B，实际完成A，占年调整预算的N%)",
         "全市一般公共预算支出年初预算为51280万元，支出预算调整为74830万元，实际完成74390万元，占年调整预算的99.4%。",
         "全市一般公共预算支出年初预算为51280万元，支出预算调整为74830万元，实际完成74390万元，占年调整预算的98.4%。",
         "NARR-003", "98.4%"),
    Case("the budget stated in the sentence before the completion rate (X预算为B。完成X A，为调整预算的N%)",
         "本年度一般公共预算收入预算为26.80亿元。执行结果：完成一般公共预算收入26.40亿元，为调整预算的98.5%。",
         "本年度一般公共预算收入预算为26.80亿元。执行结果：完成一般公共预算收入26.40亿元，为调整预算的96.5%。",
         "NARR-003", "96.5%"),
    Case("a completion rate as a share of the plan (占年计划B万元的N%)",
         "一般公共预算收入完成107.29万元，占年计划98.90万元的108.48%。",
         "一般公共预算收入完成107.29万元，占年计划98.90万元的118.48%。",
         "NARR-003", "118.48%"),
    Case("a completion rate as a share of the adjusted budget (为调整预算的N%)",
         "一般公共预算支出年初预算为512.84万元，调整预算为748.37万元，实际完成743.90万元，为调整预算的99.40%。",
         "一般公共预算支出年初预算为512.84万元，调整预算为748.37万元，实际完成743.90万元，为调整预算的98.40%。",
         "NARR-003", "98.40%"),
    Case("a completion rate opening the sentence after its figures",
         "年初预算为1.12万元，支出决算为1.12万元。完成年初预算的100.00%。",
         "年初预算为1.12万元，支出决算为1.12万元。完成年初预算的90.00%。",
         "NARR-003", "90.00%"),
    Case("a flat comparison in words (比预算无增减变化)",
         "公务接待费年初预算为3.00万元，支出决算为3.00万元，决算数比预算无增减变化。",
         "公务接待费年初预算为3.00万元，支出决算为2.50万元，决算数比预算无增减变化。",
         "NARR-007"),
    Case("the same quantity of two bodies is not one quantity (NARR-006 scoped to the body)",
         "本局2023年度“三公”经费支出12.30万元。\n下属某某服务中心2023年度“三公”经费支出3.10万元。\n",
         "本局2023年度“三公”经费支出12.30万元。\n2023年度“三公”经费支出13.10万元。\n",
         "NARR-006"),
    Case("the changes of a complete 其中 list add up to the total's change",
         "2023年度“三公”经费支出20.00万元，比上年减少5.00万元，下降20.00%。其中：公务接待费8.00万元，比上年减少2.00万元，"
         "下降20.00%；公务用车运行维护费12.00万元，比上年减少3.00万元，下降20.00%。",
         "2023年度“三公”经费支出20.00万元，比上年减少5.00万元，下降20.00%。其中：公务接待费8.00万元，比上年减少2.00万元，"
         "下降20.00%；公务用车运行维护费12.00万元，比上年增加2.00万元，增长20.00%。",
         "NARR-004", None, "0.00"),
    Case("a change written as revenue gained (同比增长13.8%，增收4520万元)",
         "地方一般公共预算收入完成32870万元，同比增长15.9%，增收4520万元。",
         "地方一般公共预算收入完成32870万元，同比增长13.8%，增收4520万元。",
         "NARR-001", "13.8%"),
    Case("a direction against last year with no figure (较上年有所增长) after a fall",
         "2023年度公务接待费3.30万元，比上年减少0.50万元，下降13.16%。公务接待费较上年有所下降，主要原因是压减接待。",
         "2023年度公务接待费3.30万元，比上年减少0.50万元，下降13.16%。公务接待费较上年有所增长，主要原因是接待增加。",
         "NARR-007"),
    Case("last year's amount named 上年",
         "2023年度公务接待费3.30万元，上年为3.00万元，增长10.00%。",
         "2023年度公务接待费3.30万元，上年为3.00万元，增长11.00%。",
         "NARR-001", "11.00%", "10.00%"),
    Case("budget: last year's 执行数 against this year's 预算安排",
         "2023年预算执行数为60.00万元，2024年预算安排66.00万元，比2023年预算执行数增加10.00%。",
         "2023年预算执行数为60.00万元，2024年预算安排66.00万元，比2023年预算执行数增加12.00%。",
         "NARR-001", "12.00%", "10.00%"),
    Case("budget without years: 执行数为A…预算安排B…增加Z%",
         "该项目执行数为45.00万元，本年预算安排50.00万元，增加11.11%。",
         "该项目执行数为45.00万元，本年预算安排50.00万元，增加10.00%。",
         "NARR-001", "10.00%", "11.11%"),
    Case("the amount compared with is not this year's",
         "2024年度部门预算安排项目支出200.00万元，比2023年预算执行数180.00万元增加20.00万元，增长11.11%。",
         "2024年度部门预算安排项目支出200.00万元，比2023年预算执行数180.00万元增加20.00万元，增长12.50%。",
         "NARR-001", "12.50%", "11.11%"),
    Case("收入支出总计",
         "2023年度收入支出总计1230.00万元。与2022年度相比，收入支出总计增加130.00万元，增长11.82%。",
         "2023年度收入支出总计1230.00万元。与2022年度相比，收入支出总计增加130.00万元，增长10.57%。",
         "NARR-001", "10.57%", "11.82%"),
    Case("财政拨款收入支出总计",
         "2023年度财政拨款收入支出总计980.00万元。与2022年度相比，财政拨款收入支出总计减少20.00万元，下降2.00%。",
         "2023年度财政拨款收入支出总计980.00万元。与2022年度相比，财政拨款收入支出总计减少20.00万元，下降2.04%。",
         "NARR-001", "2.04%", "2.00%"),
    # --- completion rates ------------------------------------------------------------------------
    Case("完成年初预算的…",
         "2023年度一般公共预算财政拨款支出年初预算为500.00万元，支出决算为460.00万元，完成年初预算的92.00%。",
         "2023年度一般公共预算财政拨款支出年初预算为500.00万元，支出决算为460.00万元，完成年初预算的93.00%。",
         "NARR-003", "93.00%", "92.00%"),
    Case("a rate of a zero 年初预算 is the rate of 全年预算",
         "一般公共预算财政拨款支出年初预算为0万元，全年预算为250.00万元，支出决算为240.00万元，完成全年预算的96.00%。",
         "一般公共预算财政拨款支出年初预算为0万元，全年预算为250.00万元，支出决算为240.00万元，完成年初预算的96.00%。",
         "NARR-003", "96.00%", "无"),
    # --- direction clashes -------------------------------------------------------------------------
    Case("a change and its rate pointing opposite ways",
         "2023年度机关运行经费支出95.00万元，比上年增加5.00万元，增长5.56%。",
         "2023年度机关运行经费支出95.00万元，比上年增加5.00万元，下降5.56%。",
         "NARR-007", "下降5.56%", "增长"),
    Case("决算数大于预算数 where it is smaller",
         "公务接待费年初预算为8.00万元，支出决算为7.20万元，完成年初预算的90.00%。决算数小于预算数的主要原因是接待批次减少。",
         "公务接待费年初预算为8.00万元，支出决算为7.20万元，完成年初预算的90.00%。决算数大于预算数的主要原因是接待批次减少。",
         "NARR-007", "大于", "小于"),
    Case("a comparison with the figures of the sentence before and no rate",
         "全年预算为17.60万元，支出决算为11.30万元。决算数小于全年预算数的主要原因是人员调出。",
         "全年预算为17.60万元，支出决算为11.30万元。决算数大于全年预算数的主要原因是人员调出。",
         "NARR-007", "大于", "小于"),
    Case("a comparison against a completion rate alone",
         "公务接待费支出决算为4.20万元，完成预算的84.00%。决算数小于预算数的主要原因是压减接待。",
         "公务接待费支出决算为4.20万元，完成预算的84.00%。决算数大于预算数的主要原因是压减接待。",
         "NARR-007", "大于", "小于"),
    Case("持平 with a budget and an actual that differ",
         "项目支出年初预算为30.00万元，支出决算为30.00万元。决算数与预算数持平。",
         "项目支出年初预算为30.00万元，支出决算为29.50万元。决算数与预算数持平。",
         "NARR-007", "持平", "小于"),
    Case("持平 with last year's amount that differs",
         "2023年度公务接待费3.20万元，上年为3.20万元，与上年持平。",
         "2023年度公务接待费3.00万元，上年为3.20万元，与上年持平。",
         "NARR-007", "持平", "小于"),
    Case("持平 beside a change that is not zero",
         "公务用车运行维护费支出6.00万元，较上年增加0.00万元，增长0.00%，与上年持平。",
         "公务用车运行维护费支出6.00万元，较上年增加0.50万元，增长9.09%，与上年持平。",
         "NARR-007", "持平", "大于"),
    Case("决算数大于上年决算数 after a decrease",
         "公务接待费支出4.00万元，较上年减少1.00万元，下降20.00%。当年决算数小于上年决算数的主要原因是压减接待。",
         "公务接待费支出4.00万元，较上年减少1.00万元，下降20.00%。当年决算数大于上年决算数的主要原因是压减接待。",
         "NARR-007", "大于", "小于"),
    Case("a comparison naming another item than the change before it",
         "“三公”经费支出8.00万元，较上年减少0.50万元，下降5.88%，其中：因公出国（境）费支出与上年持平。",
         "“三公”经费支出8.00万元，较上年减少0.50万元，下降5.88%，“三公”经费支出与上年持平。",
         "NARR-007", "持平", "小于"),
    Case("a comparison naming its item among the rates before it",
         "“三公”经费财政拨款支出年初预算为6.00万元，支出决算为4.50万元，完成预算的75.00%，其中：公务接待费支出决算为"
         "4.50万元，完成预算的150.00%。“三公”经费支出决算数小于预算数的主要原因是压减开支。",
         "“三公”经费财政拨款支出年初预算为6.00万元，支出决算为4.50万元，完成预算的75.00%，其中：公务接待费支出决算为"
         "4.50万元，完成预算的150.00%。“三公”经费支出决算数大于预算数的主要原因是压减开支。",
         "NARR-007", "大于", "小于"),
    Case("a comparison after another item's amount",
         "公务用车运行维护费支出3.00万元，较上年减少0.50万元，下降14.29%；公务用车购置费0万元，与上年持平。",
         "公务用车运行维护费支出3.00万元，较上年减少0.50万元，下降14.29%，与上年持平。",
         "NARR-007", "持平", "小于"),
    # --- zero base, part above whole, missing unit -------------------------------------------
    Case("growth stated on a zero base",
         "本单位2023年新设立。机关运行经费支出12.00万元，比上年净增加12.00万元。",
         "本单位2023年新设立。机关运行经费支出12.00万元，比上年增加12.00万元，增长100.00%。",
         "NARR-008", "100.00%", "无"),
    Case("growth on last year's stated zero",
         "2023年度机关运行经费12.00万元，2022年度无此项支出。",
         "2023年度机关运行经费12.00万元，2022年度为0.00万元，增长100.00%。",
         "NARR-008", "100.00%", "无"),
    Case("a part larger than its whole",
         "截至2023年12月31日，本单位共有公务用车1辆，其中载客汽车1辆。",
         "截至2023年12月31日，本单位共有公务用车0辆，其中载客汽车1辆。",
         "NARR-004", "0辆", "1辆"),
    Case("a growth rate written without its % sign",
         "2023年度一般公共预算财政拨款支出增加12.30万元，增长13.95%。",
         "2023年度一般公共预算财政拨款支出增加12.30万元，增长13.95。",
         "NARR-009", "13.95", "13.95%"),
    # --- placeholders ---------------------------------------------------------------------------
    Case("增加（减少）",
         "“三公”经费支出比上年减少0.50万元，下降5.00%。",
         "“三公”经费支出比上年增加（减少）0.50万元，下降5.00%。",
         "TMPL-001"),
    Case("下降（增长）",
         "“三公”经费支出比上年减少0.50万元，下降5.00%。",
         "“三公”经费支出比上年减少0.50万元，下降（增长）5.00%。",
         "TMPL-001"),
    Case("主要原因是。",
         "公务用车运行费5.00万元，与上年持平，主要原因是车辆数未变。",
         "公务用车运行费5.00万元，与上年持平，主要原因是。其中车辆数未变。",
         "TMPL-001"),
    Case("XX",
         "本部门设办公室、财务科等5个内设机构。",
         "本部门设办公室、XX科等5个内设机构。",
         "TMPL-001"),
    Case("the template's instruction to the preparer left under a table",
         "注：本表反映部门本年度政府性基金预算财政拨款收入支出情况。说明：本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
         "注：本表反映部门本年度政府性基金预算财政拨款收入支出情况。无政府性基金预算财政拨款收入支出的，仍保留该表格式，"
         "并在本表下方作下述说明：说明：本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
         "TMPL-001"),
    Case("××",
         "本部门共有公务用车3辆。",
         "本部门共有公务用车××辆。",
         "TMPL-001"),
    Case("** before a count",
         "本部门共有公务用车3辆。",
         "本部门共有公务用车**辆。",
         "TMPL-001"),
]


def _findings(text: str):
    facts = DocumentFacts(parse_text(text, "x.txt"))
    return [f for code in sorted(CATALOGUE) if code.startswith(FAMILIES) for f in CATALOGUE[code]().run(facts)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_correct_sentence_is_silent(case):
    assert [(f.code, f.message) for f in _findings(case.correct)] == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_planted_twin_is_found(case):
    findings = _findings(case.planted)
    assert [f.code for f in findings] == [case.code], [(f.code, f.message) for f in findings]
    evidence = findings[0].evidence
    if case.stated is not None:
        assert evidence.stated == case.stated
    if case.expected is not None:
        assert evidence.expected.startswith(case.expected), evidence.expected


# --- what the reader makes of them --------------------------------------------------------------

def _claims(text: str):
    return DocumentFacts(parse_text(text, "x.txt")).claims


def test_a_list_names_its_figures_in_order():
    claims = _claims("2023年度收、支总计各是812.40、806.10万元。")
    assert [(s.key, s.quantity.value, s.quantity.unit) for s in claims.amounts] == [
        ("收入总计", Decimal("812.40"), "万元"), ("支出总计", Decimal("806.10"), "万元")]


def test_a_list_of_changes_pairs_with_the_list_of_rates():
    claims = _claims("2023年度收、支总计各是812.40、806.10万元，与上年相比，各减少87.60、93.90万元，各下降9.73%、10.43%。")
    assert [(g.current.key, g.change.value, g.rate.value, g.direction) for g in claims.growths] == [
        ("收入总计", Decimal("87.60"), Decimal("9.73"), -1), ("支出总计", Decimal("93.90"), Decimal("10.43"), -1)]


def test_combined_totals_have_their_own_concepts():
    claims = _claims("2023年度收入支出总计1230.00万元，财政拨款收入支出总计1200.00万元。")
    assert [s.key for s in claims.amounts] == ["收入支出总计", "财政拨款收入支出总计"]


def test_last_years_amount_is_not_this_years():
    claims = _claims("2023年度公务接待费3.30万元，上年为3.00万元，增长10.00%。")
    [growth] = claims.growths
    assert (growth.current.quantity.value, growth.prior.quantity.value, growth.change) == (
        Decimal("3.30"), Decimal("3.00"), None)
    assert [s.prior for s in claims.amounts] == [False, True]


def test_the_named_budget_is_the_base_of_its_completion_rate():
    [rate] = _claims("年初预算为0万元，全年预算为250.00万元，支出决算为240.00万元，完成年初预算的96.00%。").rates
    assert (rate.base.quantity.value, rate.actual.quantity.value) == (Decimal(0), Decimal("240.00"))
    assert [b.quantity.value for b in rate.other_bases] == [Decimal("250.00")]


def test_a_change_without_a_rate_states_a_comparison():
    [claim] = _claims("2025年财政拨款收入264.20万元，比2024年预算执行数增加151.40万元。").comparisons
    assert (claim.relation, claim.against, claim.actual.quantity.value) == (">", "prior", Decimal("264.20"))
    [nil] = _claims("2020年度三公经费支出决算总额为6.16万元，比预算增加0万元。").comparisons
    assert (nil.relation, nil.against) == ("=", "budget")


def test_a_base_the_change_does_not_bridge_is_not_taken():
    # the year glued onto last year's amount ("比2014" + "31.70万元") reads as 201431.70
    text = "1、因公出国（境）费142.36万元比201431.70万元部门决算支出增加110.66万元。"
    [claim] = _claims(text).comparisons
    assert claim.base is None
    assert _findings(text) == []


def test_a_list_inside_a_list_is_not_read_as_one():
    # the inner 其中 of the second part runs on into the outer list's third part
    text = ("三公经费支出决算为71.38万元。其中：因公出国（境）费支出决算为14.60万元，完成预算14.60万元的100%；"
            "公务用车购置及运行维护费支出决算为31.24万元；其中：公务用车购置支出决算为0万元，完成预算0万元的--%；"
            "公务用车运行维护费支出决算为31.24万元；公务接待费支出决算为25.54万元。")
    assert _findings(text) == []


def test_comparisons_without_a_joining_word_or_figure():
    [flat] = _claims("因公出国（境）费为0万元，上年持平。").comparisons
    assert (flat.relation, flat.against) == ("=", "prior")
    [trend] = _claims("公务用车购置费较预算数增长，原因是年中更新了执法执勤车辆。").comparisons
    assert (trend.relation, trend.against, trend.subject) == (">", "budget", "公务用车购置费")


def test_shares_of_overlapping_views_of_a_whole_are_not_summed():
    # 人员经费 and 工资福利支出 are two views of 基本支出, not parts of one partition
    text = ("人员经费200.00万元，占基本支出的90.00%。工资福利支出180.00万元，占基本支出的81.00%。"
            "公用经费22.22万元，占基本支出的10.00%。")
    assert [f.code for f in _findings(text)] == []


def test_template_alternatives_are_not_stated_comparisons():
    claims = _claims("支出决算为5.00万元，完成预算80%，决算数小于/等于预算数（或与预算数持平）的主要原因是…。")
    assert claims.comparisons == []


def test_combined_total_against_table_01():
    table = ("公开01表\n单位：万元\n\n收入\t\t支出\t\n项目\t决算数\t项目\t决算数\n"
             "本年收入合计\t1200.00\t本年支出合计\t1200.00\n总计\t1230.00\t总计\t1230.00\n\n")
    assert [f for f in _run_narr005(table + "2023年度收入支出总计1230.00万元。\n")] == []
    [finding] = _run_narr005(table + "2023年度收入支出总计1320.00万元。\n")
    assert (finding.evidence.stated, finding.evidence.expected) == ("1320.00万元", "1230.00万元")


def _run_narr005(text: str):
    return list(CATALOGUE["NARR-005"]().run(DocumentFacts(parse_text(text, "x.txt"))))


def test_every_concept_of_the_vocabulary_is_read_under_its_own_name():
    # A wider pattern listed before a narrower one would take its name: the order in the file matters.
    for concept in vocabulary()["concepts"]:
        assert canonical_key(normalise_subject(concept).text) == concept


def test_a_synonym_is_a_line_of_data():
    assert canonical_key("收支总计") == "收入支出总计"
    assert canonical_key("货物采购金额") == "政府采购货物支出"


def test_every_table_location_names_a_concept_of_the_vocabulary():
    concepts = set(vocabulary()["concepts"])
    assert [p["concept"] for p in vocabulary()["tables"]["locations"] if p["concept"] not in concepts] == []


def test_a_table_location_is_a_line_of_data():
    # 06 names 人员经费 "人员经费合计"; a statement outside a 基本支出 section is not compared with it.
    table = "公开06表\n单位：万元\n\n项目\t决算数\n人员经费合计\t80.00\n公用经费合计\t20.00\n\n"
    in_section = table + "（一）一般公共预算财政拨款基本支出情况\n2023年度人员经费90.00万元。\n"
    elsewhere = table + "（一）收入支出总体情况\n2023年度人员经费90.00万元。\n"
    assert [f.evidence.stated for f in _run_narr005(in_section)] == ["90.00万元"]
    assert _run_narr005(elsewhere) == []


def test_a_list_of_targets_and_actuals_after_其中_is_no_list_of_parts():
    text = ("该项目成本目标85万元，实际完成值85万元，目标值完成比例100%。其中甲业务费绩效目标值20万元，实际完成值20万元，"
            "目标值完成比例100%；乙工作经费绩效目标值65万元，实际完成值65万元，目标值完成比例100%。")
    assert [f.code for f in _findings(text)] == []


def test_numbered_items_belong_to_the_amount_they_add_up_to():
    """"总收入W，其中本年收入V…收入具体情况如下。1.… 2.… 3.上年结转和结余…": the items make up 总收入, not
    本年收入; read against 本年收入 they gave a false NARR-004 on a real 梧州 决算."""
    text = ("（一）本单位2026年度总收入600.50万元，其中本年收入420.30万元，较上年减少80.10万元，下降16.0%。收入具体情况如下。\n"
            "1.一般公共预算财政拨款收入410.20万元，为本级财政当年拨付的资金。\n"
            "2.上级补助收入10.10万元，为事业单位开展业务活动取得的收入。\n"
            "3.上年结转和结余180.20万元，为以前年度结转到本年度继续使用的资金。\n")
    assert _findings(text) == []
    breakdowns = DocumentFacts(parse_text(text, "case.txt")).claims.breakdowns
    assert [(b.whole.quantity.value, len(b.parts)) for b in breakdowns if len(b.parts) == 3] == [(Decimal("600.50"), 3)]


def test_a_change_takes_an_amount_from_above_only_when_one_was_stated():
    """This year's budget and last year's result both name 公务接待: the change below them could be
    against either, so it takes neither (it took last year's and raised a false NARR-001)."""
    text = ("一、2026年三公经费预算安排情况\n2026年度三公经费预算总计30.0万元,其中:因公出国(境)经费0万元,公务接待16.0万元,"
            "公务用车运行费用14.0万元。\n二、2025年三公经费决算情况\n2025年度三公经费合计支出28.0万元,其中:因公出国(境)经费0万元,"
            "公务接待17.0万元,公务用车运行费用11.0万元。\n2026年度三公经费预算较2025年度增加2.0万元,其中公务接待较上年同期减少1.0万元,"
            "减少5.88%。\n")
    assert _findings(text) == []
