"""Which language an answer is written in, so an answer in Spanish is not scored down for its language.

Detection uses lingua (``lingua-language-detector``): its language models ship
inside the wheel, so it works offline, and it is accurate on short texts. It
is restricted to English and the languages a class here most often writes
in, which keeps it fast and avoids rare-language false alarms. Most answers
are plainly English (many English function words), and those never reach
the detector at all.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

__all__ = ["LANGUAGES", "detect_language"]

#: Languages the detector chooses among (ISO 639-1), English first.
LANGUAGES = ("en", "es", "fr", "de", "pt", "it")
#: Answers with fewer words than this are not judged (a one-line answer in quotes, say): short texts are
#: where detection errs.
MIN_WORDS = 15
_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian"}
_QUOTED = re.compile(r"[\"\u201c\u201e][^\"\u201c\u201d\u201e]{2,600}?[\"\u201d]")
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset("the and of to is that it in this not be would what but for with they she he i my we".split())


@cache
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    # Low accuracy mode reads trigrams only: its models load at once (the full models take over a second of
    # CPU per process) and it is reliable on texts of a few sentences, which is what answers are.
    return (LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_minimum_relative_distance(0.1)
            .with_low_accuracy_mode().build())


@lru_cache(maxsize=4096)
def detect_language(answer: str) -> str | None:
    """The name of the answer's language when it is *not* English (``"Spanish"``), else ``None``.

    Quotations are left out first (an answer in Spanish may quote the
    English text). Short answers and answers the detector is unsure of count
    as English: the grader then treats them as it always did.
    """
    own = _QUOTED.sub(" ", answer)
    words = [w.lower() for w in _WORD.findall(own)]
    if len(words) < MIN_WORDS:
        return None
    if sum(w in _ENGLISH for w in words) / len(words) >= 0.12:
        return None  # plainly English: no need to ask the detector
    language = _detector().detect_language_of(own)
    if language is None:
        return None
    code = language.iso_code_639_1.name.lower()
    return None if code == "en" else _NAMES.get(code, code)
