"""Reading answers out of notebooks, never executing them.

``literals`` (a literal assigned in a code cell, parsed with :mod:`ast`),
``argument`` (the reconstruction format), ``widget_states`` (a pasted state,
read by the widget's own model), ``checksum`` (nbgrader's cell checksum).
May import :mod:`elysara.exercises.bank` only.
"""
