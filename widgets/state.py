"""The envelope every widget state shares: ``{"widget": ID, "version": N, ...fields}``.

Each widget's ``state_from_dict`` checks its own fields' values; the envelope
(a dict, the right widget, a known version, every field and no other) is checked here
once, so every widget reports a bad state in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def read_envelope(
    data: Any, *, widget: str, version: int | Mapping[int, Sequence[str]], fields: Sequence[str] = (), name: str,
) -> Mapping[str, Any]:
    """Return ``data`` if it is a state of ``widget`` at ``version`` with exactly ``fields``.

    A widget that still reads older states passes ``version`` as a mapping of
    each readable version to its fields (``{1: ("answers",), 2: (...)}``);
    the state's own version then decides which fields it must have.
    Raises ValueError naming what is wrong and the valid choices; ``name``
    is how messages call the widget ("Scales", "Tension Test").
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{name} state must be a dict, got {type(data).__name__}")
    if data.get("widget") != widget:
        raise ValueError(f"{name} state: 'widget' must be {widget!r}, got {data.get('widget')!r}")
    versions = dict(version) if isinstance(version, Mapping) else {version: tuple(fields)}
    found = data.get("version")
    if not isinstance(found, int) or isinstance(found, bool) or found not in versions:
        valid = " or ".join(str(v) for v in versions)
        raise ValueError(f"{name} state: 'version' must be {valid}, got {found!r}")
    fields = versions[found]
    valid = ("widget", "version", *fields)
    unknown = [key for key in data if key not in valid]
    if unknown:
        raise ValueError(f"{name} state: unknown field {unknown[0]!r}; valid fields: {', '.join(valid)}")
    missing = [field for field in fields if field not in data]
    if missing:
        raise ValueError(f"{name} state: missing field {missing[0]!r}; it needs: {', '.join(fields)}")
    return data
