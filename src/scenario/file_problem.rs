//! What is wrong in a scenario file, in a planner's words.
//!
//! The file is read as serde's derived code reads it (`src/json.rs`), in serde's words, which
//! speak Rust ("invalid type: string, expected u32"). Here each of them becomes a typed [`FileProblem`] at the path of its field,
//! saying what the field takes ("a whole number of hosts from 1 to 2,000,000") and what
//! it got, in English or Japanese.

use crate::i18n::{Lang, Localized, Text};
use crate::json;
use crate::phrase;

/// One thing a scenario file got wrong at one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// A field the format does not have (often a misspelling).
    UnknownField {
        field: String,
        allowed: Vec<String>,
    },
    /// A field of another kind of phase (`percent` in a pilot of N hosts) or window
    /// (`days` in a monthly one). `by` names the field that decides the kind (`take`,
    /// `every`) and `kind` its value.
    MisplacedField {
        field: String,
        by: &'static str,
        kind: String,
    },
    MissingField(String),
    /// A field given twice in one object.
    DuplicateField(String),
    /// A word that is not one of the field's choices.
    UnknownChoice {
        got: String,
        allowed: Vec<String>,
    },
    /// A value of the wrong kind or out of range.
    WrongValue {
        expected: Text,
        got: Got,
    },
}

/// What the file held where a value was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Got {
    /// A value to quote as it was written (`-5`, `"oops"`, `true`).
    Literal(String),
    /// A kind of value (a list, a group of fields).
    Kind(Text),
}

/// Why the file is not JSON at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// The text stops in the middle: cut short, or a bracket never closed.
    EndsEarly,
    /// Brackets nested deeper than any scenario needs.
    TooDeep,
    /// Anything else: a missing comma, quote or bracket, a stray character.
    NotJson,
}

impl SyntaxProblem {
    pub fn of(error: &json::Error) -> Self {
        match error.category() {
            json::Category::Eof => SyntaxProblem::EndsEarly,
            json::Category::TooDeep => SyntaxProblem::TooDeep,
            json::Category::Syntax | json::Category::Data => SyntaxProblem::NotJson,
        }
    }

    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            SyntaxProblem::EndsEarly => lang.pick(
                "the file ends too early (was it cut short, or a bracket left open?)",
                "ファイルが途中で終わっています（切れているか、括弧が閉じていません）",
            ),
            SyntaxProblem::TooDeep => {
                lang.pick("brackets are nested too deeply for a scenario", "括弧の入れ子が深すぎます")
            }
            SyntaxProblem::NotJson => lang.pick(
                "this is not valid JSON here (a missing comma, quote or bracket?)",
                "ここが JSON として正しくありません（カンマ、引用符、括弧の抜け？）",
            ),
        }
    }
}

/// The path (`fleet.groups[2].hosts`) of the JSON value at `line`:`column` (1-based, as
/// serde_json reports errors), found by walking the text up to that point: the key or
/// index each open object or array is at. An object closed just before the point is
/// already left (serde reports a missing field after the object's `}`).
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let stop = (line_start + column).min(text.len());
    enum Frame {
        Object { key: Option<String>, expecting_key: bool },
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < stop {
        match bytes[i] {
            b'{' => stack.push(Frame::Object { key: None, expecting_key: true }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, expecting_key: true }) = stack.last_mut() {
                    let raw = text.get(start..i.min(text.len())).unwrap_or_default();
                    *key = Some(json::read(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// Reads serde's message about the field at `path` as a [`FileProblem`]; returns the path
/// of the field itself (serde names the object for unknown and missing fields).
pub fn classify(path: &str, message: &str) -> (String, FileProblem) {
    let message = phrase::split_once(message, " at line ").map_or(message, |(message, _)| message);
    let within = |field: &str| {
        if path.is_empty() || path == "." {
            field.to_string()
        } else if path.ends_with(&format!(".{field}")) || path == field {
            path.to_string()
        } else {
            format!("{path}.{field}")
        }
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, allowed) = quoted_then_list(rest);
        return (within(&field), FileProblem::UnknownField { field, allowed });
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let (field, _) = quoted_then_list(rest);
        return (within(&field), FileProblem::MissingField(field));
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        let (field, _) = quoted_then_list(rest);
        return (within(&field), FileProblem::DuplicateField(field));
    }
    if let Some(rest) = message.strip_prefix("field ") {
        // Our own checks: field `x` does not belong to a phase that takes "pilot", or to a
        // window that repeats every "week".
        for (words, by) in [
            (" does not belong to a phase that takes ", "take"),
            (" does not belong to a window that repeats every ", "every"),
        ] {
            if let Some((field, kind)) = phrase::split_once(rest, words) {
                let field = field.trim_matches('`').to_string();
                let kind = kind.trim_matches('"').to_string();
                return (within(&field), FileProblem::MisplacedField { field, by, kind });
            }
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (got, allowed) = quoted_then_list(rest);
        return (path.to_string(), FileProblem::UnknownChoice { got, allowed });
    }
    let got = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .and_then(|r| phrase::split_once(r, ", expected "));
    let (got, expected) = match got {
        Some((got, expected)) => (got_of(got), expected),
        None => (Got::Kind(Text::new("a value that does not fit", "合わない値")), ""),
    };
    (path.to_string(), FileProblem::WrongValue { expected: expected_of(path, expected), got })
}

/// `` `name`, expected one of `a`, `b` `` → ("name", ["a", "b"]).
fn quoted_then_list(text: &str) -> (String, Vec<String>) {
    let mut parts = text.split('`').skip(1).step_by(2).map(str::to_string);
    let first = parts.next().unwrap_or_default();
    (first, parts.collect())
}

fn got_of(serde: &str) -> Got {
    let literal = |s: &str| Got::Literal(s.to_string());
    if let Some(s) = serde.strip_prefix("string ") {
        return literal(s);
    }
    if let Some((_, value)) = phrase::split_once(serde, " `") {
        return literal(value.trim_end_matches('`'));
    }
    Got::Kind(match serde {
        "sequence" => Text::new("a list", "リスト"),
        "map" => Text::new("a group of fields", "項目のまとまり"),
        "null" | "unit value" | "unit" => return literal("null"),
        _ => Text::new("a value of another kind", "別の種類の値"),
    })
}

/// What the field at `path` takes, in a planner's words; `serde` is serde's own
/// "expected …" for fields this table does not name.
fn expected_of(path: &str, serde: &str) -> Text {
    let leaf = path.rsplit('.').next().unwrap_or(path);
    let leaf = leaf.split('[').next().unwrap_or(leaf);
    let in_timing = phrase::contains(path, "timing") || phrase::contains(path, "calibration");
    match leaf {
        "hosts" if in_timing => Text::new("a whole number of hosts, such as 250", "250 のような台数（整数）"),
        "hosts" => Text::new("a whole number of hosts from 1 to 2,000,000", "1〜2,000,000の台数（整数）"),
        "internet_facing" | "prerequisite_present" => {
            Text::new("a whole number of hosts, 0 or more", "0以上の台数（整数）")
        }
        "consoles" => {
            Text::new("a whole number of consoles from 1 to 1,000", "1〜1,000のコンソール数（整数）")
        }
        "caution" => Text::new("a number from 1 to 10, such as 1.25", "1.25 のような1〜10の数値"),
        "percent" | "failure_rate_percent" | "failure_threshold_percent" => {
            Text::new("a percentage from 0 to 100", "0〜100の割合")
        }
        "minutes" => Text::new("a number of minutes, such as 33", "33 のような分数"),
        "length_minutes" => Text::new(
            "a whole number of minutes from 1 to 10,080 (one week)",
            "1〜10,080（1週間）の分数（整数）",
        ),
        "offset_days" => Text::new("a whole number of days from -27 to 27", "-27〜27の日数（整数）"),
        "soak_hours" => Text::new("a number of hours from 0 to 672", "0〜672の時間数"),
        "horizon_days" => Text::new("a whole number of days from 1 to 3,650", "1〜3,650の日数（整数）"),
        "version" => {
            Text::new("the scenario version, a whole number such as 1", "1 のようなシナリオの版（整数）")
        }
        "size_bytes" => Text::new("a whole number of bytes", "バイト数（整数）"),
        "interruption_minutes_per_host" => Text::new("a number of minutes, 0 or more", "0以上の分数"),
        "days" => {
            Text::new("a list of days such as [\"mon\", \"fri\"]", "[\"mon\", \"fri\"] のような曜日のリスト")
        }
        "blackouts" => {
            Text::new("a list of dates such as [\"2026-12-31\"]", "[\"2026-12-31\"] のような日付のリスト")
        }
        "names"
        | "ids"
        | "host_names"
        | "sites"
        | "services_restarted"
        | "includes_fixes"
        | "unaffected_editions" => Text::new(
            "a list of names in quotes, such as [\"a\", \"b\"]",
            "[\"a\", \"b\"] のような引用符付きの名前のリスト",
        ),
        "site_limit" => {
            Text::new("{ \"hosts\": N } or { \"percent\": P }", "{ \"hosts\": N } か { \"percent\": P }")
        }
        _ => expected_kind(serde),
    }
}

fn expected_kind(serde: &str) -> Text {
    match serde {
        "u8" | "u16" | "u32" | "u64" | "usize" => Text::new("a whole number, 0 or more", "0以上の整数"),
        "i8" | "i16" | "i32" | "i64" | "isize" => Text::new("a whole number", "整数"),
        "f32" | "f64" => Text::new("a number", "数値"),
        "a string" | "a borrowed string" => Text::new("text in quotes", "引用符で囲んだ文字列"),
        "a sequence" => Text::new("a list in square brackets [ … ]", "角括弧 [ … ] で囲んだリスト"),
        "a boolean" => Text::new("true or false", "true か false"),
        s if s.starts_with("struct ") || s == "a map" || s.starts_with("internally tagged") => {
            Text::new("a group of fields in braces { … }", "波括弧 { … } で囲んだ項目のまとまり")
        }
        _ => Text::new("a value of another kind", "別の種類の値"),
    }
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownField { field, allowed } if allowed.is_empty() => {
                write!(f, "there is no field \"{field}\" here (misspelt?)")
            }
            Self::UnknownField { field, allowed } => {
                write!(
                    f,
                    "there is no field \"{field}\" here (misspelt?); the fields here are {}",
                    list(allowed)
                )
            }
            Self::MisplacedField { field, by, kind } => {
                write!(
                    f,
                    "\"{field}\" does not belong here while {by} is \"{kind}\"; remove it or change {by}"
                )
            }
            Self::MissingField(field) => write!(f, "\"{field}\" is required here"),
            Self::DuplicateField(field) => write!(f, "\"{field}\" is given twice"),
            Self::UnknownChoice { got, allowed } => {
                write!(f, "\"{got}\" is not one of the choices: {}", list(allowed))
            }
            Self::WrongValue { expected, got: Got::Literal(got) } => {
                write!(f, "enter {expected} (got {got})")
            }
            Self::WrongValue { expected, got: Got::Kind(kind) } => write!(f, "enter {expected} (got {kind})"),
        }
    }
}

impl Localized for FileProblem {
    fn ja(&self) -> String {
        match self {
            Self::UnknownField { field, allowed } if allowed.is_empty() => {
                format!("ここに「{field}」という項目はありません（綴りの誤り？）")
            }
            Self::UnknownField { field, allowed } => {
                format!(
                    "ここに「{field}」という項目はありません（綴りの誤り？）。使える項目: {}",
                    list(allowed)
                )
            }
            Self::MisplacedField { field, by, kind } => {
                format!("{by} が「{kind}」のときは「{field}」を使えません。削除するか {by} を変えてください")
            }
            Self::MissingField(field) => format!("ここには「{field}」が必要です"),
            Self::DuplicateField(field) => format!("「{field}」が2回書かれています"),
            Self::UnknownChoice { got, allowed } => {
                format!("「{got}」は選べません。選択肢: {}", list(allowed))
            }
            Self::WrongValue { expected, got: Got::Literal(got) } => {
                format!("{}を入力してください（入力: {got}）", expected.ja)
            }
            Self::WrongValue { expected, got: Got::Kind(kind) } => {
                format!("{}を入力してください（入力: {}）", expected.ja, kind.ja)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_planner_words() {
        let (path, p) =
            classify("fleet.groups[0].hosts", "invalid value: integer `-5`, expected u32 at line 1 column 5");
        assert_eq!(path, "fleet.groups[0].hosts");
        assert_eq!(p.to_string(), "enter a whole number of hosts from 1 to 2,000,000 (got -5)");
        assert_eq!(p.ja(), "1〜2,000,000の台数（整数）を入力してください（入力: -5）");

        let (path, p) = classify("windows[0].recurrence", "unknown field `dayz`, expected `days`");
        assert_eq!(path, "windows[0].recurrence.dayz");
        assert_eq!(p, FileProblem::UnknownField { field: "dayz".into(), allowed: vec!["days".into()] });

        let (_, p) = classify("capacity.caution", "invalid type: string \"x\", expected f64");
        assert_eq!(p.to_string(), "enter a number from 1 to 10, such as 1.25 (got \"x\")");

        let (_, p) = classify("windows", "invalid type: string \"x\", expected a sequence");
        assert!(p.to_string().starts_with("enter a list"), "{p}");

        let (_, p) = classify(
            "fleet.groups[0].criticality",
            "unknown variant `huge`, expected one of `low`, `normal`, `high`",
        );
        assert_eq!(p.to_string(), "\"huge\" is not one of the choices: \"low\", \"normal\", \"high\"");

        let (path, p) = classify("phases[0]", "missing field `hosts`");
        assert_eq!((path.as_str(), p), ("phases[0].hosts", FileProblem::MissingField("hosts".into())));

        let (path, p) =
            classify("phases[0]", "field `percent` does not belong to a phase that takes \"pilot\"");
        assert_eq!(path, "phases[0].percent");
        assert!(matches!(p, FileProblem::MisplacedField { .. }));

        let (_, p) = classify("name", "invalid type: sequence, expected a string");
        assert_eq!(p.to_string(), "enter text in quotes (got a list)");
    }

    #[test]
    fn paths_are_found_in_the_text_at_the_error() {
        let text = "{\"a\": [1, {\"b\\\"\": {\"c\": [0, 0, oops]}}],\n \"d\": 5}";
        let at = |needle: &str| {
            let offset = text.find(needle).unwrap();
            let line = text[..offset].matches('\n').count() + 1;
            let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + needle.len();
            path_at(text, line, column)
        };
        assert_eq!(at("oops"), "a[1].b\".c[2]");
        assert_eq!(at("5"), "d");
        // Just after an object closes, the path is the object's place.
        assert_eq!(at("oops]"), "a[1].b\".c");
        assert_eq!(at("oops]}}"), "a[1]");
    }

    #[test]
    fn no_rust_words_reach_the_planner() {
        for expected in ["u32", "u16", "i16", "f64", "a string", "a sequence", "struct Group", "a boolean"] {
            for lang in [Lang::En, Lang::Ja] {
                let (_, p) = classify("x.y", &format!("invalid type: map, expected {expected}"));
                let text = p.text(lang);
                for jargon in ["u32", "u16", "i16", "f64", "struct", "sequence", "map", "4294967295"] {
                    assert!(!text.contains(jargon), "{text}");
                }
            }
        }
    }
}
