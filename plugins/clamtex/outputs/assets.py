"""Files the plugin adds to every build: the EU emblem in its two variants."""

from __future__ import annotations

from functools import lru_cache

from clamtex.outputs.emblem import emblem_svg
from clamtex.structure.views import EMBLEM_BORDERED_PATH, EMBLEM_PATH


@lru_cache(maxsize=1)
def generated_assets() -> tuple[tuple[str, str], ...]:
    """(site path, content) of each generated asset."""
    return (
        (EMBLEM_PATH, emblem_svg()),
        (EMBLEM_BORDERED_PATH, emblem_svg(bordered=True)),
    )
