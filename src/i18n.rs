//! English and Japanese: the language of the page, the messages and the exports.
//!
//! Every user-visible text is a [`Text`] with both languages side by side, or a function of
//! [`Lang`] when it carries figures. Dates and durations follow the language's custom.

use serde::{Deserialize, Serialize};

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    /// The language for a BCP 47 tag such as `ja-JP` or `en-US` (English unless Japanese).
    pub fn from_tag(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The BCP 47 code, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

/// A fixed text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub ja: &'static str,
}

impl std::fmt::Display for Text {
    /// The English text (the form `Display` gives everywhere in the core).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en)
    }
}

impl Text {
    pub const fn new(en: &'static str, ja: &'static str) -> Self {
        Self { en, ja }
    }
}

/// A whole number with thousands separators, as both languages write it: `2,000,000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count that reads with thousands separators in text ("2,150 hosts", "2,150台", the
/// same in both languages) and stays a plain number in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Count(pub u64);

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&grouped(self.0))
    }
}

/// A duration of minutes: "3 d 4 h" / "3日4時間", "5 h 20 min" / "5時間20分", "24 min" / "24分".
pub fn duration(minutes: i64, lang: Lang) -> String {
    let m = minutes.max(0);
    let (d, h, min) = (m / 1440, m / 60 % 24, m % 60);
    match (lang, d, h, min) {
        (Lang::En, 0, 0, min) => format!("{min} min"),
        (Lang::En, 0, h, 0) => format!("{h} h"),
        (Lang::En, 0, h, min) => format!("{h} h {min} min"),
        (Lang::En, d, 0, _) => format!("{d} d"),
        (Lang::En, d, h, _) => format!("{d} d {h} h"),
        (Lang::Ja, 0, 0, min) => format!("{min}分"),
        (Lang::Ja, 0, h, 0) => format!("{h}時間"),
        (Lang::Ja, 0, h, min) => format!("{h}時間{min}分"),
        (Lang::Ja, d, 0, _) => format!("{d}日"),
        (Lang::Ja, d, h, _) => format!("{d}日{h}時間"),
    }
}

/// A local date and time in the language's form: `2026-12-15 22:21` / `2026/12/15 22:21`.
pub fn date_time(local: crate::civil::DateTime, lang: Lang) -> String {
    let text = local.to_string();
    match lang {
        Lang::En => text,
        Lang::Ja => text.replacen('-', "/", 2),
    }
}

/// A UTC offset in minutes as a time's zone reads beside it: `UTC+9`, `UTC−3:30`, `UTC`.
pub fn utc_offset(minutes: i64) -> String {
    let (sign, m) = if minutes < 0 { ("−", -minutes) } else { ("+", minutes) };
    match (m / 60, m % 60) {
        (0, 0) => "UTC".into(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, min) => format!("UTC{sign}{h}:{min:02}"),
    }
}

/// A message with an English form (its `Display`) and a Japanese one.
pub trait Localized: std::fmt::Display {
    /// The message in Japanese.
    fn ja(&self) -> String;

    /// The message in `lang`.
    fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ja => self.ja(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_a_zone_beside_a_time() {
        assert_eq!(utc_offset(9 * 60), "UTC+9");
        assert_eq!(utc_offset(5 * 60 + 45), "UTC+5:45");
        assert_eq!(utc_offset(-(3 * 60 + 30)), "UTC−3:30");
        assert_eq!(utc_offset(0), "UTC");
    }

    #[test]
    fn tags_and_forms() {
        assert_eq!(Lang::from_tag("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
        assert_eq!(duration(3 * 1440 + 4 * 60 + 5, Lang::Ja), "3日4時間");
        assert_eq!(duration(80, Lang::En), "1 h 20 min");
        assert_eq!(grouped(2_000_000), "2,000,000");
        assert_eq!(grouped(1234), "1,234");
        assert_eq!(grouped(999), "999");
        let dt: crate::civil::DateTime = "2026-12-15T22:21".parse().unwrap();
        assert_eq!(date_time(dt, Lang::Ja), "2026/12/15 22:21");
    }
}
