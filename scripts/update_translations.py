"""Refresh the translation catalogues: core templates → lupdate → lrelease.

1. Lists every literal ``msg("...")`` template of the Qt-free core and the block
   catalogue's categories, summaries and parameter help in ``netbuilder/ui/core_catalog.py``
   (``QT_TRANSLATE_NOOP("core" / "blocks", ...)``), so that ``pyside6-lupdate`` sees them.
2. Runs ``pyside6-lupdate`` over ``netbuilder/ui`` into
   ``resources/translations/netbuilder_<lang>.ts`` (new texts are added unfinished, gone
   ones dropped; translations already there are kept).
3. Compiles each ``.ts`` to ``.qm`` with ``pyside6-lrelease``.

Usage::

    python scripts/update_translations.py          # all three steps
    python scripts/update_translations.py --check  # exit 1 when core_catalog.py is stale

Translate the ``.ts`` with Qt Linguist (``pyside6-linguist``) or a text editor, then run
the script again to compile.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "netbuilder" / "core"
TRAIN = ROOT / "netbuilder" / "train"
UI = ROOT / "netbuilder" / "ui"
CATALOG = UI / "core_catalog.py"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)

HEADER = '''"""The core's message templates, for ``pyside6-lupdate`` (generated, do not edit).

Made by ``scripts/update_translations.py`` from every literal ``msg("...")`` of
``netbuilder/core``; :func:`netbuilder.ui.core_text.tr_core` translates them.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

TEMPLATES = (
'''


def core_templates(folders: tuple[Path, ...] = (CORE, TRAIN)) -> list[str]:
    """Every literal template passed to ``msg`` in the core and the trainer, sorted and
    unique."""
    found: set[str] = set()
    for path in sorted(p for folder in folders for p in folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "msg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return sorted(found)


def block_texts() -> list[str]:
    """The block catalogue's categories, summaries and parameter help and the presets'
    descriptions, sorted and unique."""
    sys.path.insert(0, str(ROOT))
    from netbuilder.core.blocks import by_category
    from netbuilder.core.presets import PRESET_NAMES, preset_text

    found = {json.loads(preset_text(name)).get("description", "") for name in PRESET_NAMES}
    found.discard("")
    for category, blocks in by_category().items():
        found.add(category)
        for block in blocks:
            found.add(block.summary)
            found.update(param.help for param in block.schema if param.help)
    return sorted(found)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def catalog_text(templates: list[str], blocks: list[str]) -> str:
    """The source of ``core_catalog.py`` for the core's ``templates`` and block texts."""
    lines = [HEADER]
    for text in templates:
        lines.append(f'    QT_TRANSLATE_NOOP("core", {_literal(text)}),\n')
    lines.append(")\n\nBLOCK_TEXTS = (\n")
    for text in blocks:
        lines.append(f'    QT_TRANSLATE_NOOP("blocks", {_literal(text)}),\n')
    lines.append(")\n")
    return "".join(lines)


def _tool(name: str) -> str:
    """A PySide6 tool beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed: pip install PySide6.")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check core_catalog.py")
    args = parser.parse_args(argv)
    text = catalog_text(core_templates(), block_texts())
    current = CATALOG.read_text(encoding="utf-8") if CATALOG.exists() else ""
    if args.check:
        if current != text:
            print(f"{CATALOG.relative_to(ROOT)} is stale: run scripts/update_translations.py")
            return 1
        return 0
    if current != text:
        CATALOG.write_text(text, encoding="utf-8")
    sources = sorted(str(p.relative_to(ROOT)) for p in UI.rglob("*.py"))
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"netbuilder_{language}.ts"
        subprocess.run(
            [
                _tool("pyside6-lupdate"),
                *sources,
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                language,
                "-ts",
                str(ts.relative_to(ROOT)),
            ],
            cwd=ROOT,
            check=True,
        )
        subprocess.run(
            [_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
            cwd=ROOT,
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
