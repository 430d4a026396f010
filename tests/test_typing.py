"""A user's script type-checks against the public API with ``mypy --strict``, and a misspelt
keyword in it does not: the options are explicit keywords, and every type the API hands out is
importable from ``kepu_plan`` with its real type (never ``Any`` through the lazy ``__getattr__``)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "data" / "user_script.py"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the module's checks: the second check reuses what the first learnt of kepu_plan."""
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(script: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on ``script`` alone, ignoring the project's own mypy configuration."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", "", "--cache-dir", str(cache), str(script)],
        capture_output=True,
        text=True,
        check=False,
        cwd=script.parent,
    )


def test_the_user_script_type_checks_clean_under_strict_mypy(cache: Path) -> None:
    result = mypy(SCRIPT, cache)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout


@pytest.mark.parametrize(
    ("original", "misspelt", "expected"),
    [
        (
            'columns={"主要内容": "content", 4',
            'colums={"主要内容": "content", 4',
            'Unexpected keyword argument "colums" for "read"; did you mean "columns"?',
        ),
        ('sheet="分工表"', 'sheets="分工表"', 'Unexpected keyword argument "sheets" for "read_xlsx"'),
        ("style=style,", "styles=style,", 'Unexpected keyword argument "styles" for "write_docx"'),
        ("kp.DocxStyle(body_size=12)", "kp.DocxStyle(body_sise=12)", 'Unexpected keyword argument "body_sise"'),
        ("kp.Limits(max_rows=", "kp.Limits(max_row=", 'Unexpected keyword argument "max_row" for "Limits"'),
    ],
)
def test_the_same_script_with_a_misspelt_keyword_fails_the_check(
    tmp_path: Path, cache: Path, original: str, misspelt: str, expected: str
) -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.count(original) == 1
    broken = tmp_path / "user_script.py"
    broken.write_text(text.replace(original, misspelt), encoding="utf-8")
    result = mypy(broken, cache)
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout
    assert "[call-arg]" in result.stdout
    assert "Found 1 error in 1 file" in result.stdout


def test_a_wrong_type_for_an_option_fails_the_check(tmp_path: Path, cache: Path) -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    broken = tmp_path / "user_script.py"
    broken.write_text(text.replace("style=style,", 'style="小四号",'), encoding="utf-8")
    result = mypy(broken, cache)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'Argument "style" to "write_docx" has incompatible type "str"; expected "DocxStyle | None"' in result.stdout


def test_the_user_script_runs(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("user_script", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = module.main(tmp_path)
    assert lines[1] == "与原表相比 0 处不同；XLSX、JSON 读回相同：True"
    assert lines[-2:] == ["选项错误：option", "读取错误：file-missing"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["分工表.docx", "分工表.json", "分工表.xlsx"]


def test_every_public_name_has_its_real_type_for_a_type_checker(tmp_path: Path, cache: Path) -> None:
    import kepu_plan as kp

    modules = {"examples": "examples.shenmu", "layouts": "layouts.SECTIONS"}  # a module: one of its names
    names = [modules.get(name, name) for name in kp.__all__ if name != "__version__"]
    script = tmp_path / "every_name.py"
    script.write_text(
        "import kepu_plan as kp\n" + "".join(f"reveal_type(kp.{name})\n" for name in names), encoding="utf-8"
    )
    result = mypy(script, cache)
    revealed = [line for line in result.stdout.splitlines() if "Revealed type is" in line]
    assert len(revealed) == len(names), result.stdout
    for name, line in zip(names, revealed, strict=True):
        assert '"Any"' not in line, f"kp.{name} is Any to a type checker: {line}"
        assert "kepu_plan" in line, f"kp.{name}: {line}"
