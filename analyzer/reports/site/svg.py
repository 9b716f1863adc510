"""Inline SVG charts: no JavaScript, nothing loaded. Each chart carries a title and a text description, and the page
shows the same figures in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Colours with at least 4.5:1 contrast on white for text, 3:1 for shapes (WCAG 1.4.11).
BAR = "#1f5fa8"
BAR_2 = "#8a4b08"
TARGET = "#111111"
BASELINE = "#5c5c5c"
TEXT = "#1a1a1a"
PALETTE = ("#1f5fa8", "#8a4b08", "#2e7d32", "#6a1b9a", "#ad1457")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # % or None when not measured
    target: float | None = None
    baseline: float | None = None
    note: str = ""


def _pct(v: float | None) -> str:
    return "non mesuré" if v is None else f"{v:g} %"


def bars(chart_id: str, title: str, items: list[Bar]) -> str:
    """Horizontal bars (0-100 %), one per item, a black tick at the target and a grey dashed tick at the baseline."""
    left, width, row_h, top = 300, 360, 40, 28
    height = top + row_h * len(items) + 30
    desc = "; ".join(
        f"{b.label} : {_pct(b.value)}" + (f", cible {b.target:g} %" if b.target is not None else "") + (f", référence nationale {b.baseline:g} %" if b.baseline is not None else "")
        for b in items
    )
    out = [
        f'<svg id="{chart_id}" class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {left + width + 90} {height}" '
        f'width="100%" style="max-width:{left + width + 90}px" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for x in (0, 25, 50, 75, 100):
        gx = left + width * x / 100
        out.append(f'<line x1="{gx}" y1="{top - 6}" x2="{gx}" y2="{height - 26}" stroke="#d0d0d0" stroke-width="1"/>')
        out.append(f'<text x="{gx}" y="{height - 10}" font-size="12" text-anchor="middle" fill="{TEXT}">{x} %</text>')
    for i, b in enumerate(items):
        y = top + i * row_h
        lines = _wrap(b.label)
        first_y = y + 17 - 7 * (len(lines) - 1)
        spans = "".join(f'<tspan x="{left - 8}" y="{first_y + 14 * k}">{escape(line)}</tspan>' for k, line in enumerate(lines))
        out.append(f'<text font-size="12" text-anchor="end" fill="{TEXT}">{spans}</text>')
        if b.value is not None:
            w = width * max(0.0, min(100.0, b.value)) / 100
            out.append(f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="18" fill="{BAR}"/>')
        out.append(f'<text x="{left + width + 8}" y="{y + 17}" font-size="13" fill="{TEXT}">{escape(_pct(b.value))}</text>')
        if b.target is not None:
            tx = left + width * b.target / 100
            out.append(f'<line x1="{tx}" y1="{y}" x2="{tx}" y2="{y + 26}" stroke="{TARGET}" stroke-width="3"/>')
        if b.baseline is not None:
            bx = left + width * b.baseline / 100
            out.append(f'<line x1="{bx}" y1="{y}" x2="{bx}" y2="{y + 26}" stroke="{BASELINE}" stroke-width="2" stroke-dasharray="4 3"/>')
    out.append("</svg>")
    return "\n".join(out)


def trend(chart_id: str, title: str, years: list[int], series: list[tuple[str, list[float | None]]], target_lines: list[tuple[str, float]]) -> str:
    """Grouped columns per year of publication, one colour per series, targets as horizontal lines."""
    left, top, plot_h = 50, 20, 200
    group = max(40, 22 * len(series) + 16)
    width = left + group * max(1, len(years)) + 20
    height = top + plot_h + 70 + 18 * len(series)
    desc_parts = []
    for name, values in series:
        desc_parts.append(f"{name} : " + ", ".join(f"{y} {_pct(v)}" for y, v in zip(years, values, strict=True)))
    desc = "; ".join(desc_parts) + "".join(f"; {n} : cible {v:g} %" for n, v in target_lines)
    out = [
        f'<svg id="{chart_id}" class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{max(width, 320)}px" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    y0 = top + plot_h
    for pct in (0, 50, 100):
        gy = y0 - plot_h * pct / 100
        out.append(f'<line x1="{left}" y1="{gy}" x2="{width - 10}" y2="{gy}" stroke="#d0d0d0"/>')
        out.append(f'<text x="{left - 6}" y="{gy + 4}" font-size="12" text-anchor="end" fill="{TEXT}">{pct} %</text>')
    bw = 18
    for gi, y in enumerate(years):
        gx = left + 10 + gi * group
        for si, (_name, values) in enumerate(series):
            v = values[gi]
            if v is None:
                continue
            h = plot_h * max(0.0, min(100.0, v)) / 100
            out.append(f'<rect x="{gx + si * (bw + 4)}" y="{y0 - h:.1f}" width="{bw}" height="{h:.1f}" fill="{PALETTE[si % len(PALETTE)]}"/>')
        out.append(f'<text x="{gx + (len(series) * (bw + 4)) / 2}" y="{y0 + 16}" font-size="12" text-anchor="middle" fill="{TEXT}">{y}</text>')
    for i, (_n, v) in enumerate(target_lines):
        ty = y0 - plot_h * v / 100
        out.append(f'<line x1="{left}" y1="{ty}" x2="{width - 10}" y2="{ty}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="{6 + 2 * i} 3"/>')
    for si, (name, _v) in enumerate(series):
        ly = y0 + 36 + si * 18
        out.append(f'<rect x="{left}" y="{ly - 11}" width="12" height="12" fill="{PALETTE[si % len(PALETTE)]}"/>')
        out.append(f'<text x="{left + 18}" y="{ly}" font-size="12" fill="{TEXT}">{escape(_short(name, 70))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _wrap(text: str, width: int = 44, lines: int = 2) -> list[str]:
    """At most `lines` lines of about `width` characters, the last one shortened with an ellipsis."""
    out, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + [_short(" ".join(out[lines - 1 :]), width)]
    return out


def _short(text: str, n: int = 36) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
