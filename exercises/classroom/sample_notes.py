"""Made-up notes files for the sample class (``elysara sample-class --notes``).

Each made-up student annotates the text as a class might: a handful of notes,
more of them on a few sentences that invite discussion, some tagged, some too
short, now and then a note whose quotation was changed by hand (the grader
must report it, not move it), a note with markup in it, and one file in every
twenty that is not JSON at all. The selected words always come from
:mod:`elysara.text`; the notes' own words are generic, made-up commentary.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from elysara.atomic import write_text
from elysara.exercises.answers.web_annotations import FILE_NAME, anchor_for_span, make_annotation, make_collection
from elysara.exercises.bank.schema import NOTE_TAGS
from elysara.text import load_text

__all__ = ["write_sample_notes"]

#: Sentences a class tends to stop at (chosen more often): the offer, the cost, the choice.
FAVOURITES = ("p4.2", "p4.5", "p5.4", "p6.4", "p7.4", "p8.3")
_OPENINGS = (
    "These words make me ask", "Here the narrator seems to wonder", "I connect this with the essay on autonomy:",
    "This is where I would object:", "My first reaction is unease, because",
)
_ENDINGS = (
    "whether a peace nobody chose can still be called peace.",
    "what would be lost if the pain were simply taken away.",
    "how memory and identity hang together for the dreamer.",
    "why the city needs the wanderer's consent at all.",
    "if the calm of the citizens is contentment or emptiness.",
)


def _note(rng: random.Random, sentence_id: str) -> dict:
    text = load_text()
    sentence = text.passage(sentence_id)
    words = sentence.text.split()
    first = rng.randrange(len(words))
    last = min(len(words), first + rng.randint(2, 8))
    start = sentence.offset + len(" ".join(words[:first])) + (1 if first else 0)
    end = sentence.offset + len(" ".join(words[:last]))
    body = f"{rng.choice(_OPENINGS)} {rng.choice(_ENDINGS)}"
    if rng.random() < 0.15:
        body = "Interesting."  # too short to count
    tag = rng.choice((*NOTE_TAGS, None, None))
    return make_annotation(anchor_for_span(sentence.paragraph_id, start, end), body, tag,
                           annotation_id=f"urn:uuid:{_uuid(rng)}")


def _uuid(rng: random.Random) -> str:
    hex_ = f"{rng.getrandbits(128):032x}"
    return f"{hex_[:8]}-{hex_[8:12]}-4{hex_[13:16]}-a{hex_[17:20]}-{hex_[20:]}"


def write_sample_notes(root: Path, students: int, *, seed: int = 20261126) -> list[Path]:
    """Write ``root/student-NNN/elysara-notes.json`` for every student; return the paths."""
    rng = random.Random(seed + 17)
    sentences = [s.id for s in load_text().sentences]
    paths = []
    for n in range(students):
        path = Path(root) / f"student-{n:03d}" / FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        if n % 20 == 19:
            write_text(path, '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationColl')
            paths.append(path)
            continue
        chosen = [rng.choice(FAVOURITES) if rng.random() < 0.45 else rng.choice(sentences)
                  for _ in range(rng.randint(3, 12))]
        notes = [_note(rng, sid) for sid in chosen]
        if notes and rng.random() < 0.1:
            notes[0]["target"]["selector"][0]["exact"] += " and more"  # changed by hand: not in the text
        if notes and rng.random() < 0.05:
            notes[-1]["body"][0]["value"] = "<b>Bold</b> claim: " + notes[-1]["body"][0]["value"]
        collection = make_collection(notes, collection_id=f"urn:uuid:{_uuid(rng)}")
        write_text(path, json.dumps(collection, indent=2, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
