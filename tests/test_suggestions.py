"""Suggested levels only where they can be trusted: reasoning, not cue words (issue #11, part 2)."""

from __future__ import annotations

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.grading.evidence import gather, item_context

BANK = load_bank()


def _item(item_type: str, widget: str | None = None):
    return next(i for i in BANK.items.values() if i.type == item_type and i.uses_widget == widget)


def _suggest(item, criterion_id: str, answer: str, state=None):
    criterion = next(c for c in item.rubric.criteria if c.id == criterion_id)
    return gather(criterion.evidence, item_context(item, answer, state=state, criterion=criterion))


REFLECTION = BANK.items["reading-open-ending"]
PADDING = ("The light of the dome, the silver hair of the woman, the crystal towers and the quiet streets all "
           "appear in the story, and the reader sees each of them through the narrator's eyes. ")


def test_because_anywhere_does_not_make_a_thesis():
    answer = "The ending is open. This is because the story stops. " + PADDING * 8
    evidence = _suggest(REFLECTION, "thesis", answer)
    assert evidence.level != "strong"


def test_announcing_a_position_is_not_taking_one():
    answer = "I will take a position on this question in this essay. " + PADDING * 8
    evidence = _suggest(REFLECTION, "thesis", answer)
    assert evidence.level is None and any("announces a position" in f for f in evidence.findings)


def test_a_clear_early_thesis_is_suggested_strong_and_a_hedged_one_adequate():
    clear = "I argue that the open ending makes Elysara a worse thought experiment. " + PADDING * 8
    hedged = "Perhaps the open ending is better, in some ways. " + PADDING * 8
    assert _suggest(REFLECTION, "thesis", clear).level == "strong"
    assert _suggest(REFLECTION, "thesis", hedged).level == "adequate"


def test_an_answer_that_declines_to_take_a_side_is_not_given_a_thesis_level():
    answer = "There are good sides and bad sides to this ending. In the end it depends on the reader. " + PADDING * 8
    evidence = _suggest(REFLECTION, "thesis", answer)
    assert evidence.level is None and evidence.for_your_reading


def test_objection_and_i_reply_in_a_short_answer_do_not_make_it_strong():
    item = BANK.items["pa-is-peace-worth-it"]
    answer = ("I argue that we should refuse. One objection is that peace matters. I reply that it does not, "
              "because this objection assumes that suffering is the only thing that matters in a life at all.")
    assert len(answer.split()) < 0.5 * item.words.min
    for criterion in item.rubric.criteria:
        evidence = _suggest(item, criterion.id, answer)
        if criterion.evidence != "textual_evidence":
            assert evidence.level != "strong", criterion.id  # far below the minimum: never strong but on evidence


def test_glossary_terms_are_not_counted_as_understanding():
    item = BANK.items["pa-is-peace-worth-it"]
    answer = "autonomy dignity hedonism utilitarianism experience machine adaptive preference " * 30
    evidence = _suggest(item, "concepts", answer)
    assert evidence.level is None and evidence.data["glossary_terms"]


def test_a_real_implicit_premise_line_is_never_missing():
    item = BANK.items["reading-plea"]
    answer = ("P1: Joining the Nexus ends suffering for good. [p5.9]\n"
              "P2 (implicit): A life without suffering is better than a life with it.\n"
              "C: You should join the Nexus. [p8.3]")
    assert _suggest(item, "implicit-premise", answer).level != "missing"
    without = "P1: Joining the Nexus ends suffering for good. [p5.9]\nC: You should join the Nexus. [p8.3]"
    assert _suggest(item, "implicit-premise", without).level == "missing"


def test_an_implicit_premise_the_text_states_is_weak():
    item = BANK.items["ic-still-me"]
    answer = ("P1 (implicit): The narrator has flaws, scars and reckless dreams. [p6.3]\n"
              "C: The narrator should not join.")
    assert _suggest(item, "implicit-premise", answer).level == "weak"


def test_faithful_premises_need_passages_that_support_them_not_a_count_of_ids():
    item = BANK.items["reading-plea"]
    faithful = ("P1: The citizens have freed themselves from the chains of suffering. [p2.6]\n"
                "P2: Whoever joins will never know suffering again. [p5.9]\n"
                "C: You should join. [p8.3]")
    unsupported = ("P1: The dome glows with a light that pulses like a heartbeat. [p2.6]\n"
                   "P2: The towers are made of crystal. [p5.9]\n"
                   "P3: The woman has silver hair. [p4.2]\n"
                   "P4: The streets are a labyrinth. [p5.6]\n"
                   "C: You should join. [p8.3]")
    assert _suggest(item, "faithful-premises", faithful).level == "strong"
    assert _suggest(item, "faithful-premises", unsupported).level == "weak"


def test_a_conclusion_no_premise_mentions_is_flagged():
    item = BANK.items["reading-plea"]
    answer = ("P1: The citizens have freed themselves from suffering. [p2.6]\n"
              "P2 (implicit): Peace is good.\n"
              "C: The dome is made of light.")
    evidence = _suggest(item, "validity", answer)
    assert evidence.level is None and any("no premise mentions" in f for f in evidence.flags)


def test_a_pasted_state_beside_repetitions_is_not_agreement_with_the_scales():
    from elysara.widgets import scales

    item = _item("reflection", "scales")
    state = scales.default_state("kantian").to_dict()
    evidence = _suggest(item, "widget-consistency", "peace " * 12000, state=state)
    assert evidence.level != "strong"


def test_saying_what_the_scales_give_is_checked_against_the_state():
    from elysara.widgets import scales

    item = _item("reflection", "scales")
    state = scales.default_state("kantian").to_dict()
    verdict = scales.verdict(state)
    wrong = next(o for o in scales.OPTIONS if o != verdict)
    name = scales.OPTIONS
    right_answer = f"With the Kantian lens the Scales give {name[verdict].label}."
    wrong_answer = f"With the Kantian lens the Scales give {name[wrong].label}."
    assert _suggest(item, "widget-consistency", wrong_answer, state=state).level == "weak"
    assert _suggest(item, "widget-consistency", right_answer, state=state).level != "weak"


def test_clarity_far_below_the_minimum_or_going_round_in_circles_is_weak():
    item = BANK.items["reading-light"]
    assert _suggest(item, "clarity", "The light grows: pressure (p6.5).").level == "weak"
    circles = "The light is important because the light changes and the light changes because it is important. " * 6
    assert _suggest(item, "clarity", circles).level == "weak"


def test_an_answer_in_another_language_is_not_scored_down_for_its_language():
    item = BANK.items["pa-is-peace-worth-it"]
    spanish = ("Sostengo que la paz de Elysara no vale su precio, porque el Nexo armoniza los deseos de cada "
               "ciudadano y así nadie elige de verdad lo que quiere. Se podría objetar que el sufrimiento es "
               "terrible y que cualquiera aceptaría el alivio. Respondo que este argumento supone que la persona "
               "aliviada sigue siendo la misma, pero el Nexo borra justamente lo que la hace ser quien es. ") * 3
    context = item_context(item, spanish)
    assert context.language == "Spanish"
    for criterion in item.rubric.criteria:
        evidence = gather(criterion.evidence, item_context(item, spanish, criterion=criterion))
        if criterion.evidence != "length":
            assert evidence.level not in ("weak", "missing"), criterion.id
    english = item_context(item, "I argue that the peace of Elysara is not worth its price for the narrator.")
    assert english.language is None


def test_every_kind_says_why_when_it_suggests_nothing():
    answer = "I think about the story a lot, and the ending stays with me."
    for criterion in REFLECTION.rubric.criteria:
        evidence = _suggest(REFLECTION, criterion.id, answer)
        assert (evidence.level is None) == bool(evidence.reading), criterion.id


def test_a_blank_answer_is_missing_everywhere():
    for criterion in REFLECTION.rubric.criteria:
        assert _suggest(REFLECTION, criterion.id, "   ").level == "missing"


def test_short_answer_concepts_none_named_is_weak_and_all_named_strong():
    item = BANK.items["reading-contentment"]
    nothing = "The city is very beautiful and the towers shine in the sky over the quiet streets every day. " * 2
    assert _suggest(item, "concepts", nothing).level == "weak"
    named = " ".join(f"The answer speaks of {concept.patterns[0]} here, as the question asks of it." for concept in
                     item.expected_concepts)
    named = (named + " ") * max(1, item.words.min // max(1, len(named.split())) + 1)
    evidence = _suggest(item, "concepts", named)
    assert evidence.data["concepts_missing"] == []
