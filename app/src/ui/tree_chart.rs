//! The Pohon Kinerja drawn as inline SVG (it prints with the page and needs
//! nothing from the network): four columns — tujuan, sasaran, indicators,
//! the units answerable — each node a box coloured by its predicate, joined
//! to its parent by an elbow line. `layout` places the boxes (pure, tested);
//! `TreeChart` draws them.

use crate::domain::format::{Style, format_percent};
use crate::domain::pohon_kinerja::{Standing, TujuanNode};
use crate::domain::policy::{Predicate, label_in};
use leptos::prelude::*;

/// Left edge and width of each column, in the drawing's units.
const COLUMNS: [(f64, f64); 4] = [(0.0, 200.0), (220.0, 210.0), (450.0, 270.0), (740.0, 220.0)];
const ROW: f64 = 66.0;
const BOX: f64 = 56.0;
/// Characters that fit on a line of a box, about 6.2 units each at the font size used (with margins).
const CHARS_PER_UNIT: f64 = 1.0 / 6.2;

/// One box: its column, top, the lines it shows, its full text (the tooltip
/// and what a screen reader reads) and its predicate's class.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub column: usize,
    pub top: f64,
    pub lines: Vec<String>,
    pub full: String,
    pub class: String,
}

/// An elbow line from a parent's right edge to a child's left edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub from: (f64, f64),
    pub to: (f64, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub boxes: Vec<NodeBox>,
    pub links: Vec<Link>,
    pub height: f64,
}

/// The CSS class of a predicate's colour (`unmeasured` for none), which
/// the tree's boxes and every swatch share.
pub fn predicate_class(predicate: Option<Predicate>) -> &'static str {
    match predicate {
        Some(Predicate::SangatTinggi) => "sangat-tinggi",
        Some(Predicate::Tinggi) => "tinggi",
        Some(Predicate::Sedang) => "sedang",
        Some(Predicate::Rendah) => "rendah",
        Some(Predicate::SangatRendah) => "sangat-rendah",
        None => "unmeasured",
    }
}

/// A box's CSS class: a node in its predicate's colour.
fn class(standing: &Standing) -> String {
    format!("node {}", predicate_class(standing.predicate))
}

/// `Capaian 95,00% · Sangat Tinggi`, or that it could not be measured.
fn standing_line(standing: &Standing, labels: Labels<'_>) -> String {
    match (standing.capaian, standing.predicate) {
        (Some(capaian), Some(predicate)) => {
            format!(
                "Capaian {} · {}",
                format_percent(capaian, 2, Style::Indonesian),
                label_in(labels, predicate)
            )
        }
        _ => "Capaian belum dapat diukur".to_owned(),
    }
}

/// `text` cut into at most `lines` lines of `width` characters, word by
/// word; what does not fit ends in `…`.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match out.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ if word.chars().count() > width => {
                out.push(format!("{}…", word.chars().take(width.saturating_sub(1)).collect::<String>()))
            }
            _ => out.push(word.to_owned()),
        }
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{kept}…");
        }
    }
    out
}

/// The predicates' names the report was compiled with (none: the regulation's).
type Labels<'a> = Option<&'a [String; 5]>;

fn node(
    column: usize,
    top: f64,
    title: String,
    text: &str,
    standing: Option<&Standing>,
    labels: Labels<'_>,
) -> NodeBox {
    let width = (COLUMNS[column].1 * CHARS_PER_UNIT) as usize;
    let room = if standing.is_some() { 2 } else { 3 };
    let mut lines = vec![title.clone()];
    lines.extend(wrap(text, width, room));
    let mut full = format!("{title} {text}");
    if let Some(standing) = standing {
        lines.push(standing_line(standing, labels));
        full = format!("{full}. {}", standing_line(standing, labels));
    }
    NodeBox { column, top, lines, full, class: standing.map_or_else(|| "node units".to_owned(), class) }
}

fn link(parent: &NodeBox, child: &NodeBox) -> Link {
    let (left, width) = COLUMNS[parent.column];
    Link {
        from: (left + width, parent.top + BOX / 2.0),
        to: (COLUMNS[child.column].0, child.top + BOX / 2.0),
    }
}

/// Places the tree: one row per indicator, each parent centred on its children.
pub fn layout(tree: &[TujuanNode], labels: Labels<'_>) -> Layout {
    let mut boxes = Vec::new();
    let mut links = Vec::new();
    let mut row = 0.0;
    for tujuan in tree {
        let tujuan_at = boxes.len();
        let mut sasaran_tops = Vec::new();
        for sasaran in &tujuan.sasaran {
            let sasaran_at = boxes.len();
            let first = row;
            let mut children = Vec::new();
            for indicator in &sasaran.indicators {
                let top = row * ROW;
                let node_box =
                    node(2, top, indicator.code.clone(), &indicator.name, Some(&indicator.standing), labels);
                let units = node(3, top, "Unit:".to_owned(), &indicator.units.join(", "), None, labels);
                links.push(link(&node_box, &units));
                children.push(node_box.clone());
                boxes.push(node_box);
                boxes.push(units);
                row += 1.0;
            }
            let top = (first + row - 1.0) / 2.0 * ROW;
            let sasaran_box =
                node(1, top, sasaran.code.clone(), &sasaran.statement, Some(&sasaran.standing), labels);
            links.extend(children.iter().map(|child| link(&sasaran_box, child)));
            sasaran_tops.push(sasaran_box.clone());
            boxes.insert(sasaran_at, sasaran_box);
        }
        let (first, last) =
            (sasaran_tops.first().map_or(0.0, |b| b.top), sasaran_tops.last().map_or(0.0, |b| b.top));
        let tujuan_box = node(
            0,
            (first + last) / 2.0,
            tujuan.code.clone(),
            &tujuan.statement,
            Some(&tujuan.standing),
            labels,
        );
        links.extend(sasaran_tops.iter().map(|child| link(&tujuan_box, child)));
        boxes.insert(tujuan_at, tujuan_box);
    }
    Layout { boxes, links, height: (row * ROW).max(ROW) }
}

#[component]
pub fn TreeChart(tree: Vec<TujuanNode>, title: String, labels: Option<[String; 5]>) -> impl IntoView {
    let Layout { boxes, links, height } = layout(&tree, labels.as_ref());
    let width = COLUMNS[3].0 + COLUMNS[3].1;
    let lines = links
        .into_iter()
        .map(|Link { from: (x1, y1), to: (x2, y2) }| {
            let middle = (x1 + x2) / 2.0;
            view! { <path class="link" d=format!("M{x1} {y1} H{middle} V{y2} H{x2}") /> }
        })
        .collect_view();
    let nodes = boxes
        .into_iter()
        .map(|b| {
            let (left, width) = COLUMNS[b.column];
            let texts = b
                .lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    let weight = if i == 0 { "code" } else { "" };
                    view! { <text class=weight x=left + 6.0 y=b.top + 13.0 + i as f64 * 11.5>{line}</text> }
                })
                .collect_view();
            view! {
                <g class=b.class data-testid="tree-node">
                    <title>{b.full}</title>
                    <rect x=left y=b.top width=width height=BOX rx="4" />
                    {texts}
                </g>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="tree-chart" data-testid="tree-chart" viewBox=format!("0 0 {width} {height}") role="img" aria-label=label>
            <title>{title}</title>
            {lines}
            {nodes}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pohon_kinerja::{IndicatorNode, SasaranNode};
    use rust_decimal::Decimal;

    fn standing(capaian: i64, predicate: Predicate) -> Standing {
        Standing { capaian: Some(Decimal::from(capaian)), predicate: Some(predicate) }
    }

    fn indicator(code: &str) -> IndicatorNode {
        IndicatorNode {
            code: code.into(),
            name: format!("Indikator {code}"),
            standing: standing(80, Predicate::Tinggi),
            units: vec!["Seksi A".into(), "Bidang B".into()],
        }
    }

    #[test]
    fn each_parent_is_centred_on_its_children_one_row_per_indicator() {
        let sasaran = |code: &str, indicators: Vec<IndicatorNode>| SasaranNode {
            code: code.into(),
            statement:
                "Sasaran yang cukup panjang untuk dibungkus menjadi beberapa baris teks di dalam kotak".into(),
            standing: standing(95, Predicate::SangatTinggi),
            indicators,
        };
        let tree = vec![TujuanNode {
            code: "T1".into(),
            statement: "Tujuan".into(),
            standing: Standing::default(),
            sasaran: vec![
                sasaran("S1", vec![indicator("A"), indicator("B"), indicator("C")]),
                sasaran("S2", vec![indicator("D")]),
            ],
        }];
        let layout = layout(&tree, None);
        assert_eq!(layout.height, 4.0 * ROW);
        let top = |column: usize, first: &str| {
            layout.boxes.iter().find(|b| b.column == column && b.lines[0] == first).unwrap().top
        };
        assert_eq!(top(2, "A"), 0.0);
        assert_eq!(top(2, "D"), 3.0 * ROW);
        assert_eq!(top(1, "S1"), top(2, "B"), "centred on its three indicators");
        assert_eq!(top(1, "S2"), top(2, "D"));
        assert_eq!(top(0, "T1"), (top(1, "S1") + top(1, "S2")) / 2.0);
        // A link per sasaran, per indicator and per indicator's units.
        assert_eq!(layout.links.len(), 2 + 4 + 4);
        let s1 = layout.boxes.iter().find(|b| b.lines[0] == "S1").unwrap();
        assert_eq!(s1.class, "node sangat-tinggi");
        assert_eq!(s1.lines.len(), 4, "code, two lines of text, the capaian");
        assert!(s1.lines[2].ends_with('…'));
        assert_eq!(s1.lines[3], "Capaian 95,00% · Sangat Tinggi");
        let tujuan = layout.boxes.iter().find(|b| b.column == 0).unwrap();
        assert_eq!(
            (tujuan.class.as_str(), tujuan.lines.last().unwrap().as_str()),
            ("node unmeasured", "Capaian belum dapat diukur")
        );
        let units = layout.boxes.iter().find(|b| b.column == 3).unwrap();
        assert_eq!(units.lines, ["Unit:", "Seksi A, Bidang B"]);
    }

    #[test]
    fn long_words_and_texts_are_cut_to_the_box() {
        assert_eq!(wrap("satu dua tiga", 8, 2), ["satu dua", "tiga"]);
        assert_eq!(wrap("satu dua tiga empat lima", 8, 2), ["satu dua", "tiga…"]);
        assert_eq!(wrap("abcdefghijkl", 5, 1), ["abcd…"]);
    }
}
