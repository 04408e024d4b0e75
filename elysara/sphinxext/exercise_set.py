"""The ``{exercise-set}`` directive: one exercise set on a page, from the bank.

````md
```{exercise-set} reading
```
````

renders the set's intro, a link to download its student notebook, and every
item: prompt, cited passages (linked to the text), options or steps,
points, and for written answers the rubric criteria with their
student-facing explanations. Keys, explanations, model answers and grader
notes appear only when ``elysara_audience == "instructor"``.

The notebooks are generated once per build, on ``builder-inited``, by the
same code as ``elysara release`` (:func:`elysara.exercises.notebooks.build.build_notebook`)
into a folder added to ``html_static_path``, so the site links to
``_static/notebooks/<set-id>.ipynb`` and the link works offline. Solution
notebooks are generated only for the instructor build.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

#: Where notebooks land in the built site, under ``_static``.
# Not "exercises": _config.yml excludes that name, and Sphinx applies
# exclude_patterns to static files too.
NOTEBOOK_DIR = "notebooks"
SOLUTIONS_DIR = "notebooks/solutions"


#: How to open a downloaded notebook, on every exercise page: a site reader has no README.
OPEN_NOTEBOOK_HTML = (
    '<details class="elysara-open-notebook" open><summary>How to open the notebook</summary>'
    "<p>The notebook is a file (<code>.ipynb</code>). Open it in any Jupyter notebook program; its first "
    "cell needs this course's Python package, <code>elysara-courseware</code>, installed where the notebook runs "
    "(your teacher tells you where to get it).</p><ul>"
    "<li><strong>JupyterLab on your computer.</strong> With Python installed, run "
    "<code>pip install jupyterlab</code> and install the course package, then <code>jupyter lab</code>; "
    "in JupyterLab's file browser, open the downloaded file.</li>"
    "<li><strong>Your school's hub</strong> (JupyterHub). Sign in, click <em>Upload</em> in the file browser "
    "and choose the downloaded file, then open it. Your school installs the course package on the hub once.</li>"
    "<li><strong>Another notebook service.</strong> Upload the file the same way. If the first cell says the "
    "package is missing, install it there as your teacher explains; you can still write your answers and "
    "download the file again.</li>"
    "</ul><p>In every case: run the first cell, answer under each question, <strong>save</strong>, then run the "
    "last cell, <code>check()</code>, which lists any answer it cannot read.</p></details>"
)


def notebook_url(set_id: str, *, solutions: bool = False) -> str:
    """The site-relative URL of a set's notebook."""
    folder = SOLUTIONS_DIR if solutions else NOTEBOOK_DIR
    return f"_static/{folder}/{set_id}.ipynb"


def _load_bank():
    from elysara.exercises.bank.loading import BankError, load_bank

    try:
        return load_bank()
    except BankError as error:
        raise ExtensionError(str(error)) from None


def write_notebooks(app: Sphinx) -> None:
    """Generate every set's notebook into a static folder of this build."""
    from elysara.exercises.notebooks.release import release_notebooks

    bank = _load_bank()
    static_root = Path(app.doctreedir) / "elysara-exercise-notebooks"
    release_notebooks(static_root / NOTEBOOK_DIR, bank=bank)
    solutions = static_root / SOLUTIONS_DIR
    if app.config.elysara_audience == "instructor":
        release_notebooks(solutions, solutions=True, bank=bank)
    else:
        # A student build must never ship keys, even left over from an instructor build here.
        for folder in (solutions, Path(app.outdir) / "_static" / SOLUTIONS_DIR):
            for stale in folder.glob("*.ipynb"):
                stale.unlink()
    if str(static_root) not in app.config.html_static_path:
        app.config.html_static_path.append(str(static_root))


def _cell(text: str) -> str:
    # Text inside a Markdown table cell: one line, no column breaks.
    return " ".join(text.split()).replace("|", "\\|")


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()]


class ExerciseSetDirective(SphinxDirective):
    """Render one exercise set of the bank, by id."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from elysara.exercises.bank.loading import DEFAULT_FOLDER

        bank = _load_bank()
        set_id = self.arguments[0]
        if set_id not in bank.sets:
            raise self.error(f"no exercise set {set_id!r}; valid sets are {', '.join(bank.sets)}")
        exercise_set = bank.sets[set_id]
        self.env.note_dependency(str(bank.files.get(set_id, DEFAULT_FOLDER)))
        instructor = self.config.elysara_audience == "instructor"

        intro = nodes.container(classes=["elysara-exercise-set"], ids=[f"exercise-set-{set_id}"])
        # Quotations of the text are verbatim: no smart quotes in the set's nodes.
        intro["support_smartquotes"] = False
        self._parse(exercise_set.intro.strip().splitlines() + [""], intro)
        intro += self._download_links(exercise_set, instructor)
        # One section per item (built here: MyST allows no headings inside a
        # directive), so each question is in the page's table of contents.
        sections = [self._item_section(item, number, instructor) for number, item in enumerate(exercise_set.items, start=1)]
        return [intro, *sections]

    def _parse(self, lines: list[str], parent: nodes.Element) -> None:
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, parent)

    def _href(self, url: str) -> str:
        return posixpath.relpath(url, posixpath.dirname(self.env.docname) or ".")

    def _download_links(self, exercise_set, instructor: bool) -> nodes.Node:
        from elysara.exercises.notebooks.build import format_points

        student = self._href(notebook_url(exercise_set.id))
        html = (
            f'<p class="elysara-notebook-download"><a class="elysara-download" href="{student}" '
            f'download="{exercise_set.id}.ipynb">Download the notebook ({exercise_set.id}.ipynb)</a> '
            f'· {len(exercise_set.items)} questions, {format_points(exercise_set.max_points)}</p>'
        )
        html += OPEN_NOTEBOOK_HTML
        if instructor:
            solutions = self._href(notebook_url(exercise_set.id, solutions=True))
            html += (
                f'<p class="elysara-notebook-download"><a class="elysara-download" href="{solutions}" '
                f'download="{exercise_set.id}-solutions.ipynb">Download the solution notebook</a> (instructors only)</p>'
            )
        return nodes.raw("", html, format="html")

    def _item_section(self, item, number: int, instructor: bool) -> nodes.section:
        from elysara.exercises.notebooks.build import TYPE_LABELS, answer_format, format_points
        from elysara.text import load_text

        text = load_text()
        section = nodes.section(ids=[f"item-{item.id}"], classes=["elysara-exercise", f"elysara-{item.type.replace('_', '-')}"])
        section["support_smartquotes"] = False
        section += nodes.title(text=f"{number}. {TYPE_LABELS[item.type]} ({format_points(item.max_points)})")
        lines = [item.prompt.strip(), ""]
        if item.cites:
            quoted = [f"> {{passage}}`{passage_id}` {text.passage(passage_id).text}" for passage_id in item.cites]
            lines += [*"\n>\n".join(quoted).splitlines(), ""]
        if hasattr(item, "options"):
            lines += [f"- **{key}**: {value}" for key, value in item.options.items()] + [""]
        if hasattr(item, "steps"):
            lines += [f"{index}. {step}" for index, step in enumerate(item.steps, start=1)] + [""]
        if item.uses_widget:
            from elysara.exercises.notebooks.build import WIDGET_STATE_HOWTO

            lines += [f"*Uses a widget.* {WIDGET_STATE_HOWTO[item.uses_widget]} into the `{item.state_variable}` cell of the notebook.", ""]
        if item.prose:
            if item.words is not None:
                limit = f"{item.words.min}–{item.words.max}" if item.words.max else f"at least {item.words.min}"
                lines += [f"*Length: {limit} words.*", ""]
            lines += self._rubric_table(item, instructor)
        lines += [f"*In the notebook:* {answer_format(item)}", ""]
        if instructor:
            lines += self._key(item)
        self._parse(lines, section)
        return section

    def _rubric_table(self, item, instructor: bool) -> list[str]:
        from elysara.exercises.bank.schema import ArgumentReconstructionItem

        header = "| Criterion | Points | What is looked for |" + (" Grader's note |" if instructor else "")
        rule = "| --- | --- | --- |" + (" --- |" if instructor else "")
        rows = ["**How it is marked**", "", header, rule]
        if isinstance(item, ArgumentReconstructionItem):
            row = f"| Structure | {item.points:g} | Premises, a conclusion, and citations of passages that exist. |"
            rows.append(row + (" Automatic: the reconstruction parses. |" if instructor else ""))
        for criterion in item.rubric.criteria:
            row = f"| {_cell(criterion.title)} | {criterion.max_points:g} | {_cell(criterion.explanation)} |"
            if instructor:
                row += f" {_cell(criterion.grader_note)} |"
            rows.append(row)
        rows.append("")
        if instructor:
            rows += ["**Levels** (for graders)", ""]
            for criterion in item.rubric.criteria:
                levels = " ".join(f"*{level.id}* ({level.points:g}): {level.description}" for level in criterion.levels)
                rows.append(f"- **{criterion.title}.** {levels}")
            rows.append("")
        return rows

    def _key(self, item) -> list[str]:
        from elysara.exercises.notebooks.build import objective_key

        lines = ["```{admonition} Key (instructors only)", ":class: elysara-key", ""]
        if not item.prose:
            lines += [f"**Answer:** `{json.dumps(objective_key(item), ensure_ascii=False)}`", ""]
        if item.explanation:
            lines += [item.explanation.strip(), ""]
        if item.prose:
            lines += ["**Model answer:**", "", *_quote(item.model_answer), ""]
        if item.model_state is not None:
            lines += [f"**Model `{item.state_variable}`:** `{json.dumps(item.model_state)}`", ""]
        lines += ["```", ""]
        return lines
