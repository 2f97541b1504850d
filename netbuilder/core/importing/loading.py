"""Run ``FILE.py`` (the user's own code, as ``python FILE.py`` would) and take a class."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from netbuilder.core.importing.errors import ImportModelError


def load_class(spec: str) -> type:
    """The class named in ``FILE.py:ClassName`` (the file is run like ``python FILE.py``)."""
    path_text, sep, class_name = spec.rpartition(":")
    if not sep or not path_text or not class_name:
        raise ImportModelError(f"'{spec}' is not FILE.py:ClassName.")
    path = Path(path_text)
    if not path.is_file():
        raise ImportModelError(f"There is no file {path}.")
    name = f"netbuilder_import_{abs(hash(path.resolve()))}"
    loader_spec = importlib.util.spec_from_file_location(name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise ImportModelError(f"{path} is not a Python file.")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[name] = module
    try:
        loader_spec.loader.exec_module(module)
    except Exception as exc:  # the user's code may raise anything
        raise ImportModelError(f"Running {path.name} failed: {type(exc).__name__}: {exc}") from None
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type):
        raise ImportModelError(f"{path.name} has no class {class_name}.")
    return cls
