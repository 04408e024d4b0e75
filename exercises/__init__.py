"""The exercise bank and the grader (imported as ``elysara.exercises``)."""
