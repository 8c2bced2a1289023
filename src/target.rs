//! Completion targets: "all hosts within 14 days", "the internet-facing ones within 72
//! hours", "95 % of hosts by Friday 18:00 Tokyo time", and whether a plan meets them.
//!
//! A target is written the same way in a scenario file and on the command line: which
//! hosts (`all`, `internet_facing`, `tier:<risk tier>`, `phase:<phase name>`, or a share
//! such as `95%`) and by when (`within` a number of hours or days of the plan's start, or
//! `by` a local date and time in a named zone). A host counts as patched at its batch's
//! cautious end, the time a planner can promise; the plan's expected times are earlier.

use serde::{Deserialize, Serialize};

use crate::civil::DateTime;
use crate::i18n::Lang;
use crate::risk::RiskTier;
use crate::time_zone;

/// A completion target as written: `{"hosts": "all", "within": "14d"}` or
/// `{"hosts": "95%", "by": "2026-12-18T18:00", "time_zone": "Asia/Tokyo"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// `all`, `internet_facing`, `tier:internet_anonymous` (or `network_anonymous`,
    /// `authenticated`), `phase:<name>`, or a share of all hosts such as `95%`.
    pub hosts: String,
    /// Within this long of the plan's start: `72h`, `14d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// By this local date and time, `YYYY-MM-DDTHH:MM`, in `time_zone` (the start's zone
    /// when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// Which hosts a target is about.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Hosts {
    All,
    InternetFacing,
    Tier(RiskTier),
    Phase(String),
    /// This share (in %) of all affected hosts, whichever they are.
    Share(f64),
}

/// By when, resolved against a plan start.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Deadline {
    /// Within this many minutes of the plan's start.
    Within(i64),
    /// By this local time (minutes since the epoch, wall clock) in the named zone.
    By { local: i64, zone: String },
}

/// A target read and checked: what it asks, ready to be measured against plans.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Resolved {
    pub hosts: Hosts,
    pub deadline: Deadline,
    /// As written, for tables and messages (`all=14d`).
    pub label: String,
}

/// What is wrong with a target, and in which of its fields.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetProblem {
    /// `hosts`, `within`, `by` or `time_zone`.
    pub field: &'static str,
    pub message: String,
}

/// The longest deadline accepted: ten years.
const LONGEST_MINUTES: i64 = 3650 * 24 * 60;

fn tier_of(name: &str) -> Option<RiskTier> {
    match name {
        "internet_anonymous" => Some(RiskTier::InternetAnonymous),
        "network_anonymous" => Some(RiskTier::NetworkAnonymous),
        "authenticated" => Some(RiskTier::Authenticated),
        _ => None,
    }
}

fn tier_name(tier: RiskTier) -> &'static str {
    match tier {
        RiskTier::InternetAnonymous => "internet_anonymous",
        RiskTier::NetworkAnonymous => "network_anonymous",
        RiskTier::Authenticated => "authenticated",
    }
}

impl Hosts {
    /// Reads `all`, `internet_facing`, `tier:…`, `phase:…` or `95%`.
    pub fn parse(text: &str, lang: Lang) -> Result<Self, String> {
        let text = text.trim();
        let t = |en: &str, ja: &str| lang.pick(en, ja).to_string();
        if let Some(share) = text.strip_suffix('%') {
            return match share.trim().parse::<f64>().ok() {
                Some(p) if p > 0.0 && p <= 100.0 => Ok(Hosts::Share(p)),
                _ => Err(t(
                    "a share of hosts is a percentage above 0 and at most 100, such as 95%",
                    "台数の割合は 0 より大きく 100 以下のパーセントで指定します（例: 95%）",
                )),
            };
        }
        if let Some(tier) = text.strip_prefix("tier:") {
            return tier_of(tier.trim()).map(Hosts::Tier).ok_or_else(|| {
                t(
                    "the risk tier is internet_anonymous, network_anonymous or authenticated",
                    "リスク区分は internet_anonymous、network_anonymous、authenticated のいずれかです",
                )
            });
        }
        if let Some(phase) = text.strip_prefix("phase:") {
            return match phase.trim() {
                "" => Err(t("name the phase after phase:", "phase: の後にフェーズ名を書いてください")),
                name => Ok(Hosts::Phase(name.to_string())),
            };
        }
        match text {
            "all" => Ok(Hosts::All),
            "internet_facing" => Ok(Hosts::InternetFacing),
            _ => Err(match lang {
                Lang::En => format!(
                    "\"{text}\" is not a set of hosts: use all, internet_facing, tier:<tier>, phase:<name> or a share such as 95%"
                ),
                Lang::Ja => format!(
                    "「{text}」はホストの指定ではありません。all、internet_facing、tier:<区分>、phase:<名前>、または 95% のような割合を使ってください"
                ),
            }),
        }
    }

    /// As written in files.
    pub fn code(&self) -> String {
        match self {
            Hosts::All => "all".into(),
            Hosts::InternetFacing => "internet_facing".into(),
            Hosts::Tier(tier) => format!("tier:{}", tier_name(*tier)),
            Hosts::Phase(name) => format!("phase:{name}"),
            Hosts::Share(p) => format!("{}%", *p),
        }
    }

    /// In a planner's words.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Hosts::All, Lang::En) => "all hosts".into(),
            (Hosts::All, Lang::Ja) => "全ホスト".into(),
            (Hosts::InternetFacing, Lang::En) => "internet-facing hosts".into(),
            (Hosts::InternetFacing, Lang::Ja) => "インターネット公開ホスト".into(),
            (Hosts::Tier(tier), Lang::En) => format!("{} hosts", tier_name(*tier).replace('_', " ")),
            (Hosts::Tier(tier), Lang::Ja) => format!("リスク区分 {} のホスト", tier_name(*tier)),
            (Hosts::Phase(name), Lang::En) => format!("phase \"{name}\""),
            (Hosts::Phase(name), Lang::Ja) => format!("フェーズ「{name}」"),
            (Hosts::Share(p), Lang::En) => format!("{} % of hosts", *p),
            (Hosts::Share(p), Lang::Ja) => format!("ホストの {} %", *p),
        }
    }
}

/// Reads `72h`, `14d` (or `1d12h`) as minutes.
pub fn parse_within(text: &str, lang: Lang) -> Result<i64, String> {
    let bad = || {
        lang.pick(
            "give a time span in days and hours, such as 72h, 14d or 1d12h (at most ten years)",
            "期間は日と時間で指定します（例: 72h、14d、1d12h。10年まで）",
        )
        .to_string()
    };
    let mut minutes = 0i64;
    let mut number = String::new();
    let mut any = false;
    for c in text.trim().chars() {
        match c {
            '0'..='9' if number.len() < 7 => number.push(c),
            'd' | 'h' if !number.is_empty() => {
                let n: i64 = number.parse().map_err(|_| bad())?;
                minutes += n * if c == 'd' { 1440 } else { 60 };
                number.clear();
                any = true;
            }
            _ => return Err(bad()),
        }
    }
    if !any || !number.is_empty() || minutes == 0 || minutes > LONGEST_MINUTES {
        return Err(bad());
    }
    Ok(minutes)
}

/// `minutes` as the shortest `14d`, `72h`, `1d12h` form.
pub fn within_code(minutes: i64) -> String {
    let (days, hours) = (minutes / 1440, minutes % 1440 / 60);
    match (days, hours) {
        (0, h) => format!("{h}h"),
        (d, 0) => format!("{d}d"),
        (d, h) => format!("{d}d{h}h"),
    }
}

impl Target {
    /// A target from the command line: `all=14d`, `internet_facing=72h`,
    /// `95%=2026-12-18T18:00@Asia/Tokyo` (the zone after `@`, else the start's).
    pub fn from_flag(text: &str) -> Option<Self> {
        let (hosts, when) = text.split_once('=')?;
        let (hosts, when) = (hosts.trim().to_string(), when.trim());
        Some(if when.contains('T') {
            let (by, zone) = match when.split_once('@') {
                Some((by, zone)) => (by.to_string(), Some(zone.to_string())),
                None => (when.to_string(), None),
            };
            Target { hosts, within: None, by: Some(by), time_zone: zone }
        } else {
            Target { hosts, within: Some(when.to_string()), by: None, time_zone: None }
        })
    }

    /// Checks the target; `start_zone` is the scenario's start zone, the default for `by`.
    pub fn resolve(&self, start_zone: &str, lang: Lang) -> Result<Resolved, TargetProblem> {
        let problem = |field, message| TargetProblem { field, message };
        let hosts = Hosts::parse(&self.hosts, lang).map_err(|m| problem("hosts", m))?;
        let deadline = match (&self.within, &self.by) {
            (Some(within), None) => {
                if self.time_zone.is_some() {
                    return Err(problem(
                        "time_zone",
                        lang.pick(
                            "a time zone goes with by, not within",
                            "タイムゾーンは within ではなく by と一緒に指定します",
                        )
                        .into(),
                    ));
                }
                Deadline::Within(parse_within(within, lang).map_err(|m| problem("within", m))?)
            }
            (None, Some(by)) => {
                let local = by.trim().parse::<DateTime>().map_err(|_| {
                    problem(
                        "by",
                        match lang {
                            Lang::En => format!("\"{by}\" is not a date and time (use YYYY-MM-DDTHH:MM)"),
                            Lang::Ja => format!("「{by}」は日時ではありません（YYYY-MM-DDTHH:MM で入力）"),
                        },
                    )
                })?;
                let zone = self.time_zone.clone().unwrap_or_else(|| start_zone.to_string());
                time_zone::zone(&zone).map_err(|_| {
                    problem(
                        "time_zone",
                        match lang {
                            Lang::En => {
                                format!("\"{zone}\" is not a time zone (use an IANA name such as Asia/Tokyo)")
                            }
                            Lang::Ja => format!(
                                "「{zone}」はタイムゾーンではありません（Asia/Tokyo のような IANA 名）"
                            ),
                        },
                    )
                })?;
                Deadline::By { local: local.0, zone }
            }
            _ => {
                return Err(problem(
                    "within",
                    lang.pick(
                        "give either within (such as 14d) or by (a date and time), not both",
                        "within（例: 14d）か by（日時）のどちらか一方を指定してください",
                    )
                    .into(),
                ))
            }
        };
        let label = match &deadline {
            Deadline::Within(m) => format!("{}={}", hosts.code(), within_code(*m)),
            Deadline::By { local, zone } => {
                let at = DateTime(*local);
                format!("{}={}T{}@{zone}", hosts.code(), at.date(), at.time())
            }
        };
        Ok(Resolved { hosts, deadline, label })
    }
}

impl Resolved {
    /// In a planner's words: "all hosts within 14 d", "95 % of hosts by 2027-01-08 18:00
    /// (Europe/Berlin)".
    pub fn describe(&self, lang: Lang) -> String {
        let hosts = self.hosts.describe(lang);
        match (&self.deadline, lang) {
            (Deadline::Within(m), Lang::En) => format!("{hosts} within {}", crate::i18n::duration(*m, lang)),
            (Deadline::Within(m), Lang::Ja) => format!("{hosts}を{}以内", crate::i18n::duration(*m, lang)),
            (Deadline::By { local, zone }, Lang::En) => {
                format!("{hosts} by {} ({zone})", crate::i18n::date_time(DateTime(*local), lang))
            }
            (Deadline::By { local, zone }, Lang::Ja) => {
                format!("{hosts}を{}（{zone}）まで", crate::i18n::date_time(DateTime(*local), lang))
            }
        }
    }
}

impl Resolved {
    /// The deadline in UTC minutes for a plan starting at `start`.
    pub fn deadline_at(&self, start: i64) -> i64 {
        match &self.deadline {
            Deadline::Within(minutes) => start + minutes,
            Deadline::By { local, zone } => time_zone::zone(zone).map_or(*local, |z| z.to_utc(*local)),
        }
    }
}

// Native only: serde_json and proptest are native test tools (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn resolved(flag: &str) -> Resolved {
        Target::from_flag(flag).unwrap().resolve("Asia/Tokyo", Lang::En).unwrap()
    }

    #[test]
    fn targets_read_from_flags_and_files_alike() {
        assert_eq!(resolved("all=14d").deadline, Deadline::Within(14 * 1440));
        assert_eq!(resolved("internet_facing=72h").hosts, Hosts::InternetFacing);
        assert_eq!(resolved("95%=1d12h").deadline, Deadline::Within(36 * 60));
        assert_eq!(resolved("95%=1d12h").label, "95%=1d12h");
        assert_eq!(resolved("tier:authenticated=3d").hosts, Hosts::Tier(RiskTier::Authenticated));
        let by = resolved("all=2026-12-18T18:00@Europe/Berlin");
        assert_eq!(by.label, "all=2026-12-18T18:00@Europe/Berlin", "a label reads back as a flag");
        assert_eq!(
            by.deadline,
            Deadline::By {
                local: "2026-12-18T18:00".parse::<DateTime>().unwrap().0,
                zone: "Europe/Berlin".into()
            }
        );
        let json: Target = serde_json::from_str(r#"{"hosts":"phase:Pilot","within":"48h"}"#).unwrap();
        assert_eq!(json.resolve("UTC", Lang::En).unwrap().hosts, Hosts::Phase("Pilot".into()));
    }

    #[test]
    fn bad_targets_say_which_field_and_what_to_write() {
        let problem = |flag: &str| Target::from_flag(flag).unwrap().resolve("UTC", Lang::En).unwrap_err();
        assert_eq!(problem("everything=14d").field, "hosts");
        assert!(problem("everything=14d").message.contains("internet_facing"));
        assert_eq!(problem("all=14 days").field, "within");
        assert_eq!(problem("all=0h").field, "within");
        assert_eq!(problem("all=99999999d").field, "within");
        assert_eq!(problem("120%=1d").field, "hosts");
        assert_eq!(problem("all=2026-13-01T00:00").field, "by");
        assert_eq!(problem("all=2026-12-01T00:00@Mars/Base").field, "time_zone");
        let both = Target {
            hosts: "all".into(),
            within: Some("1d".into()),
            by: Some("2026-12-01T00:00".into()),
            time_zone: None,
        };
        assert_eq!(both.resolve("UTC", Lang::En).unwrap_err().field, "within");
        let ja = Target::from_flag("all=x").unwrap().resolve("UTC", Lang::Ja).unwrap_err();
        assert!(ja.message.contains("期間"));
    }

    #[test]
    fn targets_need_version_2_and_old_files_still_read() {
        let mut scenario = Scenario::sample();
        scenario.targets = vec![Target::from_flag("all=14d").unwrap()];
        assert_eq!(scenario.check().unwrap_err()[0].path, "version");
        scenario.version = 2;
        assert_eq!(scenario.check().unwrap().targets.len(), 1);
        let read = Scenario::from_json(&scenario.to_json()).unwrap();
        assert_eq!(read, scenario);
        // A version 1 file (every file written before targets) reads as it did.
        let old = Scenario::sample().to_json();
        assert!(old.contains("\"version\": 1") && !old.contains("targets"));
        assert_eq!(Scenario::from_json(&old).unwrap(), Scenario::sample());
    }

    #[test]
    fn within_codes_read_back() {
        for minutes in [60, 72 * 60, 14 * 1440, 36 * 60, 1440] {
            assert_eq!(parse_within(&within_code(minutes), Lang::En), Ok(minutes));
        }
    }
}
