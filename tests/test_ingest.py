"""Loaders: every shape of text and HTML the reports come in, and input the tool must refuse cleanly."""

from __future__ import annotations

import pytest

from reviewer.document import Heading, Paragraph
from reviewer.errors import InputError
from reviewer.ingest import load, parse_text

TAB_TABLE = (
    "### 一般公共预算财政拨款支出决算表\n"
    "公开05表\n"
    "单位：万\n\n元\n"
    "项目\t\t本年支出\t\t\n"
    "科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
    "合计\t\t<b>30.00</b>\t20.00\t10.00\n"
    "[bookmark: _Toc1]208\t社会保障和就业支出\t30.00\t20.00\t10.00\n"
    "\n"
    "20805\t行政事业单位养老支出\t30.00\t20.00\t10.00\n"
    "注：本表反映一般公共预算财政拨款支出。\n"
)

CELL_TABLE = (
    "部门整体支出绩效评分表\n\n"
    "\t一级\n指标\n\t二级\n\n指标\n\t分值\n\t自评得分\n\n"
    "\t\n产出\n（60分）\n\t数量\n\n指标\n\n\n\t30\n\t28\n\n"
    "\t\n\t质量指标\n\t30\n\t30\n\n\n"
    "一、部门概况\n"
)


def test_tab_rows_become_one_table_with_name_unit_and_lines():
    doc = parse_text(TAB_TABLE, "t.txt")
    (table,) = doc.tables
    assert (table.code, table.unit, table.title) == ("05", "万元", "一般公共预算财政拨款支出决算表")
    assert [c.text for c in table.rows[2]][:3] == ["合计", "", "30.00"]  # <b> dropped, verbatim otherwise
    assert table.rows[3][0].text == "208" and table.rows[3][0].line == 9  # bookmark noise dropped
    assert table.rows[4][0].line == 11  # a blank line inside the table is skipped, lines kept


def test_table_has_a_pandas_view_padded_to_its_width():
    frame = parse_text(TAB_TABLE, "t.txt").tables[0].frame()
    assert frame.shape == (5, 5)
    assert frame.iloc[2, 2] == "30.00" and frame.iloc[4, 0] == "20805"


def test_one_cell_per_line_table_keeps_merged_cells_and_rows():
    doc = parse_text(CELL_TABLE, "c.txt")
    (table,) = doc.tables
    assert [c.text for c in table.rows[0]] == ["一级指标", "二级指标", "分值", "自评得分"]
    assert [c.text for c in table.rows[1]] == ["产出（60分）", "数量指标", "30", "28"]
    assert [c.text for c in table.rows[2]] == ["", "质量指标", "30", "30"]
    assert table.code == "score"
    assert isinstance(doc.blocks[-1], Heading) and doc.blocks[-1].text == "一、部门概况"


MARKDOWN_TABLE = (
    "“三公”经费支出决算表\n"
    "单位：万元\n"
    "| 项目 | 上年决算数 | 本年决算数 |\n"
    "| --- | ---: | ---: |\n"
    "| 合计 | 30.00 | 28.00 |\n"
    "| 公务接待费 | 10.00 | 8.00 |\n"
    "以上为本部门三公经费情况。\n"
)


def test_markdown_pipe_rows_become_one_table_without_the_rule_row():
    doc = parse_text(MARKDOWN_TABLE, "t.md")
    (table,) = doc.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "上年决算数", "本年决算数"], ["合计", "30.00", "28.00"], ["公务接待费", "10.00", "8.00"]]
    assert table.unit == "万元" and table.rows[1][0].line == 5
    assert doc.paragraphs[-1].text == "以上为本部门三公经费情况。"


def test_pipe_rows_copied_from_a_web_page_keep_spanned_headers_and_blank_first_cells():
    text = ("项目 | 上年数 | 本年数 | 比上年增减 | |\n"
            "增减额 | 增减率 | |||\n"
            "合计 | 30.00 | 28.00 | -2.00 | -6.67% |\n")
    rows = [[c.text for c in row] for row in parse_text(text, "t.txt").tables[0].rows]
    assert rows[1] == ["", "", "", "增减额", "增减率"]   # under the merged 比上年增减
    assert rows[2] == ["合计", "30.00", "28.00", "-2.00", "-6.67%"]
    # the first column merged down the rows: the rows below it open with its empty cell
    text = ("资金投入（10分） | 资金项目 | 全年预算数 | 全年执行数 | 执行率 |\n"
            "| 总额 | 6.50 | 6.50 | 100.00% |\n")
    rows = [[c.text for c in row] for row in parse_text(text, "t.txt").tables[0].rows]
    assert rows[1] == ["", "总额", "6.50", "6.50", "100.00%"]


def test_sentences_run_into_the_first_row_of_a_table_stay_text():
    # a web page's text run into the table below it: the sentences are a paragraph, the cells after them a row
    text = ("1-2月，全县实现财政收入17000万元，增长14.00%。从收入结构看：税收收入15000万元。| 税收收入 | 9000 | 8.00 |\n"
            "| 增值税 | 4000 | 3.00 |\n")
    doc = parse_text(text, "t.txt")
    assert doc.paragraphs[0].text.endswith("税收收入15000万元。")
    assert [[c.text for c in row] for row in doc.tables[0].rows] == [["税收收入", "9000", "8.00"], ["增值税", "4000", "3.00"]]


# A web page's table copied as text, one cell per line: with a pipe after each cell, a pipe on a line of
# its own, or no pipe at all. The figures are invented.
LONE_CELLS_PIPED = ("二、“三公”经费支出决算表\n单位：万元\n项目 |\n预算数 |\n决算数 |\n合计 |\n20.00 |\n18.50 |\n"
                    "因公出国（境）费 |\n0.00 |\n0.00 |\n公务接待费 |\n5.00 |\n4.50 |\n公务用车购置及运行费 |\n15.00 |\n"
                    "14.00 |\n三、情况说明\n")
LONE_CELLS_PIPE_LINES = "项 目\n|\n决 算 数\n|\n合 计\n|\n9.50\n|\n公务接待费\n|\n2.00\n|\n公务用车运行费\n|\n7.50\n|\n"
LONE_CELLS_BARE = "经费项目\n本年支出\n公务接待费\n3.00\n公务用车运行维护费\n6.00\n“三公”经费支出\n9.00\n"
LONE_CELLS_HEADLESS = "合计 |\n9.00 |\n公务接待费 |\n3.00 |\n公务用车运行维护费 |\n6.00 |\n二、情况说明\n"   # the page before held the header


@pytest.mark.parametrize("text, rows", [
    (LONE_CELLS_PIPED, [["项目", "预算数", "决算数"], ["合计", "20.00", "18.50"], ["因公出国（境）费", "0.00", "0.00"],
                        ["公务接待费", "5.00", "4.50"], ["公务用车购置及运行费", "15.00", "14.00"]]),
    (LONE_CELLS_PIPE_LINES, [["项 目", "决 算 数"], ["合 计", "9.50"], ["公务接待费", "2.00"], ["公务用车运行费", "7.50"]]),
    (LONE_CELLS_BARE, [["经费项目", "本年支出"], ["公务接待费", "3.00"], ["公务用车运行维护费", "6.00"],
                       ["“三公”经费支出", "9.00"]]),
    (LONE_CELLS_HEADLESS, [["合计", "9.00"], ["公务接待费", "3.00"], ["公务用车运行维护费", "6.00"]]),
])
def test_lone_cell_lines_are_rebuilt_into_rows_of_a_label_and_its_figures(text, rows):
    doc = parse_text(text, "t.txt")
    (table,) = doc.tables
    assert [[c.text for c in row] for row in table.rows] == rows


def test_a_lone_cell_table_keeps_its_title_and_unit_and_the_heading_below_it():
    doc = parse_text(LONE_CELLS_PIPED, "t.txt")
    (table,) = doc.tables
    assert (table.code, table.unit, table.rows[1][1].line) == ("07", "万元", 7)
    assert isinstance(doc.blocks[-1], Heading) and doc.blocks[-1].text == "三、情况说明"


def test_a_caption_above_piped_lone_cells_is_not_joined_to_the_first_cell():
    doc = parse_text("本年三公经费情况\n经费项目 |\n本年支出 |\n公务接待费 |\n3.00 |\n公务用车运行费 |\n6.00 |\n", "t.txt")
    assert [c.text for c in doc.tables[0].rows[0]] == ["经费项目", "本年支出"]
    assert doc.paragraphs[0].text == "本年三公经费情况"


def test_lone_cells_that_do_not_make_rows_stay_text():
    # indicator rows: the targets and actuals ("≥120人") are no figures, so no row takes a steady count
    text = "指标 |\n分值 |\n指标值 |\n实际值 |\n得分 |\n受益人数 |\n5 |\n≥120人 |\n126人 |\n5 |\n满意度 |\n10 |\n≥90% |\n93% |\n10 |\n"
    doc = parse_text(text, "t.txt")
    assert doc.tables == [] and "≥120人" in "".join(b.text for b in doc.blocks)


# A table copied from a PDF viewer: one row per line, the figures parted by spaces. Invented figures.
SPACED_ROWS = ("“三公”经费预算表\n金额单位：万元\n项目 本年预算数 其中：一般公共预算安排数\n一、“三公”经费合计 18.40 18.40\n"
               "(一)因公出国(境)费 0 0\n(二)公务接待费 11.60 11.60\n(三)公务用车费 6.80 6.80\n      1.公务用车购置费    \n"
               "      2.公务用车运行维护费 6.80 6.80\n注：本表按规定口径填列。\n")


def test_spaced_rows_become_a_table_under_the_header_line_above():
    doc = parse_text(SPACED_ROWS, "t.txt")
    (table,) = doc.tables
    assert [c.text for c in table.rows[0]] == ["项目", "本年预算数", "其中：一般公共预算安排数"]
    assert [c.text for c in table.rows[1]] == ["一、“三公”经费合计", "18.40", "18.40"]
    assert [c.text for c in table.rows[5]] == ["1.公务用车购置费", "", ""]   # an item left blank stays a row
    assert (table.code, table.unit, table.rows[1][1].line) == ("07", "万元", 4)
    assert doc.paragraphs[-1].text == "注：本表按规定口径填列。"


@pytest.mark.parametrize("text", [
    "目录\n第一部分 部门概况 3\n一、部门职责 3\n二、机构设置 4\n第二部分 部门决算表 5\n",   # a contents page
    "1.基本支出 2279.20 万元\n2.项目支出 186.10 万元\n3.其他支出 12.00 万元\n",          # amounts with their unit
])
def test_lines_that_only_look_like_spaced_rows_stay_text(text):
    assert parse_text(text, "t.txt").tables == []


def test_a_web_pages_own_fields_above_a_pipe_table_are_text_not_its_header():
    text = ("标题: | 河湾镇2026年预算执行情况 | ||\n索引号: | 11370323/2027-0001 | 文号: | |\n"
            "项目 | 2025年决算数 | 2026年执行数 | 比上年增长% |\n税收收入 | 400 | 430 | 7.50 |\n增值税 | 260 | 290 | 11.54 |\n")
    doc = parse_text(text, "t.txt")
    (table,) = doc.tables
    assert [c.text for c in table.rows[0]] == ["项目", "2025年决算数", "2026年执行数", "比上年增长%"]
    assert doc.paragraphs[0].text.startswith("标题:")


def test_a_single_pipe_row_stays_text():
    doc = parse_text("资金总额： | 612.4 | 534.07 | 87% |\n", "t.txt")
    assert doc.tables == [] and doc.paragraphs[0].text.startswith("资金总额")


def test_headings_by_numbering_and_markdown():
    doc = parse_text("# 第一部分 部门概况\n一、主要职责\n（一）机构设置\n1.内设机构\n(1)办公室\n", "h.md")
    assert [(b.level, b.numbering) for b in doc.blocks] == [(1, "第一部分"), (2, "一、"), (3, "（一）"), (4, "1."), (5, "(1)")]


def test_sentence_cut_by_page_break_is_joined_with_lines_kept():
    doc = parse_text("2022年度政府性基金支出 0.00 万元，比上年决算数增\n\n\n加0.00万元，增长0.00%。\n", "p.txt")
    (paragraph,) = doc.paragraphs
    assert paragraph.text.endswith("增加0.00万元，增长0.00%。")
    assert paragraph.line_at(paragraph.text.index("加0.00")) == 4


def test_html_tables_text_and_lines_scripts_dropped():
    html = (
        "<html><head><script>var x = '收入 9 万元';</script><style>p{}</style></head>\n"
        "<body><nav>首页 | 信息公开</nav>\n"
        "<h2>一、收入情况</h2>\n"
        "<p>本年收入合计 30.00 万元。</p>\n"
        "<table><tr><td colspan=2>项目</td><td>金额</td></tr>\n"
        "<tr><td>208</td><td>社会保障和就业支出</td><td>30.00</td></tr></table>\n"
        "</body></html>\n"
    )
    doc = parse_text(html, "page.txt")  # sniffed as HTML although named .txt
    assert doc.format == "html"
    kinds = [(type(b).__name__, getattr(b, "line", None)) for b in doc.blocks]
    assert kinds == [("Heading", 3), ("Paragraph", 4), ("Table", 5)]
    table = doc.tables[0]
    assert [c.text for c in table.rows[0]] == ["项目", "", "金额"]  # colspan keeps columns aligned
    assert table.rows[1][2].line == 6
    assert "var x" not in " ".join(p.text for p in doc.paragraphs)


def test_gbk_and_bom_inputs_decode(tmp_path):
    text = "一、收入情况\n本年收入合计 30.00 万元，其中：财政拨款收入 30.00 万元。\n"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gbk"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for path, encoding in ((gbk, "gb18030"), (bom, "utf-8-sig")):
        doc = load(path)
        assert doc.encoding == encoding
        assert isinstance(doc.blocks[1], Paragraph) and "合计30.00万元" in doc.blocks[1].text


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p / "missing.txt", "no such file"),
        (lambda p: p, "is a directory"),
        (lambda p: _write(p / "empty.txt", b""), "empty file"),
        (lambda p: _write(p / "blank.txt", b"  \n\n"), "no text"),
        (lambda p: _write(p / "bin.txt", b"\x00\x01\x02binary\x00"), "binary file"),
        (lambda p: _write(p / "r.pdf", b"%PDF-1.7\n..."), "PDF file is truncated"),
    ],
)
def test_unreadable_input_raises_one_clear_error(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        load(make(tmp_path))


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_seeds_parse_into_tables(seeds_dir):
    doc = load(seeds_dir / "003_2eb6b8bca2f0722e.txt")
    codes = [t.code for t in doc.tables]
    for code in ("01", "02", "03", "04", "05", "06", "07", "08", "09"):
        assert code in codes
    assert codes.count("project_score") == 12
    table05 = next(t for t in doc.tables if t.code == "05")
    assert table05.unit == "万元" and table05.line == 293


def test_a_line_that_goes_on_with_the_paragraph_above_joins_it():
    from reviewer.ingest import parse_text

    text = ("公务接待费年初预算为3.00万元，支出决算为2.40万元。\n完成年初预算的80.00%。\n"
            "一般公共预算财政拨款支出\n1200.00 万元，比上年增加100.00\n万元。\n")
    paragraphs = [b.text for b in parse_text(text, "x.txt").blocks]
    assert paragraphs == ["公务接待费年初预算为3.00万元，支出决算为2.40万元。完成年初预算的80.00%。",
                          "一般公共预算财政拨款支出1200.00万元，比上年增加100.00万元。"]


TRADITIONAL = ("某局2023年度部門決算情況說明\n"
               "2023年度收入總計120.00萬元，比上年增加20.00萬元，增長20%。其中：財政撥款收入110.00萬元，其他收入10.00萬元。\n"
               "支出合計 | 本年 |\n合計 | 30.00 |\n")


def test_traditional_characters_are_read_as_simplified_on_the_same_lines_and_offsets():
    doc = parse_text(TRADITIONAL)
    assert doc.traditional_characters > 0
    paragraph = next(b for b in doc.blocks if isinstance(b, Paragraph) and "收入总计120.00万元" in b.text)
    assert paragraph.line == 2 and len(doc.source_lines[1]) == len(TRADITIONAL.splitlines()[1])
    assert doc.tables[0].rows[-1][0].text == "合计"
    assert parse_text("2023年度收入总计120.00万元。").traditional_characters == 0


def test_traditional_characters_in_a_word_file_are_read_as_simplified(tmp_path):
    import docx
    word = docx.Document()
    word.add_paragraph("2023年度收入總計120.00萬元，比上年增加20.00萬元，增長20%。")
    table = word.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["項目", "決算數", "合計", "30.00"]):
        cell.text = text
    word.save(tmp_path / "report.docx")
    doc = load(tmp_path / "report.docx")
    assert any("收入总计120.00万元" in p.text for p in doc.paragraphs)
    assert [c.text for c in doc.tables[0].rows[0]] == ["项目", "决算数"]
    assert doc.traditional_characters == 9   # 總計 萬 萬 長; 項 決 數 計


def test_the_memo_says_traditional_characters_were_converted_and_the_checks_read_them():
    from reviewer.render.markdown import render_markdown
    from reviewer.review import review_document
    review = review_document(parse_text(TRADITIONAL.replace("增長20%", "增長25%")))
    assert "NARR-001" in [f.code for f in review.findings]
    assert "个繁体字已逐字转为简体后审阅" in render_markdown(review)
    assert "繁体" not in render_markdown(review_document(parse_text("2023年度收入总计120.00万元。")))


def test_pinyin_annotations_left_in_a_scraped_page_are_dropped_and_the_memo_says_so():
    from reviewer.render.markdown import render_markdown
    from reviewer.review import review_document
    text = ("一般公共预(yù)算财(cái)政拨款收入120.00万元，比上年增加20.00万元，增长25%。\n"
            "地区生产总值(GDP)增长5%，其中(a)项不变。\n")
    doc = parse_text(text)
    assert doc.pinyin_dropped == 2 and len(doc.source_lines) == 2
    assert doc.paragraphs[0].text.startswith("一般公共预算财政拨款收入120.00万元")
    assert "(GDP)" in doc.source_lines[1] and "(a)" in doc.source_lines[1]
    review = review_document(doc)
    assert "NARR-001" in [f.code for f in review.findings]
    assert "2 处汉字注音" in render_markdown(review)


# A 情况说明 as a PDF-to-text tool leaves it: every line of a paragraph runs to the page width (about 33
# CJK characters) and stops wherever the line ran out, even mid-word or right after a full stop.
WRAPPED = """二、收入支出决算总体情况说明
北河县农业农村局机关及所属农业技术推广中心等二级预算单位2023年度收入
总计520.40万元（含年初结转和结余），支出总计520.40万元（含年末结转
和结余）。与2022年相比，收、支总计各增加40.40万元，增长8.42%。
主要原因是人员经费增加。
（二）一般公共预算财政拨款“三公”经费支出决算具体情况的有关说明情况
2023年度“三公”经费支出决算12.60万元，其中：因公出国（境）费0万
元，公务接待费支出决算2.60万元，公务用车购置及运行费支出决算10.00
万元。与2022年相比，“三公”经费减少1.40万元，下降10.00%，主要是公
务用车运行维护费减少。决算数小于年初预算数，主要是厉行节约。
"""


def test_lines_wrapped_at_the_page_width_are_joined_back_into_paragraphs():
    blocks = parse_text(WRAPPED, "w.txt").blocks
    texts = [b.text for b in blocks]
    assert texts[1].startswith("北河县农业农村局机关及所属农业技术推广中心等二级预算单位2023年度收入总计520.40万元")
    assert texts[1].endswith("收、支总计各增加40.40万元，增长8.42%。主要原因是人员经费增加。")
    assert texts[2] == "（二）一般公共预算财政拨款“三公”经费支出决算具体情况的有关说明情况"   # a title as wide as the text
    assert "因公出国（境）费0万元，公务接待费" in texts[3] and "下降10.00%，主要是公务用车运行维护费减少。决算数" in texts[3]


def test_a_wrapped_report_is_checked_as_the_unwrapped_one():
    from reviewer.review import review_document
    slipped = WRAPPED.replace("增长8.42%", "增长9.42%")
    codes = [f.code for f in review_document(parse_text(slipped, "w.txt")).findings]
    assert codes.count("NARR-001") == 1


def test_lines_of_one_paragraph_each_are_not_joined_for_being_alike_in_length():
    text = ("2023年度收入总计520.40万元，比上年增加40.40万元，增长8.42%。\n"
            "2023年度支出总计520.40万元，比上年增加40.40万元，增长8.42%。\n"
            "2023年度财政拨款收入500.40万元，比上年增加40.40万元，增长8.78%。\n")
    assert len(parse_text(text, "p.txt").paragraphs) == 3


def test_a_line_opening_with_a_comma_or_closing_an_open_bracket_goes_on_with_the_line_above():
    text = ("公务用车购置及运行费10.00万元(包括购置费4.00万元、运行费\n6.00万元)\n,减少1.00万元,下降9.09%;\n")
    (paragraph,) = parse_text(text, "p.txt").paragraphs
    assert paragraph.text == "公务用车购置及运行费10.00万元(包括购置费4.00万元、运行费6.00万元),减少1.00万元,下降9.09%;"


def test_a_space_an_extraction_puts_between_chinese_and_a_figure_is_dropped():
    text = "2024年度“三公”经费预算为 960 万元，较 2023年预算增长 14.3 %，增支 120 万元；两列数 18.47 18.47。\n"
    (paragraph,) = parse_text(text, "p.txt").paragraphs
    assert paragraph.text == "2024年度“三公”经费预算为960万元，较2023年预算增长14.3%，增支120万元；两列数18.47 18.47。"


def test_a_spaced_sentence_is_checked_as_the_printed_one():
    from reviewer.review import review_document
    text = "2024年度“三公”经费预算为 960 万元，较 2023年预算增长 16.3 %，增支 120 万元。\n"
    assert [f.code for f in review_document(parse_text(text, "p.txt")).findings] == ["NARR-001"]


def test_a_title_as_wide_as_the_wrapped_text_stays_above_the_heading_below_it():
    text = WRAPPED.replace("二、收入支出决算总体情况说明\n",
                           "北河县农业农村局机关及所属单位2023年度部门决算公开情况说明全文\n一、收入支出决算总体情况说明\n")
    blocks = parse_text(text, "w.txt").blocks
    assert [type(b).__name__ for b in blocks[:3]] == ["Paragraph", "Heading", "Paragraph"]
    assert blocks[0].text == "北河县农业农村局机关及所属单位2023年度部门决算公开情况说明全文"
