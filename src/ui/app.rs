//! The root component: owns the workspace and lays out the page: inputs on one side,
//! the live plan on the other (one column on narrow screens).

use yew::prelude::*;

use super::browser;
use super::components::*;
use super::context::State;
use crate::i18n::{Lang, Localized};
use crate::scenario::Scenario;
use crate::share::{self, ShareError};
use crate::workspace::{self, Action, Workspace};

/// How the page is shown: `?embed=1` for a compact wiki embed, `&readonly=1` without
/// editors; on a phone-sized screen the editors start folded (the plan comes first, and
/// a folded editor is not put in the page until opened).
#[derive(Clone, Copy, PartialEq)]
struct Mode {
    embed: bool,
    readonly: bool,
    narrow: bool,
}

impl Mode {
    fn from_query() -> Self {
        let on = |name| browser::query(name).is_some_and(|v| v == "1" || v == "true");
        Self { embed: on("embed"), readonly: on("readonly"), narrow: browser::narrow_screen() }
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    id: AttrValue,
    title: AttrValue,
    #[prop_or(true)]
    open: bool,
    children: Html,
}

/// A foldable input section. What it holds is drawn the first time it is open, and kept.
#[function_component]
fn Section(props: &SectionProps) -> Html {
    let opened = use_state(|| props.open);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            if e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open() {
                opened.set(true);
            }
        })
    };
    html! {
        <details class="panel" open={props.open} data-testid={props.id.clone()} {ontoggle}>
            <summary><h2>{ props.title.clone() }</h2></summary>
            if *opened {
                { props.children.clone() }
            }
        </details>
    }
}

/// A section of the results headed `title` (its heading's id `{id}-title`, the section's
/// test id `{id}-section`), left out of the printed summary unless `printed`.
fn panel(id: &'static str, title: &'static str, printed: bool, content: Html) -> Html {
    let heading = format!("{id}-title");
    html! {
        <section class={class(&["panel", when(!printed, "no-print")])} aria-labelledby={heading.clone()}
                 data-testid={format!("{id}-section")}>
            <h2 id={heading}>{ title }</h2>
            { content }
        </section>
    }
}

/// Pin and compare (not in a read-only embed), the menus, sharing and the language.
fn toolbar(state: &State, readonly: bool) -> Html {
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let pin = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::PinBaseline))
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ClearBaseline))
    };
    html! {
        <div class="toolbar">
            if !readonly {
                <button type="button" class="pin" onclick={pin} disabled={state.planned.is_none()} data-testid="pin">
                    { if state.baseline.is_some() { t("Pin as new baseline", "新しい基準にする") } else { t("Pin as baseline", "基準として固定") } }
                </button>
                if state.baseline.is_some() {
                    <button type="button" onclick={clear} data-testid="clear-baseline">{ t("Clear baseline", "基準を解除") }</button>
                }
            }
            <Downloads />
            // Like the downloads, it waits while the plan on screen is not that of the inputs.
            <button type="button" onclick={Callback::from(|_: MouseEvent| browser::print())} data-testid="print-summary"
                disabled={state.planned.is_none() || state.stale()} aria-describedby={state.stale().then_some("exports-wait")}
                title={t("A change-approval summary on two A4 pages: print it or save it as PDF", "変更承認用の概要（A4で2ページ以内）。印刷するか PDF に保存します")}>
                { t("Print summary", "概要を印刷") }
            </button>
            <WikiMenu />
            <ShareBar {readonly} />
            { language_picker(state) }
        </div>
    }
}

/// English or Japanese, for the whole page, its messages and its exports.
fn language_picker(state: &State) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            state.dispatch(Action::SetLang(Lang::from_tag(&value)));
        })
    };
    html! {
        <div class="field language">
            <label for="language">{ state.lang.pick("Language", "言語") }</label>
            <select id="language" data-testid="language" {onchange}>
                <option value="en" selected={state.lang == Lang::En} lang="en">{ "English" }</option>
                <option value="ja" selected={state.lang == Lang::Ja} lang="ja">{ "日本語" }</option>
            </select>
        </div>
    }
}

/// Whether the plan on screen is that of the inputs, and if not, why. In a wiki's frame
/// (`embed`) the page says nothing while all is well.
fn status(state: &State, embed: bool) -> Html {
    let lang = state.lang;
    if !state.stale() && embed {
        return html! {};
    }
    if !state.stale() {
        return html! { <p class="status ok" aria-live="polite" data-testid="status">{ lang.pick("Plan is up to date.", "計画は最新です。") }</p> };
    }
    let message = match (&state.schedule_error, state.planned.is_some()) {
        (Some(e), _) => format!(
            "{} {}",
            lang.pick("No plan for these inputs:", "この入力では計画できません:"),
            e.text(lang)
        ),
        (None, true) => lang
            .pick(
                "Some inputs need fixing (marked in red): showing the last valid plan.",
                "直す必要のある入力があります（赤で表示）: 最後の有効な計画を表示しています。",
            )
            .to_string(),
        (None, false) => lang
            .pick("Some inputs need fixing (marked in red).", "直す必要のある入力があります（赤で表示）。")
            .to_string(),
    };
    html! { <p class="status stale" role="status" aria-live="polite" data-testid="status">{ message }</p> }
}

/// Mounts the planner into the page (the browser entry point), in a task after the one
/// that instantiated the wasm, so neither holds the main thread long.
///
/// The workspace (the link, stored work and their plan) is read in a task of its own
/// first: on a slow phone it and the first render together held the main thread for
/// 100 ms.
pub fn start() {
    yew::platform::spawn_local(async {
        browser::next_task().await;
        let link =
            browser::fragment().filter(|f| share::is_scenario_fragment(f)).map(|f| share::from_fragment(&f));
        STARTUP.with(|s| *s.borrow_mut() = Some(startup_workspace(link)));
        browser::next_task().await;
        match browser::app_root() {
            Some(root) => yew::Renderer::<App>::with_root(root).render(),
            None => yew::Renderer::<App>::new().render(),
        };
    });
}

thread_local! {
    /// The workspace [`start`] read before the first render, for the App to take.
    static STARTUP: std::cell::RefCell<Option<Workspace>> = const { std::cell::RefCell::new(None) };
}

/// The workspace this visit opens on: the `link`'s scenario (read by [`start`]), else
/// stored work, else the sample; the baseline the last visit pinned.
fn startup_workspace(link: Option<Result<Scenario, ShareError>>) -> Workspace {
    Workspace::startup_with_link(link, browser::stored_scenario().as_deref(), browser::initial_lang())
        .with_stored_baseline(browser::stored_baseline().as_deref())
}

/// The page is drawn in steps, each in a task of its own, so that no step holds the main
/// thread for long on a slow phone: the headline, the toolbar, the summary, the solver and
/// the risks, the charts, the targets, the advisory and the fleet. Until [`SHOWN_STEP`]
/// the app is hidden behind the prerendered opening view (or nothing, when that view is
/// not the planner's), then shown in one go, ready for input.
const SHOWN_STEP: u8 = 8;

/// The last steps, once the shown app has been painted: the other editors, then the
/// batches and the host schedule. Each is below the fold on a 1440×1000 screen (the
/// editors below the fleet, the tables below the charts; on a phone the editors start
/// folded) and appears where nothing was, so nothing on screen moves. Together they are
/// nearly half of the page's elements.
const LAST_STEP: u8 = 12;

/// How long one task goes on drawing steps before it lets the browser in (milliseconds).
const STEP_BUDGET_MS: f64 = 6.0;

/// What the prerendered opening view holds: the answer, the charts and the Targets
/// section (the question the page answers; on a wide screen it heads the inputs). What
/// comes after (the advisory and the fleet with the app, the rest just after it) appears
/// where nothing on screen was (no shift).
const PRERENDERED_STEPS: u8 = 6;

#[function_component]
pub fn App() -> Html {
    let step = use_state(|| if cfg!(target_arch = "wasm32") { 1 } else { PRERENDERED_STEPS });
    // When the current task began drawing: steps follow each other within one task until
    // it has run for STEP_BUDGET_MS, then the next waits for a task of its own. A fast
    // computer draws everything in a task or two; a slow phone gets a task per step. The
    // step after SHOWN_STEP waits for the shown app to be painted.
    let began = use_mut_ref(browser::now_ms);
    {
        let setter = step.setter();
        use_effect_with(*step, move |&now| {
            if now == SHOWN_STEP {
                browser::reveal();
            }
            if now >= LAST_STEP {
                return;
            }
            if now != SHOWN_STEP && browser::now_ms() - *began.borrow() < STEP_BUDGET_MS {
                setter.set(now + 1);
                return;
            }
            yew::platform::spawn_local(async move {
                if now == SHOWN_STEP {
                    browser::after_paint().await;
                } else {
                    browser::next_task().await;
                }
                *began.borrow_mut() = browser::now_ms();
                setter.set(now + 1);
            });
        });
    }
    let shown = |at: u8| *step >= at;
    let mode = use_memo((), |_| Mode::from_query());
    // The 600 time-zone names for the zone pickers, drawn when a zone field is first
    // focused rather than with the page.
    let zones = use_state(|| false);
    let onfocusin = {
        let zones = zones.clone();
        Callback::from(move |e: FocusEvent| {
            let Some(target) = e.target_dyn_into::<web_sys::Element>() else { return };
            if !*zones && target.get_attribute("list").is_some_and(|l| l == "zones") {
                zones.set(true);
            }
        })
    };
    // Rendered without [`start`] (in the browser tests, and when prerendering) the App
    // opens on stored work or the sample: links are read by `start`.
    let state = State::new(use_reducer(|| {
        STARTUP.with(|s| s.borrow_mut().take()).unwrap_or_else(|| startup_workspace(None))
    }));
    let stale = state.stale();

    // Effects
    // Keep the scenario for the next visit whenever it changes; say once if the browser
    // will not (the page goes on working either way).
    let told = use_mut_ref(|| false);
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.scenario.clone(), move |scenario| {
            let kept = (**scenario != crate::scenario::Scenario::sample()).then_some(&**scenario);
            match browser::store_scenario(kept) {
                Ok(()) => *told.borrow_mut() = false,
                Err(why) if !*told.borrow() => {
                    *told.borrow_mut() = true;
                    dispatcher.dispatch(Action::Notify(workspace::Notice::NotKept(why)));
                }
                Err(_) => {}
            }
        });
    }
    // A link is applied once, on arrival; from now on storage holds the newer work.
    use_effect_with((), |_| browser::forget_scenario_fragment());
    // Keep the pinned baseline for the next visit too.
    use_effect_with(state.baseline.clone(), |baseline| {
        browser::store_baseline(baseline.as_ref().map(|b| &*b.scenario))
    });
    // Remember the language and mark the document with it.
    use_effect_with(state.lang, |lang| browser::apply_lang(*lang));
    // Inside a wiki's iframe, keep telling the wiki our height.
    use_effect_with((), |_| browser::post_height_to_parent());

    let open = !mode.embed && !mode.narrow;
    // A published advisory (a preset) is rarely edited: its section starts folded, one
    // click or Enter away, and the keyboard's way to the fleet is 24 stops shorter.
    let advisory_open = open && state.scenario.advisory_preset.is_none();
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    html! {
        <ContextProvider<State> context={state.clone()}>
            <div class={class(&["app", when(mode.embed, "embed"), when(mode.readonly, "readonly")])} {onfocusin}>
            <a class="skip-link" href="#results" data-testid="skip-link">{ t("Skip to the plan", "計画へ移動") }</a>
            if !mode.readonly {
                <a class="skip-link" href="#inputs" data-testid="skip-to-inputs">{ t("Skip to the scenario's inputs", "シナリオの入力へ移動") }</a>
            }
            <a class="skip-link" href="#open-downloads" data-testid="skip-to-downloads">{ t("Skip to the downloads", "ダウンロードへ移動") }</a>
            <header class="masthead">
                <div>
                    <h1>{ "Patchcast" }</h1>
                    <p class="subtitle">{ t("Hotfix rollout planner", "修正プログラム適用計画ツール") }</p>
                </div>
                if shown(2) {
                    { toolbar(&state, mode.readonly) }
                }
            </header>
            { notice(&state) }
            if *zones {
                { zone_list() }
            }
            <div class="layout">
                <main class="results" id="results" tabindex="-1">
                    { print_title(&state) }
                    { headline(&state) }
                    { status(&state, mode.embed) }
                    <div class={class(&["plan", when(stale, "stale")])} data-testid="plan">
                        if shown(3) {
                            { change_facts(&state) }
                            { panel("summary", t("Summary", "概要"), true, summary_panel(&state)) }
                            // Printed in the headline (its 85 % line and each target's chance).
                            { panel("forecast", t("How sure?", "どのくらい確かか"), false, html! { <ForecastPanel /> }) }
                        }
                        if shown(4) {
                            { panel("solver", t("What does it take?", "何が必要か"), false, html! { <SolverPanel /> }) }
                            { panel("risk", t("Urgency and risks", "緊急度とリスク"), true, risk_panel(&state)) }
                        }
                        if shown(5) {
                            { panel("charts", t("Timeline and exposure", "日程とリスクの推移"), true, html! { <Charts /> }) }
                            { sign_off(&state) }
                        }
                        if shown(11) && (!mode.readonly || state.scenario.progress.is_some()) {
                            { panel("progress", t("Progress", "進捗"), false, html! { <ProgressPanel /> }) }
                        }
                        if shown(11) {
                            <section class="panel no-print"><BatchesTable /></section>
                        }
                        if shown(12) {
                            <section class="panel no-print"><HostSchedule /></section>
                        }
                    </div>
                </main>
                if !mode.readonly {
                    <aside class="inputs" id="inputs" tabindex="-1" aria-label={t("Scenario", "シナリオ")}>
                        // Back up from the inputs without Tab through the plan.
                        <a class="skip-inline" href="#open-downloads" data-testid="inputs-to-downloads">{ t("Skip to the downloads", "ダウンロードへ移動") }</a>
                        { other_problems(&state) }
                        <div class="scenario-name">
                            { TextInput::new(crate::form::Field::Name, t("Scenario name", "シナリオ名")).view(&state) }
                        </div>
                        if shown(6) {
                            <Section id="targets" title={t("Targets", "目標")} {open}>{ targets_editor(&state) }</Section>
                        }
                        if shown(7) {
                            <Section id="advisory" title={t("Advisory", "アドバイザリ")} open={advisory_open}>{ advisory_editor(&state) }</Section>
                        }
                        // Capacity (the consoles: the lever turned most) before the long fleet table.
                        if shown(8) {
                            <Section id="capacity" title={t("Capacity and timing", "作業能力と所要時間")} {open}><CapacityEditor /></Section>
                        }
                        if shown(9) {
                            <Section id="fleet" title={t("Fleet", "フリート")} {open}><FleetEditor /><SetsEditor /></Section>
                        }
                        if shown(10) {
                            <Section id="windows" title={t("Maintenance windows", "メンテナンスウィンドウ")} {open}><WindowsEditor /></Section>
                            <Section id="phases" title={t("Phases", "フェーズ")} {open}><PhasesEditor /></Section>
                            <Section id="change" title={t("Change record", "変更記録")} {open}>{ change_editor(&state) }</Section>
                        }
                    </aside>
                }
            </div>
            </div>
        </ContextProvider<State>>
    }
}
