//! The answer first: when the rollout is done, how long it takes, when the most exposed
//! hosts are safe, when most of the risk is gone, and how urgent it is.

use yew::prelude::*;

use crate::export::wiki;
use crate::ui::context::State;

pub fn headline(state: &State) -> Html {
    let Some(planned) = &state.planned else { return html! {} };
    let lang = state.lang;
    let lines = wiki::headline(&planned.scenario, &planned.plan, lang);
    let urgency = planned.plan.recommendation.urgency;
    let badge = match lang {
        crate::i18n::Lang::En => urgency.label_en(),
        crate::i18n::Lang::Ja => urgency.label_ja(),
    };
    let (first, rest) = lines.split_first().map_or((String::new(), &[][..]), |(f, r)| (f.clone(), r));
    // The urgency is the badge; its sentence (the last line) is not repeated.
    let rest = &rest[..rest.len().saturating_sub(1)];
    let now = crate::ui::browser::now_minutes();
    let past = wiki::start_in_the_past(&planned.scenario, &planned.plan, now, lang);
    let forecast = state.current_forecast().map(|f| forecast_line(f, &planned.scenario, lang));
    html! {
        <section class="headline" data-testid="headline" aria-label={lang.pick("The answer", "結論")}>
            if let Some(past) = past {
                <p class="headline-past" data-testid="start-past">{ past }</p>
            }
            <p class="headline-main">
                <span class={format!("badge urgency-{}", urgency as u8)}>{ badge }</span>
                { " " }<strong>{ first }</strong>
            </p>
            // How sure the finish is goes on the same line (the printed summary keeps to two pages).
            if !rest.is_empty() || forecast.is_some() {
                <p class="headline-more">
                    { rest.join(" ") }
                    if let Some(forecast) = forecast {
                        { " " }<span data-testid="headline-forecast">{ forecast }</span>
                    }
                </p>
            }
        </section>
    }
}

/// The forecast's headline: how sure the finish is and each target's chance.
fn forecast_line(
    f: &crate::forecast::Forecast,
    scenario: &crate::scenario::Scenario,
    lang: crate::i18n::Lang,
) -> String {
    let zone =
        crate::time_zone::zone(&scenario.start_time_zone).unwrap_or_else(|_| crate::time_zone::Zone::utc());
    crate::forecast::text::short(f, &zone, lang)
}

/// Printed only, above the headline: what the change-approval summary is about (the
/// scenario's name, the advisory).
pub fn print_title(state: &State) -> Html {
    let Some(planned) = &state.planned else { return html! {} };
    let (lang, advisory) = (state.lang, &planned.plan.advisory);
    html! {
        <div class="print-title">
            <p>
                { lang.pick("Change-approval summary", "変更承認用の概要") }
                if !state.scenario.change.ticket.trim().is_empty() {
                    { lang.pick(": ", "：") }<strong>{ state.scenario.change.ticket.trim().to_string() }</strong>
                }
            </p>
            <h2>{ state.scenario.name.clone() }</h2>
            <p>{ format!("{} (KB{}): {}", advisory.id, advisory.kb, advisory.title_in(lang)) }</p>
        </div>
    }
}
