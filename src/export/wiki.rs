//! The plan as a wiki page, for wikis that allow no iframe: Markdown (GitHub-flavoured
//! tables), MediaWiki (`{| class="wikitable"`) and Confluence storage format (XHTML, what
//! Confluence keeps and what its source editor and REST API take).
//!
//! One document model ([`Block`]s) is written three ways, and every text that came from
//! the scenario goes through the format's own escaping, so no name can break a table or
//! start a link, template, macro or HTML element.

use crate::civil::DateTime;
use crate::forecast::Forecast;
use crate::i18n::{self, Lang, Localized};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::scheduler::Work;
use crate::time_zone::{self, Zone};

use super::{file_name, local_text, site_zones};

/// Above this many batches, the batches table is summarised per phase and day.
pub const MAX_BATCH_ROWS: usize = 200;

/// A wiki's markup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    Markdown,
    MediaWiki,
    Confluence,
}

impl Markup {
    /// The file extension of a page in this markup.
    pub fn extension(self) -> &'static str {
        match self {
            Markup::Markdown => "md",
            Markup::MediaWiki => "wiki",
            Markup::Confluence => "xml",
        }
    }
}

/// The parts of the page, before they are written in a markup.
#[derive(Clone, Debug, PartialEq)]
enum Block {
    Heading(u8, String),
    Paragraph(String),
    Bullets(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    Link(String, String),
    Image { file: String, alt: String },
}

/// The chart files the page refers to, by name: the Gantt and the exposure chart.
pub fn chart_files(plan: &Plan) -> [String; 2] {
    [file_name(plan, "gantt", "svg"), file_name(plan, "exposure", "svg")]
}

/// The plan as a page in `markup`. `link` is the scenario's share link, when known.
pub fn page(scenario: &Scenario, plan: &Plan, link: Option<&str>, markup: Markup, lang: Lang) -> String {
    page_with(scenario, plan, None, link, markup, lang)
}

/// [`page`], with the plan's forecast when it has one.
pub fn page_with(
    scenario: &Scenario,
    plan: &Plan,
    forecast: Option<&Forecast>,
    link: Option<&str>,
    markup: Markup,
    lang: Lang,
) -> String {
    let link = link.and_then(safe_link);
    let mut blocks = blocks(scenario, plan, link.as_deref(), lang);
    if let Some(f) = forecast {
        // Right after the headline: how sure its dates are.
        let zone = time_zone::zone(&scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
        blocks.splice(2..2, forecast_blocks(f, &zone, lang));
    }
    match markup {
        Markup::Markdown => markdown(&blocks),
        Markup::MediaWiki => mediawiki(&blocks),
        Markup::Confluence => confluence(&blocks),
    }
}

/// `url` as a link any of the markups can carry, if it is an http or https address: every
/// character outside the URL's own plain ones is percent-encoded, so no text in it opens a
/// MediaWiki template or link (`{{`, `[`), ends a Markdown link, or leaves a Confluence
/// attribute. Anything else (`javascript:`, `file:`, a bare word) gives no link.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase())?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '.'
            | '_'
            | '~'
            | ':'
            | '/'
            | '?'
            | '#'
            | '@'
            | '!'
            | '$'
            | '&'
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | '%' => out.push(c),
            c => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    Some(out)
}

fn blocks(scenario: &Scenario, plan: &Plan, link: Option<&str>, lang: Lang) -> Vec<Block> {
    let t = |en: &str, ja: &str| lang.pick(en, ja).to_string();
    let zone = time_zone::zone(&scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let at = |minutes: i64| i18n::date_time(DateTime(zone.to_local(minutes)), lang);
    let a = &plan.advisory;
    let title = match scenario.name.trim() {
        "" => format!("{} (KB{})", a.id, a.kb),
        name => format!("{name}: {} (KB{})", a.id, a.kb),
    };
    let mut out = vec![Block::Heading(1, title)];

    // The answer first.
    out.push(Block::Bullets(headline(scenario, plan, lang)));
    out.push(Block::Heading(2, t("Why this urgency", "緊急度の理由")));
    out.push(Block::Bullets(plan.recommendation.reasons.clone()));

    // Phases.
    out.push(Block::Heading(2, t("Phases", "フェーズ")));
    let phase_rows = plan
        .phase_summaries
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mut row = vec![
                p.name.clone(),
                i18n::grouped(u64::from(p.hosts)),
                i18n::grouped(u64::from(p.batches)),
                if p.batches > 0 { at(p.start) } else { String::new() },
                if p.batches > 0 { at(p.cautious_end) } else { String::new() },
            ];
            if plan.tracking.is_some() {
                let variance = plan.phase_variance(k);
                row.push(variance.map(|(approved, _)| at(approved)).unwrap_or_default());
                row.push(variance.map(|(_, late)| Plan::variance_text(late, lang)).unwrap_or_default());
            }
            row.push(p.soak_hours.to_string());
            row.push(p.held_by.as_ref().map(|h| h.label(lang)).unwrap_or_default());
            row
        })
        .collect();
    let mut phase_head = vec![
        t("Phase", "フェーズ"),
        t("Hosts", "台数"),
        t("Batches", "バッチ"),
        t("Start", "開始"),
        t("End (cautious)", "終了（慎重値）"),
    ];
    if plan.tracking.is_some() {
        phase_head.extend([t("Approved end", "承認時の終了"), t("Against approved", "承認との差")]);
    }
    phase_head.extend([t("Soak (h)", "待機（時間）"), t("Held by", "律速要因")]);
    out.push(Block::Table(phase_head, phase_rows));
    out.push(Block::Paragraph(
        crate::bottleneck::explanation(plan.schedule.batches.len(), plan.expanded.hosts.len(), lang).into(),
    ));

    // The availability sets, and what the plan makes of each.
    let sets = &plan.expanded.sets;
    if !sets.is_empty() {
        out.push(Block::Heading(2, t("Availability sets", "可用性セット")));
        let rows = (sets.names.iter().enumerate())
            .zip(plan.most_down_at_once())
            .map(|((i, name), planned)| {
                vec![
                    name.clone(),
                    i18n::grouped(u64::from(sets.sizes[i])),
                    i18n::grouped(u64::from(sets.most_down[i])),
                    i18n::grouped(u64::from(planned)),
                ]
            })
            .collect();
        let head = vec![
            t("Set", "セット"),
            t("Hosts", "台数"),
            t("At most down at once", "同時停止の上限"),
            t("Most down together in the plan", "計画での同時停止の最大"),
        ];
        out.push(Block::Table(head, rows));
    }

    // Batches, or a summary of them when there are too many to list.
    out.push(Block::Heading(2, t("Batches", "バッチ")));
    let zones = site_zones(plan);
    let batches = &plan.schedule.batches;
    if batches.len() <= MAX_BATCH_ROWS {
        out.push(Block::Paragraph(t("Times are local to each site.", "時刻は各サイトの現地時刻です。")));
        let rows = batches
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let tz = &zones[b.site as usize];
                let work = match b.work {
                    Work::Hotfix => String::new(),
                    Work::Prerequisite => t(" (prerequisite)", "（前提条件）"),
                };
                let mut row = vec![
                    local_text(b.start, tz),
                    local_text(b.cautious_end, tz),
                    plan.expanded.sites[b.site as usize].name.clone(),
                    i18n::grouped(u64::from(b.hosts)),
                    format!("{}{work}", plan.phases[b.phase as usize].name),
                    (b.console + 1).to_string(),
                ];
                row.extend(plan.batch_status(i, lang).map(|(_, words)| words));
                row
            })
            .collect();
        let mut head = vec![
            t("Start", "開始"),
            t("End (cautious)", "終了（慎重値）"),
            t("Site", "サイト"),
            t("Hosts", "台数"),
            t("Phase", "フェーズ"),
            t("Console", "コンソール"),
        ];
        if plan.tracking.is_some() {
            head.push(t("Status", "状況"));
        }
        out.push(Block::Table(head, rows));
    } else {
        out.push(Block::Paragraph(match lang {
            Lang::En => format!(
                "{} batches are too many to list here: they are summarised per phase and day (in {}); the batches CSV lists each one.",
                batches.len(),
                zone.name()
            ),
            Lang::Ja => format!(
                "バッチが{}件あり、ここではフェーズと日ごとにまとめています（{}）。各バッチはバッチ CSV にあります。",
                batches.len(),
                zone.name()
            ),
        }));
        // (phase, day) in batch order: batches of one phase run together.
        let mut rows: Vec<(u16, String, u64, u64)> = Vec::new();
        for b in batches {
            let day = DateTime(zone.to_local(b.start)).date().to_string();
            match rows.iter_mut().find(|r| r.0 == b.phase && r.1 == day) {
                Some(r) => {
                    r.2 += 1;
                    r.3 += u64::from(b.hosts);
                }
                None => rows.push((b.phase, day, 1, u64::from(b.hosts))),
            }
        }
        let rows = rows
            .into_iter()
            .map(|(phase, day, n, hosts)| {
                vec![plan.phases[phase as usize].name.clone(), day, i18n::grouped(n), i18n::grouped(hosts)]
            })
            .collect();
        out.push(Block::Table(
            [t("Phase", "フェーズ"), t("Day", "日"), t("Batches", "バッチ"), t("Hosts", "台数")].into(),
            rows,
        ));
    }

    // What can go wrong.
    out.push(Block::Heading(2, t("What can go wrong", "想定されるリスク")));
    out.push(Block::Bullets(plan.warnings.iter().map(|w| w.text(lang)).collect()));

    // The charts, as attached files.
    out.push(Block::Heading(2, t("Charts", "グラフ")));
    let [gantt, exposure] = chart_files(plan);
    out.push(Block::Image { file: gantt, alt: gantt_title(plan, lang) });
    out.push(Block::Image { file: exposure, alt: exposure_title(plan, lang) });

    // Where to open it.
    out.push(Block::Heading(2, t("Open in Patchcast", "Patchcast で開く")));
    match link {
        Some(url) => out.push(Block::Link(
            t("This scenario in Patchcast", "このシナリオを Patchcast で開く"),
            url.into(),
        )),
        None => out.push(Block::Paragraph(t(
            "Open the scenario file of this plan in Patchcast to change it.",
            "計画を変えるには、このシナリオのファイルを Patchcast で開いてください。",
        ))),
    }
    out
}

/// The forecast's section on its own, in `markup` (times in `zone`).
pub fn forecast_section(f: &Forecast, zone: &Zone, markup: Markup, lang: Lang) -> String {
    let blocks = forecast_blocks(f, zone, lang);
    match markup {
        Markup::Markdown => markdown(&blocks),
        Markup::MediaWiki => mediawiki(&blocks),
        Markup::Confluence => confluence(&blocks),
    }
}

/// The forecast's section: its headline, its table, what it assumed and what drives it.
fn forecast_blocks(f: &Forecast, zone: &Zone, lang: Lang) -> Vec<Block> {
    let (head, rows) = crate::forecast::text::table(f, zone, lang);
    let mut out = vec![
        Block::Heading(2, lang.pick("How sure these dates are", "日付の確からしさ").into()),
        Block::Bullets(crate::forecast::text::headline(f, zone, lang)),
        Block::Table(head, rows),
        Block::Paragraph(format!(
            "{} {}",
            crate::forecast::text::assumptions(f, lang),
            crate::forecast::text::meaning(lang)
        )),
    ];
    let mut more = crate::forecast::text::drivers(f, lang);
    more.extend(crate::forecast::text::consoles(f, lang));
    if !more.is_empty() {
        out.push(Block::Bullets(more));
    }
    out
}

/// The plan's answer in a few sentences a planner can read aloud: done by (date, time,
/// zone) and how long, when the internet-facing hosts are safe, when 90 % of the risk is
/// gone, and the urgency in the page's language. The page's headline and the wiki pages
/// say the same.
/// What the headline says first when the plan's start has passed by `now` (minutes since
/// the epoch): the plan is for a time gone by.
pub fn start_in_the_past(scenario: &Scenario, plan: &Plan, now: i64, lang: Lang) -> Option<String> {
    let start = plan.summary.start;
    if start >= now - 1 {
        return None;
    }
    let zone = time_zone::zone(&scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let at = i18n::date_time(DateTime(zone.to_local(start)), lang);
    Some(match lang {
        Lang::En => format!("The earliest start ({at}) has passed: this plan runs from then; set the start to plan from now."),
        Lang::Ja => format!("開始可能日時（{at}）は過ぎています。この計画はその時点から始まります。今から計画するには開始日時を変えてください。"),
    })
}

pub fn headline(scenario: &Scenario, plan: &Plan, lang: Lang) -> Vec<String> {
    let zone = time_zone::zone(&scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let at = |minutes: i64| i18n::date_time(DateTime(zone.to_local(minutes)), lang);
    let s = &plan.summary;
    if s.hosts == 0 {
        let left_out: u64 = s.unaffected.iter().map(|u| u.hosts).sum();
        return vec![match lang {
            Lang::En => format!(
                "Nothing to patch: no host runs an edition this advisory affects ({left_out} hosts of other editions are left out)."
            ),
            Lang::Ja => format!(
                "適用するホストはありません: このアドバイザリの影響を受けるエディションのホストがありません（他のエディションの{left_out}台は対象外）。"
            ),
        }];
    }
    let (cautious, expected) =
        (i18n::duration(s.cautious_minutes, lang), i18n::duration(s.expected_minutes, lang));
    // The expected figure only when it reads differently from the cautious one; when they
    // read the same, say so once, and why.
    let expected = match (cautious == expected, lang) {
        (true, Lang::En) => {
            " (expected and cautious alike: the last batch ends in the same window opening either way)".into()
        }
        (true, Lang::Ja) => {
            "（予想も慎重も同じ: 最後のバッチはどちらでも同じウィンドウ内で終わります）".into()
        }
        (false, Lang::En) => format!(" (expected {expected})"),
        (false, Lang::Ja) => format!("（予想{expected}）"),
    };
    let mut headline = vec![match (&plan.tracking, lang) {
        // A rollout in progress leads with where it stands, and how far from approved.
        (Some(t), _) => {
            let variance = Plan::variance_text(t.variance_minutes(s.cautious_end), lang);
            let status = plan.progress_text(lang).unwrap_or_default();
            match lang {
                Lang::En => format!(
                    "{status} Forecast to be done by {} ({}), {variance} ({}).",
                    at(s.cautious_end),
                    zone.name(),
                    at(t.approved_plan.cautious_end)
                ),
                Lang::Ja => format!(
                    "{status}完了見込みは{}（{}）、{variance}（承認時{}）。",
                    at(s.cautious_end),
                    zone.name(),
                    at(t.approved_plan.cautious_end)
                ),
            }
        }
        (None, Lang::En) => {
            format!("Done by {} ({}), {cautious} after the start{expected}.", at(s.cautious_end), zone.name())
        }
        (None, Lang::Ja) => {
            format!("完了は{}（{}）、開始から{cautious}{expected}。", at(s.cautious_end), zone.name())
        }
    }];
    if let Some(safe) = s.internet_facing_patched {
        // A rollout in progress: and how far that is from the approved plan.
        let against = match plan.tracking.as_ref().and_then(|t| t.approved_plan.internet_facing) {
            Some(then) => match lang {
                Lang::En => format!(" ({})", Plan::variance_text(safe - then, lang)),
                Lang::Ja => format!("（{}）", Plan::variance_text(safe - then, lang)),
            },
            None => String::new(),
        };
        headline.push(match lang {
            Lang::En => format!("Internet-facing hosts are safe by {}{against}.", at(safe)),
            Lang::Ja => format!("インターネット公開ホストは{}までに適用済み{against}。", at(safe)),
        });
    }
    if let Some(ninety) = s.risk_removed_90 {
        headline.push(match lang {
            Lang::En => format!("90 % of the risk is gone by {}.", at(ninety)),
            Lang::Ja => format!("リスクの90%は{}までに解消。", at(ninety)),
        });
    }
    if !plan.targets.is_empty() {
        let each: Vec<String> = plan
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let against = match (t.outcome.reached, plan.target_variance(i)) {
                    (Some(now), Some((_, late))) => {
                        format!(" ({}, {})", at(now), Plan::variance_text(late, lang))
                    }
                    _ => String::new(),
                };
                format!("{}: {}{against}", t.target.describe(lang), t.outcome.text(lang))
            })
            .collect();
        headline.push(match lang {
            Lang::En => format!("Targets: {}.", each.join("; ")),
            Lang::Ja => format!("目標: {}。", each.join("、")),
        });
    }
    let urgency = plan.recommendation.urgency;
    headline.push(match lang {
        Lang::En => format!("Urgency: {}.", urgency.label_en()),
        Lang::Ja => format!("緊急度: {}。", urgency.label_ja()),
    });
    headline
}

/// The Gantt chart's title, also its alt text.
pub fn gantt_title(plan: &Plan, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}: batches by site over time, coloured by phase", plan.advisory.id),
        Lang::Ja => format!("{}: サイト別のバッチの日程（フェーズ別の色）", plan.advisory.id),
    }
}

/// The exposure chart's title, also its alt text.
pub fn exposure_title(plan: &Plan, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}: exposure left unpatched over time", plan.advisory.id),
        Lang::Ja => format!("{}: 未適用のリスクの推移", plan.advisory.id),
    }
}

/// One line of text: line breaks of any kind become spaces, other control characters go.
fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Markdown text: each character that could start emphasis, a link or image, HTML, an
/// entity, code, strikethrough or a heading, or end a table cell, is backslash-escaped
/// (CommonMark lets any ASCII punctuation be); the rest stays readable in the source.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if "\\`*_[]<>|!~&#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL for Markdown's `(<…>)` form: no space, `<` or `>` inside.
fn md_url(url: &str) -> String {
    one_line(url).replace(' ', "%20").replace('<', "%3C").replace('>', "%3E")
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!("{} {}\n\n", "#".repeat(usize::from(*level)), md(text)))
            }
            Block::Paragraph(text) => out.push_str(&format!("{}\n\n", md(text))),
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", md(item)));
                }
                out.push('\n');
            }
            Block::Table(headers, rows) => {
                let row = |cells: &[String]| {
                    format!("| {} |\n", cells.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | "))
                };
                out.push_str(&row(headers));
                out.push_str(&format!("|{}\n", " --- |".repeat(headers.len())));
                for r in rows {
                    out.push_str(&row(r));
                }
                out.push('\n');
            }
            Block::Link(text, url) => out.push_str(&format!("[{}](<{}>)\n\n", md(text), md_url(url))),
            Block::Image { file, alt } => out.push_str(&format!("![{}](<{}>)\n\n", md(alt), md_url(file))),
        }
    }
    out
}

/// XML/HTML text: `&`, `<`, `>` and quotes as entities.
fn xml(text: &str) -> String {
    crate::chart::xml(&one_line(text))
}

/// MediaWiki text: inside `<nowiki>`, with `&`, `<`, `>` as entities so the text cannot
/// close the `<nowiki>` either; no link, template, table syntax or HTML comes alive.
fn wiki(text: &str) -> String {
    let text = xml(text);
    if text.is_empty() {
        text
    } else {
        format!("<nowiki>{text}</nowiki>")
    }
}

fn mediawiki(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let marks = "=".repeat(usize::from(*level) + 1);
                out.push_str(&format!("{marks} {} {marks}\n\n", wiki(text)));
            }
            Block::Paragraph(text) => out.push_str(&format!("{}\n\n", wiki(text))),
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("* {}\n", wiki(item)));
                }
                out.push('\n');
            }
            Block::Table(headers, rows) => {
                out.push_str("{| class=\"wikitable\"\n");
                out.push_str(&format!(
                    "! {}\n",
                    headers.iter().map(|h| wiki(h)).collect::<Vec<_>>().join(" !! ")
                ));
                for r in rows {
                    out.push_str("|-\n");
                    out.push_str(&format!(
                        "| {}\n",
                        r.iter().map(|c| wiki(c)).collect::<Vec<_>>().join(" || ")
                    ));
                }
                out.push_str("|}\n\n");
            }
            // External links: `[url text]`; the URL may hold no space or `]`.
            Block::Link(text, url) => {
                let url = one_line(url).replace(' ', "%20").replace(']', "%5D").replace('[', "%5B");
                out.push_str(&format!("[{url} {}]\n\n", wiki(text)));
            }
            Block::Image { file, alt } => {
                let alt: String = one_line(alt).chars().filter(|c| !"|[]{}<>=".contains(*c)).collect();
                out.push_str(&format!("[[File:{file}|frameless|upright=3|alt={alt}]]\n\n"));
            }
        }
    }
    out
}

fn confluence(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => out.push_str(&format!("<h{level}>{}</h{level}>\n", xml(text))),
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", xml(text))),
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", xml(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(headers, rows) => {
                out.push_str("<table><tbody>\n<tr>");
                for h in headers {
                    out.push_str(&format!("<th>{}</th>", xml(h)));
                }
                out.push_str("</tr>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        out.push_str(&format!("<td>{}</td>", xml(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
            Block::Link(text, url) => {
                out.push_str(&format!("<p><a href=\"{}\">{}</a></p>\n", xml(url), xml(text)))
            }
            Block::Image { file, alt } => out.push_str(&format!(
                "<p><ac:image ac:alt=\"{}\"><ri:attachment ri:filename=\"{}\" /></ac:image></p>\n",
                xml(alt),
                xml(file)
            )),
        }
    }
    out
}

/// A chart drawn by [`crate::chart`] as a file of its own: a title and a description
/// (its alt text) inside the SVG, so it shows the same opened alone, attached to a wiki
/// page, or turned into a PNG (the chart carries its background and fonts already).
pub fn standalone_svg(svg: &str, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find("<svg").and_then(|at| svg[at..].find('>').map(|end| at + end + 1)) else {
        return svg.to_string();
    };
    let mut head = svg[..open_end].to_string();
    head.insert_str(head.len() - 1, " role=\"img\"");
    format!("{head}<title>{}</title><desc>{}</desc>{}", xml(title), xml(description), &svg[open_end..])
}

/// The Gantt chart as a standalone SVG file, with the legend the page shows beside it
/// (each phase's colour, and the shaded windows) drawn underneath.
pub fn gantt_svg(scenario: &Scenario, plan: &Plan, lang: Lang) -> String {
    use crate::chart::{gantt, GanttData};
    let zone = time_zone::zone(&scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let title = gantt_title(plan, lang);
    standalone_svg(&gantt(&GanttData::from_plan(plan, zone, lang), true), &title, &title)
}

/// The exposure chart as a standalone SVG file.
pub fn exposure_svg(plan: &Plan, lang: Lang) -> String {
    use crate::chart::{exposure, target_marks, ExposureSeries};
    let mut series = vec![ExposureSeries::from_plan(plan, lang.pick("this plan", "この計画"))];
    series.extend(ExposureSeries::approved(plan, lang.pick("as approved", "承認時の計画")));
    let title = exposure_title(plan, lang);
    standalone_svg(&exposure(&series, None, &target_marks(plan, lang), lang), &title, &title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_go_in_and_none_breaks_a_markup() {
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link("file:///c:/patchcast.html#s=x"), None);
        assert_eq!(safe_link("wiki.example.com"), None);
        assert_eq!(
            safe_link("https://wiki.example.com/p/index.html?x=1#s=ab_-"),
            Some("https://wiki.example.com/p/index.html?x=1#s=ab_-".into())
        );
        let nasty = "https://w.example/{{#invoke:x}}[[y]]|\"'<b> `z`";
        let safe = safe_link(nasty).unwrap();
        for bad in ["{", "}", "[", "]", "|", "\"", "'", "<", ">", " ", "`"] {
            assert!(!safe.contains(bad), "{bad} in {safe}");
        }
        let (s, plan) = (Scenario::sample(), Plan::make(&Scenario::sample()).unwrap());
        for markup in [Markup::Markdown, Markup::MediaWiki, Markup::Confluence] {
            let text = page(&s, &plan, Some(nasty), markup, Lang::En);
            assert!(!text.contains("{{#invoke") && !text.contains("[[y]]"), "{markup:?}");
            assert!(!page(&s, &plan, Some("javascript:alert(1)"), markup, Lang::En).contains("javascript"));
        }
    }

    #[test]
    fn the_headline_says_when_there_is_nothing_to_patch_or_the_start_has_passed() {
        let mut s = Scenario::sample();
        s.fleet.groups.retain(|g| g.edition == "ex5.5-sp4");
        let plan = Plan::make(&s).unwrap();
        let lines = headline(&s, &plan, Lang::En);
        assert_eq!(lines, ["Nothing to patch: no host runs an edition this advisory affects (4 hosts of other editions are left out)."]);
        assert!(headline(&s, &plan, Lang::Ja)[0].starts_with("適用するホストはありません"));
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let start = plan.summary.start;
        assert_eq!(start_in_the_past(&Scenario::sample(), &plan, start, Lang::En), None);
        let past = start_in_the_past(&Scenario::sample(), &plan, start + 24 * 60, Lang::En).unwrap();
        assert_eq!(past, "The earliest start (2026-12-07 09:00) has passed: this plan runs from then; set the start to plan from now.");
    }

    #[test]
    fn each_format_escapes_what_would_come_alive() {
        assert_eq!(md("a|b*c_[x](y)<script>`"), "a\\|b\\*c\\_\\[x\\](y)\\<script\\>\\`");
        assert_eq!(md("line\r\nbreak"), "line  break");
        assert_eq!(wiki("}}{{x}}[[y]]</nowiki>|"), "<nowiki>}}{{x}}[[y]]&lt;/nowiki&gt;|</nowiki>");
        assert_eq!(xml("<ac:x a=\"1\">&"), "&lt;ac:x a=&quot;1&quot;&gt;&amp;");
    }

    #[test]
    fn a_standalone_chart_has_a_title_a_background_and_its_fonts() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let svg = gantt_svg(&Scenario::sample(), &plan, Lang::En);
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.contains("<title>MS05-021: batches by site over time"));
        assert!(svg.contains("fill=\"#ffffff\""));
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("font-family=\"sans-serif\""));
    }
}
