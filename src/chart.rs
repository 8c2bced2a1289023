//! Charts of a plan, drawn with plotters on any drawing area: a Gantt of batches over the
//! calendar, the exposure curve (several scenarios overlaid), and the timing model.
//!
//! Each chart takes prepared data (built from a plan by `from_plan`), so it can be drawn
//! natively into an SVG string in tests and inline in the page.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::civil::DateTime;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scheduler::Work;
use crate::time_zone::Zone;
use crate::timing::{TimingModel, TimingPoint};

/// Okabe–Ito colours: distinguishable with colour-blindness, dark enough on white.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
];

/// Colour of the `i`-th phase or series.
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Hex form of [`colour`] for HTML legends.
pub fn colour_hex(i: usize) -> String {
    let RGBColor(r, g, b) = colour(i);
    format!("#{r:02x}{g:02x}{b:02x}")
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Formats hours since `start` as a local date in `tz` (`MM-DD`, or `MM-DD HH:MM` when
/// the span is short).
fn date_label(start: i64, tz: &Zone, hours: f64, with_time: bool) -> String {
    let at = DateTime(tz.to_local(start + (hours * 60.0).round() as i64));
    let d = at.date();
    if with_time {
        format!("{:02}-{:02} {}", d.month(), d.day(), at.time())
    } else {
        format!("{:02}-{:02}", d.month(), d.day())
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
    pub phases: Vec<String>,
    pub span_hours: f64,
    pub start: i64,
    pub zone: Zone,
}

impl GanttData {
    /// Prepares the plan's batches; dates are labelled in `zone`.
    pub fn from_plan(plan: &Plan, zone: Zone) -> Self {
        let start = plan.summary.start;
        let hours = |m: i64| (m - start) as f64 / 60.0;
        let lanes = plan.schedule.batches.iter().map(|b| b.console as usize + 1).max().unwrap_or(1);
        let mut windows: Vec<(usize, f64, f64)> = plan
            .schedule
            .batches
            .iter()
            .map(|b| (b.site as usize, hours(b.window_start), hours(b.window_end)))
            .collect();
        windows.sort_by(|a, b| a.partial_cmp(b).expect("finite hours"));
        windows.dedup();
        Self {
            rows: plan.expanded.sites.iter().map(|s| s.name.clone()).collect(),
            lanes,
            bars: plan
                .schedule
                .batches
                .iter()
                .map(|b| Bar {
                    row: b.site as usize,
                    lane: b.console as usize,
                    start: hours(b.start),
                    end: hours(b.cautious_end),
                    phase: b.phase as usize,
                    prerequisite: b.work == Work::Prerequisite,
                })
                .collect(),
            windows,
            phases: plan.phases.iter().map(|p| p.name.clone()).collect(),
            span_hours: hours(plan.summary.cautious_end).max(1.0),
            start,
            zone,
        }
    }
}

/// Draws the Gantt chart.
pub fn draw_gantt<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &GanttData) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let rows = data.rows.len().max(1) as f64;
    let with_time = data.span_hours < 72.0;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(110)
        .build_cartesian_2d(0f64..data.span_hours * 1.02, 0f64..rows)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(data.rows.len().max(1) * 2 + 1)
        .y_label_formatter(&|y| {
            let i = y.floor() as usize;
            if (y - y.floor() - 0.5).abs() < 0.01 {
                data.rows.get(data.rows.len().saturating_sub(1 + i)).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_labels(8)
        .x_label_formatter(&|h| date_label(data.start, &data.zone, *h, with_time))
        .label_style(("sans-serif", 16))
        .draw()?;
    // Rows are drawn top to bottom in site order.
    let y_of = |row: usize| rows - 1.0 - row as f64;
    let lane_h = 0.8 / data.lanes.max(1) as f64;
    chart.draw_series(data.windows.iter().map(|&(row, a, b)| {
        let y = y_of(row);
        Rectangle::new([(a, y + 0.05), (b, y + 0.95)], RGBColor(225, 232, 240).filled())
    }))?;
    for phase in 0..data.phases.len() {
        let c = colour(phase);
        chart.draw_series(data.bars.iter().filter(|b| b.phase == phase).map(|b| {
            let y = y_of(b.row) + 0.1 + b.lane as f64 * lane_h;
            // Bars at least a few pixels wide so short batches stay visible.
            let end = b.end.max(b.start + data.span_hours / 200.0);
            let style = if b.prerequisite { c.mix(0.55).filled() } else { c.filled() };
            Rectangle::new([(b.start, y), (end, y + lane_h * 0.85)], style)
        }))?;
    }
    Ok(())
}

/// One exposure curve: remaining exposure in % over hours since its plan's start.
#[derive(Clone, Debug, PartialEq)]
pub struct ExposureSeries {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

impl ExposureSeries {
    pub fn from_plan(plan: &Plan, label: &str) -> Self {
        let total = plan.exposure.first().map_or(0.0, |p| p.remaining).max(f64::MIN_POSITIVE);
        let start = plan.summary.start;
        let mut points = vec![(0.0, 100.0)];
        for p in &plan.exposure {
            let h = (p.at - start) as f64 / 60.0;
            let last = points.last().expect("one point").1;
            // A step: hold the previous level until this point, then drop.
            points.push((h, last));
            points.push((h, 100.0 * p.remaining / total));
        }
        Self { label: label.into(), points }
    }
}

/// Draws one or more exposure curves on one time axis (days since each plan's start).
pub fn draw_exposure<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[ExposureSeries],
    lang: Lang,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let span = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).fold(1.0f64, f64::max) / 24.0;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..span * 1.05, 0f64..105f64)?;
    chart
        .configure_mesh()
        .x_desc(lang.pick("days from start", "開始からの日数"))
        .y_desc(lang.pick("exposure left (%)", "残るリスク（%）"))
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|d| format!("{d:.1}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 16))
        .draw()?;
    for (i, s) in series.iter().enumerate() {
        let c = colour(i);
        let stroke = if i == 0 { c.stroke_width(3) } else { c.stroke_width(2) };
        chart
            .draw_series(LineSeries::new(s.points.iter().map(|&(h, y)| (h / 24.0, y)), stroke))?
            .label(s.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(3)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(120, 120, 120))
        .label_font(("sans-serif", 16))
        .draw()?;
    Ok(())
}

/// The timing model's line with the points it was fitted to.
#[derive(Clone, Debug, PartialEq)]
pub struct TimingData {
    pub model: TimingModel,
    pub measured: Vec<TimingPoint>,
    /// The planner's own runs, when the model was refitted to them.
    pub calibration: Vec<TimingPoint>,
}

/// Draws the fitted line, the measured points and any calibration points.
pub fn draw_timing<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &TimingData,
    lang: Lang,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let max_hosts =
        data.measured.iter().chain(&data.calibration).map(|p| p.hosts).max().unwrap_or(500).max(10) as f64;
    let x_max = max_hosts * 1.15;
    let y_max = data
        .model
        .console_minutes(x_max as u32)
        .max(data.measured.iter().chain(&data.calibration).map(|p| p.minutes).fold(0.0, f64::max))
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)?;
    chart
        .configure_mesh()
        .x_desc(lang.pick("hosts per console", "コンソール1台あたりの台数"))
        .y_desc(lang.pick("minutes", "分"))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 16))
        .draw()?;
    let line = colour(0);
    chart
        .draw_series(LineSeries::new(
            (0..=50).map(|i| {
                let x = (x_max * f64::from(i) / 50.0).max(1.0);
                (x, data.model.console_minutes(x as u32))
            }),
            line.stroke_width(2),
        ))?
        .label(data.model.explain_in(lang))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], line.stroke_width(2)));
    let measured = colour(1);
    chart
        .draw_series(
            data.measured.iter().map(|p| Circle::new((f64::from(p.hosts), p.minutes), 5, measured.filled())),
        )?
        .label(lang.pick("measured runs", "実測（資料）"))
        .legend(move |(x, y)| Circle::new((x + 8, y), 5, measured.filled()));
    if !data.calibration.is_empty() {
        let own = colour(2);
        chart
            .draw_series(
                data.calibration
                    .iter()
                    .map(|p| TriangleMarker::new((f64::from(p.hosts), p.minutes), 7, own.filled())),
            )?
            .label(lang.pick("your runs", "自分の実測"))
            .legend(move |(x, y)| TriangleMarker::new((x + 8, y), 7, own.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(120, 120, 120))
        .label_font(("sans-serif", 16))
        .draw()?;
    Ok(())
}

/// Draws into an SVG document of `size` pixels with `draw`.
pub fn svg<F>(size: (u32, u32), draw: F) -> String
where
    F: for<'a> FnOnce(&DrawingArea<SVGBackend<'a>, Shift>) -> DrawResult<SVGBackend<'a>>,
{
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        // Drawing into a string cannot fail for I/O; a geometry error leaves a blank chart.
        let _ = draw(&area);
        let _ = area.present();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::timing::SEED_POINTS;

    fn plan() -> Plan {
        Plan::make(&Scenario::sample()).unwrap()
    }

    #[test]
    fn gantt_has_a_bar_per_batch_and_a_row_per_site() {
        let plan = plan();
        let data = GanttData::from_plan(&plan, Zone::utc());
        assert_eq!(data.bars.len(), plan.schedule.batches.len());
        assert_eq!(data.rows, ["Tokyo", "Frankfurt"]);
        let out = svg((900, 300), |a| draw_gantt(a, &data));
        assert!(out.starts_with("<svg"));
        assert!(out.contains("Tokyo") && out.contains("Frankfurt"));
        // One rectangle per batch and per window opening, besides the background.
        assert!(out.matches("<rect").count() > data.bars.len() + data.windows.len());
    }

    #[test]
    fn exposure_series_fall_from_100_to_0() {
        let plan = plan();
        let s = ExposureSeries::from_plan(&plan, "current");
        assert_eq!(s.points[0], (0.0, 100.0));
        assert!(s.points.last().unwrap().1.abs() < 1e-9);
        assert!(s.points.windows(2).all(|w| w[1].1 <= w[0].1 + 1e-9 && w[1].0 >= w[0].0));
        let other = ExposureSeries { label: "baseline".into(), ..s.clone() };
        let out = svg((700, 300), |a| draw_exposure(a, &[s, other], Lang::En));
        assert!(out.contains("current") && out.contains("baseline"));
        assert!(out.contains("exposure left"));
    }

    #[test]
    fn timing_chart_shows_line_points_and_calibration() {
        let data = TimingData {
            model: TimingModel::seed(),
            measured: SEED_POINTS.to_vec(),
            calibration: vec![TimingPoint { hosts: 80, minutes: 31.0 }],
        };
        let out = svg((600, 300), |a| draw_timing(a, &data, Lang::En));
        assert!(out.contains("measured runs") && out.contains("your runs"));
        assert_eq!(out.matches("<circle").count(), SEED_POINTS.len() + 1, "four points and the legend's");
    }
}
