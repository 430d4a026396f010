"""The documentation: every code example in docs/ runs, and the site builds with warnings as errors.

The conventions (see docs/dev/docs.md):

- a ```` ```python ```` block is run as a script; a ```` ```pycon ```` block (``>>>`` lines and
  their output) is run as a doctest;
- each page's blocks run in order in one namespace, in a fresh Python process and a fresh temporary
  working directory, with nothing imported: a page imports what it uses (``import kepu_plan as kp``),
  so that every snippet runs as a reader copies it;
- ``<!-- docs-test: setup … -->`` holds Python code that runs at that point but is not shown (it
  stands for a shell command the page asks the reader to run, such as ``kepu-plan demo``);
- a block marked ```` ```{.python .no-run} ```` (or ``.pycon .no-run``) is shown but not run;
- a block marked ```` ```{.csv .file title="单位名录.csv"} ```` (any language) is a file the reader
  writes: its text is saved under its title in the working directory at that point;
- blocks in other languages (``sh``, ``text``, ``json`` …) are not run.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")
_SETUP = re.compile(r"^<!-- docs-test: setup\n(?P<code>.*?)\n-->$", re.DOTALL | re.MULTILINE)
#: Info strings MkDocs (pymdownx.superfences) renders: ``lang``, ``lang title="…"`` or ``{.lang .class …}``.
_INFO = re.compile(r'^(?:[\w+-]*(?: (?:title|hl_lines|linenums)="[^"]*")*|\{(?: *[.#]?[\w-]+(?:="[^"]*")?)* *\})$')
RUN_AS_SCRIPT = frozenset({"python", "py"})
RUN_AS_DOCTEST = frozenset({"pycon"})


@attrs.frozen
class Block:
    """A fenced code block (or a hidden setup block) of a page."""

    page: Path
    line: int
    info: str
    code: str

    @property
    def classes(self) -> tuple[str, ...]:
        if self.info.startswith("{"):
            return tuple(token[1:] for token in self.info.strip("{} ").split() if token.startswith("."))
        return tuple(self.info.split()[:1])

    @property
    def language(self) -> str:
        return self.classes[0] if self.classes else ""

    @property
    def title(self) -> str | None:
        match = re.search(r'title="([^"]*)"', self.info)
        return match[1] if match else None

    @property
    def is_file(self) -> bool:
        return "file" in self.classes[1:] and bool(self.title)

    @property
    def runs(self) -> bool:
        return self.language in RUN_AS_SCRIPT | RUN_AS_DOCTEST and "no-run" not in self.classes

    @property
    def where(self) -> str:
        return f"{_shown(self.page)}:{self.line}"


def _shown(page: Path) -> str:
    return str(page.relative_to(ROOT)) if page.is_relative_to(ROOT) else str(page)


def blocks(page: Path) -> Iterator[Block]:
    """The page's fenced blocks and hidden setup blocks, in the order they appear."""
    text = page.read_text(encoding="utf-8")
    setups = {text.count("\n", 0, match.start()) + 1: match["code"] for match in _SETUP.finditer(text)}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if i + 1 in setups:
            yield Block(page, i + 1, "python", setups[i + 1])
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            closing = _FENCE.match(lines[j])
            if closing is not None and closing["fence"].startswith(fence) and not closing["info"]:
                break
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        else:
            raise AssertionError(f"{_shown(page)}:{i + 1}: the code block is never closed")
        yield Block(page, i + 1, opening["info"], "\n".join(body) + "\n")
        i = j + 1


def run_page(page: Path) -> int:
    """Run the page's blocks in order in one namespace; return how many ran."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    ran = 0
    for block in blocks(page):
        if block.is_file:
            Path(block.title or "").write_text(block.code, encoding="utf-8")
            continue
        if not block.runs:
            continue
        ran += 1
        if block.language in RUN_AS_DOCTEST:
            test = parser.get_doctest(block.code, namespace, block.where, str(block.page), block.line)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
            report: list[str] = []
            runner.run(test, out=report.append, clear_globs=False)
            namespace.update(test.globs)  # DocTest works on a copy of the namespace
            if runner.failures:
                raise AssertionError(f"{block.where}: the example's output differs\n" + "".join(report))
        else:
            # Leading blank lines keep the traceback's line numbers those of the page.
            exec(compile("\n" * block.line + block.code, str(block.page), "exec"), namespace)
    return ran


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(DOCS)) for page in PAGES])
def test_every_code_example_on_the_page_runs(page: Path, tmp_path: Path) -> None:
    # A fresh interpreter per page: nothing imported, nothing left over from another page.  The pages
    # show the messages a user sees by default, in Chinese, whatever the locale running the tests.
    env = {name: value for name, value in os.environ.items() if name != "LC_ALL"}
    result = subprocess.run(
        [sys.executable, __file__, str(page)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**env, "LC_MESSAGES": "zh_CN.UTF-8"},
    )
    assert result.returncode == 0, result.stderr[-5000:]


def test_the_docs_hold_runnable_examples_on_every_user_page() -> None:
    user_pages = [page for page in PAGES if page.parent == DOCS and page.name not in ("api.md", "cli.md")]
    without = [page.name for page in user_pages if not any(block.runs for block in blocks(page))]
    assert not without, f"pages without a runnable example: {without}"


def test_every_code_fence_is_written_so_that_mkdocs_renders_it() -> None:
    bad = [f"{block.where}: {block.info!r}" for page in PAGES for block in blocks(page) if not _INFO.match(block.info)]
    assert not bad, "fences MkDocs would show as text (use ```{.python .no-run} to skip a block):\n" + "\n".join(bad)


def test_the_block_parser_sees_fences_setups_files_and_no_run_marks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "\n".join(
            [
                "# t",
                "",
                "<!-- docs-test: setup",
                "x = 1",
                "-->",
                "",
                "```python",
                "y = x + 1",
                "```",
                "",
                '```{.python .no-run title="a.py"}',
                "raise SystemExit",
                "```",
                "",
                "!!! note",
                "",
                "    ```pycon",
                "    >>> y",
                "    2",
                "    ```",
                "",
                '```{.text .file title="a.txt"}',
                "A",
                "```",
                "",
                "```pycon",
                ">>> from pathlib import Path",
                '>>> Path("a.txt").read_text(encoding="utf-8")',
                "'A\\n'",
                "```",
                "",
            ]
        ),
        encoding="utf-8",
    )
    found = list(blocks(page))
    assert [(b.line, b.language, b.runs) for b in found] == [
        (3, "python", True),
        (7, "python", True),
        (11, "python", False),
        (17, "pycon", True),
        (22, "text", False),
        (26, "pycon", True),
    ]
    assert found[3].code == ">>> y\n2\n"
    assert found[4].is_file
    assert found[4].title == "a.txt"
    monkeypatch.chdir(tmp_path)
    assert run_page(page) == 4


def quickstart_commands() -> list[str]:
    """The README's two quickstart commands, found as .ci/run finds them."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").split("\n")
    commands = []
    for marker in ("<!-- quickstart:demo -->", "<!-- quickstart:test -->"):
        start = lines.index(marker)
        fence = next(i for i in range(start, len(lines)) if lines[i].startswith("```"))
        commands.append(lines[fence + 1])
    return commands


def test_the_quickstart_page_shows_the_readme_commands_exactly() -> None:
    page = (DOCS / "quickstart.md").read_text(encoding="utf-8")
    for command in quickstart_commands():
        assert f"\n{command}\n" in page, command


def test_the_cli_reference_has_the_help_of_every_command() -> None:
    from kepu_plan.cli import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions if action.dest == "command").choices
    assert commands, "kepu-plan has no subcommands"
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in commands if f"<!-- kepu-plan-help {name} -->" not in page]
    assert not missing, f"docs/cli.md lacks <!-- kepu-plan-help NAME --> for {missing}"


def test_the_cli_reference_shows_the_chinese_help_whatever_the_builders_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from _support import load_script

    hooks = load_script(ROOT / "scripts" / "docs_hooks.py", "docs_hooks")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    text = hooks.cli_help("check")
    assert "读取分工表，列出读取时所做的每一项解释" in text
    assert "Read a table" not in text
    assert (os.environ["LC_ALL"], os.environ["LC_MESSAGES"]) == ("en_US.UTF-8", "en_US.UTF-8")  # restored


def test_the_api_reference_names_everything_kepu_plan_exports() -> None:
    import kepu_plan as kp

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    missing = [name for name in kp.__all__ if f"`{name}`" not in page]
    assert not missing, f"docs/api.md does not mention {missing}"


def test_the_formats_page_lists_every_header_the_readers_know() -> None:
    from kepu_plan.layout import KNOWN_HEADERS

    page = (DOCS / "formats.md").read_text(encoding="utf-8")
    missing = [header for header in KNOWN_HEADERS if header.replace("\n", "/") not in page]
    assert not missing, f"docs/formats.md does not list the headers {missing}"


def test_the_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "api" / "index.html").exists()


if __name__ == "__main__":
    # ``python tests/test_docs.py PAGE``: run one page's examples in this (fresh) process and directory.
    run_page(Path(sys.argv[1]))
