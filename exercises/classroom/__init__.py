"""The classroom: what a whole class did, for the instructor.

``summary`` (counts with small groups suppressed), ``dashboard`` (one
self-contained page), ``sample_class`` (a made-up class to try the tools on).
May import every room but ``commands``.
"""

from elysara.exercises.classroom.dashboard import write_dashboard
from elysara.exercises.classroom.sample_class import write_sample_class
from elysara.exercises.classroom.summary import summarize

__all__ = ["summarize", "write_dashboard", "write_sample_class"]
