"""Charts drawn on the server as SVG: no JavaScript, readable by screen readers, printable.

Each chart says in words what it shows (role="img" with a label and a
<title>), and colours come from the stylesheet's classes, so they print and
follow the theme.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from showup.insights.selectors import TrendPoint
from showup.meetings.models import Occurrence

WIDTH = 640
STATE_WORDS = {
    "held": "held",
    "skipped": "skipped",
    "cancelled": "cancelled",
    "missed": "missed",
    "scheduled": "no outcome yet",
    "rescheduled": "no outcome yet",
}


def _n(value: float) -> str:
    # format_html escapes its arguments into strings first, so numbers are formatted here.
    return f"{value:.1f}"


def _x(moment: datetime | date, since: date, until: date, width: float, margin: float) -> float:
    day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
    span = max((until - since).days, 1)
    return margin + (width - 2 * margin) * min(max((day - since).days, 0), span) / span


def timeline_svg(
    occurrences: Sequence[Occurrence],
    *,
    since: date,
    until: date,
    height: int = 34,
    width: int = WIDTH,
) -> SafeString:
    """One mark per occurrence along the period, coloured by what became of it."""
    counts = Counter(STATE_WORDS[occurrence.display_state] for occurrence in occurrences)
    summary = ", ".join(f"{count} {state}" for state, count in counts.most_common()) or "no 1:1s"
    label = f"1:1s from {since:%-d %b} to {until:%-d %b %Y}: {summary}."
    marks = format_html_join(
        "",
        '<rect class="chart-{}" x="{}" y="6" width="9" height="{}" rx="2"><title>{}: {}</title></rect>',
        (
            (
                occurrence.display_state,
                _n(_x(occurrence.start, since, until, width, 8) - 4.5),
                height - 12,
                timezone.localtime(occurrence.start).strftime("%a %-d %b"),
                STATE_WORDS[occurrence.display_state],
            )
            for occurrence in occurrences
        ),
    )
    return format_html(
        '<svg class="chart timeline" viewBox="0 0 {} {}" preserveAspectRatio="none" role="img" aria-label="{}"><title>{}</title>'
        '<line class="chart-axis" x1="8" x2="{}" y1="{}" y2="{}"></line>{}</svg>',
        width,
        height,
        label,
        label,
        width - 8,
        height - 3,
        height - 3,
        marks,
    )


def trend_svg(
    series: dict[str, Sequence[TrendPoint]],
    *,
    since: date,
    until: date,
    height: int = 150,
    width: int = WIDTH,
) -> SafeString:
    """Lines of 1–5 scores over the period (check-ins, ratings), one class per line."""
    top, bottom, left = 10, height - 22, 28

    def y(score: float) -> float:
        return bottom - (bottom - top) * (score - 1) / 4

    grid = format_html_join(
        "",
        '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"></line><text class="chart-label" x="4" y="{}">{}</text>',
        (
            (left, width - 8, _n(y(score)), _n(y(score)), _n(y(score) + 4), score)
            for score in range(1, 6)
        ),
    )
    lines = format_html_join(
        "",
        '<polyline class="chart-line chart-{}" points="{}"></polyline>{}',
        (
            (
                name,
                " ".join(
                    f"{_x(point.when, since, until, width, left):.1f},{y(point.score):.1f}"
                    for point in points
                ),
                format_html_join(
                    "",
                    '<circle class="chart-dot chart-{}" cx="{}" cy="{}" r="3.5"><title>{}: {}</title></circle>',
                    (
                        (
                            name,
                            _n(_x(point.when, since, until, width, left)),
                            _n(y(point.score)),
                            timezone.localtime(point.when).strftime("%-d %b"),
                            point.score,
                        )
                        for point in points
                    ),
                ),
            )
            for name, points in series.items()
            if points
        ),
    )
    described = "; ".join(
        f"{name}: {len(points)} answers, average {sum(point.score for point in points) / len(points):.1f} of 5"
        for name, points in series.items()
        if points
    )
    label = f"Scores from 1 to 5, {since:%-d %b} to {until:%-d %b %Y}. " + (
        described or "No answers yet."
    )
    return format_html(
        '<svg class="chart trend" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}{}'
        '<text class="chart-label" x="{}" y="{}">{}</text><text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text></svg>',
        width,
        height,
        label,
        label,
        grid,
        lines,
        left,
        height - 4,
        since.strftime("%-d %b"),
        width - 8,
        height - 4,
        until.strftime("%-d %b"),
    )


def bar(share: float | None) -> SafeString:
    """A small horizontal bar for a share, with the number next to it."""
    if share is None:
        return SafeString('<span class="muted">—</span>')
    return format_html(
        '<span class="bar"><svg viewBox="0 0 100 8" aria-hidden="true"><rect class="chart-track" width="100" height="8" rx="4"></rect>'
        '<rect class="chart-fill" width="{}" height="8" rx="4"></rect></svg>{}</span>',
        f"{share * 100:.0f}",
        f"{share:.0%}",
    )
