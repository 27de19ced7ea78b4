"""Charts drawn on the server as SVG: no JavaScript, nothing from other hosts, no style attributes (the strict CSP);
colours are SVG presentation attributes. Each chart has a title and a description for screen readers, and the page
shows the same numbers as a table next to it."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

COLOURS = ["#0d6efd", "#198754", "#6c757d", "#ffc107", "#dc3545", "#6f42c1"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 48, 28, 10


def stacked_bars(*, chart_id, title, labels, series, description=""):
    """Bars for `labels` (days, buckets), each stacked from `series` [(name, values)]."""
    totals = [sum(values[index] for _name, values in series) for index in range(len(labels))]
    highest = max(totals, default=0) or 1
    plot_width, plot_height = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_width / max(len(labels), 1)
    bar = max(step * 0.8, 1)
    parts = [
        format_html(
            '<svg class="insights-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH,
            HEIGHT + 24,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        )
    ]
    # Axis and the highest value.
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#adb5bd"/>'
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="currentColor">{}</text>'
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="currentColor">0</text>',
            LEFT,
            TOP + plot_height,
            WIDTH - 8,
            TOP + plot_height,
            LEFT - 4,
            TOP + 10,
            highest,
            LEFT - 4,
            TOP + plot_height,
        )
    )
    for index, label in enumerate(labels):
        x = LEFT + index * step + (step - bar) / 2
        y = TOP + plot_height
        for number, (name, values) in enumerate(series):
            height = values[index] * plot_height / highest
            if height <= 0:
                continue
            y -= height
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {} {}</title></rect>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{bar:.1f}",
                    f"{height:.1f}",
                    COLOURS[number % len(COLOURS)],
                    label,
                    name,
                    values[index],
                )
            )
    # First and last label under the axis (kept inside the picture); every label when there are few.
    few = len(labels) <= 12
    for index in range(len(labels)) if few else [0, len(labels) - 1]:
        anchor = "middle" if few else ("start" if index == 0 else "end")
        x = LEFT + index * step + (step / 2 if few else (0 if index == 0 else step))
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="{}" fill="currentColor">{}</text>',
                f"{x:.1f}",
                HEIGHT - 10,
                anchor,
                labels[index],
            )
        )
    # Legend.
    x = LEFT
    for number, (name, _values) in enumerate(series):
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="currentColor">{}</text>',
                x,
                HEIGHT + 8,
                COLOURS[number % len(COLOURS)],
                x + 14,
                HEIGHT + 17,
                name,
            )
        )
        x += 20 + 7 * len(str(name))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))
