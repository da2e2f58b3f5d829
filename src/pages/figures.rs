//! Figures drawn as inline SVG at build time: the geometry is computed here, the drawing is
//! the theme's (the `chart` component of the default theme), so a theme can restyle a chart
//! without doing arithmetic in templates.

use serde::Serialize;

/// One value of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What the value is of: a country, a year, a kind.
    pub label: String,
    /// The value.
    pub value: usize,
    /// A page about it, if there is one.
    pub url: Option<String>,
}

/// A bar or column, placed. Horizontal positions and widths are percentages of the chart's
/// width, vertical ones are pixels: the chart stretches to any width while its text keeps
/// its size (a scaled view box would shrink the labels to nothing on a phone).
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// What the value is of.
    pub label: String,
    /// The value.
    pub value: usize,
    /// A page about it.
    pub url: Option<String>,
    /// Left edge, percent.
    pub x: f64,
    /// Top edge, pixels.
    pub y: f64,
    /// Width, percent.
    pub w: f64,
    /// Height, pixels.
    pub h: f64,
    /// Where the label's text starts (columns: its centre), percent.
    pub label_x: f64,
    /// Baseline of the label, pixels.
    pub label_y: f64,
    /// Whether the label is drawn (long time lines label every few years).
    pub show_label: bool,
    /// Where the value's text goes (bars: start, a few pixels right of it; columns: centre),
    /// percent.
    pub value_x: f64,
    /// Baseline of the value, pixels.
    pub value_y: f64,
}

/// `bars` (horizontal, a label above each bar) or `columns` (vertical, labels below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Horizontal bars, for named categories.
    Bars,
    /// Vertical columns, for a time line.
    Columns,
}

/// A chart as templates receive it: `page.figures.<name>`.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// An `id` for the figure (and, suffixed, its caption and table).
    pub id: String,
    /// The caption.
    pub caption: String,
    /// A remark under the chart (values left out, for example); empty if none.
    pub note: String,
    /// Heading of the label column of the data table.
    pub label_heading: String,
    /// Heading of the value column of the data table.
    pub value_heading: String,
    /// How the bars run.
    pub layout: Layout,
    /// Height in pixels.
    pub height: f64,
    /// Columns: the y of the axis line, pixels; bars: 0.
    pub axis: f64,
    /// The bars, in order.
    pub bars: Vec<Bar>,
    /// The largest value.
    pub max: usize,
    /// The sum of the values.
    pub total: usize,
}

/// Words of a chart, in the page's language.
#[derive(Debug, Clone)]
pub struct Words {
    /// The figure's `id`.
    pub id: String,
    /// Caption.
    pub caption: String,
    /// Remark under the chart.
    pub note: String,
    /// Table heading of the labels.
    pub label_heading: String,
    /// Table heading of the values.
    pub value_heading: String,
}

/// Share of the width the longest bar takes; the rest is room for its value.
const BAR_SPAN: f64 = 86.0;
const ROW: f64 = 36.0;
const BAR: f64 = 14.0;
const COLUMNS_HEIGHT: f64 = 220.0;
const COLUMN_TOP: f64 = 22.0;
const COLUMN_AXIS_ROOM: f64 = 26.0;
/// Columns a narrow (320 px) chart can label one by one: a year needs about 40 px.
const LABELS_WHEN_NARROW: f64 = 8.0;

fn rounded(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn view(words: Words, layout: Layout, height: f64, axis: f64, bars: Vec<Bar>) -> ChartView {
    ChartView {
        id: words.id,
        caption: words.caption,
        note: words.note,
        label_heading: words.label_heading,
        value_heading: words.value_heading,
        layout,
        height,
        axis,
        max: bars.iter().map(|b| b.value).max().unwrap_or(0),
        total: bars.iter().map(|b| b.value).sum(),
        bars,
    }
}

/// Horizontal bars, one row each, the label above its bar so long names never collide.
pub fn bars(words: Words, items: Vec<Item>) -> ChartView {
    let max = items.iter().map(|i| i.value).max().unwrap_or(0).max(1) as f64;
    let bars: Vec<Bar> = items
        .into_iter()
        .enumerate()
        .map(|(n, it)| {
            let top = n as f64 * ROW;
            // A bar of one among thousands still shows as a sliver.
            let least = if it.value > 0 { 0.5 } else { 0.0 };
            let w = rounded((it.value as f64 / max * BAR_SPAN).max(least));
            Bar {
                x: 0.0,
                y: top + 18.0,
                w,
                h: BAR,
                label_x: 0.0,
                label_y: top + 13.0,
                show_label: true,
                value_x: w,
                value_y: top + 18.0 + BAR - 2.0,
                label: it.label,
                value: it.value,
                url: it.url,
            }
        })
        .collect();
    let height = (bars.len() as f64 * ROW).max(ROW);
    view(words, Layout::Bars, height, 0.0, bars)
}

/// Vertical columns on a time line; long lines label every few columns.
pub fn columns(words: Words, items: Vec<Item>) -> ChartView {
    let count = items.len();
    let n = count.max(1) as f64;
    let max = items.iter().map(|i| i.value).max().unwrap_or(0).max(1) as f64;
    let slot = 100.0 / n;
    let plot = COLUMNS_HEIGHT - COLUMN_TOP - COLUMN_AXIS_ROOM;
    let axis = COLUMNS_HEIGHT - COLUMN_AXIS_ROOM;
    let every = (n / LABELS_WHEN_NARROW).ceil().max(1.0) as usize;
    let bars = items
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            let h = rounded(it.value as f64 / max * plot);
            let w = rounded(slot * 0.64);
            let centre = rounded(slot * (i as f64 + 0.5));
            Bar {
                x: rounded(centre - w / 2.0),
                y: rounded(axis - h),
                w,
                h,
                label_x: centre,
                label_y: axis + 18.0,
                // Counted from the last column, which is always labelled: it is the year a
                // reader looks for.
                show_label: (count - 1 - i).is_multiple_of(every),
                value_x: centre,
                value_y: rounded(axis - h - 6.0),
                label: it.label,
                value: it.value,
                url: it.url,
            }
        })
        .collect();
    view(words, Layout::Columns, COLUMNS_HEIGHT, axis, bars)
}

/// Every year from the first to the last with its count, years without any included as zero
/// (a time line with gaps closed up would mislead).
pub fn years(counts: &std::collections::BTreeMap<i32, usize>) -> Vec<Item> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    (*first..=*last)
        .map(|y| Item {
            label: y.to_string(),
            value: counts.get(&y).copied().unwrap_or(0),
            url: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words {
            id: "f".into(),
            caption: "c".into(),
            note: String::new(),
            label_heading: "l".into(),
            value_heading: "v".into(),
        }
    }

    fn item(label: &str, value: usize) -> Item {
        Item {
            label: label.into(),
            value,
            url: None,
        }
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let c = bars(words(), vec![item("a", 10), item("b", 5), item("c", 0)]);
        assert_eq!(c.bars[0].w, BAR_SPAN);
        assert_eq!(c.bars[1].w, BAR_SPAN / 2.0);
        assert_eq!(c.bars[2].w, 0.0);
        assert!(c.bars[1].y > c.bars[0].y + BAR);
        assert_eq!((c.max, c.total, c.height), (10, 15, 3.0 * ROW));
    }

    #[test]
    fn columns_stand_on_the_axis_and_label_sparsely_when_many() {
        let c = columns(
            words(),
            (0..40).map(|i| item(&format!("{}", 1990 + i), i)).collect(),
        );
        for b in &c.bars {
            assert!((b.y + b.h - c.axis).abs() < 0.02, "{b:?}");
            assert!(b.x >= 0.0 && b.x + b.w <= 100.0);
        }
        let shown: Vec<&str> = c
            .bars
            .iter()
            .filter(|b| b.show_label)
            .map(|b| b.label.as_str())
            .collect();
        assert_eq!(shown.len(), 8, "{shown:?}");
        assert_eq!(shown.last(), Some(&"2029"));
    }

    #[test]
    fn years_fill_gaps_with_zero() {
        let counts = [(2019, 2), (2022, 1)].into_iter().collect();
        let y: Vec<(String, usize)> = years(&counts)
            .into_iter()
            .map(|i| (i.label, i.value))
            .collect();
        assert_eq!(
            y,
            [("2019", 2), ("2020", 0), ("2021", 0), ("2022", 1)].map(|(a, b)| (a.to_string(), b))
        );
        assert!(years(&Default::default()).is_empty());
    }
}
