"""The package's face: its public names, imported lazily, and typed for type checkers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kepu_plan as kp


def _fresh(code: str) -> str:
    """What ``code`` prints in a fresh interpreter (so that no other test has imported anything)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_importing_the_package_imports_none_of_its_modules_nor_their_dependencies() -> None:
    loaded = _fresh(
        "import sys; import kepu_plan; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('kepu_plan', 'attrs', 'attr', 'cattrs', 'lxml', 'openpyxl') or m == 'importlib.resources'))"
    )
    assert loaded == "['kepu_plan']"


def test_a_name_imports_its_module_on_first_use_only() -> None:
    loaded = _fresh(
        "import sys; import kepu_plan as kp; kp.Plan; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('kepu_plan', 'cattrs'))))"
    ).split()
    # The model package and what it stands on (its errors, its messages, the grammar), nothing else.
    assert "kepu_plan.model" in loaded
    assert [
        module
        for module in loaded
        if module not in ("kepu_plan", "kepu_plan._i18n", "kepu_plan.errors")
        and not module.startswith(("kepu_plan.model.", "kepu_plan._grammar."))
        and module not in ("kepu_plan.model", "kepu_plan._grammar")
    ] == []


@pytest.mark.parametrize("first", ["import kepu_plan.adapt", "import kepu_plan.diff", "kp.adapt", "kp.diff"])
def test_diff_and_adapt_stay_functions_whichever_is_imported_first(first: str) -> None:
    kinds = _fresh(f"import kepu_plan as kp; {first}; print(type(kp.diff).__name__, type(kp.adapt).__name__)")
    assert kinds == "function function"


def test_every_public_name_is_there_and_dir_lists_exactly_them() -> None:
    assert dir(kp) == kp.__all__
    for name in kp.__all__:
        assert getattr(kp, name) is not None
    assert kp.DocxStyle.__name__ == "DocxStyle"
    assert kp.examples.shenmu().title
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        getattr(kp, "nothing")  # noqa: B009


def test_type_checkers_see_the_real_classes_and_functions(tmp_path: Path) -> None:
    from mypy import api

    user = tmp_path / "user.py"
    user.write_text(
        "import kepu_plan as kp\n"
        "style: kp.DocxStyle = kp.DocxStyle(landscape=False)\n"
        "reveal_type(kp.DocxStyle)\n"
        "reveal_type(kp.diff)\n"
        "wrong: int = kp.Plan\n",
        encoding="utf-8",
    )
    cache = str(tmp_path / "cache")
    out, _, status = api.run(["--strict", "--config-file", "", "--cache-dir", cache, str(user)])
    assert "kepu_plan.formats.docx.style.DocxStyle" in out
    assert "def (old: kepu_plan.model._plan.Plan, new: kepu_plan.model._plan.Plan" in out  # where Plan is defined
    assert "PlanDiff" in out
    assert 'has type "type[Plan]", variable has type "int"' in out
    assert status == 1  # that one error, and no other
    assert "Found 1 error" in out
