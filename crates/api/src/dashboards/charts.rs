//! The charts of a note: horizontal bars, each with its label and its figure written beside it,
//! drawn with plotters as SVG (for HTML and for portals to embed) and rasterized with resvg as
//! PNG (for Word), so that a picture and the figure it illustrates cannot differ.

use std::sync::OnceLock;

use opora_domain::indicators::Series;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::views::MunicipalityDashboardView;

/// The font the PNG is drawn with: DejaVu Sans (free, see `assets/DejaVu-LICENSE`), carried in
/// the binary because a server has no fonts of its own and the labels are Cyrillic.
const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
const FAMILY: &str = "DejaVu Sans";

const WIDTH: u32 = 760;
const ROW: u32 = 30;
const TOP: u32 = 52;
const LABELS: u32 = 300;

/// One bar: what it is, its figure, and what the figure is out of when it is not the whole.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    pub label: String,
    pub value: f64,
    /// «по данным 5 из 14 ОО»: printed after the figure.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    /// The name it is served by: `lists`, `prevalence`, `execution`, `indicator-students`.
    pub name: String,
    pub title: String,
    pub bars: Vec<Bar>,
}

/// A figure as the notes print it: «48», «12,5».
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}").replace('.', ",") }
}

fn clipped(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(chars - 1).collect::<String>())
    }
}

impl Bar {
    /// The text beside the bar: the figure, then what it is out of.
    pub(crate) fn figure(&self) -> String {
        match &self.note {
            Some(note) => format!("{} ({note})", number(self.value)),
            None => number(self.value),
        }
    }
}

impl Chart {
    pub(crate) fn height(&self) -> u32 {
        TOP + ROW * u32::try_from(self.bars.len()).unwrap_or(u32::MAX / ROW / 2).max(1) + 16
    }

    /// The chart as an SVG document.
    pub(crate) fn svg(&self) -> String {
        let mut out = String::new();
        // Drawing into a string fails only on a backend error, which a string backend has none of.
        let _ = self.draw(&mut out);
        out
    }

    fn draw(&self, out: &mut String) -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(out, (WIDTH, self.height())).into_drawing_area();
        root.fill(&WHITE)?;
        let title = TextStyle::from((FAMILY, 22).into_font()).color(&BLACK);
        root.draw(&Text::new(clipped(&self.title, 80), (12, 14), title))?;
        let label = TextStyle::from((FAMILY, 16).into_font()).color(&BLACK).pos(Pos::new(HPos::Right, VPos::Center));
        let figure = TextStyle::from((FAMILY, 16).into_font()).color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
        let max = self.bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        // Room on the right for the figure and its note.
        let span = f64::from(WIDTH - LABELS - 24 - 190);
        let bar = RGBColor(0x3b, 0x6e, 0xa5);
        for (i, b) in self.bars.iter().enumerate() {
            let row = i32::try_from(i).unwrap_or(i32::MAX / 64);
            let (top, middle) = (TOP as i32 + row * ROW as i32 + 4, TOP as i32 + row * ROW as i32 + ROW as i32 / 2);
            let length = if max > 0.0 { (b.value.max(0.0) / max * span).round() as i32 } else { 0 };
            let left = LABELS as i32 + 8;
            root.draw(&Text::new(clipped(&b.label, 42), (LABELS as i32, middle), label.clone()))?;
            if length > 0 {
                root.draw(&Rectangle::new([(left, top), (left + length, top + ROW as i32 - 8)], bar.filled()))?;
            }
            root.draw(&Text::new(b.figure(), (left + length + 6, middle), figure.clone()))?;
        }
        if self.bars.is_empty() {
            root.draw(&Text::new("нет данных", (LABELS as i32, TOP as i32 + ROW as i32 / 2), figure))?;
        }
        root.present()?;
        Ok(())
    }

    /// The chart as a PNG, at twice the SVG's scale for print: the bytes, width and height.
    pub(crate) fn png(&self) -> Result<(Vec<u8>, u32, u32), String> {
        let options = resvg::usvg::Options { fontdb: fonts(), font_family: FAMILY.into(), ..Default::default() };
        let tree = resvg::usvg::Tree::from_str(&self.svg(), &options).map_err(|e| e.to_string())?;
        let (width, height) = (WIDTH * 2, self.height() * 2);
        let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).ok_or("an empty chart")?;
        resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
        Ok((pixmap.encode_png().map_err(|e| e.to_string())?, width, height))
    }
}

/// The charts of the note: the list per year, the factors' prevalence, the execution, and each
/// highlighted indicator with figures in the span. Each bar is a figure the note prints.
pub(super) fn note_charts(d: &MunicipalityDashboardView, series: &[Series], from: i32, to: i32) -> Vec<Chart> {
    let bar = |label: String, value: f64, note: Option<String>| Bar { label, value, note };
    let mut out = Vec::new();
    let years = d.lists.years.iter().filter(|y| (from..=to).contains(&y.year));
    out.push(Chart {
        name: "lists".into(),
        title: "Количество ОО в списке ШНОР по годам".into(),
        bars: years.map(|y| bar(format!("{} год", y.year), f64::from(y.count), None)).collect(),
    });
    if let Some(a) = &d.audit {
        let of = format!("из {}", a.denominator.count);
        out.push(Chart {
            name: "prevalence".into(),
            title: format!("ОО с выявленным фактором риска (аудит от {})", a.audit.date.0.format("%d.%m.%Y")),
            bars: a
                .factors
                .iter()
                .map(|f| bar(format!("{}. {}", f.code, f.name), f64::from(f.organizations), Some(of.clone())))
                .collect(),
        });
    }
    let t = &d.execution.total;
    let mut execution = vec![
        bar("Проведено (по отчётам)".into(), f64::from(t.held_due), None),
        bar("Не проведено (по отчётам)".into(), f64::from(t.not_held), None),
        bar("Нет отчёта".into(), f64::from(t.no_report), None),
    ];
    if t.postponed > 0 {
        execution.push(bar("Перенесено".into(), f64::from(t.postponed), None));
    }
    out.push(Chart {
        name: "execution".into(),
        title: format!("Проведения мероприятий {to} года, срок которых наступил"),
        bars: execution,
    });
    let (start, end) = (chrono::NaiveDate::from_ymd_opt(from - 1, 9, 1), chrono::NaiveDate::from_ymd_opt(to, 12, 31));
    for s in series {
        let bars: Vec<Bar> = s
            .points
            .iter()
            .filter(|p| Some(p.period.start()) >= start && Some(p.period.start()) <= end)
            .filter_map(|p| {
                let note = p.partial().then(|| match p.registered {
                    Some(m) => format!("по данным {} из {m} ОО", p.organizations),
                    None => format!("по данным {} ОО", p.organizations),
                });
                Some(bar(p.period.key(), p.value?, note))
            })
            .collect();
        if !bars.is_empty() {
            out.push(Chart {
                name: format!("indicator-{}", s.indicator.code),
                title: format!("{}, {}", s.indicator.name, s.indicator.unit),
                bars,
            });
        }
    }
    out
}

fn fonts() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(FONT.to_vec());
            db.set_sans_serif_family(FAMILY);
            std::sync::Arc::new(db)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of an SVG, in order.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_owned()))
            .collect()
    }

    fn seversky() -> Chart {
        let bars = [("2020", 8.0), ("2022", 7.0), ("2023", 5.0), ("2024", 1.0)]
            .map(|(l, v)| Bar { label: l.into(), value: v, note: None })
            .to_vec();
        Chart { name: "lists".into(), title: "Количество ОО в списке ШНОР".into(), bars }
    }

    #[test]
    fn the_svg_writes_each_bars_figure_beside_it() {
        let svg = seversky().svg();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert_eq!(
            texts(&svg),
            ["Количество ОО в списке ШНОР", "2020", "8", "2022", "7", "2023", "5", "2024", "1"],
            "the title, then each bar's label and figure"
        );
        // Four bars, the longest for 8 and the shortest for 1.
        assert_eq!(svg.matches("<rect").count(), 5, "the background and four bars");
    }

    #[test]
    fn the_png_is_a_picture_of_the_chart() {
        let (png, width, height) = seversky().png().unwrap();
        assert!(png.starts_with(&[137, 80, 78, 71]));
        assert_eq!((width, height), (WIDTH * 2, seversky().height() * 2));
    }

    #[test]
    fn a_partial_figure_says_what_it_is_out_of_and_nothing_is_drawn_for_no_data() {
        let bar = Bar { label: "2019/20".into(), value: 48.0, note: Some("по данным 5 из 14 ОО".into()) };
        assert_eq!(bar.figure(), "48 (по данным 5 из 14 ОО)");
        let empty = Chart { name: "x".into(), title: "—".into(), bars: Vec::new() };
        assert_eq!(texts(&empty.svg()), ["—", "нет данных"]);
    }
}
