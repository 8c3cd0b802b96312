//! Charts as small SVG written on the server (issue 21): horizontal bars for categories and
//! compact columns for months, inline in the page, decorative (`aria-hidden`: the table beside
//! each chart holds the figures for screen readers and for copying).
//!
//! **Why hand-written and not a crate.** The page runs under a strict Content-Security-Policy
//! (no `style` attribute, no script) and must read on a 360 px phone in light and dark mode.
//! plotters' SVG backend writes every colour and font as inline `style`/`fill` values fixed at
//! drawing time (no CSS classes, so no dark mode), sizes text in user units of a fixed canvas
//! (text shrinks with the canvas on a phone), and its text layout wants font metrics (the
//! `ttf`/font-kit features, system fonts on the server); charming and poloto bring a JS
//! runtime or inline styles too. What these charts need is a few rectangles and labels: here
//! every element carries only presentation attributes (`x`, `y`, `width`, `height`, `dx`,
//! `text-anchor`) and a class that `style/main.css` colours for both schemes. Positions along
//! the width are percentages and text is in CSS pixels, so a chart fills any width without its
//! text growing or shrinking, and no `viewBox` scaling is involved. Values are written on the
//! bars, so nothing is told by colour alone.

use leptos::prelude::*;

/// One bar: its label and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u32,
}

/// One column of a column chart: its value, and the label written under it (a year, or
/// nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub value: u32,
    pub label: Option<String>,
}

/// Height of one bar's row: its label above, then the bar with its value.
const ROW: u32 = 38;
/// The longest bar, in percent of the width (the value is written after it).
const LONGEST: f64 = 84.0;

/// A number with at most one decimal, for percentages in attributes.
fn pct(x: f64) -> String {
    format!("{:.1}%", (x * 10.0).round() / 10.0)
}

/// Horizontal bars, one row per value: label, bar, value.
#[component]
pub fn BarChart(bars: Vec<Bar>) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = (bars.len() as u32 * ROW).max(ROW);
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(k, bar)| {
            let top = k as u32 * ROW;
            let width = f64::from(bar.value) / f64::from(max) * LONGEST;
            view! {
                <text class="chart-label" x="0" y={top + 14}>{bar.label}</text>
                <rect class="chart-bar" x="0" y={top + 19} width=pct(width) height="14"></rect>
                <text class="chart-value" x=pct(width) dx="5" y={top + 31}>{bar.value}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart bars" aria-hidden="true" width="100%" height=height>
            {rows}
        </svg>
    }
}

/// Columns side by side, filling the width (so they stay compact on a phone): each column's
/// height is its share of the largest; the largest value and the last one are written above
/// their columns, the labels (years) under them.
#[component]
pub fn ColumnChart(columns: Vec<Column>) -> impl IntoView {
    const TOP: u32 = 20;
    const TALL: u32 = 100;
    let n = columns.len().max(1) as f64;
    let max = columns.iter().map(|c| c.value).max().unwrap_or(0);
    let highest = columns.iter().position(|c| c.value == max && max > 0);
    let last = columns.len().checked_sub(1);
    let step = 100.0 / n;
    let bars = columns
        .into_iter()
        .enumerate()
        .map(|(k, column)| {
            let h = if max == 0 {
                0
            } else {
                (f64::from(column.value) / f64::from(max) * f64::from(TALL)).round() as u32
            };
            let x = k as f64 * step;
            let centre = x + step * 0.4;
            // The largest value and the last one, written above their columns; the last is
            // anchored at its end so it stays inside the chart.
            let value = if Some(k) == last {
                Some(("end", pct(100.0)))
            } else if Some(k) == highest && centre < 6.0 {
                Some(("start", pct(x)))
            } else if Some(k) == highest {
                Some(("middle", pct(centre)))
            } else {
                None
            }
            .map(|(anchor, at)| {
                view! {
                    <text class="chart-value" x=at text-anchor=anchor y={TOP + TALL - h - 4}>
                        {column.value}
                    </text>
                }
            });
            let label = column.label.map(|label| {
                view! {
                    <text class="chart-axis" x=pct(x) y={TOP + TALL + 16}>{label}</text>
                    <rect class="chart-tick" x=pct(x) y={TOP + TALL} width="1" height="4"></rect>
                }
            });
            view! {
                <rect
                    class="chart-bar"
                    x=pct(x)
                    y={TOP + TALL - h}
                    width=pct(step * 0.8)
                    height=h
                ></rect>
                {value}
                {label}
            }
        })
        .collect_view();
    view! {
        <svg class="chart columns" aria-hidden="true" width="100%" height={TOP + TALL + 22}>
            <rect class="chart-axis-line" x="0" y={TOP + TALL} width="100%" height="1"></rect>
            {bars}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::pct;

    #[test]
    fn percentages_are_written_with_one_decimal_at_most() {
        assert_eq!(pct(84.0), "84.0%");
        assert_eq!(pct(100.0 / 3.0), "33.3%");
        assert_eq!(pct(0.0), "0.0%");
    }
}
