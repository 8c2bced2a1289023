//! How much risk a host carries while unpatched, how it falls as the plan runs, how urgent
//! the hotfix is, and what can go wrong operationally.
//!
//! Exposure weight of a host = tier weight × severity factor × exploit factor × criticality
//! factor, with:
//!
//! | tier | who can reach it | weight |
//! |---|---|---|
//! | internet, anonymous | anyone on the internet (e.g. Exchange 2000 with SMTP open) | 10 |
//! | network, anonymous | anyone on the internal network | 3 |
//! | authenticated | only holders of a privileged account (Exchange 2003) | 1 |
//!
//! severity 緊急/重要/警告/注意 → 1.0/0.7/0.4/0.2; exploit none/PoC/exploited → 1/1.5/2.5;
//! criticality low/normal/high → 0.5/1/1.5.

use serde::{Deserialize, Serialize};

use crate::advisory::{Advisory, AttackVector, ExploitStatus, Severity, Urgency};
use crate::i18n::Lang;

/// How much the business depends on a group's servers; scales its exposure weight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    Low,
    #[default]
    Normal,
    High,
}

/// Who can reach the flaw on a host: the exposure class that ranks hosts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskTier {
    /// Reachable from the internet without an account.
    InternetAnonymous,
    /// Reachable from the internal network without an account.
    NetworkAnonymous,
    /// Needs a privileged account first.
    Authenticated,
}

impl RiskTier {
    pub fn weight(self) -> f32 {
        match self {
            Self::InternetAnonymous => 10.0,
            Self::NetworkAnonymous => 3.0,
            Self::Authenticated => 1.0,
        }
    }

    /// The identifier used in scenario files and exports.
    pub fn id(self) -> &'static str {
        match self {
            Self::InternetAnonymous => "internet_anonymous",
            Self::NetworkAnonymous => "network_anonymous",
            Self::Authenticated => "authenticated",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::InternetAnonymous => {
                lang.pick("internet-facing, no account needed", "インターネット公開・アカウント不要")
            }
            Self::NetworkAnonymous => {
                lang.pick("internal network, no account needed", "内部ネットワーク・アカウント不要")
            }
            Self::Authenticated => lang.pick("needs a privileged account", "特権アカウントが必要"),
        }
    }
}

/// The tier of a host from its edition's attack vector and whether it faces the internet.
pub fn tier(vector: AttackVector, internet_facing: bool) -> RiskTier {
    match (vector, internet_facing) {
        (AttackVector::Anonymous, true) => RiskTier::InternetAnonymous,
        (AttackVector::Anonymous, false) => RiskTier::NetworkAnonymous,
        (AttackVector::Authenticated, _) => RiskTier::Authenticated,
    }
}

fn severity_factor(s: Severity) -> f32 {
    [1.0, 0.7, 0.4, 0.2][s as usize]
}

fn exploit_factor(e: ExploitStatus) -> f32 {
    [1.0, 1.5, 2.5][e as usize]
}

fn criticality_factor(c: Criticality) -> f32 {
    match c {
        Criticality::Low => 0.5,
        Criticality::Normal => 1.0,
        Criticality::High => 1.5,
    }
}

/// The exposure weight of one unpatched host.
pub fn exposure_weight(advisory: &Advisory, tier: RiskTier, criticality: Criticality) -> f32 {
    tier.weight()
        * severity_factor(advisory.severity)
        * exploit_factor(advisory.exploit)
        * criticality_factor(criticality)
}

/// How widely the fleet exposes the flaw (the "exposure" input of the decision table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exposure {
    /// Some host is reachable from the internet without an account.
    Open,
    /// Reachable without an account, but only from the internal network.
    Controlled,
    /// Only holders of a privileged account can reach it.
    Small,
}

/// The urgency recommendation and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    pub urgency: Urgency,
    pub exposure: Exposure,
    /// Technical impact is high for severity 1–2 (緊急/重要), low for 3–4.
    pub high_impact: bool,
    pub reasons: Vec<String>,
}

/// The decision table (exploitation × exposure × impact → urgency), in the manner of SSVC:
///
/// | exploitation | exposure | high impact | low impact |
/// |---|---|---|---|
/// | exploited | open | 緊急適用 | 緊急適用 |
/// | exploited | controlled, small | 緊急適用 | 早期適用 |
/// | proof of concept | open | 緊急適用 | 早期適用 |
/// | proof of concept | controlled | 緊急適用 | 早期適用 |
/// | proof of concept | small | 早期適用 | SP待ち |
/// | none | open | 緊急適用 | 早期適用 |
/// | none | controlled | 早期適用 | SP待ち |
/// | none | small | 早期適用 | SP待ち |
pub fn decide(exploit: ExploitStatus, exposure: Exposure, high_impact: bool) -> Urgency {
    use ExploitStatus as X;
    use Exposure::*;
    use Urgency::*;
    match (exploit, exposure, high_impact) {
        (X::Exploited, Open, _) | (X::Exploited, _, true) => ApplyUrgently,
        (X::Exploited, _, false) => ApplyEarly,
        (X::ProofOfConcept, Open | Controlled, true) => ApplyUrgently,
        (X::ProofOfConcept, Open | Controlled, false) => ApplyEarly,
        (X::ProofOfConcept, Small, true) => ApplyEarly,
        (X::None, Open, true) => ApplyUrgently,
        (X::None, Open, false) => ApplyEarly,
        (X::None, Controlled | Small, true) => ApplyEarly,
        (_, _, false) => WaitForServicePack,
    }
}

impl Exposure {
    /// The exposure of a fleet whose hosts are of these tiers: the widest of them.
    pub fn of(tiers: impl IntoIterator<Item = RiskTier>) -> Exposure {
        match tiers.into_iter().min() {
            Some(RiskTier::InternetAnonymous) => Exposure::Open,
            Some(RiskTier::NetworkAnonymous) => Exposure::Controlled,
            Some(RiskTier::Authenticated) | None => Exposure::Small,
        }
    }
}

/// Recommends an urgency for the advisory on a fleet of this exposure (see
/// [`Exposure::of`]), or, without a fleet, on the worst exposure the advisory allows: an
/// anonymous vector counts as open to the internet.
pub fn recommend(advisory: &Advisory, fleet: Option<Exposure>, lang: Lang) -> Recommendation {
    let exposure = match fleet {
        Some(exposure) => exposure,
        None if advisory.editions.iter().any(|e| e.attack_vector == AttackVector::Anonymous) => {
            Exposure::Open
        }
        None => Exposure::Small,
    };
    let high_impact = advisory.severity <= Severity::Important;
    let urgency = decide(advisory.exploit, exposure, high_impact);
    let t = |en: &str, ja: &str| lang.pick(en, ja).to_string();
    let mut reasons = vec![
        match advisory.exploit {
            ExploitStatus::None => t("No attack code is known.", "攻撃コードは知られていません。"),
            ExploitStatus::ProofOfConcept => t("Proof-of-concept code is public.", "実証コードが公開されています。"),
            ExploitStatus::Exploited => t("The flaw is being exploited.", "この脆弱性は実際に悪用されています。"),
        },
        match (exposure, fleet.is_some()) {
            (Exposure::Open, true) => t(
                "Some hosts are reachable from the internet without an account.",
                "アカウントなしでインターネットから到達できるホストがあります。",
            ),
            (Exposure::Open, false) => t(
                "An edition can be attacked without an account; assumed reachable from the internet.",
                "アカウントなしで攻撃できるエディションがあり、インターネットから到達できるものとみなします。",
            ),
            (Exposure::Controlled, _) => t(
                "Hosts can be attacked without an account, from the internal network only.",
                "アカウントなしで攻撃できますが、内部ネットワークからに限られます。",
            ),
            (Exposure::Small, _) => t(
                "Only holders of a privileged account can attack the hosts.",
                "特権アカウントを持つ者しか攻撃できません。",
            ),
        },
        {
            let (level, label) = (advisory.severity.level(), advisory.severity.label_ja());
            match (lang, high_impact) {
                (Lang::En, true) => format!("Severity {level} ({label}): high technical impact."),
                (Lang::En, false) => format!("Severity {level} ({label}): low technical impact."),
                (Lang::Ja, true) => format!("深刻度{level}（{label}）: 技術的な影響が大きい。"),
                (Lang::Ja, false) => format!("深刻度{level}（{label}）: 技術的な影響は小さい。"),
            }
        },
    ];
    if let Some(source) = advisory.recommended_urgency {
        let agree = source == urgency;
        reasons.push(match (lang, agree) {
            (Lang::En, true) => format!(
                "The advisory itself recommends {} ({}): this agrees.",
                source.label_ja(),
                source.label_en()
            ),
            (Lang::En, false) => format!(
                "The advisory itself recommends {} ({}): this differs.",
                source.label_ja(),
                source.label_en()
            ),
            (Lang::Ja, true) => {
                format!("アドバイザリ自体も{}を推奨しており、一致しています。", source.label_ja())
            }
            (Lang::Ja, false) => {
                format!("アドバイザリ自体は{}を推奨しており、この判断とは異なります。", source.label_ja())
            }
        });
    }
    Recommendation { urgency, exposure, high_impact, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::presets::ms05_021;

    #[test]
    fn the_preset_comes_out_as_apply_urgently() {
        let r = recommend(&ms05_021(), None, Lang::En);
        assert_eq!(r.urgency, Urgency::ApplyUrgently);
        assert_eq!(r.exposure, Exposure::Open);
        assert!(r.reasons.iter().any(|x| x.contains("agrees")));
    }

    #[test]
    fn the_table_covers_every_input() {
        use ExploitStatus as X;
        assert_eq!(decide(X::None, Exposure::Small, false), Urgency::WaitForServicePack);
        assert_eq!(decide(X::None, Exposure::Controlled, true), Urgency::ApplyEarly);
        assert_eq!(decide(X::ProofOfConcept, Exposure::Small, false), Urgency::WaitForServicePack);
        assert_eq!(decide(X::Exploited, Exposure::Small, false), Urgency::ApplyEarly);
        assert_eq!(decide(X::Exploited, Exposure::Small, true), Urgency::ApplyUrgently);
        // More exploitation or exposure never lowers the urgency.
        let xs = [X::None, X::ProofOfConcept, X::Exploited];
        let es = [Exposure::Small, Exposure::Controlled, Exposure::Open];
        for hi in [false, true] {
            for (i, x) in xs.iter().enumerate() {
                for (j, e) in es.iter().enumerate() {
                    let u = decide(*x, *e, hi);
                    if i + 1 < xs.len() {
                        assert!(decide(xs[i + 1], *e, hi) >= u);
                    }
                    if j + 1 < es.len() {
                        assert!(decide(*x, es[j + 1], hi) >= u);
                    }
                    assert!(decide(*x, *e, true) >= u);
                }
            }
        }
    }

    #[test]
    fn weights_rank_internet_facing_exchange_2000_first() {
        let a = ms05_021();
        let w = |t| exposure_weight(&a, t, Criticality::Normal);
        assert_eq!(w(RiskTier::InternetAnonymous), 10.0);
        assert!(w(RiskTier::InternetAnonymous) > w(RiskTier::NetworkAnonymous));
        assert!(w(RiskTier::NetworkAnonymous) > w(RiskTier::Authenticated));
        assert_eq!(tier(AttackVector::Authenticated, true), RiskTier::Authenticated);
    }
}
