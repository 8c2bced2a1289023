//! Wiki pages of a plan, read back as the wikis would read them: golden files per format
//! for the example, tables of the expected shape, and hostile names that stay text.
#![cfg(not(target_arch = "wasm32"))]

use patchcast::export::wiki::{self, Markup};
use patchcast::i18n::Lang;
use patchcast::plan::Plan;
use patchcast::scenario::Scenario;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn example() -> Scenario {
    Scenario::from_json(&std::fs::read_to_string("examples/ms05-021-two-sites.json").unwrap()).unwrap()
}

const LINK: &str = "https://wiki.example.com/patchcast/index.html#s=abc";

/// Names that would break a table or start a link, template, macro or HTML element if
/// they were written raw into any of the three markups.
const HOSTILE: [&str; 9] = [
    "a|b || c",
    // Characters XML 1.0 forbids: a noncharacter pair and a C0 control.
    "odd\u{FFFE}\u{FFFF}\u{1}name",
    "}}{{#invoke:x}}",
    "]][[Category:Evil]]",
    "<script>alert(1)</script>",
    "{| class=x\n|-",
    "line\r\nbreak\n* item\n# heading",
    "`code` **bold** ~~x~~",
    "<ac:structured-macro ac:name=\"html\"/>&amp;",
];

/// The example with every name a planner controls made hostile.
fn hostile() -> (Scenario, Plan) {
    let mut s = example();
    s.name = HOSTILE[0].into();
    for (i, g) in s.fleet.groups.iter_mut().enumerate() {
        g.site = format!("{}{}", HOSTILE[(i + 1) % HOSTILE.len()], g.site);
    }
    for w in &mut s.windows {
        w.sites.clear();
    }
    s.phases = None;
    let checked = s.check().unwrap();
    s.phases = Some(
        checked
            .phases
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| {
                p.name = format!("{}{i}", HOSTILE[(i + 3) % HOSTILE.len()]);
                p
            })
            .collect(),
    );
    let plan = Plan::make(&s).unwrap();
    (s, plan)
}

#[test]
fn the_example_matches_the_golden_pages() {
    let s = example();
    for (markup, lang, file) in [
        (Markup::Markdown, Lang::En, "example-wiki.md"),
        (Markup::MediaWiki, Lang::En, "example-wiki.wiki"),
        (Markup::Confluence, Lang::En, "example-wiki.xml"),
        (Markup::Markdown, Lang::Ja, "example-wiki-ja.md"),
    ] {
        // Reasons and generated names are written in the plan's language.
        let plan = Plan::make_in(&s, lang).unwrap();
        let page = wiki::page(&s, &plan, Some(LINK), markup, lang);
        let path = std::path::Path::new("tests/golden").join(file);
        if std::env::var_os("PATCHCAST_UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &page).unwrap();
            eprintln!("rewrote {}: review it with git diff before committing", path.display());
        }
        let golden = std::fs::read_to_string(&path).unwrap();
        assert!(
            golden == page,
            "{} differs; if intended, PATCHCAST_UPDATE_GOLDEN=1 and review the diff",
            path.display()
        );
    }
}

/// Tables of a Markdown page as rows of cell texts, and whether any HTML, code or
/// link other than `allowed_links` came alive.
fn markdown_tables(page: &str, allowed_links: &[&str]) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let (mut row, mut cell): (Vec<String>, Option<String>) = (Vec::new(), None);
    for event in Parser::new_ext(page, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap()),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                tables.last_mut().unwrap().push(std::mem::take(&mut row));
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t)
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML came alive: {h}"),
            Event::Code(c) => panic!("code came alive: {c}"),
            Event::Start(Tag::Strong | Tag::Emphasis | Tag::Strikethrough) => panic!("emphasis came alive"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                assert!(
                    allowed_links.iter().any(|a| dest_url.as_ref() == *a),
                    "a link came alive: {dest_url}"
                )
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn markdown_tables_read_back_with_their_rows_and_columns() {
    let s = example();
    let plan = Plan::make(&s).unwrap();
    let page = wiki::page(&s, &plan, Some(LINK), Markup::Markdown, Lang::En);
    let charts = wiki::chart_files(&plan);
    let tables = markdown_tables(&page, &[LINK, &charts[0], &charts[1]]);
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].len(), plan.phase_summaries.len() + 1);
    assert_eq!(tables[1].len(), plan.schedule.batches.len() + 1);
    assert_eq!(tables[1][0], ["Start", "End (cautious)", "Site", "Hosts", "Phase", "Console"]);
    assert!(
        tables[0].iter().all(|r| r.len() == 7),
        "phases: name, hosts, batches, start, end, soak, held by"
    );
    assert!(tables[1].iter().all(|r| r.len() == 6));
}

#[test]
fn hostile_names_stay_text_in_markdown() {
    let (s, plan) = hostile();
    let page = wiki::page(&s, &plan, Some(LINK), Markup::Markdown, Lang::En);
    let charts = wiki::chart_files(&plan);
    let tables = markdown_tables(&page, &[LINK, &charts[0], &charts[1]]);
    for table in &tables {
        let width = table[0].len();
        assert!(table.iter().all(|r| r.len() == width), "a hostile name broke a table");
    }
    // The names read back as they were (line breaks as spaces).
    let sites: Vec<&String> = tables[1].iter().skip(1).map(|r| &r[2]).collect();
    assert!(sites.iter().any(|c| c.starts_with("]][[Category:Evil]]")), "{sites:?}");
    assert!(page.lines().all(|l| !l.starts_with("* item") && !l.starts_with("# heading")));
}

#[test]
fn hostile_names_stay_text_in_mediawiki() {
    let (s, plan) = hostile();
    let page = wiki::page(&s, &plan, Some(LINK), Markup::MediaWiki, Lang::En);
    // Outside <nowiki> there is only our own markup: take every nowiki span out and the
    // rest holds no template, link, HTML or table syntax but ours.
    let mut outside = String::new();
    let mut rest = page.as_str();
    while let Some(start) = rest.find("<nowiki>") {
        outside.push_str(&rest[..start]);
        let end = rest[start..].find("</nowiki>").expect("every nowiki is closed") + start;
        assert!(!rest[start + 8..end].contains('<'), "a raw < inside nowiki");
        rest = &rest[end + 9..];
    }
    outside.push_str(rest);
    for bad in ["{{", "}}", "<script", "[[Category"] {
        assert!(!outside.contains(bad), "{bad} outside nowiki");
    }
    let table_lines = outside.lines().filter(|l| l.starts_with("{|")).count();
    assert_eq!(table_lines, 2, "only our two tables open");
    // Every row has as many cells as the header.
    for table in page.split("{| class=\"wikitable\"\n").skip(1) {
        let body = table.split("|}").next().unwrap();
        let header = body.lines().next().unwrap().matches(" !! ").count();
        for row in body.lines().filter(|l| l.starts_with("| ")) {
            let cells = row.replace("<nowiki>", "\u{1}").split(" || ").count() - 1;
            assert_eq!(cells, header, "{row}");
        }
    }
}

#[test]
fn hostile_names_stay_text_in_confluence() {
    let (s, plan) = hostile();
    let page = wiki::page(&s, &plan, Some(LINK), Markup::Confluence, Lang::En);
    let wrapped = format!(
        "<root xmlns:ac=\"http://atlassian.com/content\" xmlns:ri=\"http://atlassian.com/resource/identifier\">{page}</root>"
    );
    let doc = roxmltree::Document::parse(&wrapped).expect("well-formed XHTML");
    let ours =
        ["root", "h1", "h2", "p", "ul", "li", "table", "tbody", "tr", "th", "td", "a", "image", "attachment"];
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(ours.contains(&name), "an element the exporter never writes: {name}");
        assert_ne!(name, "structured-macro");
    }
    assert!(doc.descendants().any(|n| n.text().is_some_and(|t| t.contains("<script>alert(1)</script>"))));
}

#[test]
fn large_plans_summarise_batches_per_phase_and_day() {
    let mut s = example();
    // 300 more sites of one host each: at least a batch per site.
    let template = s.fleet.groups[2].clone();
    for i in 0..300 {
        let mut g = template.clone();
        (g.name, g.site, g.hosts, g.internet_facing, g.prerequisite_present) =
            (format!("branch-{i}"), format!("branch {i}"), 1, 0, 0);
        s.fleet.groups.push(g);
    }
    for w in &mut s.windows {
        w.sites.clear();
    }
    s.phases = None;
    let plan = Plan::make(&s).unwrap();
    assert!(plan.schedule.batches.len() > wiki::MAX_BATCH_ROWS, "{}", plan.schedule.batches.len());
    let page = wiki::page(&s, &plan, None, Markup::Markdown, Lang::En);
    assert!(page.contains("are too many to list here"));
    let tables = markdown_tables(&page, &wiki::chart_files(&plan).each_ref().map(String::as_str));
    assert_eq!(tables[1][0], ["Phase", "Day", "Batches", "Hosts"]);
    assert!(tables[1].len() < 100);
}

/// Writes the example's pages, rendered where a renderer exists, and its charts to
/// tests/e2e/artifacts/ for looking at (the end-to-end run screenshots them).
#[test]
fn the_pages_render_for_looking_at() {
    let s = example();
    let plan = Plan::make(&s).unwrap();
    let dir = std::path::Path::new("tests/e2e/artifacts");
    std::fs::create_dir_all(dir).unwrap();
    let markdown = wiki::page(&s, &plan, Some(LINK), Markup::Markdown, Lang::En);
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, Parser::new_ext(&markdown, Options::ENABLE_TABLES));
    let [gantt, exposure] = wiki::chart_files(&plan);
    std::fs::write(dir.join(&gantt), wiki::gantt_svg(&s, &plan, Lang::En)).unwrap();
    std::fs::write(dir.join(&exposure), wiki::exposure_svg(&plan, Lang::En)).unwrap();
    let style = "<style>body{font-family:sans-serif;max-width:1000px;margin:1rem auto}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}img{max-width:100%}</style>";
    std::fs::write(
        dir.join("wiki-markdown.html"),
        format!("<!doctype html><meta charset=utf-8>{style}{body}"),
    )
    .unwrap();
    let confluence = wiki::page(&s, &plan, Some(LINK), Markup::Confluence, Lang::En)
        .replace("<ac:image", "<img")
        .replace("</ac:image>", "")
        .replace("<ri:attachment ri:filename=", "<span data-file=");
    std::fs::write(
        dir.join("wiki-confluence.html"),
        format!("<!doctype html><meta charset=utf-8>{style}{confluence}"),
    )
    .unwrap();
    assert!(body.contains("<table>"));
}

#[test]
fn chart_files_stay_well_formed_with_hostile_names() {
    let (s, plan) = hostile();
    for svg in [wiki::gantt_svg(&s, &plan, Lang::En), wiki::exposure_svg(&plan, Lang::Ja)] {
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(!["script", "foreignObject", "a"].contains(&name), "{name} in a chart file");
        }
    }
}

/// A page with its forecast: right after the headline, how sure its dates are (the 85 %
/// line, a table with each target's chance), in every markup and both languages; the
/// Markdown has a table of five columns, the Confluence page reads back as XML.
#[test]
fn a_page_carries_its_forecast() {
    use patchcast::forecast::{forecast, Settings};
    let mut s = example();
    s.targets = vec![patchcast::target::Target::from_flag("all=14d").unwrap()];
    s.settle_version();
    let plan = Plan::make(&s).unwrap();
    let f = forecast(&s, &plan, &Settings { trials: 1_000, ..Settings::default() }).unwrap();
    for lang in [Lang::En, Lang::Ja] {
        for markup in [Markup::Markdown, Markup::MediaWiki, Markup::Confluence] {
            let page = wiki::page_with(&s, &plan, Some(&f), Some(LINK), markup, lang);
            let heading = lang.pick("How sure these dates are", "日付の確からしさ");
            let at = page.find(heading).unwrap_or_else(|| panic!("{heading} in {page}"));
            assert!(
                at < page.find(lang.pick("Why this urgency", "緊急度の理由")).unwrap(),
                "after the headline"
            );
            assert!(
                page.contains(lang.pick("85 % sure every host is patched by", "85%の確度で全ホストの適用が"))
            );
            assert!(page.contains("all=14d"));
            if markup == Markup::Confluence {
                let wrapped = format!(
                    "<root xmlns:ac=\"http://atlassian.com/content\" xmlns:ri=\"http://atlassian.com/resource/identifier\">{page}</root>"
                );
                roxmltree::Document::parse(&wrapped)
                    .unwrap_or_else(|e| panic!("Confluence page not XML: {e}"));
            }
        }
    }
    let md = wiki::page_with(&s, &plan, Some(&f), None, Markup::Markdown, Lang::En);
    let cells = md.lines().find(|l| l.starts_with("| Date |")).expect("the forecast's table");
    assert_eq!(cells.matches('|').count(), 6, "{cells}");
    // Without a forecast, the page is as it was.
    assert_eq!(
        wiki::page_with(&s, &plan, None, None, Markup::Markdown, Lang::En),
        wiki::page(&s, &plan, None, Markup::Markdown, Lang::En)
    );
}
