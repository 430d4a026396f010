# ruff: noqa: E501  (hand-written HTML tables: one table row a line reads best)
"""Make the real-wording test tables: HTML tables converted to DOCX and XLSX by LibreOffice.

Two tables written by hand in HTML the way county offices write them, mixing the unit-cell wording
of published tables (names with parenthesised parts, collective units, ``A牵头，B配合``,
``由…牵头``, ``牵头单位：…；责任单位：…``, open lists ending 等部门, units separated by spaces, no-unit
marks in a partner column) with section rows, a label other than 附件N and a note under the table.
LibreOffice, a program other than ours, turns each into DOCX (Writer) and XLSX (Calc).  The expected
plans are written out in tests/test_real_tables.py.

Run from the repository root:  python scripts/make_real_tables.py [NAME …]   (needs soffice on PATH)
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_layout_fixtures import make_tables

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "real"

TABLES = {
    # A county's sections table: actions as section rows with their leads (由…牵头 and a plain
    # mark), tasks numbered （一） and merged, a units column in every wording, a deadline column,
    # the label 附件（二） and a note paragraph under the table.
    "county-sections": """<p>附件（二）</p>
<p>某县全民科学素质行动实施方案（2021—2025年）</p><p>目标任务分工表</p>
<table border="1">
<tr><td>主要任务</td><td>具体内容</td><td>责任单位</td><td>完成时限</td></tr>
<tr><td colspan="4">一、青少年科学素质提升行动（由县教体局、县科协牵头）</td></tr>
<tr><td rowspan="3">（一）提升基础教育阶段科学教育水平</td><td>每年至少开展“科学实验秀”3场次。</td><td>县教体局牵头，县科协配合</td><td>每年</td></tr>
<tr><td>建成3—5所科技教育特色学校。</td><td>县农业农村局牵头，县妇联、县科协等部门配合</td><td>2025年底</td></tr>
<tr><td>实现中小学科技辅导员全覆盖。</td><td>县委宣传部（县文明办）、县科协</td><td>2025年</td></tr>
<tr><td>（二）实施科技辅导员培训</td><td>每年培训科技辅导员不少于60名。</td><td>牵头单位：县教体局；责任单位：县科协、团县委</td><td>每年</td></tr>
<tr><td colspan="4">二、基层科普能力提升工程（县科协牵头）</td></tr>
<tr><td rowspan="2">（一）建设科普e站</td><td>每个镇（街道）建设1个科普e站。</td><td>各镇（街道）、县科协</td><td>2023年</td></tr>
<tr><td>科普示范社区覆盖率达到80%。</td><td>县发改局（牵头）、县科协等部门</td><td>2025年</td></tr>
<tr><td>（二）组织科普日活动</td><td>各成员单位每年开展科普日活动。</td><td>各成员单位</td><td>每年9月</td></tr>
</table>
<p>注：各责任单位每年12月底前将进展情况报县科协。</p>""",
    # A district's task list as a spreadsheet office writes it: a 序号 column, actions repeated on
    # every row, leads and partners in two columns (a collective, spaces, an open list ending 等单位,
    # a no-units mark), a 备注 column, the label 附表3 and a note row under the table.
    "district-lead-partner": """<p>附表3</p><p>某区科学素质行动工作任务清单</p>
<table border="1">
<tr><td>序号</td><td>重点工作</td><td>工作任务</td><td>工作措施</td><td>牵头单位</td><td>配合单位</td><td>备注</td></tr>
<tr><td>1</td><td>老年人科学素质提升行动</td><td>实施银龄科普行动</td><td>每年开展老年人智能技术培训10～20场。</td><td>区委老干部局（区老龄办）</td><td>区科协、区卫健局等单位</td><td>持续推进</td></tr>
<tr><td>2</td><td>老年人科学素质提升行动</td><td>实施银龄科普行动</td><td>组建老年科普志愿服务队。</td><td>区科协</td><td>—</td><td></td></tr>
<tr><td>3</td><td>老年人科学素质提升行动</td><td>提升老年人健康素养</td><td>累计培训健康科普讲师200名以上。</td><td>区卫健局</td><td>各街道（镇） 区科协</td><td></td></tr>
<tr><td>4</td><td>科普信息化提升工程</td><td>推动科普资源共享</td><td>力争建成区级科普资源库1个。</td><td>区科协、区融媒体中心</td><td>区直有关部门</td><td>2024年完成</td></tr>
<tr><td>5</td><td>科普信息化提升工程</td><td>推动科普资源共享</td><td>推动科普信息进社区。</td><td>区科协</td><td>区乡村振兴局(区扶贫办)，区教体局</td><td></td></tr>
</table>
<p>说明：表中“牵头单位”负总责，“配合单位”按职责分工落实。</p>""",
    # A county's table of two levels, as many are: the key tasks (its actions) merged down a 重点任务
    # column, the measures beside them, no task column; a 序号 column, leads and partners in two
    # columns, a deadline column and the label 附件2.
    "county-two-levels": """<p>附件2</p><p>某县贯彻落实全民科学素质行动规划纲要重点任务分工</p>
<table border="1">
<tr><td>序号</td><td>重点任务</td><td>具体措施</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>
<tr><td>1</td><td rowspan="2">青少年科学素质提升行动</td><td>每年培训科学教师和科技辅导员60名以上。</td><td>县教体局</td><td>县科协</td><td>每年</td></tr>
<tr><td>2</td><td>建设校园科普长廊5处。</td><td>县教体局</td><td>—</td><td>2024年底</td></tr>
<tr><td>3</td><td rowspan="2">农民科学素质提升行动</td><td>每年开展农业实用技术培训20场次以上。</td><td>县农业农村局</td><td>县科协、县妇联等部门</td><td>每年</td></tr>
<tr><td>4</td><td>培育高素质农民300名。</td><td>县农业农村局</td><td>各镇（街道）</td><td>2025年</td></tr>
<tr><td>5</td><td>科普信息化提升工程</td><td>建设县级科普网络平台1个。</td><td>县科协</td><td>县融媒体中心</td><td>2023年</td></tr>
</table>""",
    # A town's table of two levels with section rows: each action a row across the table with its
    # leads (由…牵头 and a plain mark), the contents under it with no task column, and a 时间安排
    # column no reader knows (kept as extra data).
    "town-two-level-sections": """<p>附件</p><p>某镇科学素质提升工作任务清单</p>
<table border="1">
<tr><td>工作内容</td><td>责任单位</td><td>时间安排</td></tr>
<tr><td colspan="3">一、老年人科学素质提升行动（镇卫生院牵头）</td></tr>
<tr><td>开展老年人智能技术培训10场次。</td><td>镇卫生院、镇科协</td><td>每年</td></tr>
<tr><td>组建银龄科普志愿服务队1支。</td><td>镇民政办牵头，镇科协配合</td><td>2024年</td></tr>
<tr><td colspan="3">二、科普基础设施工程（由镇科协牵头）</td></tr>
<tr><td>建成村级科普活动室8个。</td><td>各村（社区）、镇科协等单位</td><td>2025年底</td></tr>
</table>""",
}


def main(names: list[str]) -> None:
    """Make the tables named (all where none is)."""
    unknown = [name for name in names if name not in TABLES]
    if unknown:
        sys.exit(f"no table named {', '.join(unknown)}; the tables are {', '.join(TABLES)}")
    make_tables({name: TABLES[name] for name in names or TABLES}, OUT)


if __name__ == "__main__":
    main(sys.argv[1:])
