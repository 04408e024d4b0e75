"""How fast the grader can check students' quotations (elysara.text.quotation).

A class of 30 students with ~10 quotations each means ~300 look-ups, and a
miss costs one more (the "did you mean" suggestion); both must feel instant.
"""

from __future__ import annotations

import time

from elysara.text import closest_quotation, find_quotation, load_text

QUOTES = [
    "Choose peace.",
    "Would I still be me without them?",
    "ever seen -- an endless sprawl",
    "the allure of a life with no pain tugs at me",  # a misquotation
    "at the city's heart",
]


def per_call(function, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for quote in QUOTES:
            function(quote)
    return (time.perf_counter() - start) / (repeat * len(QUOTES))


if __name__ == "__main__":
    load_text()
    find_quotation("warm up the cache")
    print(f"find_quotation: {per_call(find_quotation, 200) * 1e6:.0f} us (target: 500 us)")
    print(f"closest_quotation: {per_call(closest_quotation, 20) * 1e3:.1f} ms (target: 20 ms)")
