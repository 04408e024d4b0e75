"""Reading answers out of notebooks, never executing them.

``literals`` (a literal assigned in a code cell, parsed with :mod:`ast`),
``argument`` (the reconstruction format), ``widget_states`` (a pasted state,
read by the widget's own model), ``checksum`` (nbgrader's cell checksum).
May import :mod:`elysara.exercises.bank` only.
"""

from elysara.exercises.answers.reader import Answer, StateRead, index_cells, read_answer, read_answers, read_state

__all__ = ["Answer", "StateRead", "index_cells", "read_answer", "read_answers", "read_state"]
