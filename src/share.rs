//! Sharing a scenario: as a link whose fragment holds the whole scenario, compressed and
//! URL-safe, and as text for local storage.
//!
//! A link fragment reads `#s=` then the scenario's compact JSON, deflated (raw DEFLATE)
//! and base64url-encoded without padding. The JSON carries its own version, so a link from
//! a newer Patchcast is refused with that reason rather than half-read.

use thiserror::Error;

use crate::i18n::Localized;
use crate::scenario::{Scenario, ScenarioError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The fragment key of a shared scenario.
pub const FRAGMENT_KEY: &str = "s=";
/// Largest scenario JSON a link may hold or inflate to (a defence against decompression
/// bombs too): 5 MiB. Larger scenarios travel as files.
pub const MAX_JSON_BYTES: usize = 5 << 20;
/// Longest link fragment read: more than any 5 MiB scenario deflates and encodes to.
const MAX_FRAGMENT_CHARS: usize = MAX_JSON_BYTES / 3 * 4 + 16;

/// Why a link or stored scenario could not be read.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment holds no scenario.
    #[error("the link holds no scenario")]
    NoScenario,
    /// Characters that base64url does not use: the link was altered or cut.
    #[error("the link is damaged (it has characters a Patchcast link never has)")]
    BadEncoding,
    /// The compressed data ends early or is not DEFLATE: usually a link cut short.
    #[error("the link is incomplete or damaged (it may have been cut short when copied)")]
    Truncated,
    /// More than a link may hold: the scenario should travel as a file.
    #[error(
        "the scenario is too large for a link (more than 5 MB); save it as a file and share the file instead"
    )]
    TooLarge,
    /// The scenario inside cannot be read.
    #[error("the scenario in it cannot be read: {0}")]
    Scenario(#[from] ScenarioError),
}

/// The URL fragment (without `#`) that holds `scenario`, unless it is too large for one.
pub fn to_fragment(scenario: &Scenario) -> Result<String, ShareError> {
    let packed = miniz_oxide::deflate::compress_to_vec(&link_json(scenario)?, 9);
    Ok(fragment_of_packed(&packed))
}

/// The compact JSON a link holds, unless it is too large for one.
fn link_json(scenario: &Scenario) -> Result<Vec<u8>, ShareError> {
    let json = serde_json::to_vec(scenario).expect("a scenario serialises");
    if json.len() > MAX_JSON_BYTES {
        return Err(ShareError::TooLarge);
    }
    Ok(json)
}

/// The fragment for JSON already deflated (raw DEFLATE).
fn fragment_of_packed(packed: &[u8]) -> String {
    format!("{FRAGMENT_KEY}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Whether a fragment (with or without `#`) is meant to hold a scenario.
pub fn is_scenario_fragment(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(FRAGMENT_KEY)
}

/// Reads a scenario from a URL fragment (with or without its `#`).
pub fn from_fragment(fragment: &str) -> Result<Scenario, ShareError> {
    let packed = packed_of_fragment(fragment)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES).map_err(|e| {
        match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Truncated,
        }
    })?;
    scenario_of_json(json)
}

/// The deflated JSON a fragment (with or without its `#`) holds.
fn packed_of_fragment(fragment: &str) -> Result<Vec<u8>, ShareError> {
    let data = fragment.trim_start_matches('#').strip_prefix(FRAGMENT_KEY).ok_or(ShareError::NoScenario)?;
    let data = data.trim_end_matches('=');
    if data.is_empty() {
        return Err(ShareError::NoScenario);
    }
    if data.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLarge);
    }
    URL_SAFE_NO_PAD.decode(data).map_err(|e| match e {
        base64::DecodeError::InvalidByte(..) => ShareError::BadEncoding,
        // A length or last character base64url cannot end on: the link was cut.
        base64::DecodeError::InvalidLength(_)
        | base64::DecodeError::InvalidLastSymbol { .. }
        | base64::DecodeError::InvalidPadding => ShareError::Truncated,
    })
}

/// The scenario in a link's inflated JSON (at most [`MAX_JSON_BYTES`]).
fn scenario_of_json(json: Vec<u8>) -> Result<Scenario, ShareError> {
    let text = String::from_utf8(json).map_err(|_| ShareError::Truncated)?;
    Ok(Scenario::from_json(&text)?)
}

impl Localized for ShareError {
    fn ja(&self) -> String {
        match self {
            Self::NoScenario => "リンクにシナリオが含まれていません".into(),
            Self::BadEncoding => {
                "リンクが壊れています（Patchcast のリンクにない文字が含まれています）".into()
            }
            Self::Truncated => {
                "リンクが不完全か壊れています（コピー時に途中で切れた可能性があります）".into()
            }
            Self::TooLarge => {
                "シナリオが大きすぎてリンクにできません（5 MB 超）。ファイルに保存して、ファイルを共有してください".into()
            }
            Self::Scenario(e) => format!("リンク内のシナリオを読めません: {}", e.ja()),
        }
    }
}

// Native only: serde_json and proptest are native test tools (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_exactly_and_is_compact() {
        let s = Scenario::sample();
        let fragment = to_fragment(&s).unwrap();
        assert!(fragment.len() < s.to_json().len() / 2, "{} bytes", fragment.len());
        assert!(fragment.chars().all(|c| c.is_ascii_alphanumeric() || "-_=".contains(c)));
        let back = from_fragment(&format!("#{fragment}")).unwrap();
        assert_eq!(back, s);
        assert_eq!(to_fragment(&back).unwrap(), fragment, "link → scenario → link is exact");
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let fragment = to_fragment(&Scenario::sample()).unwrap();
        assert_eq!(from_fragment("#other=1"), Err(ShareError::NoScenario));
        assert_eq!(from_fragment("#s="), Err(ShareError::NoScenario));
        assert_eq!(from_fragment("#s=abc$def"), Err(ShareError::BadEncoding));
        for cut in [fragment.len() / 2, fragment.len() / 2 + 1, fragment.len() - 1] {
            assert_eq!(from_fragment(&fragment[..cut]), Err(ShareError::Truncated), "cut at {cut}");
        }
        let mut future: serde_json::Value = serde_json::from_str(&Scenario::sample().to_json()).unwrap();
        future["version"] = 8.into();
        let packed = miniz_oxide::deflate::compress_to_vec(future.to_string().as_bytes(), 9);
        let link = format!("s={}", URL_SAFE_NO_PAD.encode(&packed));
        assert_eq!(from_fragment(&link), Err(ShareError::Scenario(ScenarioError::FutureVersion(8))));
        assert!(from_fragment(&link).unwrap_err().to_string().contains("newer"));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON_BYTES + 1], 9);
        let link = format!("s={}", URL_SAFE_NO_PAD.encode(&bomb));
        assert_eq!(from_fragment(&link), Err(ShareError::TooLarge));
        assert!(ShareError::TooLarge.to_string().contains("save it as a file"));
    }

    #[test]
    fn a_scenario_too_large_for_a_link_says_so() {
        let mut s = Scenario::sample();
        let g = &mut s.fleet.groups[2];
        g.hosts = 300_000;
        g.host_names = (0..g.hosts).map(|i| format!("tokyo-exchange-2003-host-{i:07}")).collect();
        assert_eq!(to_fragment(&s), Err(ShareError::TooLarge));
        let long = format!("s={}", "A".repeat(MAX_FRAGMENT_CHARS + 1));
        assert_eq!(from_fragment(&long), Err(ShareError::TooLarge));
    }

    #[test]
    fn decimals_survive_links_and_files_exactly() {
        let mut s = Scenario::sample();
        s.capacity.caution = 1.794_612_558_425_537_5;
        s.capacity.failure_rate_percent = Some(0.1 + 0.2);
        let back = from_fragment(&to_fragment(&s).unwrap()).unwrap();
        assert_eq!(back.capacity.caution.to_bits(), s.capacity.caution.to_bits());
        assert_eq!(back.capacity.failure_rate_percent, s.capacity.failure_rate_percent);
        assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }
}
