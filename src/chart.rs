//! Charts of a plan as SVG text: a Gantt of batches over the calendar, the exposure curve
//! (several scenarios overlaid), and the timing model.
//!
//! Each chart takes prepared data (built from a plan by `from_plan`) and returns a whole
//! `<svg>` element, the same natively (tests, the command line's wiki files) and inline
//! in the page. The SVG is written directly rather than through a plotting library: the
//! three charts need rectangles, lines and text, and written by hand each bar can carry a
//! `<title>`, the day lines fall on local midnight, and the page needs no text measuring
//! (nor the inline styles a measuring span would need under a strict CSP).

use std::fmt::Write as _;

use crate::civil::DateTime;
use crate::i18n::{Count, Lang};
use crate::plan::Plan;
use crate::scheduler::Work;
use crate::time_zone::Zone;
use crate::timing::{TimingModel, TimingPoint};

/// Ten colours that stay apart for most kinds of colour blindness and are dark enough on
/// white (Okabe–Ito, then Paul Tol's wine, teal and olive), so ten phases never share one.
pub const PALETTE: [&str; 10] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#882255", "#44aa99",
    "#999933",
];

/// Colour of the `i`-th phase or series, as CSS/SVG hex.
pub fn colour_hex(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Shade of the window openings a plan uses.
pub const WINDOW_SHADE: &str = "#e1e8f0";
/// Shade of the back-out reserve at the end of an opening (no batch runs in it).
pub const RESERVE_SHADE: &str = "#f3d9b1";

/// Text made safe inside SVG/XML, on one line: markup characters as entities; controls,
/// line separators and the characters XML 1.0 forbids (U+FFFE, U+FFFF) as spaces, so
/// every document holding it stays well-formed.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}') => {
                out.push(' ')
            }
            c => out.push(c),
        }
    }
    out
}

/// A coordinate to one decimal place, without a trailing `.0` (`12`, `12.5`).
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = format!("{:.1}", self.0);
        let text = text.strip_suffix(".0").unwrap_or(&text);
        f.write_str(if text == "-0" { "0" } else { text })
    }
}

/// Width of the Gantt and exposure charts: drawn at about this size in a results column
/// (the page never shrinks a chart below 85 %, so its 13 px text stays at 11 px or more).
pub const WIDTH: f64 = 640.0;

/// An SVG document being written: the chart's size, fonts named in the element itself.
struct Svg {
    out: String,
}

impl Svg {
    fn new(width: u32, height: u32) -> Self {
        let mut out = String::with_capacity(8 * 1024);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"13\">"
        );
        let _ = write!(out, "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        Self { out }
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{extra}/>",
            Px(x),
            Px(y),
            Px(w.max(0.0)),
            Px(h.max(0.0))
        );
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, width: f64) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            Px(x1),
            Px(y1),
            Px(x2),
            Px(y2),
            Px(width)
        );
    }

    fn polyline(
        &mut self,
        points: impl Iterator<Item = (f64, f64)>,
        stroke: &str,
        width: f64,
        dash: Option<&str>,
    ) {
        self.out.push_str("<polyline fill=\"none\" points=\"");
        for (x, y) in points {
            let _ = write!(self.out, "{},{} ", Px(x), Px(y));
        }
        let _ = write!(
            self.out,
            "\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
            Px(width)
        );
        if let Some(dash) = dash {
            let _ = write!(self.out, " stroke-dasharray=\"{dash}\"");
        }
        self.out.push_str("/>");
    }

    /// Text; `anchor` is start, middle or end.
    fn text(&mut self, x: f64, y: f64, anchor: &str, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#222222\">{}</text>",
            Px(x),
            Px(y),
            xml(text)
        );
    }

    /// A legend under the plot: entries flow left to right from `top` (as [`flow`] places
    /// them within `width`), each its sample mark and label, so no entry covers the data.
    fn legend_below(&mut self, top: f64, width: f64, entries: &[(&str, &str, Sample)]) {
        let labels: Vec<&str> = entries.iter().map(|e| e.0).collect();
        let (places, _) = flow(&labels, width);
        for ((label, colour, mark), (x, row)) in entries.iter().zip(places) {
            let (x, y) = (20.0 + x, top + 22.0 * f64::from(row));
            match mark {
                Sample::Line(w, dash) => {
                    self.polyline([(x, y), (x + 14.0, y)].into_iter(), colour, *w, *dash)
                }
                Sample::Dot => self.dot(x + 7.0, y, colour),
                Sample::Triangle => self.triangle(x + 7.0, y, colour),
            }
            self.text(x + 18.0, y + 4.5, "start", &fit(label, width - 18.0));
        }
    }

    fn dot(&mut self, x: f64, y: f64, fill: &str) {
        let _ = write!(self.out, "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{fill}\"/>", Px(x), Px(y));
    }

    fn triangle(&mut self, x: f64, y: f64, fill: &str) {
        let _ = write!(
            self.out,
            "<polygon points=\"{},{} {},{} {},{}\" fill=\"{fill}\"/>",
            Px(x),
            Px(y - 6.0),
            Px(x + 6.0),
            Px(y + 5.0),
            Px(x - 6.0),
            Px(y + 5.0)
        );
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Sample {
    Line(f64, Option<&'static str>),
    Dot,
    Triangle,
}

/// Where each entry of a legend goes when entries flow left to right under a chart and
/// wrap to more rows within `width`: (x, row) of each, and how many rows. An entry is its
/// 12 px sample, a gap and its label; a label wider than a whole row is cut to fit.
fn flow(labels: &[&str], width: f64) -> (Vec<(f64, u32)>, u32) {
    let mut at = Vec::with_capacity(labels.len());
    let (mut x, mut row) = (0.0, 0);
    for label in labels {
        let w = 18.0 + text_width(label).min(width - 18.0) + 22.0;
        if x > 0.0 && x + w > width {
            (x, row) = (0.0, row + 1);
        }
        at.push((x, row));
        x += w;
    }
    (at, if labels.is_empty() { 0 } else { row + 1 })
}

/// Width of `text` at 13 px, estimated: full-width characters (Japanese) a whole em,
/// others about 0.6 em. Used only to size legend boxes and trim labels.
fn text_width(text: &str) -> f64 {
    text.chars().map(|c| if c as u32 >= 0x2e80 { 13.0 } else { 7.6 }).sum()
}

/// `text` cut to about `width` pixels at 13 px, with an ellipsis when cut.
fn fit(text: &str, width: f64) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = text_width("…");
    for c in text.chars() {
        used += text_width(c.encode_utf8(&mut [0; 4]));
        if used > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A round step (1, 2 or 5 times a power of ten) giving at most `most` ticks over `span`.
fn nice_step(span: f64, most: usize) -> f64 {
    let raw = (span / most.max(1) as f64).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude)
}

/// A tick label: whole numbers plainly, others to one decimal.
fn tick(v: f64) -> String {
    Px((v * 10.0).round() / 10.0).to_string()
}

/// Plot area inside a chart: left, top, width, height, in pixels.
#[derive(Clone, Copy)]
struct Area {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Area {
    fn x(&self, v: f64, max: f64) -> f64 {
        self.left + self.width * (v / max.max(f64::MIN_POSITIVE))
    }

    fn y(&self, v: f64, max: f64) -> f64 {
        self.top + self.height * (1.0 - v / max.max(f64::MIN_POSITIVE))
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// A deadline at `x`: a dashed vertical line with `label` as its title and beside it, the
    /// `i`-th deadline's label a row lower than the one before (so neighbours stay readable).
    fn deadline(&self, svg: &mut Svg, x: f64, i: usize, label: &str) {
        let _ = write!(
            svg.out,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#444444\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"><title>{title}</title></line>",
            x = Px(x),
            top = Px(self.top),
            bottom = Px(self.bottom()),
            title = xml(label)
        );
        let anchor = if x > self.left + self.width * 0.8 { "end" } else { "start" };
        let dx = if anchor == "end" { -4.0 } else { 4.0 };
        svg.text(x + dx, self.top + 14.0 + 16.0 * (i % 4) as f64, anchor, label);
    }

    /// Axes with round ticks and gridlines, labelled with `x_title` and `y_title`; the x
    /// ticks are left to the caller when `x_ticks` is false.
    fn axes(&self, svg: &mut Svg, (x_max, y_max): (f64, f64), x_ticks: bool, x_title: &str, y_title: &str) {
        let y_step = nice_step(y_max, 6);
        let mut v = 0.0;
        while v <= y_max + 1e-9 {
            let y = self.y(v, y_max);
            svg.line((self.left, y), (self.left + self.width, y), "#e6e6e6", 1.0);
            svg.text(self.left - 6.0, y + 4.5, "end", &tick(v));
            v += y_step;
        }
        let x_step = nice_step(x_max, 8);
        let mut v = 0.0;
        while x_ticks && v <= x_max + 1e-9 {
            let x = self.x(v, x_max);
            svg.line((x, self.bottom()), (x, self.bottom() + 5.0), "#555555", 1.0);
            svg.text(x, self.bottom() + 18.0, "middle", &tick(v));
            v += x_step;
        }
        svg.line((self.left, self.top), (self.left, self.bottom()), "#555555", 1.0);
        svg.line((self.left, self.bottom()), (self.left + self.width, self.bottom()), "#555555", 1.0);
        svg.text(self.left + self.width / 2.0, self.bottom() + 36.0, "middle", x_title);
        let _ = write!(
            svg.out,
            "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" fill=\"#222222\">{}</text>",
            Px(self.top + self.height / 2.0),
            xml(y_title)
        );
    }
}

/// One bar of the Gantt chart, in hours since the plan's start.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub row: usize,
    pub lane: usize,
    pub start: f64,
    pub end: f64,
    pub phase: usize,
    pub prerequisite: bool,
    /// What a pointer over the bar shows: phase, site, hosts, start–end.
    pub title: String,
}

/// Batches by site over the calendar, with the window openings they used shaded.
#[derive(Clone, Debug, PartialEq)]
pub struct GanttData {
    pub rows: Vec<String>,
    /// Lanes per row (one per console that worked there).
    pub lanes: usize,
    pub bars: Vec<Bar>,
    /// Window openings used, per row, in hours since start.
    pub windows: Vec<(usize, f64, f64)>,
    /// The back-out reserve at the end of each opening used that keeps one, likewise.
    pub reserves: Vec<(usize, f64, f64)>,
    pub phases: Vec<String>,
    pub span_hours: f64,
    pub start: i64,
    pub zone: Zone,
    pub lang: Lang,
}

/// Local `MM-DD HH:MM` of `utc` minutes in `zone`.
fn month_day_time(zone: &Zone, utc: i64) -> String {
    let at = DateTime(zone.to_local(utc));
    let d = at.date();
    format!("{:02}-{:02} {}", d.month(), d.day(), at.time())
}

impl GanttData {
    /// Prepares the plan's batches; dates are shown in `zone`.
    pub fn from_plan(plan: &Plan, zone: Zone, lang: Lang) -> Self {
        let start = plan.summary.start;
        let hours = |m: i64| (m - start) as f64 / 60.0;
        let lanes = plan.schedule.batches.iter().map(|b| b.console as usize + 1).max().unwrap_or(1);
        let mut windows: Vec<(usize, f64, f64)> = plan
            .schedule
            .batches
            .iter()
            .map(|b| (b.site as usize, hours(b.window_start), hours(b.window_end)))
            .collect();
        windows.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.total_cmp(&b.2)));
        windows.dedup();
        let mut reserves: Vec<(usize, f64, f64)> = (plan.schedule.batches.iter())
            .filter(|b| b.reserve > 0)
            .map(|b| (b.site as usize, hours(b.window_end - b.reserve), hours(b.window_end)))
            .collect();
        reserves.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        reserves.dedup();
        let bars = plan
            .schedule
            .batches
            .iter()
            .map(|b| {
                let phase = &plan.phases[b.phase as usize].name;
                let site = &plan.expanded.sites[b.site as usize].name;
                let work = match (b.work, lang) {
                    (Work::Prerequisite, Lang::En) => " (prerequisite)",
                    (Work::Prerequisite, Lang::Ja) => "（前提条件）",
                    (Work::Hotfix, _) => "",
                };
                let (from, to) = (month_day_time(&zone, b.start), month_day_time(&zone, b.cautious_end));
                let title = match lang {
                    Lang::En => {
                        format!("{phase}{work} · {site} · {} hosts · {from}–{to}", Count(u64::from(b.hosts)))
                    }
                    Lang::Ja => {
                        format!("{phase}{work} · {site} · {}台 · {from}〜{to}", Count(u64::from(b.hosts)))
                    }
                };
                Bar {
                    row: b.site as usize,
                    lane: b.console as usize,
                    start: hours(b.start),
                    end: hours(b.cautious_end),
                    phase: b.phase as usize,
                    prerequisite: b.work == Work::Prerequisite,
                    title,
                }
            })
            .collect();
        Self {
            rows: plan.expanded.sites.iter().map(|s| s.name.clone()).collect(),
            lanes,
            bars,
            windows,
            reserves,
            phases: plan.phases.iter().map(|p| p.name.clone()).collect(),
            span_hours: hours(plan.summary.cautious_end).max(1.0),
            start,
            zone,
            lang,
        }
    }

    /// Height of the chart in pixels (without a legend).
    pub fn height(&self) -> u32 {
        (70 + 48 * self.rows.len().max(1) as u32).max(170)
    }
}

/// The Gantt chart, [`WIDTH`] pixels wide: a row per site, a lane per console, day lines at
/// local midnight in the display zone (named above the chart), every bar titled. With
/// `legend`, each phase's colour and the window shade are listed under the chart (for a
/// chart that stands alone; the page lists them beside it).
pub fn gantt(data: &GanttData, legend: bool) -> String {
    let lang = data.lang;
    let chart_height = data.height();
    let mut entries: Vec<(&str, &str)> =
        data.phases.iter().enumerate().map(|(i, p)| (colour_hex(i), p.as_str())).collect();
    entries.push((WINDOW_SHADE, lang.pick("window used", "使うウィンドウ")));
    if !data.reserves.is_empty() {
        entries.push((RESERVE_SHADE, lang.pick("back-out reserve", "切り戻しの余裕")));
    }
    let names: Vec<&str> = entries.iter().map(|(_, name)| *name).collect();
    let (places, legend_rows) = flow(&names, WIDTH - 40.0);
    let height = chart_height + if legend { 10 + 22 * legend_rows } else { 0 };
    let mut svg = Svg::new(WIDTH as u32, height);
    let area = Area {
        left: 130.0,
        top: 30.0,
        width: WIDTH - 130.0 - 16.0,
        height: f64::from(chart_height) - 30.0 - 40.0,
    };
    let span = data.span_hours * 1.02;
    let x = |h: f64| area.x(h, span);
    let rows = data.rows.len().max(1);
    let row_h = area.height / rows as f64;

    svg.text(
        area.left,
        18.0,
        "start",
        &match lang {
            Lang::En => format!("Local times in {}", data.zone.name()),
            Lang::Ja => format!("時刻は {} の現地時刻", data.zone.name()),
        },
    );
    // Window openings, shaded behind everything.
    for &(row, a, b) in &data.windows {
        let top = area.top + row_h * row as f64;
        svg.rect(x(a), top + 3.0, x(b) - x(a), row_h - 6.0, WINDOW_SHADE, "");
    }
    // Each opening's back-out reserve, at its end: no batch runs in it.
    let reserve = lang.pick("back-out reserve: no batch runs here", "切り戻しの余裕: バッチは実行しません");
    for &(row, a, b) in &data.reserves {
        let top = area.top + row_h * row as f64;
        let _ = write!(
            svg.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{RESERVE_SHADE}\" data-reserve=\"\"><title>{}</title></rect>",
            Px(x(a)),
            Px(top + 3.0),
            Px((x(b) - x(a)).max(0.0)),
            Px(row_h - 6.0),
            xml(reserve)
        );
    }
    // Day lines at local midnight (over a long span only where labelled, so the windows
    // stay visible between them); labels thinned to one every ~56 px.
    let local_start = data.zone.to_local(data.start);
    let end = data.start + (span * 60.0) as i64;
    let day_px = area.width * 24.0 / span;
    let label_every = (56.0 / day_px).ceil().max(1.0) as i64;
    let mut day = local_start.div_euclid(1440) + 1;
    loop {
        let utc = data.zone.to_utc(day * 1440);
        if utc > end {
            break;
        }
        let at = x((utc - data.start) as f64 / 60.0);
        if day_px >= 12.0 || day % label_every == 0 {
            svg.line((at, area.top), (at, area.bottom() + 5.0), "#b8b8b8", 1.0);
        }
        if day % label_every == 0 {
            let date = DateTime(day * 1440).date();
            svg.text(at, area.bottom() + 18.0, "middle", &format!("{:02}-{:02}", date.month(), date.day()));
        }
        day += 1;
    }
    // Within a few days, times of day between the midnights.
    if data.span_hours <= 72.0 {
        let step: i64 =
            [1, 2, 3, 6, 12].into_iter().find(|h: &i64| area.width * *h as f64 / span >= 56.0).unwrap_or(24);
        if step < 24 {
            let mut local = (local_start.div_euclid(60 * step) + 1) * 60 * step;
            loop {
                let utc = data.zone.to_utc(local);
                if utc > end {
                    break;
                }
                if local.rem_euclid(1440) != 0 {
                    let at = x((utc - data.start) as f64 / 60.0);
                    svg.line((at, area.bottom()), (at, area.bottom() + 4.0), "#555555", 1.0);
                    svg.text(at, area.bottom() + 32.0, "middle", &DateTime(local).time().to_string());
                }
                local += 60 * step;
            }
        }
    }
    // Site names, and a line between rows.
    for (i, name) in data.rows.iter().enumerate() {
        let top = area.top + row_h * i as f64;
        let _ = write!(
            svg.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#222222\"><title>{}</title>{}</text>",
            Px(area.left - 8.0),
            Px(top + row_h / 2.0 + 4.5),
            xml(name),
            xml(&fit(name, area.left - 16.0))
        );
        if i > 0 {
            svg.line((area.left, top), (area.left + area.width, top), "#d0d0d0", 1.0);
        }
    }
    // Bars: a lane per console within the row; prerequisites lighter with an outline.
    let lane_h = (row_h - 10.0) / data.lanes.max(1) as f64;
    for bar in &data.bars {
        let colour = colour_hex(bar.phase);
        let top = area.top + row_h * bar.row as f64 + 5.0 + lane_h * bar.lane as f64;
        // At least two pixels wide so short batches stay visible.
        let width = (x(bar.end) - x(bar.start)).max(2.0);
        let look = if bar.prerequisite {
            format!(
                " fill-opacity=\"0.45\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\""
            )
        } else {
            String::new()
        };
        let _ = write!(
            svg.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"{look}><title>{}</title></rect>",
            Px(x(bar.start)),
            Px(top),
            Px(width),
            Px(lane_h * 0.85),
            xml(&bar.title)
        );
    }
    svg.line((area.left, area.top), (area.left, area.bottom()), "#555555", 1.0);
    svg.line((area.left, area.bottom()), (area.left + area.width, area.bottom()), "#555555", 1.0);
    if legend {
        for ((colour, name), (x, row)) in entries.iter().zip(places) {
            let (lx, ly) = (20.0 + x, f64::from(chart_height) + 10.0 + 22.0 * f64::from(row));
            svg.rect(lx, ly, 12.0, 12.0, colour, "");
            svg.text(lx + 18.0, ly + 11.0, "start", &fit(name, WIDTH - 40.0 - 18.0));
        }
    }
    svg.finish()
}

/// One exposure curve: remaining exposure in % over hours since its plan's start.
#[derive(Clone, Debug, PartialEq)]
pub struct ExposureSeries {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

impl ExposureSeries {
    pub fn from_plan(plan: &Plan, label: &str) -> Self {
        Self::from_curve(&plan.exposure, plan.summary.start, label)
    }

    /// The approved plan's curve of a rollout in progress (on the plan's time axis).
    pub fn approved(plan: &Plan, label: &str) -> Option<Self> {
        let t = plan.tracking.as_ref()?;
        Some(Self::from_curve(&t.approved_plan.exposure, plan.summary.start, label))
    }

    fn from_curve(curve: &[crate::plan::ExposurePoint], start: i64, label: &str) -> Self {
        let total = curve.first().map_or(0.0, |p| p.remaining).max(f64::MIN_POSITIVE);
        let mut points = vec![(0.0, 100.0)];
        for p in curve {
            let h = (p.at - start) as f64 / 60.0;
            let last = points.last().expect("one point").1;
            // A step: hold the previous level until this point, then drop.
            points.push((h, last));
            points.push((h, 100.0 * p.remaining / total));
        }
        Self { label: label.into(), points }
    }
}

/// How the `i`-th exposure curve is drawn: the first thick and solid, the others thinner
/// and dashed each their own way, so they stay apart without colour.
fn exposure_stroke(i: usize) -> (f64, Option<&'static str>) {
    match i {
        0 => (3.0, None),
        1 => (2.0, Some("8 5")),
        _ => (2.0, Some("2 4")),
    }
}

/// A completion target's deadline on the exposure chart: days from the start, and a
/// short label (the target as written, with ✓ or ✗).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub days: f64,
    pub label: String,
}

/// The deadlines of `plan`'s completion targets, for [`exposure`], each labelled in the
/// planner's words: "all hosts within 10 d ✓".
pub fn target_marks(plan: &Plan, lang: Lang) -> Vec<Mark> {
    let mut marks: Vec<Mark> = plan
        .targets
        .iter()
        .map(|t| Mark {
            days: (t.outcome.deadline - plan.summary.start) as f64 / 1440.0,
            label: format!("{} {}", t.target.describe(lang), if t.outcome.met { "✓" } else { "✗" }),
        })
        .collect();
    // A rollout in progress: what is left of the status time is what happened.
    if let Some(t) = &plan.tracking {
        marks.push(Mark {
            days: (t.now - plan.summary.start) as f64 / 1440.0,
            label: lang.pick("status time", "状況の時刻").into(),
        });
    }
    marks
}

/// A forecast's band around the exposure curve: by when each level of exposure is left
/// in 10 % of trials (its early edge) and in 90 % (its late edge), as (hours since the
/// plan's start, % left).
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub early: Vec<(f64, f64)>,
    pub late: Vec<(f64, f64)>,
}

impl Band {
    pub fn from_forecast(f: &crate::forecast::Forecast) -> Self {
        let h = |at: i64| (at - f.start) as f64 / 60.0;
        let edge = |at: &dyn Fn(&crate::forecast::BandPoint) -> i64| {
            let mut points = vec![(0.0, 100.0)];
            for p in &f.band {
                let last = points.last().expect("one point").1;
                // Steps, as the curve's: hold the level until it drops.
                points.push((h(at(p)), last));
                points.push((h(at(p)), 100.0 * p.remaining));
            }
            points
        };
        Self { early: edge(&|p| p.p10), late: edge(&|p| p.p90) }
    }
}

/// One or more exposure curves on one time axis (days since each plan's start), [`WIDTH`]×300,
/// with the completion targets' deadlines as dashed vertical lines, and a forecast's band
/// (10–90 % of trials) shaded under them.
pub fn exposure(series: &[ExposureSeries], band: Option<&Band>, marks: &[Mark], lang: Lang) -> String {
    // The curves' legend flows under the chart, so it never covers a deadline's label.
    let labels: Vec<&str> = series.iter().map(|s| s.label.as_str()).collect();
    let (places, rows) = flow(&labels, WIDTH - 40.0);
    let mut svg = Svg::new(WIDTH as u32, 300 + 22 * rows);
    let area = Area { left: 64.0, top: 14.0, width: WIDTH - 64.0 - 16.0, height: 300.0 - 14.0 - 48.0 };
    let latest_mark = marks.iter().map(|m| m.days * 24.0).fold(0.0, f64::max);
    let banded = band.iter().flat_map(|b| b.late.iter().map(|p| p.0));
    let days = (series.iter().flat_map(|s| s.points.iter().map(|p| p.0)))
        .chain(banded)
        .fold(latest_mark.max(1.0), f64::max)
        / 24.0
        * 1.05;
    area.axes(
        &mut svg,
        (days, 105.0),
        true,
        lang.pick("days from start", "開始からの日数"),
        lang.pick("exposure left (%)", "残るリスク（%）"),
    );
    if let Some(band) = band {
        svg.out.push_str("<polygon fill=\"#9ecae1\" fill-opacity=\"0.45\" points=\"");
        for &(h, y) in band.early.iter().chain(band.late.iter().rev()) {
            let _ = write!(svg.out, "{},{} ", Px(area.x(h / 24.0, days)), Px(area.y(y, 105.0)));
        }
        let _ = write!(
            svg.out,
            "\" data-band=\"forecast\"><title>{}</title></polygon>",
            xml(lang.pick("10–90 % of the forecast's trials", "見通しの試行の10〜90%"))
        );
    }
    for (i, mark) in marks.iter().enumerate() {
        area.deadline(&mut svg, area.x(mark.days.max(0.0), days), i, &mark.label);
    }
    for (i, (s, (x, row))) in series.iter().zip(places).enumerate() {
        let (width, dash) = exposure_stroke(i);
        let points = s.points.iter().map(|&(h, y)| (area.x(h / 24.0, days), area.y(y, 105.0)));
        svg.polyline(points, colour_hex(i), width, dash);
        let (lx, ly) = (20.0 + x, 300.0 + 22.0 * f64::from(row));
        svg.polyline([(lx, ly), (lx + 14.0, ly)].into_iter(), colour_hex(i), width, dash);
        svg.text(lx + 18.0, ly + 4.5, "start", &fit(&s.label, WIDTH - 40.0 - 18.0));
    }
    svg.finish()
}

/// A forecast's finish as an S-curve, [`WIDTH`]×260: the share of trials finished by each
/// day from the start, the targets' deadlines as dashed lines with their chance of being
/// met, and the confidence level as a dotted line.
pub fn finish_curve(f: &crate::forecast::Forecast, lang: Lang) -> String {
    let mut svg = Svg::new(WIDTH as u32, 260);
    let area = Area { left: 64.0, top: 14.0, width: WIDTH - 64.0 - 16.0, height: 260.0 - 14.0 - 48.0 };
    let day = |at: i64| (at - f.start) as f64 / 1440.0;
    let deadlines = f.targets.iter().map(|t| day(t.deadline));
    let last = f.curve.iter().map(|p| day(p.0)).chain(deadlines).fold(1.0, f64::max);
    let days = last * 1.05;
    area.axes(
        &mut svg,
        (days, 100.0),
        true,
        lang.pick("days from start", "開始からの日数"),
        lang.pick("trials finished (%)", "完了した試行（%）"),
    );
    let level = area.y(f.confidence_percent, 100.0);
    svg.polyline(
        [(area.left, level), (area.left + area.width, level)].into_iter(),
        "#666666",
        1.0,
        Some("2 3"),
    );
    svg.text(
        area.left + 4.0,
        level - 4.0,
        "start",
        &crate::forecast::text::percent(f.confidence_percent / 100.0, lang),
    );
    let mut points = vec![(area.x(day(f.from).max(0.0), days), area.y(0.0, 100.0))];
    for &(at, share) in &f.curve {
        let (x, y) = (area.x(day(at), days), area.y(share * 100.0, 100.0));
        points.push((x, points.last().expect("one point").1));
        points.push((x, y));
    }
    svg.polyline(points.into_iter(), colour_hex(0), 2.5, None);
    for (i, t) in f.targets.iter().enumerate() {
        let label = format!("{} {}", t.label, crate::forecast::text::percent(t.probability, lang));
        area.deadline(&mut svg, area.x(day(t.deadline).max(0.0), days), i, &label);
    }
    svg.finish()
}

/// The capacity solver's table as a chart, 640×260: for each target, the days its hosts
/// take against the number of consoles (a line with a dot per count), and its deadline
/// as a dashed line of the same colour; where the lines flatten, more consoles stop
/// helping.
pub fn sensitivity(solution: &crate::solve::Solution, lang: Lang) -> String {
    // Each target in the planner's words ("all hosts within 14 d"), not as typed, in a
    // legend under the plot: it never covers a line or a deadline.
    let labels: Vec<String> = solution.targets.iter().map(|t| t.describe(lang)).collect();
    let (_, legend_rows) = flow(&labels.iter().map(String::as_str).collect::<Vec<_>>(), 600.0);
    let mut svg = Svg::new(640, 260 + 22 * legend_rows);
    let area = Area { left: 60.0, top: 12.0, width: 640.0 - 60.0 - 14.0, height: 260.0 - 12.0 - 48.0 };
    let start = solution.start;
    let rows = &solution.table;
    let (first, last) = (rows.first().map_or(1, |r| r.consoles), rows.last().map_or(1, |r| r.consoles));
    let days = |m: i64| (m - start) as f64 / 1440.0;
    let reached = rows.iter().flat_map(|r| r.outcomes.iter().filter_map(|o| o.reached)).map(days);
    let deadlines = rows.iter().flat_map(|r| r.outcomes.iter().map(|o| days(o.deadline)));
    let y_max = reached.chain(deadlines).fold(1.0f64, f64::max) * 1.1;
    // Consoles along x, counted from the first row (the axes start at zero).
    let span = f64::from(last - first + 1);
    let x = |consoles: u32| area.x(f64::from(consoles - first) + 0.5, span);
    let (x_title, y_title) =
        (lang.pick("consoles", "コンソール数"), lang.pick("days from start", "開始からの日数"));
    area.axes(&mut svg, (span, y_max), false, x_title, y_title);
    for row in rows {
        svg.text(x(row.consoles), area.bottom() + 18.0, "middle", &row.consoles.to_string());
    }
    let mut legend = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let colour = colour_hex(i);
        let points: Vec<(f64, f64)> = rows
            .iter()
            .filter_map(|r| Some((x(r.consoles), area.y(days(r.outcomes.get(i)?.reached?), y_max))))
            .collect();
        svg.polyline(points.iter().copied(), colour, 2.0, None);
        for &(px, py) in &points {
            svg.dot(px, py, colour);
        }
        if let Some(deadline) = rows.iter().find_map(|r| r.outcomes.get(i)).map(|o| days(o.deadline)) {
            let y = area.y(deadline, y_max);
            svg.polyline([(area.left, y), (area.left + area.width, y)].into_iter(), colour, 1.5, Some("6 4"));
        }
        legend.push((label.as_str(), colour, Sample::Line(2.0, None)));
    }
    svg.legend_below(262.0, 600.0, &legend);
    svg.finish()
}

/// The timing model's line with the points it was fitted to.
#[derive(Clone, Debug, PartialEq)]
pub struct TimingData {
    pub model: TimingModel,
    pub measured: Vec<TimingPoint>,
    /// The planner's own runs, when the model was refitted to them.
    pub calibration: Vec<TimingPoint>,
}

/// The fitted line, the measured points and any calibration points, 560×280.
pub fn timing(data: &TimingData, lang: Lang) -> String {
    // The model's formula is written above the chart; the legend names the marks, under
    // the plot.
    let mut legend = vec![
        (lang.pick("fitted model", "当てはめたモデル"), colour_hex(0), Sample::Line(2.0, None)),
        (lang.pick("measured runs", "実測（資料）"), colour_hex(1), Sample::Dot),
    ];
    if !data.calibration.is_empty() {
        legend.push((lang.pick("your runs", "自分の実測"), colour_hex(2), Sample::Triangle));
    }
    let (_, legend_rows) = flow(&legend.iter().map(|e| e.0).collect::<Vec<_>>(), 520.0);
    let mut svg = Svg::new(560, 280 + 22 * legend_rows);
    let area = Area { left: 60.0, top: 12.0, width: 560.0 - 60.0 - 14.0, height: 280.0 - 12.0 - 48.0 };
    let points = || data.measured.iter().chain(&data.calibration);
    let x_max = points().map(|p| p.hosts).max().unwrap_or(500).max(10) as f64 * 1.15;
    let y_max =
        data.model.console_minutes(x_max as u32).max(points().map(|p| p.minutes).fold(0.0, f64::max)) * 1.1;
    area.axes(
        &mut svg,
        (x_max, y_max),
        true,
        lang.pick("hosts per console", "コンソール1台あたりの台数"),
        lang.pick("minutes", "分"),
    );
    let line = (0..=50).map(|i| {
        let x = (x_max * f64::from(i) / 50.0).max(1.0);
        (area.x(x, x_max), area.y(data.model.console_minutes(x as u32), y_max))
    });
    svg.polyline(line, colour_hex(0), 2.0, None);
    for p in &data.measured {
        svg.dot(area.x(f64::from(p.hosts), x_max), area.y(p.minutes, y_max), colour_hex(1));
    }
    for p in &data.calibration {
        svg.triangle(area.x(f64::from(p.hosts), x_max), area.y(p.minutes, y_max), colour_hex(2));
    }
    svg.legend_below(282.0, 520.0, &legend);
    svg.finish()
}

// Natively only: the tests read the SVG back with roxmltree, a native test tool.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::time_zone;
    use crate::timing::SEED_POINTS;

    fn plan() -> Plan {
        Plan::make(&Scenario::sample()).unwrap()
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).expect("well-formed SVG")
    }

    /// The forecast's S-curve climbs from no trial to every trial, each target's deadline
    /// a titled dashed line with its chance; the band sits under the exposure curve, its
    /// early edge never after its late one.
    #[test]
    fn the_forecast_draws_its_finish_and_its_band() {
        use crate::forecast::{forecast, Settings};
        let mut s = Scenario::sample();
        s.targets = vec![crate::target::Target::from_flag("all=10d").unwrap()];
        s.settle_version();
        let plan = Plan::make(&s).unwrap();
        let f = forecast(&s, &plan, &Settings { trials: 2_000, ..Settings::default() }).unwrap();
        let out = finish_curve(&f, Lang::En);
        let doc = parse(&out);
        let titles: Vec<&str> = (doc.descendants())
            .filter(|n| n.has_tag_name("line"))
            .filter_map(|n| n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
            .collect();
        assert_eq!(titles.len(), 1);
        assert!(titles[0].starts_with("all=10d ") && titles[0].ends_with(" %"), "{}", titles[0]);
        assert!(out.contains("trials finished (%)") && out.contains("85 %"));
        let band = Band::from_forecast(&f);
        assert!(band.early.iter().zip(&band.late).all(|(e, l)| e.0 <= l.0 && e.1 == l.1));
        let drawn = exposure(&[ExposureSeries::from_plan(&plan, "this plan")], Some(&band), &[], Lang::En);
        let polygon =
            parse(&drawn).descendants().find(|n| n.attribute("data-band") == Some("forecast")).map(|n| {
                n.children()
                    .find(|c| c.has_tag_name("title"))
                    .and_then(|t| t.text())
                    .unwrap_or_default()
                    .to_string()
            });
        assert_eq!(polygon.as_deref(), Some("10–90 % of the forecast's trials"));
    }

    /// A window with a back-out reserve: each opening used shades its last minutes, titled,
    /// and the legend names them; without one, nothing of it is drawn.
    #[test]
    fn the_gantt_shades_each_openings_back_out_reserve() {
        let reserves = |s: &Scenario| {
            let data = GanttData::from_plan(&Plan::make(s).unwrap(), Zone::utc(), Lang::En);
            let out = gantt(&data, true);
            let shaded = parse(&out).descendants().filter(|n| n.attribute("data-reserve").is_some()).count();
            (data.reserves, shaded, out.contains("back-out reserve"))
        };
        let mut s = Scenario::sample();
        assert_eq!(reserves(&s), (Vec::new(), 0, false));
        s.windows[0].backout_reserve_minutes = 45;
        s.settle_version();
        let (spans, shaded, named) = reserves(&s);
        assert!(!spans.is_empty() && shaded == spans.len() && named);
        assert!(spans.iter().all(|&(_, a, b)| (b - a - 0.75).abs() < 1e-9), "45 minutes each: {spans:?}");
    }

    #[test]
    fn gantt_has_a_titled_bar_per_batch_and_a_row_per_site() {
        let plan = plan();
        let data = GanttData::from_plan(&plan, Zone::utc(), Lang::En);
        assert_eq!(data.bars.len(), plan.schedule.batches.len());
        assert_eq!(data.rows, ["Tokyo", "Frankfurt"]);
        let out = gantt(&data, false);
        let doc = parse(&out);
        let titled: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter_map(|n| n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
            .collect();
        assert_eq!(titled.len(), plan.schedule.batches.len(), "every bar has a title");
        let b = &plan.schedule.batches[0];
        assert!(titled[0].contains(&format!("{} hosts", b.hosts)), "{}", titled[0]);
        assert!(titled[0].contains("Tokyo") || titled[0].contains("Frankfurt"));
        assert!(out.contains("Local times in UTC"));
    }

    #[test]
    fn gantt_day_lines_fall_on_local_midnight_in_the_display_zone() {
        let plan = plan();
        let tokyo = time_zone::zone("Asia/Tokyo").unwrap();
        let data = GanttData::from_plan(&plan, tokyo.clone(), Lang::En);
        let out = gantt(&data, false);
        let doc = parse(&out);
        let span = data.span_hours * 1.02;
        let (left, width) = (130.0, WIDTH - 130.0 - 16.0);
        // Each date label sits on a line whose x, turned back into a time, is 00:00 in Tokyo.
        let labels: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter(|n| n.text().is_some_and(|t| t.len() == 5 && t.as_bytes()[2] == b'-'))
            .collect();
        assert!(labels.len() >= 3, "a plan over days has date labels");
        for label in labels {
            let x: f64 = label.attribute("x").unwrap().parse().unwrap();
            let minutes = data.start + ((x - left) / width * span * 60.0).round() as i64;
            let local = tokyo.to_local(minutes).rem_euclid(1440);
            assert!(local.min(1440 - local) <= 3, "label {:?} at local minute {local}", label.text());
        }
    }

    #[test]
    fn ten_phases_get_ten_colours() {
        let colours: std::collections::HashSet<_> = (0..10).map(colour_hex).collect();
        assert_eq!(colours.len(), 10);
    }

    #[test]
    fn names_cannot_break_out_of_the_svg() {
        let plan = plan();
        let mut data = GanttData::from_plan(&plan, Zone::utc(), Lang::En);
        data.rows[0] = "<script>alert(1)</script>\"&".into();
        data.phases[0] = "</svg><img src=x>".into();
        let out = gantt(&data, true);
        parse(&out);
        assert!(!out.contains("<script") && !out.contains("<img"));
    }

    #[test]
    fn exposure_series_fall_from_100_to_0_and_stay_apart() {
        let plan = plan();
        let s = ExposureSeries::from_plan(&plan, "current");
        assert_eq!(s.points[0], (0.0, 100.0));
        assert!(s.points.last().unwrap().1.abs() < 1e-9);
        assert!(s.points.windows(2).all(|w| w[1].1 <= w[0].1 + 1e-9 && w[1].0 >= w[0].0));
        let other = ExposureSeries { label: "baseline".into(), ..s.clone() };
        let out = exposure(&[s, other], None, &[], Lang::En);
        let doc = parse(&out);
        assert!(out.contains("current") && out.contains("baseline") && out.contains("exposure left"));
        let lines: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("polyline")).collect();
        // Each curve, then its legend sample (drawn alike): widths and dashes differ
        // between series.
        let look: Vec<_> =
            lines.iter().map(|n| (n.attribute("stroke-width"), n.attribute("stroke-dasharray"))).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(look[0], look[1]);
        assert_ne!(look[0], look[2]);
        // The legend is under the plot (y past its 300 px), not over the curves or deadlines.
        let legend_y: f64 =
            lines[1].attribute("points").unwrap().split([',', ' ']).nth(1).unwrap().parse().unwrap();
        assert!(legend_y >= 300.0, "{legend_y}");
    }

    /// Every legend entry lies inside the chart file, in as many rows as it takes.
    #[test]
    fn legends_wrap_inside_the_chart() {
        let names: Vec<String> = (0..9).map(|i| format!("A phase with a long name, number {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (places, rows) = flow(&refs, WIDTH - 40.0);
        assert!(rows >= 5, "{rows}");
        for ((x, _), name) in places.iter().zip(&refs) {
            assert!(20.0 + x + 18.0 + text_width(name) <= WIDTH, "{name} at {x}");
        }
        let (_, one) = flow(&["short"], WIDTH - 40.0);
        assert_eq!(one, 1);
    }

    #[test]
    fn target_deadlines_are_marked_on_the_exposure_chart() {
        let mut scenario = crate::solve::with_targets(
            &Scenario::sample(),
            &[
                crate::target::Target::from_flag("all=30d").unwrap(),
                crate::target::Target::from_flag("internet_facing=1d").unwrap(),
            ],
        );
        scenario.name = "with targets".into();
        let plan = Plan::make(&scenario).unwrap();
        let marks = target_marks(&plan, Lang::En);
        assert_eq!(marks.len(), 2);
        assert_eq!(marks[0], Mark { days: 30.0, label: "all hosts within 30 d ✓".into() });
        assert_eq!(marks[1].label, "internet-facing hosts within 1 d ✗");
        assert_eq!(target_marks(&plan, Lang::Ja)[0].label, "全ホストを30日以内 ✓");
        let out = exposure(&[ExposureSeries::from_plan(&plan, "this plan")], None, &marks, Lang::En);
        parse(&out);
        assert_eq!(out.matches("stroke-dasharray=\"4 3\"").count(), 2);
        assert!(out.contains("all hosts within 30 d ✓"));
    }

    #[test]
    fn timing_chart_shows_line_points_and_calibration() {
        let data = TimingData {
            model: TimingModel::seed(),
            measured: SEED_POINTS.to_vec(),
            calibration: vec![TimingPoint { hosts: 80, minutes: 31.0 }],
        };
        let out = timing(&data, Lang::En);
        parse(&out);
        assert!(out.contains("fitted model") && out.contains("measured runs") && out.contains("your runs"));
        assert_eq!(out.matches("<circle").count(), SEED_POINTS.len() + 1, "four points and the legend's");
        assert_eq!(out.matches("<polygon").count(), 2, "one run and the legend's");
    }

    #[test]
    fn the_solver_chart_names_targets_in_the_planners_words() {
        let mut s = crate::scenario::Scenario::sample();
        s.targets = vec![crate::target::Target::from_flag("internet_facing=3d").unwrap()];
        s.settle_version();
        let solution = crate::solve::solve(&s, 8, Lang::En).unwrap();
        let out = sensitivity(&solution, Lang::En);
        parse(&out);
        assert!(out.contains(">internet-facing hosts within 3 d<"), "{out}");
        assert!(!out.contains("internet_facing=3d"));
        // The legend is under the plot (which ends at y = 212), where it covers nothing.
        let label = out.find(">internet-facing hosts within 3 d<").unwrap();
        let y: f64 = out[..label].rsplit("y=\"").next().unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(y > 260.0, "the legend at y = {y}");
        let ja = sensitivity(&solution, Lang::Ja);
        assert!(ja.contains(">インターネット公開ホストを3日以内<"), "{ja}");
    }

    #[test]
    fn the_page_legends_use_the_charts_colours() {
        let css = include_str!("../static/style.css");
        for (i, colour) in PALETTE.iter().enumerate() {
            assert!(css.contains(&format!(".swatch.c{i} {{ background: {colour}; }}")), "swatch {i}");
        }
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        assert_eq!(Px(12.34).to_string(), "12.3");
        assert_eq!(Px(-0.06).to_string(), "-0.1");
        assert_eq!(Px(7.0).to_string(), "7");
        assert_eq!(tick(0.5), "0.5");
        assert_eq!(nice_step(105.0, 6), 20.0);
    }
}
