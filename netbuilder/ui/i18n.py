"""The UI's language: Qt Linguist translators chosen from the settings or the system locale.

Every user-visible string of the UI goes through Qt's translation: ``self.tr("...")`` in
QObject subclasses, :func:`translate` (``QCoreApplication.translate``) elsewhere, and
:data:`QT_TRANSLATE_NOOP` marks module-level strings translated where they are shown.
Placeholders are filled after translation (``translate("Ctx", "Batch size {n}").format(n=8)``).

The catalogues are ``resources/translations/netbuilder_<lang>.ts`` (sources, made by
``scripts/update_translations.py`` with ``pyside6-lupdate``) compiled to ``.qm`` with
``pyside6-lrelease``. Qt's own ``qtbase_<lang>.qm`` (standard buttons and dialogs) is loaded
from PySide6's translations folder when it ships one.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from netbuilder.ui.settings import settings

__all__ = [
    "LANGUAGES",
    "QT_TRANSLATE_NOOP",
    "current_language",
    "install_language",
    "resolve_language",
    "set_stored_language",
    "stored_language",
    "translate",
]

#: Language code → its name written in that language (View → Language).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
_SETTING = "language"
_installed: list[QTranslator] = []
_current = "en"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate``: ``text`` in the installed language.

    Parameters
    ----------
    context : str
        The catalogue context (the module or class that shows the text).
    text : str
        The English source text; ``{name}`` placeholders are filled afterwards.
    disambiguation : str, optional
        Tells apart equal source texts with different meanings.
    n : int
        Plural count (``%n``), -1 for none.
    """
    return QCoreApplication.translate(context, text, disambiguation, n)


def stored_language() -> str:
    """The language chosen in View → Language, or ``""`` when none was chosen."""
    value = settings().value(_SETTING, "")
    return value if value in LANGUAGES else ""


def set_stored_language(language: str) -> None:
    """Remember ``language`` (a key of :data:`LANGUAGES`) for the next start."""
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}: use one of {', '.join(LANGUAGES)}.")
    settings().setValue(_SETTING, language)


def resolve_language(choice: str = "", locale: QLocale | None = None) -> str:
    """The language to show: ``choice`` when it is known, else the system locale's
    (Chinese locales get ``zh_CN``, every other one English)."""
    if choice in LANGUAGES:
        return choice
    locale = locale if locale is not None else QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Chinese else "en"


def current_language() -> str:
    """The language whose translators are installed (``en`` when none)."""
    return _current


def catalogue_path(language: str) -> str:
    """The compiled catalogue ``netbuilder_<language>.qm`` (shipped in ``resources``)."""
    from netbuilder.ui.icons import resource_file  # icons import widgets that translate

    return str(resource_file("translations", f"netbuilder_{language}.qm"))


def install_language(language: str | None = None) -> str:
    """Install the translators of ``language`` (the stored or system one when None).

    Removes the translators installed before, so English needs none. Returns the language
    installed: ``en`` when the catalogue of ``language`` cannot be loaded.
    """
    global _current
    app = QCoreApplication.instance()
    language = resolve_language(stored_language() if language is None else language)
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    _current = "en"
    if language == "en" or app is None:
        return _current
    own = QTranslator(app)
    if not own.load(catalogue_path(language)):
        return _current
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_folder):  # standard buttons and dialogs
        app.installTranslator(qt)
        _installed.append(qt)
    app.installTranslator(own)
    _installed.append(own)
    _current = language
    return _current
