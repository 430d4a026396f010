"""Make the other-layout test tables: HTML tables converted to DOCX and XLSX by LibreOffice.

Each table is written by hand in HTML the way a county office lays its table out (row and column
spans, section rows, numbering, lead marks, notes), then LibreOffice, a program other than ours,
turns it into DOCX (Writer) and XLSX (Calc).  The expected plans are written out in
tests/test_layouts_foreign.py.

Run from the repository root:  python scripts/make_layout_fixtures.py   (needs soffice on PATH)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "layouts"

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{name}</title></head><body>
{body}
</body></html>
"""

TABLES = {
    # Actions as section rows spanning the table, numbered 一、; tasks numbered （一） and merged;
    # units separated by 、; a deadline column; a note row at the end.
    "sections": """<p>附件1</p>
<p>府谷县全民科学素质行动规划纲要实施方案</p><p>目标任务分工表</p>
<table border="1">
<tr><td>主要任务</td><td>具体内容</td><td>责任单位</td><td>完成时限</td></tr>
<tr><td colspan="4">一、青少年科学素质提升行动（县教体局、县科协牵头）</td></tr>
<tr><td rowspan="2">（一）提升基础教育阶段科学教育水平</td><td>每年开展“科学实验秀”10场次。</td><td>县教体局、县科协</td><td>每年</td></tr>
<tr><td>加强农村中小学科学教育基础设施建设。</td><td>县教体局</td><td>2025年底</td></tr>
<tr><td>（二）实施教师科学素质提升工程</td><td>每年培训科学教师和科技辅导员60名以上。</td><td>县教体局、县科协</td><td></td></tr>
<tr><td colspan="4">二、科普基础设施工程（县科协、县发改科技局牵头）</td></tr>
<tr><td>（一）加强科技馆建设</td><td>建成县科技馆1所。</td><td>县发改科技局、县科协、县财政局</td><td>2024年</td></tr>
<tr><td colspan="4">注：各责任单位于每年12月底前向县科协报送进展情况。</td></tr>
</table>""",
    # A spreadsheet-style export: no merges, every row repeats its action and task; a 序号 column;
    # lead and partner units in two columns separated by ，and ；; an extra 备注 column.
    "lead-partner": """<p>附件</p><p>府谷县科学素质工作任务清单</p>
<table border="1">
<tr><td>序号</td><td>重点工作</td><td>工作任务</td><td>工作措施</td><td>牵头单位</td><td>配合单位</td><td>备注</td></tr>
<tr><td>1</td><td>农民科学素质提升行动</td><td>实施乡村振兴科技支撑行动</td><td>每年培育乡村科技人才50名。</td><td>县科协</td><td>县农业农村局，县人社局</td><td>已启动</td></tr>
<tr><td>2</td><td>农民科学素质提升行动</td><td>实施乡村振兴科技支撑行动</td><td>组建科技人才队伍，服务乡村振兴。</td><td>县科协</td><td>县农业农村局；县乡村振兴局</td><td></td></tr>
<tr><td>3</td><td>农民科学素质提升行动</td><td>提升农民科技文化素质</td><td>开展“三下乡”活动。</td><td>县委宣传部</td><td>县科协</td><td>每季度</td></tr>
<tr><td>4</td><td>基层科普能力提升工程</td><td>健全基层科普服务体系</td><td>实现科协系统“三长制”建设全覆盖。</td><td>县科协</td><td></td><td></td></tr>
</table>""",
    # Actions in a 重点任务 column beside the 主要任务 column, numbered 1. and written with
    # half-width parentheses; lead units marked （牵头） or (牵头) in the units cell.
    "marked": """<p>附件3</p><p>某县目标任务分工表</p>
<table border="1">
<tr><td>重点任务</td><td>主要任务</td><td>工作内容</td><td>责任单位</td></tr>
<tr><td rowspan="3">1.产业工人科学素质提升行动(县总工会、县人社局牵头)</td><td rowspan="2">开展技能培训</td><td>培训农民工5000人次。</td><td>县人社局（牵头）<br>县总工会</td></tr>
<tr><td>开展职业技能竞赛。</td><td>县总工会(牵头)、县人社局</td></tr>
<tr><td>弘扬工匠精神</td><td>选树一批“陕西工匠”。</td><td>县总工会</td></tr>
<tr><td>2.老年人科学素质提升行动(县卫健局牵头)</td><td>提升老年人信息素养</td><td>开展智能技术培训。</td><td>县卫健局（牵头）、县民政局、县科协</td></tr>
</table>""",
    # Columns in another order, content first; lead marks written 「A牵头，B、C配合」 in one cell;
    # a 时间节点 column; tasks numbered (1).
    "group-marks": """<p>某县实施方案目标任务分工表</p>
<table border="1">
<tr><td>序号</td><td>任务内容</td><td>重点行动</td><td>主要任务</td><td>实施单位</td><td>时间节点</td></tr>
<tr><td>1</td><td>每年面向农村地区开展公益科普活动不少于3场次。</td><td rowspan="2">老年人科学素质提升行动（县卫健局、县民政局牵头）</td><td rowspan="2">(1)实施银龄科普行动</td><td>县科协牵头，县卫健局、县民政局配合</td><td>长期</td></tr>
<tr><td>2</td><td>组建老年科普志愿者队伍。</td><td>县民政局牵头，县科协配合</td><td>2023年</td></tr>
<tr><td>3</td><td>建设科普教育基地。</td><td>科普基础设施工程（县科协牵头）</td><td>(1)加强科普基地建设</td><td>县科协</td><td></td></tr>
</table>""",
    # A table pasted page by page: the header repeated inside the table, a page-top repeat of the
    # action and task in new merged groups, an empty row, then a second table of the same columns
    # continuing the first without a header of its own.
    "split-pages": """<p>附件</p><p>某市“十四五”目标任务分工表</p>
<table border="1">
<tr><td>行动</td><td>工作任务</td><td>工作内容</td><td>责任部门</td></tr>
<tr><td rowspan="2">领导干部和公务员科学素质提升行动（市委组织部牵头）</td><td rowspan="2">把科学素质教育纳入干部教育培训</td><td>开设科学素质教育专题课程。</td><td>市委组织部<br>市委党校</td></tr>
<tr><td>开展线上学习。</td><td>市委组织部</td></tr>
<tr><td>行动</td><td>工作任务</td><td>工作内容</td><td>责任部门</td></tr>
<tr><td rowspan="2">领导干部和公务员科学素质提升行动（市委组织部牵头）</td><td rowspan="2">把科学素质教育纳入干部教育培训</td><td>组织专题讲座。</td><td>市委党校</td></tr>
<tr><td>开展科学素质测评。</td><td>市委组织部、市科协</td></tr>
<tr><td></td><td></td><td></td><td></td></tr>
</table>
<table border="1">
<tr><td>科技资源科普化工程（市发改科技局、市科协牵头）</td><td>推动科技资源开放共享</td><td>推动重点实验室向公众开放。</td><td>市发改科技局</td></tr>
</table>""",
    # A header of two rows: 责任单位 spanning 牵头单位 | 配合单位; a 资金（万元） extra column; a deadline
    # called 完成时间; actions in a 重点行动/重点工程 column.
    "two-row-header": """<p>附件2</p><p>某县分工表</p>
<table border="1">
<tr><td rowspan="2">重点行动/重点工程</td><td rowspan="2">重点工作</td><td rowspan="2">主要措施</td><td colspan="2">责任单位</td><td rowspan="2">完成时间</td><td rowspan="2">资金（万元）</td></tr>
<tr><td>牵头单位</td><td>配合单位</td></tr>
<tr><td rowspan="3">科普信息化提升工程（县委宣传部、县科协牵头）</td><td rowspan="2">实施繁荣科普创作资助计划</td><td>推出一批科普精品。</td><td>县委宣传部</td><td>县科协<br>县融媒体中心</td><td>2025年</td><td>20</td></tr>
<tr><td>开展科普作品征集。</td><td>县科协</td><td></td><td>每年</td><td></td></tr>
<tr><td>实施全媒体科学传播能力提升计划</td><td>建设科普传播矩阵。</td><td>县融媒体中心</td><td>县科协</td><td></td><td>15.5</td></tr>
</table>""",
    # Found trying a new layout: section rows whose number stands in the 序号 column and whose
    # name spans the other columns; tasks without merges.
    "numbered-sections": """<p>某县分工表</p>
<table border="1">
<tr><td>序号</td><td>主要任务</td><td>主要内容</td><td>责任单位</td></tr>
<tr><td>一</td><td colspan="3">青少年科学素质提升行动（县教体局牵头）</td></tr>
<tr><td>1</td><td>提升基础教育阶段科学教育水平</td><td>引导变革教学方式。</td><td>县教体局</td></tr>
<tr><td>2</td><td>实施教师科学素质提升工程</td><td>加大科学教师培训力度。</td><td>县教体局<br>县科协</td></tr>
<tr><td>二</td><td colspan="3">科普基础设施工程</td></tr>
<tr><td>3</td><td>加强科技馆建设</td><td>建成县科技馆1所。</td><td>县科协</td></tr>
</table>""",
}


def convert(source: Path, target_suffix: str, infilter: str, outdir: Path, profile: Path) -> Path:
    converter = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}[target_suffix]
    command = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        f"--infilter={infilter}",
        "--convert-to",
        converter,
        "--outdir",
        str(outdir),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return outdir / f"{source.stem}.{target_suffix}"


def make_tables(tables: dict[str, str], out: Path) -> None:
    """Write each HTML table into ``out`` and convert it there to DOCX and XLSX with LibreOffice."""
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) is not on PATH")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        profile = Path(temp) / "profile"
        for name, body in tables.items():
            html = out / f"{name}.html"
            html.write_text(PAGE.format(name=name, body=body), encoding="utf-8")
            for suffix, infilter in (("docx", "HTML (StarWriter)"), ("xlsx", "HTML (StarCalc)")):
                made = convert(html, suffix, infilter, Path(temp), profile)
                shutil.move(made, out / made.name)
            print(f"wrote {out.relative_to(ROOT)}/{name}.html, .docx, .xlsx")


def main() -> None:
    make_tables(TABLES, OUT)


if __name__ == "__main__":
    main()
