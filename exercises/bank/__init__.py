"""The bank: exercise sets and calibrated samples as validated data.

``schema`` (pydantic models of sets, items and rubrics), ``loading``
(``load_bank()``: every set validated against the schema and the text),
``calibration`` (sample answers at each rubric level). Imports only
:mod:`elysara.text` and :mod:`elysara.widgets`; every other room imports this one.
"""
