"""The ``{elysara-calibration}`` directive: calibrated sample answers on an instructor page.

````md
```{elysara-calibration}
```
````

renders, for every reflection item of the bank (or of one set, given as the
argument), the prompt, then each sample answer (strong, adequate, weak) with
the level each rubric criterion deserves beside the level the grader's
automatic evidence suggests (so graders see where to override), the points
that makes, and why.
The samples come from :mod:`elysara.exercises.bank.calibration`, validated on
every build, so a broken sample fails the build. Citations in a sample
(``[p4.2]``) become links to the sentence. The directive refuses to run in
the student build: sample answers to graded work are for instructors.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from elysara.text.citations import BRACKETED, split_bracketed

_CITATION = BRACKETED


def _markdown(text: str) -> str:
    # Citations become {passage} roles, so each links to its sentence.
    return _CITATION.sub(lambda m: "(" + ", ".join(f"{{passage}}`{pid}`" for pid in split_bracketed(m[1])) + ")", text.strip())


def _quote_block(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in _markdown(text).splitlines()]


class CalibrationDirective(SphinxDirective):
    """Render the calibrated samples of every reflection item (or one set's)."""

    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from elysara.exercises.bank.loading import BankError, DEFAULT_FOLDER as BANK_FOLDER
        from elysara.exercises.bank.calibration import CalibrationError, load_calibration, rubric_points
        from elysara.exercises.grading.evidence import gather, item_context

        if self.config.elysara_audience != "instructor":
            raise self.error("{elysara-calibration} shows sample answers to graded work: use it only on "
                             "instructor pages (built with `elysara book --audience instructor`)")
        try:
            calibration = load_calibration()
        except (BankError, CalibrationError) as error:
            raise self.error(str(error)) from None
        for path in [*BANK_FOLDER.glob("*.yml"), *calibration.files.values()]:
            self.env.note_dependency(str(path))
        set_filter = self.arguments[0] if self.arguments else None
        if set_filter is not None and set_filter not in calibration.bank.sets:
            raise self.error(f"no exercise set {set_filter!r}; valid sets are {', '.join(calibration.bank.sets)}")

        sections: list[nodes.Node] = []
        for item in calibration.items():
            exercise_set = calibration.bank.set_of(item.id)
            if set_filter is not None and exercise_set.id != set_filter:
                continue
            lines = ["**The prompt.**", "", *_quote_block(item.prompt), ""]
            if item.words is not None:
                limit = f"{item.words.min} to {item.words.max}" if item.words.max else f"at least {item.words.min}"
                lines += [f"Length asked for: {limit} words. The rubric is worth {item.rubric.total:g} points.", ""]
            for sample in calibration.samples[item.id]:
                points = rubric_points(item, sample)
                lines += [f"```{{rubric}} Sample at level {sample.level}: {points:g} of {item.rubric.total:g} points",
                          "```", "", *_quote_block(sample.answer), "",
                          "| Criterion | Level it deserves | Points | The grader suggests |",
                          "| --- | --- | --- | --- |"]
                for criterion in item.rubric.criteria:
                    level = criterion.level(sample.criteria[criterion.id])
                    context = item_context(item, sample.answer, state=sample.state, criterion=criterion)
                    suggested = gather(criterion.evidence, context).level
                    if suggested is None:
                        suggested = "none (for your reading)"
                    elif suggested != level.id:
                        suggested += " (override)"
                    lines.append(f"| {criterion.title} | {level.id} | {level.points:g} of {criterion.max_points:g} "
                                 f"| {suggested} |")
                lines += ["", f"**Why.** {_markdown(sample.why)}", ""]
            # One section per item (built here, not parsed from a heading, which
            # MyST does not allow inside a directive), so each item is in the page's toc.
            section = nodes.section(ids=[f"calibration-{item.id}"], classes=["elysara-calibration"])
            section += nodes.title(text=f"{exercise_set.title}: {item.id}")
            self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, section)
            sections.append(section)
        if not sections:
            return [nodes.paragraph(text="There are no reflection items in the exercise bank yet.")]
        return sections
