//! Reading scenario files, over random files made from real ones: every file is read as
//! serde_json's own reading of the scenario's types reads it, or refused; every refusal
//! points at a place the file has and says what the field takes in a planner's words, in
//! both languages, naming no Rust type.
#![cfg(not(target_arch = "wasm32"))]

use patchcast::advisory;
use patchcast::i18n::Localized;
use patchcast::scenario::{ChangeRecord, FileProblem, Scenario, ScenarioError};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The scenarios files start from: every kind of phase, window, site limit and target, and
/// an advisory written out in full (packages, files, prerequisites), a change record.
fn bases() -> Vec<Value> {
    let mut described = Scenario::sample();
    described.advisory = advisory::presets::preset(described.advisory_preset.as_deref().unwrap());
    described.advisory_preset = None;
    described.change = ChangeRecord {
        ticket: "CHG0012345".into(),
        backout: "Uninstall KB894549 from Add or Remove Programs.".into(),
        approvers: vec!["Change manager".into(), "Exchange owner".into()],
    };
    described.settle_version();
    // A rollout in progress: its approved plan and one event of each kind.
    let mut followed = Scenario::sample();
    let plan = patchcast::plan::Plan::make(&followed).unwrap();
    let zone = patchcast::time_zone::zone(&followed.start_time_zone).unwrap();
    let mut progress = plan.approve(plan.summary.start, plan.summary.start + 3 * 1440, &zone);
    let at = |b: usize| plan.schedule.batches[b].cautious_end;
    progress.events = [
        plan.mark_batch(0, patchcast::progress::Status::Done, at(0), 0),
        plan.mark_batch(1, patchcast::progress::Status::Done, at(1) + 30, 1),
        vec![patchcast::progress::Event {
            at: patchcast::civil::Instant(at(2)).with_offset(540),
            host: Some(plan.host_name(plan.batch_hosts(2)[0] as usize)),
            status: Some(patchcast::progress::Status::Skipped),
            ..Default::default()
        }],
    ]
    .concat();
    followed.progress = Some(progress);
    followed.settle_version();
    [
        Scenario::sample().to_json(),
        include_str!("../examples/ms05-021-two-sites.json").to_string(),
        include_str!("../examples/ms05-021-targets.json").to_string(),
        described.to_json(),
        followed.to_json(),
    ]
    .iter()
    .map(|text| serde_json::from_str(text).unwrap())
    .collect()
}

/// A JSON value of any kind, small, with awkward numbers and strings.
fn value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0u32..5000).prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |f| f.is_finite()).prop_map(Value::from),
        (-1000.0..1000.0f64).prop_map(Value::from),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        number,
        "[a-z_]{0,12}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        Just(Value::from("week")),
        Just(Value::from("2026-12-31")),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_]{1,10}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every place in `v`, as JSON pointers.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => m.iter().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Replace(Value),
    Remove,
    AddField(String, Value),
    Misspell,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => value().prop_map(Edit::Replace),
        2 => Just(Edit::Remove),
        1 => ("[a-z_]{1,10}", value()).prop_map(|(k, v)| Edit::AddField(k, v)),
        1 => Just(Edit::Misspell),
    ]
}

/// Applies `edit` at the place `pick` selects (modulo the number of places).
fn apply(root: &mut Value, pick: usize, edit: &Edit) {
    let mut places = Vec::new();
    pointers(root, String::new(), &mut places);
    let at = &places[pick % places.len()];
    let (parent, last) = at.rsplit_once('/').unwrap_or(("", ""));
    match edit {
        Edit::Replace(v) => *root.pointer_mut(at).unwrap() = v.clone(),
        Edit::Remove | Edit::Misspell => match root.pointer_mut(parent) {
            Some(Value::Object(m)) if !at.is_empty() => {
                if let Some(v) = m.remove(last) {
                    if matches!(edit, Edit::Misspell) {
                        m.insert(format!("{last}s"), v);
                    }
                }
            }
            Some(Value::Array(a)) if !at.is_empty() => {
                a.remove(last.parse::<usize>().unwrap());
            }
            _ => {}
        },
        Edit::AddField(k, v) => {
            if let Some(Value::Object(m)) = root.pointer_mut(at) {
                m.insert(k.clone(), v.clone());
            }
        }
    }
}

/// A change to the text itself: cut short, or one byte put in or taken out.
#[derive(Clone, Debug)]
enum Damage {
    None,
    Cut(usize),
    Insert(usize, char),
    Delete(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    let byte = prop_oneof![
        Just(','),
        Just(':'),
        Just('"'),
        Just('['),
        Just(']'),
        Just('{'),
        Just('}'),
        Just('\\'),
        Just('-'),
        Just('.'),
        Just('e'),
        Just('0'),
        Just('\n'),
        Just('\u{1}'),
        Just('é'),
    ];
    prop_oneof![
        6 => Just(Damage::None),
        1 => any::<usize>().prop_map(Damage::Cut),
        2 => (any::<usize>(), byte).prop_map(|(at, c)| Damage::Insert(at, c)),
        2 => any::<usize>().prop_map(Damage::Delete),
    ]
}

fn damaged(mut text: String, damage: &Damage) -> String {
    let boundary = |text: &str, at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match *damage {
        Damage::None => {}
        Damage::Cut(at) => text.truncate(boundary(&text, at)),
        Damage::Insert(at, c) => text.insert(boundary(&text, at), c),
        Damage::Delete(at) => {
            let at = boundary(&text, at);
            if at < text.len() {
                text.remove(at);
            }
        }
    }
    text
}

/// Words of Rust or serde that a planner must never read.
const JARGON: [&str; 12] = [
    "u32",
    "u64",
    "u16",
    "i16",
    "f64",
    "struct",
    "sequence",
    "invalid type",
    "Option",
    "enum ",
    "map",
    "expected",
];

/// Whether `path` (`fleet.groups[2].hosts`) names a place of `root`, or a field of an
/// object `root` has there (a missing or unknown field).
fn names_a_place(root: &Value, path: &str) -> bool {
    let mut pointer = String::new();
    let mut parent = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(k, i)| (k, i));
        parent.clone_from(&pointer);
        pointer.push('/');
        pointer.push_str(key);
        for index in indices.split(['[', ']']).filter(|i| !i.is_empty()) {
            parent.clone_from(&pointer);
            pointer.push('/');
            pointer.push_str(index);
        }
    }
    root.pointer(&pointer).is_some() || root.pointer(&parent).is_some_and(Value::is_object)
}

/// Checks a refusal's words and place.
fn well_said(text: &str, err: &ScenarioError) -> Result<(), TestCaseError> {
    let place = match err {
        ScenarioError::Field { path, .. } => path.as_str(),
        _ => "",
    };
    for words in [err.to_string(), err.ja()] {
        // The field's path, and names and values in quotes, may hold any word (`expected_end`).
        let words = if place.is_empty() { words } else { words.replace(place, "") };
        let unquoted: String = (words.split('"').step_by(2))
            .flat_map(|part| part.split(['「', '」']).step_by(2))
            .collect::<Vec<_>>()
            .join(" ");
        for jargon in JARGON {
            prop_assert!(!unquoted.contains(jargon), "{}: {}", words, text);
        }
    }
    if let ScenarioError::Field { path, problem } = err {
        let root: Value = serde_json::from_str(text).unwrap();
        // A field's own name may hold any character: the place is the object it is in.
        let field = match problem {
            FileProblem::UnknownField { field, .. }
            | FileProblem::MisplacedField { field, .. }
            | FileProblem::MissingField(field)
            | FileProblem::DuplicateField(field) => Some(field),
            _ => None,
        };
        let place = match field {
            Some(field) => path.strip_suffix(field.as_str()).map(|p| p.trim_end_matches('.')),
            None => Some(path.as_str()),
        };
        prop_assert!(place.is_some_and(|place| names_a_place(&root, place)), "{} is not in {}", path, text);
        if let FileProblem::WrongValue { expected, .. } = problem {
            prop_assert!(expected.en != "a value of another kind", "{} takes nothing named: {}", path, text);
        }
    }
    Ok(())
}

/// How the random files came out.
#[derive(Default)]
struct Outcomes {
    read: AtomicUsize,
    not_json: AtomicUsize,
    wrong_data: AtomicUsize,
}

/// Reads `text` both ways and checks that they agree; returns which way it came out.
fn compare<'a>(text: &str, outcomes: &'a Outcomes) -> Result<&'a AtomicUsize, TestCaseError> {
    let ours = Scenario::from_json(text);
    let theirs = serde_json::from_str::<Scenario>(text);
    let json = serde_json::from_str::<Value>(text);
    Ok(match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a, b, "read differently: {}", text);
            &outcomes.read
        }
        (Ok(_), Err(e)) => {
            prop_assert!(false, "we read what serde_json refuses ({}): {}", e, text);
            unreachable!()
        }
        (Err(ScenarioError::Syntax { line, .. }), _) => {
            let Err(e) = json else {
                prop_assert!(false, "we call JSON not JSON: {}", text);
                unreachable!()
            };
            prop_assert_eq!(line, e.line(), "{}", text);
            &outcomes.not_json
        }
        (Err(err), theirs) => {
            prop_assert!(json.is_ok(), "JSON we missed: {}", text);
            if theirs.is_ok() {
                // serde_json reads no `format`, nor the version's limit, and reads a list
                // as a group of fields in order; we refuse those.
                let allowed = match &err {
                    ScenarioError::NotAScenario | ScenarioError::FutureVersion(_) => true,
                    ScenarioError::Field { problem: FileProblem::WrongValue { got, .. }, .. } => {
                        format!("{got:?}").contains("a list")
                    }
                    _ => false,
                };
                prop_assert!(allowed, "we refuse what serde_json reads ({}): {}", err, text);
            }
            well_said(text, &err)?;
            &outcomes.wrong_data
        }
    })
}

#[test]
fn every_file_is_read_or_refused_as_serde_json_reads_it() {
    let file =
        (0..5usize, proptest::collection::vec((any::<usize>(), edit()), 0..3), any::<bool>(), damage());
    let outcomes = Outcomes::default();
    let config = Config { cases: 2000, failure_persistence: None, ..Config::default() };
    TestRunner::new(config)
        .run(&file, |(base, edits, pretty, damage)| {
            let mut root = bases().swap_remove(base);
            for (pick, edit) in &edits {
                apply(&mut root, *pick, edit);
            }
            let text =
                if pretty { serde_json::to_string_pretty(&root) } else { serde_json::to_string(&root) };
            let text = damaged(text.unwrap(), &damage);
            compare(&text, &outcomes)?.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    // Each kind of file must have come up often enough to have been compared.
    for (what, count) in
        [("read", &outcomes.read), ("not JSON", &outcomes.not_json), ("wrong data", &outcomes.wrong_data)]
    {
        assert!(count.load(Ordering::Relaxed) >= 200, "{what}: {}", count.load(Ordering::Relaxed));
    }
}

/// Every place in every base file, each removed, misspelt, given an extra field or replaced
/// by a value of each kind: read as serde_json reads it, or refused in a planner's words at
/// that place. (The random files above find a given field of the advisory's twenty-odd only
/// now and then.)
#[test]
fn every_field_changed_in_every_way_is_read_or_refused_in_words() {
    let kinds = [
        Edit::Remove,
        Edit::Misspell,
        Edit::AddField("extra".into(), Value::from(1)),
        Edit::Replace(Value::Null),
        Edit::Replace(Value::from(true)),
        Edit::Replace(Value::from("x")),
        Edit::Replace(Value::from(-1)),
        Edit::Replace(Value::from(70_000)),
        Edit::Replace(Value::from(1.5)),
        Edit::Replace(Value::from(Vec::<Value>::new())),
        Edit::Replace(Value::Object(Default::default())),
    ];
    let outcomes = Outcomes::default();
    for base in bases() {
        let mut places = Vec::new();
        pointers(&base, String::new(), &mut places);
        for pick in 0..places.len() {
            for edit in &kinds {
                let mut root = base.clone();
                apply(&mut root, pick, edit);
                let text = serde_json::to_string_pretty(&root).unwrap();
                compare(&text, &outcomes).unwrap_or_else(|e| panic!("{e}")).fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    let (read, wrong) = (outcomes.read.load(Ordering::Relaxed), outcomes.wrong_data.load(Ordering::Relaxed));
    assert!(read > 1_000 && wrong > 2_000, "read {read}, refused {wrong}");
}

#[test]
fn numbers_beyond_any_float_are_not_json() {
    let text = serde_json::to_string(&bases().swap_remove(3)).unwrap();
    let at = text.find("\"size_bytes\":").unwrap() + "\"size_bytes\":".len();
    let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    for huge in ["5e17368", "1e400", "-1E+999", "0.5e309"] {
        let text = format!("{}{huge}{}", &text[..at], &text[at + digits..]);
        assert!(
            matches!(Scenario::from_json(&text), Err(ScenarioError::Syntax { .. })),
            "{huge}: {:?}",
            Scenario::from_json(&text)
        );
    }
}
