"""The message catalogs: ``python scripts/i18n.py extract`` then ``compile``.

- ``extract`` finds every message marked in ``src/kepu_plan`` (the first argument of ``_(…)``,
  ``N_(…)`` or ``Text(…)`` when it is a literal string) and brings each language's ``.po`` file up to
  date: new messages are added (the English one filled with the source text, the Chinese one empty,
  for a person to translate), messages no longer in the source are dropped, translations kept.
- ``compile`` writes the ``.mo`` file beside each ``.po`` (Babel); the package ships both.

``tests/test_i18n.py`` fails when a message lacks a translation or a ``.mo`` is older than its ``.po``.
"""

from __future__ import annotations

import ast
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "kepu_plan"
LOCALE = SRC / "locale"
LANGUAGES = ("zh", "en")
MARKERS = frozenset({"_", "N_", "Text"})
HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
    # Fixed dates: without them Babel stamps the compiled catalog with the time, and it never matches.
    '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n\n'
)


def marked_messages(root: Path = SRC) -> dict[str, list[str]]:
    """Every marked message in the package's sources, with the places it is used, in source order."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            first = node.args[0]
            if name in MARKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                places = found.setdefault(first.value, [])
                place = str(path.relative_to(root.parent))
                if place not in places:
                    places.append(place)
    return dict(sorted(found.items(), key=lambda item: item[1][0]))


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "kepu_plan.po"


def read_po(path: Path) -> dict[str, str]:
    """The translations of a ``.po`` file (header excluded)."""
    from babel.messages import pofile

    with path.open("rb") as stream:
        catalog = pofile.read_po(stream)
    return {str(message.id): str(message.string or "") for message in catalog if message.id}


def _quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{body}"'


def write_po(path: Path, lang: str, messages: dict[str, list[str]], translations: dict[str, str]) -> None:
    lines = [HEADER.format(lang=lang)]
    for message, places in messages.items():
        lines.append("".join(f"#: {place}\n" for place in places))
        lines.append(f"msgid {_quote(message)}\nmsgstr {_quote(translations.get(message, ''))}\n\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def extract() -> None:
    messages = marked_messages()
    for lang in LANGUAGES:
        path = po_path(lang)
        known = read_po(path) if path.exists() else {}
        if lang == "en":
            known = {message: known.get(message) or message for message in messages}
        write_po(path, lang, messages, known)
        missing = [message for message in messages if not known.get(message)]
        print(f"{path.relative_to(ROOT)}: {len(messages)} messages, {len(missing)} untranslated")


def compiled(path: Path) -> bytes:
    """The ``.mo`` form of a ``.po`` file."""
    from babel.messages import mofile, pofile

    with path.open("rb") as stream:
        catalog = pofile.read_po(stream)
    out = io.BytesIO()
    mofile.write_mo(out, catalog)
    return out.getvalue()


def compile_all() -> None:
    for lang in LANGUAGES:
        path = po_path(lang)
        path.with_suffix(".mo").write_bytes(compiled(path))
        print(f"{path.with_suffix('.mo').relative_to(ROOT)} written")


if __name__ == "__main__":
    commands = {"extract": extract, "compile": compile_all}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit("usage: python scripts/i18n.py extract|compile")
    commands[sys.argv[1]]()
