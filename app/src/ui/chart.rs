//! Horizontal bar charts drawn as inline SVG, so they print with the page
//! and need nothing from the network: the SOP compliance chart and the
//! report's capaian, trend and budget absorption charts.

use leptos::prelude::*;

/// One bar: its label, its length on the chart's scale (none: no bar),
/// the figure written after it, and whether it is drawn as a warning.
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub text: String,
    pub alert: bool,
}

/// The drawing width of a bar at the top of the scale.
const WIDTH: f64 = 300.0;
const ROW: f64 = 22.0;

/// Bars scaled so that `max` fills the width (longer ones are cut there),
/// with a dashed line at `marker` when given (the standard, or 100 %).
#[component]
pub fn BarChart(
    test_id: &'static str,
    /// What the chart shows: its accessible name, and the tooltip.
    #[prop(into)]
    title: String,
    bars: Vec<Bar>,
    max: f64,
    marker: Option<f64>,
    /// Room for the labels, in the chart's units.
    label_width: f64,
) -> impl IntoView {
    let height = ROW * bars.len().max(1) as f64;
    let scale = |value: f64| (value.clamp(0.0, max) / max) * WIDTH;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = i as f64 * ROW;
            let length = bar.value.map(scale);
            let class = if bar.alert { "bar over" } else { "bar" };
            view! {
                <text x="0" y=y + 15.0>{bar.label}</text>
                {length.map(|width| view! { <rect class=class x=label_width y=y + 4.0 width=width height="14" /> })}
                <text class="figure" x=label_width + length.unwrap_or(0.0) + 4.0 y=y + 15.0>{bar.text}</text>
            }
        })
        .collect_view();
    let line = marker.map(|at| {
        let x = label_width + scale(at);
        view! { <line class="standard" x1=x x2=x y1="0" y2=height /> }
    });
    let label = title.clone();
    view! {
        <svg class="chart" data-testid=test_id viewBox=format!("0 0 {} {height}", label_width + WIDTH + 60.0) role="img" aria-label=label>
            <title>{title}</title>
            {rows}
            {line}
        </svg>
    }
}
