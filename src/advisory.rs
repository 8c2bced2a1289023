//! The hotfix being rolled out: severity, exposure, packages, prerequisites, verification.
//!
//! An [`Advisory`] describes any hotfix the same way; [`presets`] holds the built-in ones,
//! starting with MS05-021 (KB894549) with every fact of its source document.

pub mod presets;

use serde::{Deserialize, Serialize};

use crate::timing::TimingPoint;

/// Severity on the source's 1–4 scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 1 緊急
    Critical,
    /// 2 重要
    Important,
    /// 3 警告
    Warning,
    /// 4 注意
    Caution,
}

impl Severity {
    /// The number on the 1–4 scale (1 is the most severe).
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    /// The Japanese label of the source scale.
    pub fn label_ja(self) -> &'static str {
        ["緊急", "重要", "警告", "注意"][self as usize]
    }

    pub fn label_en(self) -> &'static str {
        ["critical", "important", "warning", "caution"][self as usize]
    }
}

/// Whether attack code is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExploitStatus {
    /// なし: reported privately, no proof of concept seen.
    None,
    ProofOfConcept,
    /// Attacks seen in the wild.
    Exploited,
}

/// Who can reach the flaw on a host of one edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttackVector {
    /// Anyone who can connect to the service, no account needed.
    Anonymous,
    /// Only holders of a privileged account (e.g. an Exchange server account).
    Authenticated,
}

/// The urgency scale of the source document (its risk levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// SP待ち: can wait for the next service pack.
    WaitForServicePack,
    /// 早期適用: apply early.
    ApplyEarly,
    /// 緊急適用: apply urgently.
    ApplyUrgently,
}

impl Urgency {
    pub fn label_ja(self) -> &'static str {
        ["SP待ち", "早期適用", "緊急適用"][self as usize]
    }

    pub fn label_en(self) -> &'static str {
        ["wait for the service pack", "apply early", "apply urgently"][self as usize]
    }
}

/// A file the package replaces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchedFile {
    pub name: String,
    pub version: String,
    pub size_bytes: u64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The installer for one edition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub file_name: String,
    pub version: String,
    pub size_bytes: u64,
    /// Release date of the file, as the source gives it (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub released: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PatchedFile>,
}

/// An affected product edition and how to patch and verify it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Short stable identifier used by fleet groups and inventories (e.g. `ex2000-sp3`).
    pub id: String,
    pub name: String,
    pub attack_vector: AttackVector,
    pub package: Package,
    /// Identifier of a prerequisite update that must be installed first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prerequisite: Option<String>,
    /// Registry key whose presence shows the hotfix is installed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub registry_key: String,
}

/// An update that must be installed before the hotfix on some editions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prerequisite {
    /// Identifier, such as `KB870540`.
    pub id: String,
    pub title: String,
    pub reboot_required: bool,
    /// Measured deployment runs for this update; empty means "time it like the hotfix".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timing: Vec<TimingPoint>,
    /// What the planner should know (e.g. "updates many files: test it well first").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A security hotfix and everything the plan needs to know about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advisory {
    /// Bulletin identifier, such as `MS05-021`.
    pub id: String,
    /// Knowledge-base number, such as `894549`.
    pub kb: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_ja: String,
    /// Dates the source registered and last updated the advisory (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub registered: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub updated: String,
    pub severity: Severity,
    pub exploit: ExploitStatus,
    /// The source's own recommendation, if it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommended_urgency: Option<Urgency>,
    pub reboot_required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reboot_note: String,
    pub uninstallable: bool,
    /// Services restarted while the hotfix installs.
    #[serde(default)]
    pub services_restarted: Vec<String>,
    /// Minutes each host's service (mail) is interrupted by the install.
    pub interruption_minutes_per_host: f64,
    /// False when Windows Update / SUS cannot deliver it (manual or a patch tool only).
    pub deliverable_by_windows_update: bool,
    /// Earlier fixes this one includes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub includes_fixes: Vec<String>,
    pub editions: Vec<Edition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<Prerequisite>,
    /// Editions known not to be affected; hosts on them are reported, not planned.
    #[serde(default)]
    pub unaffected_editions: Vec<String>,
    /// How a scanner reports the hotfix missing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scanner_check: String,
    /// Measured deployment runs of the hotfix with one console.
    pub timing: Vec<TimingPoint>,
}

impl Advisory {
    /// The title in `lang`: the Japanese one where the advisory has it.
    pub fn title_in(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Ja if !self.title_ja.is_empty() => &self.title_ja,
            _ => &self.title,
        }
    }

    /// The editions' names without the words every one of them shares ("Exchange",
    /// "Server"): "2000 SP3", "2003 (no SP)", "2003 SP1". Short enough for a table's
    /// select; a name left empty by that keeps its whole name.
    pub fn short_edition_names(&self) -> Vec<String> {
        let words = |name: &str| name.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let shared: Vec<String> = match self.editions.split_first() {
            Some((first, rest)) if !rest.is_empty() => words(&first.name)
                .into_iter()
                .filter(|w| rest.iter().all(|e| e.name.split_whitespace().any(|x| x == w)))
                .collect(),
            _ => Vec::new(),
        };
        self.editions
            .iter()
            .map(|e| {
                let short: Vec<&str> =
                    e.name.split_whitespace().filter(|w| !shared.iter().any(|s| s == w)).collect();
                if short.is_empty() {
                    e.name.clone()
                } else {
                    short.join(" ")
                }
            })
            .collect()
    }

    /// The id of the edition (affected or not) that `text` names: its id (`ex2003-sp1`),
    /// its name (`Exchange Server 2003 SP1`), the short name the page shows (`2003 SP1`),
    /// or the product's own ways of writing it (`Exchange 2003 SP1`, `2000 SP3`,
    /// `Exchange 5.5 SP4`). Case, spaces, punctuation and the words "Microsoft",
    /// "Exchange" and "Server" do not matter, nor "(no SP)".
    pub fn edition_named(&self, text: &str) -> Option<String> {
        let wanted = edition_key(text);
        if wanted.is_empty() {
            return None;
        }
        let affected = self.editions.iter().zip(self.short_edition_names()).find(|(e, short)| {
            [e.id.as_str(), e.name.as_str(), short.as_str()].iter().any(|n| edition_key(n) == wanted)
        });
        match affected {
            Some((e, _)) => Some(e.id.clone()),
            None => self.unaffected_editions.iter().find(|u| edition_key(u) == wanted).cloned(),
        }
    }

    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }

    pub fn prerequisite(&self, id: &str) -> Option<&Prerequisite> {
        self.prerequisites.iter().find(|p| p.id == id)
    }

    /// Whether `edition` names an edition the advisory lists as not affected.
    pub fn is_unaffected(&self, edition: &str) -> bool {
        self.unaffected_editions.iter().any(|u| u == edition)
    }

    /// Groups of editions whose packages share a file name (and may be mixed up).
    pub fn same_named_packages(&self) -> Vec<Vec<&Edition>> {
        let mut groups: Vec<Vec<&Edition>> = Vec::new();
        for e in &self.editions {
            match groups.iter_mut().find(|g| g[0].package.file_name == e.package.file_name) {
                Some(g) => g.push(e),
                None => groups.push(vec![e]),
            }
        }
        groups.retain(|g| g.len() > 1);
        groups
    }
}

/// An edition's name reduced to what tells editions apart: `Exchange Server 2003 (no SP)`,
/// `ex2003` and `2003` all become `2003`; `Exchange 2000 Server SP3` and `ex2000-sp3`
/// become `2000sp3`.
/// Product names are ASCII: ASCII case and letters are enough (anything else, such as a
/// Japanese note after the name, separates words and drops out).
fn edition_key(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty() && !matches!(*w, "microsoft" | "exchange" | "server"))
        .collect();
    let mut key: String = words.concat().chars().filter(char::is_ascii_alphanumeric).collect();
    if let Some(rest) = key.strip_prefix("ex").filter(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
        key = rest.to_string();
    }
    key.strip_suffix("nosp").map(str::to_string).unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_edition_names_drop_the_words_all_share() {
        let a = presets::preset("MS05-021").unwrap();
        let short = a.short_edition_names();
        assert_eq!(short.len(), a.editions.len());
        assert!(short.contains(&"2000 SP3".to_string()), "{short:?}");
        assert!(short.contains(&"2003 SP1".to_string()), "{short:?}");
        assert!(short.iter().all(|s| !s.contains("Exchange")));
    }

    #[test]
    fn editions_are_found_by_every_name_a_planner_writes() {
        let a = presets::preset("MS05-021").unwrap();
        for (text, id) in [
            ("ex2000-sp3", "ex2000-sp3"),
            ("Exchange 2000 Server SP3", "ex2000-sp3"),
            ("2000 SP3", "ex2000-sp3"),
            ("exchange 2000 sp3", "ex2000-sp3"),
            ("Exchange Server 2003 (no SP)", "ex2003"),
            ("2003 (no SP)", "ex2003"),
            ("Exchange 2003", "ex2003"),
            ("ex2003", "ex2003"),
            ("Exchange 2003 SP1", "ex2003-sp1"),
            ("Exchange Server 2003 SP1", "ex2003-sp1"),
            ("Microsoft Exchange Server 2003 SP1", "ex2003-sp1"),
            ("2003 SP1", "ex2003-sp1"),
            ("EX2003-SP1", "ex2003-sp1"),
            ("Exchange 5.5 SP4", "ex5.5-sp4"),
            ("ex5.0-sp2", "ex5.0-sp2"),
        ] {
            assert_eq!(a.edition_named(text).as_deref(), Some(id), "{text}");
        }
        for text in ["", "Exchange", "2003 SP2", "Exchange 2007", "5.5"] {
            assert_eq!(a.edition_named(text), None, "{text}");
        }
    }
}
