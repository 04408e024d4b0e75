"""The bank: exercise sets and calibrated samples as validated data.

``schema`` (pydantic models of sets, items and rubrics), ``loading``
(``load_bank()``: every set validated against the schema and the text),
``calibration`` (sample answers at each rubric level). Imports only
:mod:`elysara.text` and :mod:`elysara.widgets`; every other room imports this one.
"""

from elysara.exercises.bank.loading import DEFAULT_FOLDER, SET_ORDER, Bank, BankError, Problem, load_bank

__all__ = ["Bank", "BankError", "DEFAULT_FOLDER", "Problem", "SET_ORDER", "load_bank"]
