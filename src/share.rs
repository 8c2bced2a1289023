//! Sharing a scenario: as a link whose fragment holds the whole scenario, compressed and
//! URL-safe, and as text for local storage.
//!
//! A link fragment reads `#s=` then the scenario's compact JSON, deflated (raw DEFLATE)
//! and base64url-encoded without padding. The JSON carries its own version, so a link from
//! a newer Patchcast is refused with that reason rather than half-read.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use thiserror::Error;

use crate::i18n::Localized;
use crate::scenario::{Scenario, ScenarioError};

/// The fragment key of a shared scenario.
pub const FRAGMENT_KEY: &str = "s=";
/// Largest scenario JSON a link may inflate to (a defence against decompression bombs).
const MAX_JSON_BYTES: usize = 8 << 20;

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
    /// The scenario inside cannot be read.
    #[error("the scenario in it cannot be read: {0}")]
    Scenario(#[from] ScenarioError),
}

/// The URL fragment (without `#`) that holds `scenario`.
pub fn to_fragment(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{FRAGMENT_KEY}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Whether a fragment (with or without `#`) is meant to hold a scenario.
pub fn is_scenario_fragment(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(FRAGMENT_KEY)
}

/// Reads a scenario from a URL fragment (with or without its `#`).
pub fn from_fragment(fragment: &str) -> Result<Scenario, ShareError> {
    let data = fragment.trim_start_matches('#').strip_prefix(FRAGMENT_KEY).ok_or(ShareError::NoScenario)?;
    let data = data.trim_end_matches('=');
    if data.is_empty() {
        return Err(ShareError::NoScenario);
    }
    let packed = URL_SAFE_NO_PAD.decode(data).map_err(|e| match e {
        base64::DecodeError::InvalidByte(..) => ShareError::BadEncoding,
        // A length or last symbol that base64 cannot end on: the link was cut.
        _ => ShareError::Truncated,
    })?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|_| ShareError::Truncated)?;
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
            Self::Scenario(e) => format!("リンク内のシナリオを読めません: {}", e.ja()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_exactly_and_is_compact() {
        let s = Scenario::sample();
        let fragment = to_fragment(&s);
        assert!(fragment.len() < s.to_json().len() / 2, "{} bytes", fragment.len());
        assert!(fragment.chars().all(|c| c.is_ascii_alphanumeric() || "-_=".contains(c)));
        let back = from_fragment(&format!("#{fragment}")).unwrap();
        assert_eq!(back, s);
        assert_eq!(to_fragment(&back), fragment, "link → scenario → link is exact");
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let fragment = to_fragment(&Scenario::sample());
        assert_eq!(from_fragment("#other=1"), Err(ShareError::NoScenario));
        assert_eq!(from_fragment("#s="), Err(ShareError::NoScenario));
        assert_eq!(from_fragment("#s=abc$def"), Err(ShareError::BadEncoding));
        for cut in [fragment.len() / 2, fragment.len() / 2 + 1, fragment.len() - 1] {
            assert_eq!(from_fragment(&fragment[..cut]), Err(ShareError::Truncated), "cut at {cut}");
        }
        let mut future: serde_json::Value = serde_json::from_str(&Scenario::sample().to_json()).unwrap();
        future["version"] = 7.into();
        let packed = miniz_oxide::deflate::compress_to_vec(future.to_string().as_bytes(), 9);
        let link = format!("s={}", URL_SAFE_NO_PAD.encode(packed));
        assert_eq!(from_fragment(&link), Err(ShareError::Scenario(ScenarioError::FutureVersion(7))));
        assert!(from_fragment(&link).unwrap_err().to_string().contains("newer"));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON_BYTES + 1], 9);
        let link = format!("s={}", URL_SAFE_NO_PAD.encode(bomb));
        assert_eq!(from_fragment(&link), Err(ShareError::Truncated));
    }
}
