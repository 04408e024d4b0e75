"""The class dashboard: one self-contained HTML page summarising a class.

``elysara dashboard PATH... --out DIR [--min-group 5]`` collects notebooks
exactly as ``elysara grade`` does, counts them with
:mod:`elysara.exercises.classroom.summary` and writes ``DIR/index.html`` atomically.
The page has its CSS and script inline and asks no other host for anything
(open it from a USB stick in a classroom); bars are plain HTML. It names no
student: bad submissions are counted by reason, never listed by path, and
every category with fewer than ``--min-group`` students reads "fewer than N".
Projector mode (``?projector=1`` or the button) uses the book's own
``projector.css`` and ``projector.js``, inlined.
"""

from __future__ import annotations

import html
from collections import Counter
from importlib import resources
from pathlib import Path


from elysara.exercises.classroom.summary import DEFAULT_MIN_GROUP, WEIGHT_BANDS, ClassSummary

__all__ = ["render_dashboard", "write_dashboard"]

_CSS = """
:root { font-size: 100%; }
body { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; background: #fff;
       margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #ddd; }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
.note { color: #444; font-size: 0.9rem; }
.bars { list-style: none; padding: 0; margin: 0.5rem 0; }
.bars li { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr auto; gap: 0.5rem; align-items: center; margin: 0.25rem 0; }
.bar { height: 1.1rem; background: #2b6cb0; border-radius: 2px; min-width: 2px; }
.bar.hidden { background: repeating-linear-gradient(45deg, #ccc 0 4px, #eee 4px 8px); width: 100%; }
.count { font-variant-numeric: tabular-nums; white-space: nowrap; }
.heatmap p { line-height: 1.9; }
.heatmap .s { padding: 0.1rem 0; border-radius: 2px; }
.heatmap .pid { font-weight: 700; color: #555; margin-right: 0.3rem; }
.legend span { display: inline-block; padding: 0 0.5rem; margin-right: 0.3rem; }
.finding { border-left: 4px solid #2b6cb0; padding: 0.3rem 0.8rem; background: #f3f7fb; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }
html.elysara-projector body { max-width: none; }
html.elysara-projector .bar { background: #000; }
html.elysara-projector .note { color: #000; }
.scroll { overflow-x: auto; }
@media (max-width: 40rem) { .bars li { grid-template-columns: 8rem 1fr auto; } th, td { font-size: 0.85rem; } }
"""
# Sentence shades from no citations to the most cited (light to dark blue, dark text stays readable).
_SHADES = ("transparent", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6")


def _static(name: str) -> str:
    return resources.files("elysara.sphinxext").joinpath(f"_static/{name}").read_text(encoding="utf-8")


def _hidden(summary: ClassSummary) -> str:
    return f"fewer than {summary.min_group}"


def _bars(summary: ClassSummary, counts: Counter, labels: dict, total: int) -> str:
    """One HTML bar per category in ``labels`` (order kept); small groups hidden."""
    rows = []
    for key, label in labels.items():
        shown = summary.shown(counts.get(key, 0))
        if shown is None:
            bar, text = '<span class="bar hidden" aria-hidden="true"></span>', _hidden(summary)
        else:
            width = 100 * shown / total if total else 0
            bar, text = f'<span class="bar" style="width:{width:.1f}%" aria-hidden="true"></span>', f"{shown}"
        rows.append(f'<li><span>{html.escape(str(label))}</span>{bar}<span class="count">{html.escape(text)}</span></li>')
    return f'<ul class="bars">{"".join(rows)}</ul>'


def _group_note(summary: ClassSummary, count: int, what: str) -> str:
    shown = summary.shown(count)
    return f'<p class="note">{html.escape(str(shown) if shown is not None else _hidden(summary))} {what}.</p>'


def _scales_section(summary: ClassSummary) -> str:
    from elysara.widgets import scales

    parts = ["<h2>The Scales</h2>", _group_note(summary, summary.scales_students, "students saved a Scales state")]
    if summary.shown(summary.scales_students) is None:
        return "".join(parts)
    parts += ["<h3>Verdicts</h3>", _bars(summary, summary.verdicts, {o: v.label for o, v in scales.OPTIONS.items()},
                                         summary.scales_students)]
    parts += ["<h3>The value each student weighted most</h3>",
              _bars(summary, summary.top_values, {v: x.label for v, x in scales.VALUES.items()}, summary.scales_students),
              '<p class="note">Students whose two highest weights tie are not counted here.</p>']
    means = {v: summary.mean_weight(v) or 0.0 for v in scales.VALUES}
    # Bars on the live sliders' 0-10 scale (wider only if a mean exceeds it), so equal bars mean equal weights.
    top = max(10.0, *means.values())
    rows = "".join(
        f'<li><span>{html.escape(scales.VALUES[v].label)}</span><span class="bar" style="width:{100 * m / top:.1f}%" '
        f'aria-hidden="true"></span><span class="count">{m:.1f}</span></li>' for v, m in means.items())
    parts += ["<h3>Mean weight of each value</h3>", f'<ul class="bars">{rows}</ul>']
    header = "".join(f'<th scope="col">{html.escape(label)}</th>' for label, _ in WEIGHT_BANDS)
    body = []
    for value_id, value in scales.VALUES.items():
        cells = []
        for label, _ in WEIGHT_BANDS:
            shown = summary.shown(summary.weight_bands[value_id][label])
            cells.append(f"<td>{shown if shown is not None else html.escape(_hidden(summary))}</td>")
        body.append(f'<tr><th scope="row">{html.escape(value.label)}</th>{"".join(cells)}</tr>')
    parts += ["<h3>How students weighted each value</h3>",
              '<p class="note">Students per band of weight (the sliders run from 0 to 10).</p>',
              f'<div class="scroll"><table class="weights"><thead><tr><th scope="col">Value</th>{header}</tr></thead>'
              f'<tbody>{"".join(body)}</tbody></table></div>']
    return "".join(parts)


def _tension_section(summary: ClassSummary) -> str:
    from elysara.widgets import tension

    parts = ["<h2>The Tension Test</h2>", _group_note(summary, summary.tension_students, "students saved a Tension Test state")]
    if summary.shown(summary.tension_students) is None:
        return "".join(parts)
    top = max([*summary.tension_hits, *summary.tension_bullets, 0])
    scores = {n: f"{n} tension{'s' if n != 1 else ''}" for n in range(top + 1)}
    parts += ["<h3>Tensions found (hits taken)</h3>", _bars(summary, summary.tension_hits, scores, summary.tension_students)]
    bullets = {n: f"{n} bullet{'s' if n != 1 else ''} bitten" for n in range(top + 1)}
    parts += ["<h3>Bullets bitten</h3>", _bars(summary, summary.tension_bullets, bullets, summary.tension_students)]
    common = [rule for rule, n in summary.tensions.most_common() if summary.shown(n) is not None][:5]
    parts.append("<h3>The most common tensions</h3>")
    if common:
        parts.append(_bars(summary, summary.tensions, {r: tension.RULES[r].title for r in common if r in tension.RULES},
                           summary.tension_students))
    else:
        parts.append(f'<p class="note">No tension was found by {html.escape(str(summary.min_group))} or more students.</p>')
    return "".join(parts)


def _reversal_section(summary: ClassSummary) -> str:
    from elysara.widgets import reversal

    parts = ["<h2>The Reversal</h2>", _group_note(summary, summary.reversal_students, "students saved a Reversal state")]
    if summary.shown(summary.reversal_students) is not None:
        for framing_id, counts in (("connect", summary.reversal_connect), ("disconnect", summary.reversal_disconnect)):
            framing = reversal.FRAMINGS[framing_id]
            labels = {**{a: framing.labels[a] for a in reversal.ANSWER_IDS}, None: "Not answered"}
            parts += [f"<h3>{html.escape(framing.title)}</h3>", _bars(summary, counts, labels, summary.reversal_students)]
        parts += ["<h3>Did the framing change the answer?</h3>",
                  _bars(summary, summary.reversal_moved, {True: "Yes, it moved", False: "No, the same either way"},
                        summary.reversal_students)]
    parts.append(f'<p class="finding"><strong>The published finding</strong> ({html.escape(reversal.FINDING.key)}): '
                 f"{html.escape(reversal.FINDING.text)}</p>")
    return "".join(parts)


def _heatmap_section(summary: ClassSummary) -> str:
    from elysara.text import load_text

    parts = ["<h2>Which sentences students cite</h2>",
             _group_note(summary, summary.citing_students, "students cited the text in a written answer"),
             f'<p class="note">Each sentence is shaded by how many students cited it (by id or by exact quotation; '
             f"a paragraph id counts for all its sentences). Sentences cited by fewer than {summary.min_group} "
             "students are left unshaded.</p>"]
    most = max([n for n in summary.citations.values() if summary.shown(n) is not None] or [0])
    legend = "".join(f'<span style="background:{shade}">{label}</span>' for shade, label in
                     ((_SHADES[0], _hidden(summary)), (_SHADES[1], "few"), (_SHADES[-1], f"most ({most})")))
    parts.append(f'<p class="legend note">{legend}</p><div class="heatmap">')
    for paragraph in load_text().paragraphs:
        spans = []
        for sentence in paragraph.sentences:
            shown = summary.shown(summary.citations.get(sentence.id, 0))
            level = 0 if shown is None or most == 0 else max(1, round(shown / most * (len(_SHADES) - 1)))
            count = str(shown) if shown is not None else _hidden(summary)
            spans.append(f'<span class="s" id="{sentence.id}" data-count="{shown if shown is not None else ""}" '
                         f'style="background:{_SHADES[level]}" title="{sentence.id}: cited by {html.escape(count)}">'
                         f"{html.escape(sentence.text)}</span>")
        parts.append(f'<p><span class="pid">{paragraph.id}</span>{" ".join(spans)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _rubric_section(summary: ClassSummary) -> str:
    from elysara.exercises.bank.schema import LEVEL_IDS
    from elysara.exercises.classroom.summary import UNREAD

    parts = ["<h2>Rubric levels</h2>"]
    if not summary.rubric_levels:
        return parts[0] + '<p class="note">No rubric criteria have been graded yet.</p>'
    parts.append('<p class="note">For each criterion of each written item, how many students reached each level '
                 "(suggested by the grader or set by an instructor; \u201cnot yet read\u201d where neither has set one).</p>")
    for (set_id, item_id, criterion_id), counts in sorted(summary.rubric_levels.items()):
        total = sum(counts.values())
        parts += [f"<h3>{html.escape(set_id)} / {html.escape(item_id)}: {html.escape(criterion_id)}</h3>",
                  _bars(summary, counts, {**{level: level for level in LEVEL_IDS}, UNREAD: UNREAD}, total)]
    return "".join(parts)


def _problems_section(summary: ClassSummary) -> str:
    unread = [p for p in summary.problems if not p.graded]
    if not unread:
        return ""
    reasons = Counter(p.code for p in unread)
    items = "".join(f"<li>{html.escape(code)}: {n}</li>" for code, n in sorted(reasons.items()))
    return ('<h2>Submissions not counted</h2>'
            f'<p class="note">{len(unread)} input(s) could not be read and are counted nowhere on this page. '
            "By reason (run <code>elysara grade</code> for the files):</p>"
            f"<ul>{items}</ul>")


def render_dashboard(summary: ClassSummary, *, title: str = "Class dashboard") -> str:
    """The dashboard page for ``summary``: one HTML document, CSS and script inline."""
    students = summary.shown(summary.students)
    sections = [_scales_section(summary), _tension_section(summary), _reversal_section(summary),
                _heatmap_section(summary), _rubric_section(summary), _problems_section(summary)]
    head_note = (f"{students} students" if students is not None else f"fewer than {summary.min_group} students")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No request may leave the page: forbid every source but the page itself and inline code.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}{_static('projector.css')}</style>"
        f"<script>{_static('projector.js')}</script></head><body><main>"
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="note">{html.escape(head_note)} with readable submissions. No names are shown, and any group '
        f"smaller than {summary.min_group} reads \u201cfewer than {summary.min_group}\u201d. "
        "Add <code>?projector=1</code> to the address for a classroom projector.</p>"
        + "".join(sections) + "</main></body></html>\n"
    )


def write_dashboard(summary: ClassSummary, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` atomically; return its path."""
    from elysara.atomic import write_text

    path = write_text(Path(out_dir) / "index.html", render_dashboard(summary))
    path.chmod(0o644)  # the atomic write's temporary file is private; a web server must be able to read the page
    return path
