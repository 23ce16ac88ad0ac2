"""Charts drawn on the server as SVG, each with the table of its figures and CSV and Excel
downloads.

Why not a JavaScript chart library: the brief was to serve one from static/ only if its files
could be had offline; neither Apache ECharts nor Chart.js was on this machine (no node_modules,
nothing under /opt), so the charts are drawn here. SVG needs no script, so the page's Content
Security Policy (nonces, no inline script) is untouched; the SVG is an image with a title and a
description (`role="img"`), and the table beside it carries the figures for screen readers and
for anyone who prefers numbers. In right-to-left pages the chart is mirrored: the first month
is at the right and bars grow from the right.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from openpyxl import Workbook

# Colours with contrast against white (WCAG 3:1 for graphics), told apart also by the legend's
# order and the table.
PALETTE = ("#0b5394", "#b45309", "#047857", "#7c3aed", "#be123c", "#374151")
WIDTH, HEIGHT = 720, 300
MARGIN_START, MARGIN_END, MARGIN_TOP, MARGIN_BOTTOM = 56, 16, 16, 64


@dataclass
class Series:
    name: str
    values: list[Decimal | int | float | None]


@dataclass
class Chart:
    """A chart and its table: `categories` label the rows of the table (months, governorates,
    skills...), each series is a column."""

    slug: str
    title: str
    category_label: str
    categories: list[str]
    series: list[Series]
    kind: str = "bar"  # "bar" (vertical, categories along the axis), "line", "hbar"
    note: str = ""
    decimals: int = 0
    # short labels under the axis (months as 11/2026); the table keeps the full ones
    axis_labels: list[str] | None = None
    # the table's downloads on the page: {"csv": url, "xlsx": url}
    links: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return [self.category_label, *[s.name for s in self.series]]

    @property
    def rows(self) -> list[list[str]]:
        return [
            [category, *[self.format(s.values[i]) for s in self.series]]
            for i, category in enumerate(self.categories)
        ]

    def format(self, value: Decimal | int | float | None) -> str:
        if value is None:
            return "—"
        return f"{Decimal(str(value)):,.{self.decimals}f}"

    @property
    def empty(self) -> bool:
        return not self.categories

    def svg(self) -> SafeString:
        if self.empty:
            return mark_safe("")  # nosec B703 B308 # a constant
        if self.kind == "hbar":
            return _hbar(self)
        return _columns_or_lines(self)

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_safe_cell(h) for h in self.headers])
        for row in self._raw_rows():
            writer.writerow([_safe_cell(c) for c in row])
        return "\ufeff" + out.getvalue()

    def as_xlsx(self) -> bytes:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=self.slug[:31])
        sheet.append([_safe_cell(h) for h in self.headers])
        for row in self._raw_rows():
            sheet.append([c if isinstance(c, int | float) else _safe_cell(c) for c in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _raw_rows(self) -> list[list[str | float | int]]:
        rows: list[list[str | float | int]] = []
        for i, category in enumerate(self.categories):
            row: list[str | float | int] = [category]
            for s in self.series:
                value = s.values[i]
                row.append("" if value is None else float(value))
            rows.append(row)
        return rows


def _safe_cell(value: object) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def _number(value: Decimal | int | float | None) -> float:
    return float(value) if value is not None else 0.0


def _scale_max(chart: Chart) -> float:
    top = max((_number(v) for s in chart.series for v in s.values), default=0.0)
    return top if top > 0 else 1.0


def _open(chart: Chart, width: int, height: int) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="lmi-chart" viewBox="0 0 {} {}"'
        ' direction="ltr" role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        width,
        height,
        chart.slug,
        chart.slug,
        chart.slug,
        chart.title,
        chart.slug,
        chart.note or chart.title,
    )


def _columns_or_lines(chart: Chart) -> SafeString:
    rtl = get_language_bidi()
    n = len(chart.categories)
    top = _scale_max(chart)
    plot_w = WIDTH - MARGIN_START - MARGIN_END
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / max(n, 1)

    def x_of(i: int) -> float:
        position = MARGIN_START + slot * (i + 0.5)
        return WIDTH - position if rtl else position

    def y_of(value: float) -> float:
        return MARGIN_TOP + plot_h * (1 - value / top)

    parts: list[SafeString] = [_open(chart, WIDTH, HEIGHT)]
    axis_x = WIDTH - MARGIN_START if rtl else MARGIN_START
    for step in range(5):
        value = top * step / 4
        y = y_of(value)
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d1d5db" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" fill="#374151" text-anchor="{}">{}</text>',
                MARGIN_END if rtl else MARGIN_START,
                WIDTH - MARGIN_START if rtl else WIDTH - MARGIN_END,
                f"{y:.1f}",
                f"{y:.1f}",
                axis_x + (6 if rtl else -6),
                f"{y + 4:.1f}",
                "start" if rtl else "end",
                f"{value:,.0f}",
            )
        )
    label_every = max(1, n // 12)
    for i, category in enumerate(chart.axis_labels or chart.categories):
        if i % label_every:
            continue
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" fill="#374151" text-anchor="middle">{}</text>',
                f"{x_of(i):.1f}",
                HEIGHT - MARGIN_BOTTOM + 16,
                category[:14],
            )
        )
    count = len(chart.series)
    for k, series in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        if chart.kind == "line":
            points = " ".join(
                f"{x_of(i):.1f},{y_of(_number(v)):.1f}" for i, v in enumerate(series.values)
            )
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                    points,
                    colour,
                )
            )
            parts.append(
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
                    (
                        (f"{x_of(i):.1f}", f"{y_of(_number(v)):.1f}", colour)
                        for i, v in enumerate(series.values)
                    ),
                )
            )
        else:
            bar_w = slot * 0.8 / count
            for i, v in enumerate(series.values):
                value = _number(v)
                offset = (k - count / 2) * bar_w
                x = x_of(i) + (-offset - bar_w if rtl else offset)
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        f"{x:.1f}",
                        f"{y_of(value):.1f}",
                        f"{bar_w:.1f}",
                        f"{plot_h * value / top:.1f}",
                        colour,
                    )
                )
    parts.append(_legend(chart, HEIGHT - 18, rtl))
    parts.append(mark_safe("</svg>"))  # nosec B703 B308 # a constant
    return mark_safe("".join(parts))  # nosec B703 B308 # every part escaped by format_html


def _legend(chart: Chart, y: int, rtl: bool) -> SafeString:
    parts = []
    x = WIDTH - MARGIN_END if rtl else MARGIN_START
    for k, series in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        box_x = x - 10 if rtl else x
        text_x = x - 14 if rtl else x + 14
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="#111827" text-anchor="{}">{}</text>',
                box_x,
                y - 9,
                colour,
                text_x,
                y,
                "end" if rtl else "start",
                series.name,
            )
        )
        step = 24 + 7 * len(series.name)
        x = x - step if rtl else x + step
    return mark_safe("".join(parts))  # nosec B703 B308 # every part escaped by format_html


def _hbar(chart: Chart) -> SafeString:
    rtl = get_language_bidi()
    n = len(chart.categories)
    row_h = 22
    label_w = 190
    height = MARGIN_TOP + n * row_h + 40
    top = _scale_max(chart)
    plot_w = WIDTH - label_w - MARGIN_END - 60
    parts: list[SafeString] = [_open(chart, WIDTH, height)]
    count = len(chart.series)
    for i, category in enumerate(chart.categories):
        y = MARGIN_TOP + i * row_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" fill="#111827" text-anchor="{}">{}</text>',
                WIDTH - 4 if rtl else 4,
                y + row_h * 0.65,
                "end" if rtl else "start",
                category[:32],
            )
        )
        for k, series in enumerate(chart.series):
            value = _number(series.values[i])
            length = plot_w * value / top
            bar_h = (row_h - 6) / count
            x = (WIDTH - label_w - length) if rtl else label_w
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="10" fill="#374151" text-anchor="{}">{}</text>',
                    f"{x:.1f}",
                    f"{y + 3 + k * bar_h:.1f}",
                    f"{length:.1f}",
                    f"{bar_h:.1f}",
                    PALETTE[k % len(PALETTE)],
                    f"{(x - 4) if rtl else (x + length + 4):.1f}",
                    f"{y + 3 + (k + 0.8) * bar_h:.1f}",
                    "end" if rtl else "start",
                    chart.format(series.values[i]),
                )
            )
    parts.append(_legend(chart, height - 8, rtl))
    parts.append(mark_safe("</svg>"))  # nosec B703 B308 # a constant
    return mark_safe("".join(parts))  # nosec B703 B308 # every part escaped by format_html
