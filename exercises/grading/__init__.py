"""Grading a class: collect, score, gather evidence, apply overrides, write outputs.

``collect`` (finding submissions in a folder and reading them safely), with
``layouts`` (whose notebook a file is, from the files: folders, nbgrader,
Canvas and Moodle downloads) and ``archives`` (zips, opened with guards),
``scoring`` (objective items, exactly), ``evidence`` (evidence for rubric
criteria and suggested levels), ``overrides`` (the instructor's levels),
``grader`` (one submission against the bank), ``run`` (a whole class to a
folder), and the outputs: ``gradebook`` (CSV), ``report`` (JSON) and
``feedback`` (HTML pages), ``lms`` (Canvas and Moodle import CSVs) and
``csvcells`` (CSV text no spreadsheet evaluates); ``hidden_tests`` is what
nbgrader's hidden tests call. May import ``bank``, ``answers`` and ``notebooks``.
"""

from elysara.exercises.grading.collect import collect
from elysara.exercises.grading.grader import grade, grade_submission
from elysara.exercises.grading.run import grade_to_folder

__all__ = ["collect", "grade", "grade_submission", "grade_to_folder"]
