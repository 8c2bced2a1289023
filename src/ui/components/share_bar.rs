//! Sharing the scenario: copy a link, open a scenario file (saving one is under Download).

use yew::prelude::*;

use super::inputs::file_picker;
use crate::i18n::Lang;
use crate::ui::browser;
use crate::ui::context::{use_workspace, State};
use crate::workspace::{Action, Notice as NoticeKind};

/// How long the "link copied" toast stays (seconds).
const TOAST_SECONDS: u64 = 12;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// Read-only embeds offer sharing but not opening another scenario.
    #[prop_or_default]
    pub readonly: bool,
}

#[function_component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let state = use_workspace();
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let link = use_state(|| None::<String>);

    // Callbacks
    let copy_link = {
        let (state, link) = (state.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            match browser::scenario_link(&state.scenario) {
                Ok(url) => {
                    browser::copy(&url);
                    link.set(Some(url.clone()));
                    // The toast goes by itself after a while (unless a newer link replaced it).
                    let link = link.clone();
                    yew::platform::spawn_local(async move {
                        yew::platform::time::sleep(std::time::Duration::from_secs(TOAST_SECONDS)).await;
                        if link.as_deref() == Some(url.as_str()) {
                            link.set(None);
                        }
                    });
                }
                Err(e) => state.dispatch(Action::Notify(NoticeKind::NoLink(e))),
            }
        })
    };
    // Opening a file replaces the scenario: unsaved edits are not thrown away unasked.
    let open_file = {
        let state = state.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            let ask = match state.lang {
                Lang::En => format!(
                    "Open {name} in place of your scenario? Your edits since it was last saved are not in a file (Undo brings them back)."
                ),
                Lang::Ja => format!(
                    "{name} を開いて、現在のシナリオと置き換えますか？最後に保存してからの編集はファイルにありません（「元に戻す」で戻せます）。"
                ),
            };
            if !state.unsaved() || browser::confirm(&ask) {
                state.dispatch(Action::OpenFile { name, bytes })
            }
        })
    };
    html! {
        <div class="share" role="group" aria-label={t("Share and save", "共有と保存")}>
            <button type="button" onclick={copy_link} data-testid="copy-link">{ t("Copy link", "リンクをコピー") }</button>
            if !props.readonly {
                { file_picker(&state, "open-file", t("Open scenario…", "シナリオを開く…"), ".json,application/json", open_file) }
            }
            if let Some(url) = (*link).clone() {
                // A toast over the page: the toolbar does not move.
                <div class="toast" role="status" data-testid="link-toast">
                    <div class="field link">
                        <label for="share-link">{ t("Link copied: it holds this scenario", "リンクをコピーしました（このシナリオを含みます）") }</label>
                        <input id="share-link" data-testid="share-link" readonly=true value={url} />
                    </div>
                    <button type="button" class="icon" aria-label={t("Close", "閉じる")}
                            onclick={{ let link = link.clone(); Callback::from(move |_| link.set(None)) }}>{ "✕" }</button>
                </div>
            }
        </div>
    }
}

/// The notice about the last file, link or stored state, with a way to dismiss it.
pub fn notice(state: &State) -> Html {
    // A progress CSV's notice shows beside its import, in the Progress section.
    let here = state.notice.as_ref().filter(|n| !n.about_progress());
    let Some(message) = here.map(|n| n.text(state.lang)) else { return html! {} };
    let t = |en: &'static str, ja: &'static str| state.lang.pick(en, ja);
    let dispatcher = state.dispatcher();
    let dismiss = Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissNotice));
    let dispatcher = state.dispatcher();
    let undo = Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Undo));
    html! {
        <div class="notice" role="alert" data-testid="notice">
            <p>{ message }</p>
            if state.undo.is_some() {
                <button type="button" onclick={undo} data-testid="undo">{ t("Undo", "元に戻す") }</button>
            }
            <button type="button" onclick={dismiss}>{ t("Dismiss", "閉じる") }</button>
        </div>
    }
}
