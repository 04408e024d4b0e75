"""The exercise bank, its notebooks, the grader and the classroom (imported as ``elysara.exercises``).

The package is arranged in rooms, one job each; imports point one way, from
the top of this list to the bottom (a room may import the rooms above it,
never those below):

``bank``
    The exercises as data: the schema, loading and validating the sets
    (``exercises/sets/*.yml``) and the calibrated sample answers
    (``exercises/calibration_samples/*.yml``).
``answers``
    The notebook contract and reading it: where each answer sits in a
    notebook, nbgrader's checksum, parsing literals (never executing),
    the argument-reconstruction format, widget states, and the one reader of
    an answer that ``check()``, the grader and the classroom all call.
``notebooks``
    Building, releasing and checking notebooks: the student and solution
    notebooks, ``elysara release``, and ``check()`` run inside a notebook.
``grading``
    Collecting submissions, scoring objective items, gathering evidence for
    rubric criteria, applying overrides, and writing the outputs (gradebook,
    items, report, feedback pages from templates).
``classroom``
    What a class did: the class summary, the dashboard (from templates),
    and the made-up sample class.
``commands``
    The command-line glue (click), one module per ``elysara`` subcommand; no
    logic of its own.

``elysara.exercises.check`` is the import path the released notebooks' setup
cell uses; it stays stable whatever moves inside. The public import API is
listed in ``exercises/README.md``.
"""
