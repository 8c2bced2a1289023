//! What is wrong in a scenario file, in a planner's words.
//!
//! The file is read by serde's derived code over a [`Node`] tree, which reports each
//! problem typed ([`Mismatch`]) at the path serde_path_to_error tracked. Here each becomes
//! a [`FileProblem`] at the path of its field, saying what the field takes ("a whole number
//! of hosts from 1 to 2,000,000") and what it got, in English or Japanese.

use serde_path_to_error::{Path, Segment};

use super::document::{Held, Mismatch, Node};
use crate::i18n::{Lang, Localized, Text};

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

/// `path` as the scenario's documentation writes it: `fleet.groups[2].hosts`.
pub fn path_text(path: &Path) -> String {
    let mut text = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => text.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Segment::Unknown => {}
        }
    }
    text
}

/// The value at the end of `segments` in `root`, if there is one.
fn node_at<'a, 'p>(root: &'a Node, mut segments: impl Iterator<Item = &'p Segment>) -> Option<&'a Node> {
    segments.try_fold(root, |node, segment| match segment {
        Segment::Seq { index } => node.element(*index),
        Segment::Map { key } | Segment::Enum { variant: key } => node.field(key),
        Segment::Unknown => None,
    })
}

/// The problem serde's derived code found at `path` of the file read into `root`, with the
/// path of the field itself (the derived code names the object for unknown, missing and
/// repeated fields).
pub fn of(path: &Path, mismatch: Mismatch, root: &Node) -> (String, FileProblem) {
    let at = path_text(path);
    let within = |field: &str| match path.iter().next_back() {
        Some(Segment::Map { key }) if key == field => at.clone(),
        _ if at.is_empty() => field.to_string(),
        _ => format!("{at}.{field}"),
    };
    let names = |fields: &[&str]| fields.iter().map(|f| f.to_string()).collect();
    match mismatch {
        Mismatch::UnknownField { field, allowed } => {
            // A field of another kind of phase or window names the field that decides the
            // kind, and its value.
            let object = match path.iter().next_back() {
                Some(Segment::Map { key }) if *key == field => {
                    node_at(root, path.iter().take(path.iter().len() - 1))
                }
                _ => node_at(root, path.iter()),
            };
            let decided = [
                ("take", &crate::phase::KIND_FIELDS[..]),
                ("every", &crate::maintenance_window::KIND_FIELDS[..]),
            ]
            .into_iter()
            .find_map(|(by, kind_fields)| match object?.field(by) {
                Some(Node::Text(kind)) if kind_fields.contains(&field.as_str()) => Some((by, kind.clone())),
                _ => None,
            });
            let problem = match decided {
                Some((by, kind)) => FileProblem::MisplacedField { field: field.clone(), by, kind },
                None => FileProblem::UnknownField { field: field.clone(), allowed: names(allowed) },
            };
            (within(&field), problem)
        }
        Mismatch::MissingField(field) => (within(field), FileProblem::MissingField(field.into())),
        Mismatch::DuplicateField(field) => (within(field), FileProblem::DuplicateField(field.into())),
        Mismatch::UnknownChoice { got, allowed } => {
            (at, FileProblem::UnknownChoice { got, allowed: names(allowed) })
        }
        Mismatch::WrongValue(held) => {
            let got = match held {
                Held::Literal(text) => Got::Literal(text),
                Held::List => Got::Kind(Text::new("a list", "リスト")),
                Held::Object => Got::Kind(Text::new("a group of fields", "項目のまとまり")),
            };
            let expected = expected_of(path);
            (at, FileProblem::WrongValue { expected, got })
        }
        Mismatch::Other(_) => {
            let got = Got::Kind(Text::new("a value that does not fit", "合わない値"));
            (at.clone(), FileProblem::WrongValue { expected: expected_of(path), got })
        }
    }
}

/// What the field at `path` takes, in a planner's words: every field of the format is
/// named here (a test reads every one), by its name and, where two fields share a name,
/// by the object it is in.
pub fn expected_of(path: &Path) -> Text {
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Segment::Map { key } | Segment::Enum { variant: key } => Some(key.as_str()),
            _ => None,
        })
        .collect();
    let leaf = keys.last().copied().unwrap_or("");
    let within = |object: &str| keys[..keys.len().saturating_sub(1)].contains(&object);
    let text = Text::new("text in quotes", "引用符で囲んだ文字列");
    let object = Text::new("a group of fields in braces { … }", "波括弧 { … } で囲んだ項目のまとまり");
    let yes_no = Text::new("true or false", "true か false");
    let names = Text::new(
        "a list of names in quotes, such as [\"a\", \"b\"]",
        "[\"a\", \"b\"] のような引用符付きの名前のリスト",
    );
    let runs = Text::new(
        "a list of measured runs such as [{ \"hosts\": 50, \"minutes\": 24 }]",
        "[{ \"hosts\": 50, \"minutes\": 24 }] のような実測のリスト",
    );
    let instant = Text::new(
        "a date and time with its offset in quotes, such as \"2026-12-09T22:00+09:00\"",
        "\"2026-12-09T22:00+09:00\" のような時差付きの引用符付きの日時",
    );
    match leaf {
        // A rollout's progress (format version 4).
        "approved" | "now" | "at" | "opening" | "expected_end" | "cautious_end" => instant,
        "start" if within("baseline") => instant,
        "start" if within("lost_opening") => Text::new(
            "the opening's local date and time in quotes, such as \"2026-12-09T22:00\"",
            "\"2026-12-09T22:00\" のような、その回の現地の引用符付きの日時",
        ),
        "hosts" if within("baseline") => names,
        "baseline" => Text::new("a list of the approved plan's batches, each in braces { … }", "波括弧 { … } で囲んだ承認済みの計画のバッチのリスト"),
        "events" => Text::new("a list of what happened, each in braces { … }", "波括弧 { … } で囲んだ出来事のリスト"),
        "work" => Text::new("\"hotfix\" or \"prerequisite\"", "\"hotfix\" か \"prerequisite\""),
        "console" => Text::new("a whole number of the console, from 1", "1からのコンソール番号（整数）"),
        "batch" => Text::new("a whole number of the approved plan's batch, from 1", "1からの承認済みの計画のバッチ番号（整数）"),
        "failed_hosts" => Text::new("a whole number of hosts, 0 or more", "0以上の台数（整数）"),
        "status" => Text::new(
            "\"done\", \"failed\", \"given_up\" or \"skipped\"",
            "\"done\"、\"failed\"、\"given_up\"、\"skipped\" のいずれか",
        ),
        "hosts" if within("timing") || within("calibration") => {
            Text::new("a whole number of hosts, such as 250", "250 のような台数（整数）")
        }
        "hosts" if within("targets") => Text::new(
            "which hosts, in quotes: \"all\", \"internet_facing\", \"tier:…\", \"phase:…\" or a share such as \"95%\"",
            "対象ホストを引用符で: \"all\"、\"internet_facing\"、\"tier:…\"、\"phase:…\"、または \"95%\" のような割合",
        ),
        "hosts" if within("site_limit") => Text::new("a whole number of hosts, 1 or more", "1以上の台数（整数）"),
        "hosts" if within("phases") => Text::new("a whole number of pilot hosts, 1 or more", "1以上のパイロット台数（整数）"),
        "hosts" => Text::new("a whole number of hosts from 1 to 2,000,000", "1〜2,000,000の台数（整数）"),
        "internet_facing" | "prerequisite_present" => {
            Text::new("a whole number of hosts, 0 or more", "0以上の台数（整数）")
        }
        "consoles" => Text::new("a whole number of consoles from 1 to 1,000", "1〜1,000のコンソール数（整数）"),
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
        "version" if keys.len() == 1 => {
            Text::new("the scenario version, a whole number such as 1", "1 のようなシナリオの版（整数）")
        }
        "size_bytes" => Text::new("a whole number of bytes", "バイト数（整数）"),
        "interruption_minutes_per_host" => Text::new("a number of minutes, 0 or more", "0以上の分数"),
        "days" => Text::new("a list of days such as [\"mon\", \"fri\"]", "[\"mon\", \"fri\"] のような曜日のリスト"),
        "day" => Text::new("a day such as \"tue\"", "\"tue\" のような曜日"),
        "nth" => Text::new(
            "which week: \"first\", \"second\", \"third\", \"fourth\", \"fifth\" or \"last\"",
            "第何週か: \"first\"、\"second\"、\"third\"、\"fourth\"、\"fifth\"、\"last\"",
        ),
        "every" => Text::new("\"week\" or \"month\"", "\"week\" か \"month\""),
        "blackouts" => Text::new("a list of dates such as [\"2026-12-31\"]", "[\"2026-12-31\"] のような日付のリスト"),
        "start" if keys.len() == 1 => Text::new(
            "a date and time in quotes, such as \"2026-12-07T09:00\"",
            "\"2026-12-07T09:00\" のような引用符付きの日時",
        ),
        "start" => Text::new("a time of day in quotes, such as \"22:00\"", "\"22:00\" のような引用符付きの時刻"),
        "within" => Text::new("a time span in quotes, such as \"72h\" or \"14d\"", "\"72h\" や \"14d\" のような引用符付きの期間"),
        "by" => Text::new(
            "a date and time in quotes, such as \"2026-12-18T18:00\"",
            "\"2026-12-18T18:00\" のような引用符付きの日時",
        ),
        "time_zone" | "start_time_zone" => {
            Text::new("a time zone in quotes, such as \"Asia/Tokyo\"", "\"Asia/Tokyo\" のような引用符付きのタイムゾーン")
        }
        "criticality" => Text::new("\"low\", \"normal\" or \"high\"", "\"low\"、\"normal\"、\"high\" のいずれか"),
        "take" => Text::new(
            "the kind of phase: \"prerequisite\", \"pilot\", \"pilot_percent\", \"groups\", \"editions\", \"tier\", \"internet_facing\" or \"rest\"",
            "フェーズの種類: \"prerequisite\"、\"pilot\"、\"pilot_percent\"、\"groups\"、\"editions\"、\"tier\"、\"internet_facing\"、\"rest\"",
        ),
        "role" => Text::new(
            "what a generated phase is for: \"prerequisite\", \"pilot\", \"internet_facing\", \"internal\", \"rest\" or \"remaining\"",
            "生成されたフェーズの役割: \"prerequisite\"、\"pilot\"、\"internet_facing\"、\"internal\"、\"rest\"、\"remaining\"",
        ),
        "tier" => Text::new(
            "\"internet_anonymous\", \"network_anonymous\" or \"authenticated\"",
            "\"internet_anonymous\"、\"network_anonymous\"、\"authenticated\" のいずれか",
        ),
        "severity" => Text::new(
            "\"critical\", \"important\", \"warning\" or \"caution\"",
            "\"critical\"、\"important\"、\"warning\"、\"caution\" のいずれか",
        ),
        "exploit" => Text::new(
            "\"none\", \"proof_of_concept\" or \"exploited\"",
            "\"none\"、\"proof_of_concept\"、\"exploited\" のいずれか",
        ),
        "recommended_urgency" => Text::new(
            "\"wait_for_service_pack\", \"apply_early\" or \"apply_urgently\"",
            "\"wait_for_service_pack\"、\"apply_early\"、\"apply_urgently\" のいずれか",
        ),
        "attack_vector" => Text::new("\"anonymous\" or \"authenticated\"", "\"anonymous\" か \"authenticated\""),
        "reboot_required" | "uninstallable" | "deliverable_by_windows_update" => yes_no,
        "timing" | "calibration" => runs,
        "names" | "ids" | "host_names" | "sites" | "services_restarted" | "includes_fixes" | "unaffected_editions" => names,
        "site_limit" => Text::new("{ \"hosts\": N } or { \"percent\": P }", "{ \"hosts\": N } か { \"percent\": P }"),
        "groups" if within("fleet") => Text::new("a list of groups, each in braces { … }", "波括弧 { … } で囲んだグループのリスト"),
        "windows" => Text::new("a list of windows, each in braces { … }", "波括弧 { … } で囲んだウィンドウのリスト"),
        "phases" => Text::new("a list of phases, each in braces { … }", "波括弧 { … } で囲んだフェーズのリスト"),
        "targets" => Text::new("a list of targets, each in braces { … }", "波括弧 { … } で囲んだ目標のリスト"),
        "editions" | "prerequisites" | "files" => {
            Text::new("a list, each item in braces { … }", "各項目を波括弧 { … } で囲んだリスト")
        }
        "approvers" => Text::new(
            "a list of approvers in quotes, such as [\"Change manager\"]",
            "[\"変更管理者\"] のような引用符付きの承認者のリスト",
        ),
        "advisory" | "fleet" | "capacity" | "recurrence" | "package" | "change" | "progress" | "lost_opening" => object,
        "" => object,
        "format" | "name" | "advisory_preset" | "site" | "edition" | "id" | "kb" | "title" | "title_ja"
        | "registered" | "updated" | "reboot_note" | "scanner_check" | "prerequisite" | "registry_key"
        | "file_name" | "version" | "released" | "description" | "note" | "ticket" | "backout" | "phase" | "host"
        | "resume" => text,
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
