//! A quick estimate: how long the consoles take for a number of hosts, from the current
//! timing model, outside any plan.

use yew::prelude::*;

use super::{class, when};

use super::NumberField;
use crate::form::{whole, FormError};
use crate::i18n::{Lang, Localized};
use crate::timing::{Estimate, TimingModel, MAX_CONSOLES, MAX_HOSTS};
use crate::ui::context::use_workspace;
use crate::ui::format::duration;

/// The estimate for the typed texts, or the message for each field that is wrong.
fn estimate(
    model: &TimingModel,
    caution: f64,
    hosts: &str,
    consoles: &str,
) -> (Option<Estimate>, Option<FormError>, Option<FormError>) {
    let h = whole(hosts, 1, u64::from(MAX_HOSTS));
    let c = whole(consoles, 1, u64::from(MAX_CONSOLES));
    let result = match (&h, &c) {
        (Ok(h), Ok(c)) => model.estimate(*h as u32, *c as u32, caution).ok(),
        _ => None,
    };
    (result, h.err(), c.err())
}

#[function_component]
pub fn EstimatePanel() -> Html {
    let state = use_workspace();
    let hosts = use_state(|| "500".to_string());
    let consoles = use_state(|| "1".to_string());
    let last = use_mut_ref(|| None::<Estimate>);

    let model = state.planned.as_ref().map(|p| p.plan.hotfix_model.clone()).unwrap_or_else(TimingModel::seed);
    let caution = state.scenario.capacity.caution;
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let (fresh, hosts_error, consoles_error) = estimate(&model, caution, &hosts, &consoles);
    let stale = fresh.is_none();
    if let Some(e) = &fresh {
        *last.borrow_mut() = Some(e.clone());
    }
    let shown = fresh.or_else(|| last.borrow().clone());

    // Callbacks
    let on_hosts = {
        let hosts = hosts.clone();
        Callback::from(move |text| hosts.set(text))
    };
    let on_consoles = {
        let consoles = consoles.clone();
        Callback::from(move |text| consoles.set(text))
    };

    html! {
        <section class="estimate" aria-labelledby="estimate-title">
            <h3 id="estimate-title">{ t("Quick estimate", "簡易見積もり") }</h3>
            <div class="fields">
                { NumberField { id: "estimate-hosts", label: t("Hosts to patch", "適用する台数"), text: (*hosts).clone(),
                    error: hosts_error.map(|e| e.text(lang)), on_input: on_hosts }.view() }
                { NumberField { id: "estimate-consoles", label: t("Consoles", "コンソール数"), text: (*consoles).clone(),
                    error: consoles_error.map(|e| e.text(lang)), on_input: on_consoles }.view() }
            </div>
            { result(shown.as_ref(), stale, lang) }
        </section>
    }
}

fn result(estimate: Option<&Estimate>, stale: bool, lang: Lang) -> Html {
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let Some(est) = estimate else {
        return html! { <p class="result" data-testid="estimate">{ t("Enter the hosts and consoles.", "台数とコンソール数を入力してください。") }</p> };
    };
    let minutes = |m: f64| duration(m.round() as i64, lang);
    html! {
        <div class={class(&["result", when(stale, "stale")])} aria-live="polite">
            <p data-testid="estimate">
                <strong data-testid="expected-minutes">{ format!("{:.1}", est.expected_minutes) }</strong>
                { format!(" {} ({}), ", t("min expected", "分（予想）"), minutes(est.expected_minutes)) }
                <strong data-testid="cautious-minutes">{ format!("{:.1}", est.cautious_minutes) }</strong>
                { format!(" {} ({})", t("min cautious", "分（慎重）"), minutes(est.cautious_minutes)) }
            </p>
            if est.extrapolated {
                <p class="badge warn" data-testid="extrapolated">
                    { t("Extrapolated: each console's share lies outside the measured runs.",
                        "外挿: コンソール1台あたりの台数が実測の範囲外です。") }
                </p>
            }
            if stale {
                <p class="badge" data-testid="stale">{ t("Showing the last valid estimate until the input is fixed.",
                    "入力が直るまで、最後の有効な見積もりを表示しています。") }</p>
            }
        </div>
    }
}
