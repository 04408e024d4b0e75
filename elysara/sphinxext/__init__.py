"""The book's own Sphinx extension.

Everything the extension adds is registered here, in one ``setup()``; each
submodule holds one Sphinx concept (a directive, its nodes, its assets).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from elysara import __version__
from elysara.sphinxext import annotations, assets, audience, passage_role, reading
from elysara.sphinxext import calibration
from elysara.sphinxext import exercise_set


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the project's directives, nodes, config values and assets."""
    app.add_config_value("elysara_audience", "student", "env", types=[str])
    app.connect("config-inited", audience.add_audience_tag)
    app.add_directive("elysara-text", reading.TextDirective)
    annotations.setup_annotations(app)
    app.add_role("passage", passage_role.passage_role)
    assets.setup_assets(app)
    app.add_directive("elysara-calibration", calibration.CalibrationDirective)
    exercise_set.setup_exercise_sets(app)
    # Projector mode (?projector=1) on every page: two tiny files, so no per-page logic.
    app.add_js_file("projector.js")
    app.add_css_file("projector.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
