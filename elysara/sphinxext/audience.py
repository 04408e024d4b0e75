"""Who a build is for: ``student`` (the default) or ``instructor``.

The audience is one config value, ``elysara_audience``. It is also added as
a Sphinx tag, so a page can keep instructor-only material in
``{only} instructor`` blocks, and code can read ``app.config.elysara_audience``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

AUDIENCES = ("student", "instructor")


def add_audience_tag(app: Sphinx, config: Config) -> None:
    """Validate ``elysara_audience`` and expose it as a tag."""
    audience = config.elysara_audience
    if audience not in AUDIENCES:
        raise ConfigError(f"elysara_audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    app.tags.add(audience)
