//! The forecast in a planner's words, for the page's headline, the wiki pages, the print
//! summary and the command line alike.

use crate::civil::DateTime;
use crate::i18n::{self, Lang};
use crate::time_zone::Zone;

use super::{Dates, Forecast};

/// A share as a whole percentage: "78 %" / "78%".
pub fn percent(share: f64, lang: Lang) -> String {
    let p = (share * 100.0).round();
    match lang {
        Lang::En => format!("{p:.0} %"),
        Lang::Ja => format!("{p:.0}%"),
    }
}

fn at(zone: &Zone, minutes: i64, lang: Lang) -> String {
    i18n::date_time(DateTime(zone.to_local(minutes)), lang)
}

/// "Fri 23:00 (50 %), Sat 22:00 (85 %), Sun 04:00 (95 %)".
fn three(dates: &Dates, zone: &Zone, lang: Lang) -> String {
    let sep = lang.pick(", ", "、");
    [(dates.p50, 0.50), (dates.p85, 0.85), (dates.p95, 0.95)]
        .iter()
        .map(|&(m, p)| match lang {
            Lang::En => format!("{} ({})", at(zone, m, lang), percent(p, lang)),
            Lang::Ja => format!("{}（{}）", at(zone, m, lang), percent(p, lang)),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// The headline's lines: how sure the finish is, when the internet-facing hosts are safe,
/// and each target's chance.
pub fn headline(f: &Forecast, zone: &Zone, lang: Lang) -> Vec<String> {
    let level = percent(f.confidence_percent / 100.0, lang);
    let by = at(zone, f.finish.at_confidence, lang);
    let mut out = vec![match lang {
        Lang::En => {
            format!("{level} sure every host is patched by {by} (range: {}).", three(&f.finish, zone, lang))
        }
        Lang::Ja => format!(
            "{level}の確度で全ホストの適用が{by}までに終わります（幅: {}）。",
            three(&f.finish, zone, lang)
        ),
    }];
    if let Some(d) = &f.internet_facing {
        out.push(match lang {
            Lang::En => format!("Internet-facing hosts safe by {}.", three(d, zone, lang)),
            Lang::Ja => format!("インターネットに面したホストの安全確保: {}。", three(d, zone, lang)),
        });
    }
    for t in &f.targets {
        let chance = percent(t.probability, lang);
        out.push(match (lang, &t.dates) {
            (Lang::En, Some(d)) => {
                format!(
                    "{chance} chance of meeting {} ({level} sure by {}).",
                    t.label,
                    at(zone, d.at_confidence, lang)
                )
            }
            (Lang::Ja, Some(d)) => {
                format!(
                    "目標 {} の達成確率は{chance}です（{level}の確度で{}まで）。",
                    t.label,
                    at(zone, d.at_confidence, lang)
                )
            }
            (Lang::En, None) => format!("{chance} chance of meeting {}.", t.label),
            (Lang::Ja, None) => format!("目標 {} の達成確率は{chance}です。", t.label),
        });
    }
    out
}

/// The headline's one sentence: the finish at the confidence level and each target's
/// chance (the ranges, and the internet-facing hosts', are in [`headline`] and [`table`]).
pub fn short(f: &Forecast, zone: &Zone, lang: Lang) -> String {
    let level = percent(f.confidence_percent / 100.0, lang);
    let mut parts = vec![match lang {
        Lang::En => {
            format!("{level} sure every host is patched by {}", at(zone, f.finish.at_confidence, lang))
        }
        Lang::Ja => format!(
            "{level}の確度で全ホストの適用が{}までに終わります",
            at(zone, f.finish.at_confidence, lang)
        ),
    }];
    for t in &f.targets {
        let chance = percent(t.probability, lang);
        parts.push(match lang {
            Lang::En => format!("{chance} chance of meeting {}", t.label),
            Lang::Ja => format!("目標 {} の達成確率{chance}", t.label),
        });
    }
    match lang {
        Lang::En => format!("{}.", parts.join("; ")),
        Lang::Ja => format!("{}。", parts.join("、")),
    }
}

/// The forecast as a table: what, the 50 / 85 / 95 % dates and the chance of meeting it.
pub fn table(f: &Forecast, zone: &Zone, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let t = |en: &str, ja: &str| lang.pick(en, ja).to_string();
    let head =
        vec![t("Date", "日時"), "50 %".into(), "85 %".into(), "95 %".into(), t("Chance met", "達成確率")];
    let row = |name: String, d: &Dates, chance: Option<f64>| {
        vec![
            name,
            at(zone, d.p50, lang),
            at(zone, d.p85, lang),
            at(zone, d.p95, lang),
            chance.map(|c| percent(c, lang)).unwrap_or_default(),
        ]
    };
    let mut rows = vec![row(t("Every host patched", "全ホスト適用完了"), &f.finish, None)];
    if let Some(d) = &f.internet_facing {
        rows.push(row(t("Internet-facing hosts safe", "インターネットに面したホストの安全確保"), d, None));
    }
    for target in &f.targets {
        if let Some(d) = &target.dates {
            rows.push(row(target.label.clone(), d, Some(target.probability)));
        }
    }
    (head, rows)
}

/// What the trials assumed and how many ran, in one sentence.
pub fn assumptions(f: &Forecast, lang: Lang) -> String {
    let spread = format!("{:.0}", f.spread_percent);
    let source = f.spread_source.text(lang);
    let failures = match (f.failure_rate_percent, lang) {
        (Some(rate), Lang::En) => format!(
            "installs fail at about {rate} % (a phase past its threshold halts for {} h of investigation)",
            f.investigation_hours
        ),
        (Some(rate), Lang::Ja) => {
            format!(
                "インストール失敗率は約{rate}%（しきい値を超えたフェーズは{}時間の調査で停止）",
                f.investigation_hours
            )
        }
        (None, _) => lang.pick("no install failures", "インストール失敗なし").into(),
    };
    match lang {
        Lang::En => format!(
            "{} trials (seed {}): batch times within ±{spread} % two times in three ({source}); {failures}; each window opening lost with a chance of {} %.",
            i18n::grouped(u64::from(f.trials)),
            f.seed,
            f.lost_window_percent
        ),
        Lang::Ja => format!(
            "試行{}回（シード {}）: バッチ時間は3回に2回が±{spread}%以内（{source}）、{failures}、各ウィンドウが失われる確率{}%。",
            i18n::grouped(u64::from(f.trials)),
            f.seed,
            f.lost_window_percent
        ),
    }
}

/// What drives the spread: what most often finishes last, and how often phases halt.
pub fn drivers(f: &Forecast, lang: Lang) -> Vec<String> {
    let list = |drivers: &[super::Driver]| {
        drivers
            .iter()
            .map(|d| format!("{} {}", d.name, percent(d.share, lang)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    if f.last_sites.len() > 1 {
        out.push(format!(
            "{}: {}",
            lang.pick("Site that finishes last", "最後に終わるサイト"),
            list(&f.last_sites)
        ));
    }
    if f.last_phases.len() > 1 {
        out.push(format!(
            "{}: {}",
            lang.pick("Phase that finishes last", "最後に終わるフェーズ"),
            list(&f.last_phases)
        ));
    }
    if !f.halts.is_empty() {
        out.push(format!("{}: {}", lang.pick("Phases that halt", "停止するフェーズ"), list(&f.halts)));
    }
    out
}

/// The solver under uncertainty, in a sentence.
pub fn consoles(f: &Forecast, lang: Lang) -> Option<String> {
    let c = f.consoles?;
    let level = percent(f.confidence_percent / 100.0, lang);
    let chance = percent(c.probability, lang);
    Some(match (c.consoles, lang) {
        (Some(n), Lang::En) => {
            format!(
                "{n} consoles meet every target with at least {level} probability ({chance} in {} trials).",
                c.trials
            )
        }
        (Some(n), Lang::Ja) => {
            format!(
                "コンソール{n}台で全目標を{level}以上の確率で達成します（試行{}回で{chance}）。",
                c.trials
            )
        }
        (None, Lang::En) => {
            format!("No number of consoles meets every target with {level} probability (best {chance}).")
        }
        (None, Lang::Ja) => {
            format!("どのコンソール台数でも全目標を{level}の確率では達成できません（最高{chance}）。")
        }
    })
}

/// What the percentages mean, and what they leave out.
pub fn meaning(lang: Lang) -> &'static str {
    lang.pick(
        "\"85 % sure by\" means that in 85 of 100 trials of the plan the date was met; the trials vary batch times, \
         failures and lost openings as set, and leave out what nobody told them (a new advisory, a fleet that changes, \
         an outage longer than one opening).",
        "「85%の確度で」は、計画を100回試行したうち85回でその日時に間に合ったという意味です。試行はバッチ時間・失敗・失われるウィンドウを設定どおりに変動させますが、\
         与えられていないこと（新しいアドバイザリ、構成の変化、1回のウィンドウより長い障害）は含みません。",
    )
}
