"""The book's own data, on the book side of the project: annotations, glossary terms, bibliography keys.

``annotations`` (the notes on the text, validated against it, the glossary
and the bibliography) and ``references`` (glossary terms and bib keys, read
from the book's sources or from the copies packaged at build time).
:mod:`elysara.text` knows only the text; this package builds on it.
"""
