//! "For a wiki": the plan as Markdown, MediaWiki or Confluence markup (copied or
//! downloaded) and its charts as SVG or PNG files to attach, for wikis without iframes.

use yew::prelude::*;

use crate::export::{self, wiki};
use crate::ui::browser;
use crate::ui::context::use_workspace;
use crate::ui::download::{save, save_svg_as_png};

#[function_component]
pub fn WikiMenu() -> Html {
    let state = use_workspace();
    // The markup chosen is read from its menu when a button is pressed: the menu keeps it.
    let markup_menu = use_node_ref();
    let message = use_state(|| None::<String>);
    let Some(planned) = state.planned.clone() else { return html! {} };
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let stale = state.stale();

    let markup = {
        let menu = markup_menu.clone();
        move || match menu.cast::<web_sys::HtmlSelectElement>().map(|m| m.value()).as_deref() {
            Some("mediawiki") => wiki::Markup::MediaWiki,
            Some("confluence") => wiki::Markup::Confluence,
            _ => wiki::Markup::Markdown,
        }
    };
    // The page in the chosen markup, linking this scenario.
    // The forecast goes with it once it has come.
    let forecast = state.current_forecast().cloned();
    let page = {
        let planned = planned.clone();
        move |markup: wiki::Markup, then: Box<dyn FnOnce(String)>| {
            let link = browser::scenario_link(&planned.scenario).ok();
            then(wiki::page_with(
                &planned.scenario,
                &planned.plan,
                forecast.as_ref(),
                link.as_deref(),
                markup,
                lang,
            ));
        }
    };
    let copy = {
        let (page, markup, message) = (page.clone(), markup.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let message = message.clone();
            page(
                markup(),
                Box::new(move |text| {
                    browser::copy(&text);
                    message.set(Some(
                        lang.pick(
                            "Copied: paste it into the page's source editor.",
                            "コピーしました。ページのソース編集に貼り付けてください。",
                        )
                        .into(),
                    ));
                }),
            );
        })
    };
    let download = {
        let (planned, message) = (planned.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let markup = markup();
            let name = export::file_name(&planned.plan, "wiki", markup.extension());
            let message = message.clone();
            page(
                markup,
                Box::new(move |text| {
                    message.set(save(&name, "text/plain;charset=utf-8", &text).err().map(|e| e.text(lang)))
                }),
            );
        })
    };
    let [gantt_name, exposure_name] = wiki::chart_files(&planned.plan);
    let chart =
        |svg: fn(&crate::workspace::Planned, crate::i18n::Lang) -> String, name: String, png: bool| {
            let (planned, message) = (planned.clone(), message.clone());
            Callback::from(move |_: MouseEvent| {
                let svg = svg(&planned, lang);
                let result = if png {
                    save_svg_as_png(format!("{}.png", name.strip_suffix(".svg").unwrap_or(&name)), &svg)
                } else {
                    save(&name, "image/svg+xml", &svg)
                };
                message.set(result.err().map(|e| e.text(lang)));
            })
        };
    let gantt: fn(&crate::workspace::Planned, crate::i18n::Lang) -> String =
        |p, lang| wiki::gantt_svg(&p.scenario, &p.plan, lang);
    let exposure: fn(&crate::workspace::Planned, crate::i18n::Lang) -> String =
        |p, lang| wiki::exposure_svg(&p.plan, lang);
    html! {
        <details class="menu wiki-menu" data-testid="wiki-menu">
            <summary class="button">{ t("For a wiki…", "ウィキ用…") }</summary>
            <div class="menu-panel">
            <div class="field">
                <label for="wiki-markup">{ t("Markup", "記法") }</label>
                <select id="wiki-markup" data-testid="wiki-markup" ref={markup_menu}>
                    <option value="markdown">{ "Markdown" }</option>
                    <option value="mediawiki">{ "MediaWiki" }</option>
                    <option value="confluence">{ t("Confluence (storage format)", "Confluence（ストレージ形式）") }</option>
                </select>
            </div>
            <div class="buttons">
                <button type="button" onclick={copy} disabled={stale} data-testid="wiki-copy">{ t("Copy for wiki", "ウィキ用にコピー") }</button>
                <button type="button" onclick={download} disabled={stale} data-testid="wiki-download">{ t("Download page", "ページをダウンロード") }</button>
            </div>
            <p class="hint">{ t("Attach these with their names; the page shows them:", "次のファイルをこの名前のまま添付してください。ページから表示されます:") }</p>
            <div class="buttons">
                <button type="button" onclick={chart(gantt, gantt_name.clone(), false)} disabled={stale} data-testid="gantt-svg">{ t("Gantt SVG", "ガント SVG") }</button>
                <button type="button" onclick={chart(gantt, gantt_name, true)} disabled={stale} data-testid="gantt-png">{ t("Gantt PNG", "ガント PNG") }</button>
                <button type="button" onclick={chart(exposure, exposure_name.clone(), false)} disabled={stale} data-testid="exposure-svg">{ t("Exposure SVG", "リスク推移 SVG") }</button>
                <button type="button" onclick={chart(exposure, exposure_name, true)} disabled={stale} data-testid="exposure-png">{ t("Exposure PNG", "リスク推移 PNG") }</button>
            </div>
            if let Some(m) = (*message).clone() { <p class="hint" role="status" data-testid="wiki-message">{ m }</p> }
            </div>
        </details>
    }
}
