"""The Tension Test's cases and rules as validated data (``tension_cases.yml``).

The schema is pydantic; every cross-reference (a rule's cases and answers,
passage ids, book pages, citation keys) is checked when the file loads, and
a mistake raises :class:`TensionDataError` naming the file, the item and the
valid choices.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from elysara.text import load_text

DATA_FILE = Path(__file__).with_name("tension_cases.yml")

#: Pages of the book a case or rule may link to, with the link text.
PAGES: dict[str, str] = {
    "/book/reading": "The text",
    "/book/essays/reading-guide": "Reading guide",
    "/book/essays/peace-versus-autonomy": "Peace versus autonomy",
    "/book/essays/suffering-and-meaning": "Suffering and meaning",
    "/book/essays/identity-and-memory": "Identity and memory",
    "/book/essays/consent-and-manipulation": "Consent and manipulation",
    "/book/essays/utopia-and-its-critics": "Utopia and its critics",
    "/book/widgets/scales": "The Scales",
    "/book/widgets/nexus": "The Nexus",
    "/book/widgets/tension-test": "The Tension Test",
    "/book/widgets/reversal": "The Reversal",
}

#: Bibliography keys of the book (book/references.bib) a case may name as its source.
SOURCES: dict[str, str] = {
    "nozick1974": "Nozick, Anarchy, State, and Utopia (1974)",
    "leguin1973": "Le Guin, \"The Ones Who Walk Away from Omelas\" (1973)",
    "huxley1932": "Huxley, Brave New World (1932)",
    "debrigard2010": "De Brigard, \"If you like it, does it matter if it's real?\" (2010)",
    "weijers2014": "Weijers, \"Nozick's experience machine is dead, long live the experience machine!\" (2014)",
    "mill1863": "Mill, Utilitarianism (1863)",
}

_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class TensionDataError(ValueError):
    """The cases file is malformed: the message names the file, the item and the valid choices."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerSpec(_Strict):
    id: str = Field(pattern=_ID)
    label: str


class DifferenceSpec(_Strict):
    id: str = Field(pattern=_ID)
    label: str


#: The differences every tension must offer: "none" (the only one that makes it a hit)
#: and "own" (the student's own words).
REQUIRED_DIFFERENCES = ("none", "own")


class CaseSpec(_Strict):
    id: str = Field(pattern=_ID)
    title: str
    prompt: str
    source: str | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    passages: list[str] = Field(default_factory=list)


class RuleSpec(_Strict):
    id: str = Field(pattern=_ID)
    kind: Literal["tension", "bullet"]
    title: str
    commitment: str | None = None  # bullets only: exactly what the answers commit the student to
    when: dict[str, str | list[str]] = Field(min_length=1)
    explanation: str
    passages: list[str] = Field(default_factory=list)
    pages: list[str] = Field(default_factory=list)
    example: dict[str, str]
    contrast: dict[str, str]


class TensionBank(_Strict):
    answers: list[AnswerSpec] = Field(min_length=2)
    differences: list[DifferenceSpec] = Field(min_length=2)
    cases: list[CaseSpec] = Field(min_length=1)
    rules: list[RuleSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_references(self) -> TensionBank:
        answer_ids = [a.id for a in self.answers]
        case_ids = [c.id for c in self.cases]
        passage_ids = set(load_text().passage_ids)
        _unique("answers", answer_ids)
        _unique("cases", case_ids)
        _unique("rules", [r.id for r in self.rules])
        _unique("differences", [d.id for d in self.differences])
        missing_differences = [d for d in REQUIRED_DIFFERENCES if d not in {x.id for x in self.differences}]
        if missing_differences:
            raise ValueError(f"differences: must include {missing_differences} (the hit and the student's own words)")
        for case in self.cases:
            item = f"case {case.id!r}"
            _known(item, "source", [case.source] if case.source else [], SOURCES)
            _known(item, "labels", case.labels, answer_ids)
            _known(item, "passages", case.passages, passage_ids)
        for rule in self.rules:
            item = f"rule {rule.id!r}"
            if rule.kind == "bullet" and not rule.commitment:
                raise ValueError(f"{item}: a bullet needs a `commitment` saying what the answers commit the student to")
            if rule.kind == "tension" and rule.commitment:
                raise ValueError(f"{item}: only a bullet has a `commitment`; a tension is resolved by a difference")
            _known(item, "when", rule.when, case_ids)
            for case_id, wanted in rule.when.items():
                _known(item, f"when.{case_id}", [wanted] if isinstance(wanted, str) else wanted, answer_ids)
            _known(item, "passages", rule.passages, passage_ids)
            _known(item, "pages", rule.pages, PAGES)
            for field in ("example", "contrast"):
                answers = getattr(rule, field)
                _known(item, field, answers, case_ids)
                for case_id, answer in answers.items():
                    _known(item, f"{field}.{case_id}", [answer], answer_ids)
                missing = sorted(set(rule.when) - set(answers))
                if missing:
                    raise ValueError(f"{item}: {field} must answer every case the rule reads; missing {missing}")
        return self


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"{what}: id {item_id!r} is used twice")
        seen.add(item_id)


def _known(item: str, field: str, values, valid) -> None:
    for value in values:
        if value not in valid:
            choices = ", ".join(sorted(valid)) if len(valid) < 40 else "ids of the text (see `elysara show`)"
            raise ValueError(f"{item}: {field} names unknown {value!r}; valid choices: {choices}")


def load_bank(path: Path = DATA_FILE) -> TensionBank:
    """Read and validate the cases file; raise :class:`TensionDataError` on any mistake."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TensionDataError(f"{path}: cannot read the Tension Test data: {error}") from error
    try:
        return TensionBank.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(_describe(raw, e) for e in error.errors())
        raise TensionDataError(f"{path}: {problems}") from None


def _describe(raw, error) -> str:
    loc = error["loc"]
    where = ".".join(str(part) for part in loc)
    # Name the item by its id where the location points inside a list of cases or rules.
    if len(loc) >= 2 and loc[0] in ("cases", "rules", "answers") and isinstance(loc[1], int):
        try:
            where = f"{loc[0][:-1]} {raw[loc[0]][loc[1]].get('id')!r}" + "".join(f".{p}" for p in loc[2:])
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def page_href(docname: str, from_doc: str) -> str:
    """A relative link from the page ``from_doc`` (e.g. ``book/widgets/tension-test``) to ``docname``."""
    target = docname.lstrip("/") + ".html"
    return posixpath.relpath(target, posixpath.dirname(from_doc.lstrip("/")) or ".")


def passage_href(passage_id: str, from_doc: str) -> str:
    """A relative link from ``from_doc`` to a passage's anchor on the reading page."""
    return f"{page_href('/book/reading', from_doc)}#{passage_id}"
