"""A griffe extension for the API reference (docs/api.md): kepu_plan's docstrings as Markdown.

The docstrings are written for reading in the source and in ``help()``, with a few reStructuredText
habits that Markdown renders badly.  This extension rewrites each docstring before mkdocstrings
renders it:

- Sphinx roles (``:class:`~kepu_plan.errors.InvalidPlan```, ``:func:`adapt```, ``:attr:`Plan.units
  <kepu_plan.model.Plan.units>```) become cross-references when they name a kepu_plan object
  (relative names are looked up in the object's class and module), and plain code otherwise
  (``difflib.SequenceMatcher``, private names such as ``kepu_plan._limits.Limits``);
- doctest examples (``>>>`` lines and their output) become ``pycon`` code blocks instead of
  Markdown quotes;
- a paragraph ending in ``::`` (a reStructuredText literal block follows) ends in ``:``.

Loaded by mkdocs.yml (``plugins.mkdocstrings.handlers.python.options.extensions``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

#: ``:role:`text``` or ``:role:`title <target>```.
_ROLE = re.compile(r":(?:py:)?(?P<role>class|func|meth|attr|data|mod|exc|obj|const):`(?P<body>[^`]+)`")
_TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


def _lookup(obj: griffe.Object, name: str) -> str | None:
    """The full path of ``name`` as seen from ``obj`` (its class, its parents, its module), if any."""
    if name.startswith("kepu_plan.") or name == "kepu_plan":
        return name
    head = name.split(".")[0]
    scope: griffe.Object | None = obj
    while scope is not None:
        member = scope.members.get(head)
        if member is not None:
            if member.is_alias and not member.target_path.startswith("kepu_plan"):  # type: ignore[union-attr]
                return None  # an imported name: attrs.evolve, difflib.SequenceMatcher
            return f"{scope.path}.{name}"
        scope = scope.parent
    return None


def _roles(obj: griffe.Object, text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        body = match["body"].strip()
        titled = _TITLED.match(body)
        if titled is not None:
            title, target = titled["title"], titled["target"]
        else:
            target = body.lstrip("~")
            title = target.rsplit(".", 1)[-1] if body.startswith("~") else target
        path = _lookup(obj, target)
        if path is None or any(part.startswith("_") for part in path.split(".")):
            return f"`{title}`"  # not kepu_plan's, or private: not in the reference, so no link
        return f"[`{title}`][{path}]"

    return _ROLE.sub(replace, text)


def _doctests(text: str) -> str:
    """Fence every run of doctest lines (``>>>``, ``...`` and the output up to a blank line)."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    fenced = False
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block: list[str] = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i].lstrip())
                i += 1
            out.extend([f"{indent}```pycon", *(indent + b for b in block), f"{indent}```"])
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _literal_blocks(text: str) -> str:
    return re.sub(r"(?<=\S)::\n", ":\n", text)


class RstToMarkdown(griffe.Extension):
    """Rewrite every docstring of the loaded package for Markdown rendering.

    The rewriting waits until the whole package is loaded, so that a docstring can name an object
    defined further down its module.
    """

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._rewrite(pkg, set())

    on_package_loaded = on_package  # the hook's name before griffe 2

    def _rewrite(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            value = obj.docstring.value
            value = _doctests(value)
            value = _literal_blocks(value)
            value = _roles(obj, value)
            obj.docstring.value = value
        for member in obj.members.values():
            if not member.is_alias:
                self._rewrite(member, seen)  # type: ignore[arg-type]
