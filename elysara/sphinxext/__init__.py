"""The book's own Sphinx extension.

Everything the extension adds is registered here, in one ``setup()``; each
submodule holds one Sphinx concept (the text and its annotations, the
passage role, the exercise sets, calibrated samples, the audience switch,
the site's assets) and only defines what ``setup()`` registers.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from elysara import __version__
from elysara.sphinxext import (annotations, assets, audience, bibstyle, calibration, exercise_set, icon_font, my_notes,
                               passage_role, reading, theme_css)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the project's config values, directives, roles, hooks and assets."""
    # Who the build is for; instructor-only material needs "instructor".
    app.add_config_value("elysara_audience", "student", "env", types=[str])
    app.connect("config-inited", audience.add_audience_tag)

    # The text, its annotations (validated once per build) and passage citations.
    app.add_config_value("elysara_annotations", "book/annotations", "env", types=[str])
    app.add_config_value("elysara_glossary_page", "book/glossary.md", "env", types=[str])
    app.connect("builder-inited", annotations.load_for_build)
    app.add_directive("elysara-text", reading.TextDirective)
    app.add_role("passage", passage_role.passage_role)
    app.add_directive("elysara-my-notes", my_notes.MyNotesDirective)  # students' own notes (issue #17)
    # Bibliography labels in the in-text form ("Nozick, 1974"): bibtex_default_style "elysara".
    bibstyle.register()

    # Exercise sets (pages plus their downloadable notebooks) and calibrated samples.
    app.add_directive("exercise-set", exercise_set.ExerciseSetDirective)
    app.connect("builder-inited", exercise_set.write_notebooks)
    app.add_directive("elysara-calibration", calibration.CalibrationDirective)

    # The site's own assets: served locally, added only to pages that use them.
    app.connect("config-inited", assets.use_local_scripts)
    app.connect("builder-inited", assets.check_vendor_files)
    app.connect("builder-inited", assets.add_static_path)
    app.add_css_file("site.css", priority=900)
    app.add_css_file("print.css", priority=900, media="print")
    # After the theme's own handlers (priority 501), which fill the header buttons.
    app.connect("html-page-context", assets.tidy_page_assets, priority=900)
    app.connect("html-page-context", assets.add_page_assets)
    app.connect("build-finished", assets.copy_vendor_files)
    app.connect("build-finished", assets.defer_page_scripts)
    # The theme's stylesheet and icon fonts cut to what the site uses (a phone's first paint waited for them).
    app.connect("build-finished", theme_css.trim_theme_stylesheet)
    app.connect("build-finished", icon_font.subset_icon_fonts)  # reads the cut stylesheet
    # Projector mode (?projector=1) on every page: two tiny files, so no per-page logic. The
    # mode's class is set by a one-line inline script before the first paint; the rest is deferred.
    app.add_js_file(None, body=assets.PROJECTOR_EARLY)
    app.add_js_file("projector.js", defer="defer")
    app.add_css_file("projector.css")

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
