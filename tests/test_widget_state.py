"""Every widget reads a pasted state the same way: one envelope, one set of messages."""

from __future__ import annotations

import pytest

from elysara.widgets import nexus, reversal, scales, tension

READERS = {
    "scales": scales.state_from_dict,
    "nexus": nexus.state_from_dict,
    "tension": tension.state_from_dict,
    "reversal": reversal.state_from_dict,
}


@pytest.mark.parametrize("widget", READERS)
def test_a_state_of_another_widget_is_refused_naming_both(widget):
    other = "scales" if widget != "scales" else "tension"
    with pytest.raises(ValueError, match=f"'widget' must be '{widget}', got '{other}'"):
        READERS[widget]({"widget": other, "version": 1})


@pytest.mark.parametrize("widget", READERS)
def test_a_state_that_is_not_a_dict_is_refused(widget):
    with pytest.raises(ValueError, match="must be a dict, got str"):
        READERS[widget]("scales_state = {}")
