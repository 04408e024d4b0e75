"""The classroom: what a whole class did, for the instructor.

``summary`` (counts with small groups suppressed), ``dashboard`` (one
self-contained page), ``sample_class`` (a made-up class to try the tools on).
May import every room but ``commands``.
"""
