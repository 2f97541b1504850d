"""Import an existing ``nn.Module`` onto the canvas (see :mod:`netbuilder.core.importing`)."""

from __future__ import annotations

from netbuilder.core.importing import (
    Imported,
    ImportModelError,
    import_model,
    import_module,
    load_class,
)

__all__ = ["ImportModelError", "Imported", "import_model", "import_module", "load_class"]
