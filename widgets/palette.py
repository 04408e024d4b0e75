"""Colours for every widget's charts: the Okabe-Ito palette, safe for colour-blind readers.

Okabe and Ito chose these eight colours so that they stay distinguishable
under the common forms of colour-vision deficiency. Charts should still not
rely on colour alone: pair colours with labels, markers or dash styles.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The eight Okabe-Ito colours by name, as hex strings.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The order to use for categorical series. Yellow comes last: it is hard to
#: read on a white page, so it is used only when seven colours are not enough.
SERIES: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
    OKABE_ITO["yellow"],
)

#: Neutral grey for things set aside (for example an option ruled out by a constraint).
MUTED = "#999999"

#: Dash styles to pair with ``SERIES`` so lines differ by more than colour.
DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


def colour_for(index: int) -> str:
    """The ``index``-th categorical colour (wrapping round after eight)."""
    return SERIES[index % len(SERIES)]


def colours_for(keys: Sequence[str]) -> dict[str, str]:
    """A stable colour for each key, in the order given."""
    return {key: colour_for(i) for i, key in enumerate(keys)}


def dash_for(index: int) -> str:
    """The ``index``-th dash style (wrapping round)."""
    return DASHES[index % len(DASHES)]
