"""Elysara Courseware: a philosophy case study built on one short text.

Sub-packages: :mod:`elysara.text` (the text and its passages),
:mod:`elysara.widgets` (interactive models and views) and
:mod:`elysara.exercises` (the exercise bank and the grader).
"""

__version__ = "0.1.0"
