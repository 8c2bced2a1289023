//! Our JSON reader and writer (`src/json.rs`) against serde_json, over random scenario
//! files: we read a scenario by hand (each type's `FromJson`), serde_json through the types'
//! derived `Deserialize`, the specification ours follows. Every text is accepted or refused as serde_json accepts or refuses it, a refused
//! field is reported with serde_json's message, line and column (from which the page finds
//! the field's path), and what we write is what serde_json reads, decimals exactly.
#![cfg(not(target_arch = "wasm32"))]

use patchcast::advisory;
use patchcast::json;
use patchcast::scenario::Scenario;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::de::IgnoredAny;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The scenarios files start from: every kind of phase, window, site limit and target, and
/// an advisory written out in full (packages, files, prerequisites).
fn bases() -> Vec<Value> {
    let mut described = Scenario::sample();
    described.advisory = advisory::presets::preset(described.advisory_preset.as_deref().unwrap());
    described.advisory_preset = None;
    [
        Scenario::sample().to_json(),
        include_str!("../examples/ms05-021-two-sites.json").to_string(),
        include_str!("../examples/ms05-021-targets.json").to_string(),
        described.to_json(),
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

/// A decimal as a planner types one: up to eight digits, up to four after the point.
fn typed_decimal() -> impl Strategy<Value = f64> {
    (0u32..100_000_000, 0..5i32).prop_map(|(n, places)| f64::from(n) / 10f64.powi(places))
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

/// serde_json's message without its position.
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.rsplit_once(" at line ").map_or(text.clone(), |(m, _)| m.to_string())
}

/// Checks that `ours` and `theirs` agree, returning whether the text was read.
/// `syntax_line`: whether a syntax error must be of serde_json's kind and on its line too
/// (the first pass of a file's reading finds every syntax error, and says it).
fn agree<T: PartialEq + std::fmt::Debug>(
    text: &str,
    ours: Result<T, json::Error>,
    theirs: Result<T, serde_json::Error>,
    syntax_line: bool,
) -> Result<bool, TestCaseError> {
    match (ours, theirs) {
        (Err(e), _) if e.message().starts_with("invalid type: sequence, expected struct") => {
            // serde_json reads a list of values as a group of fields,
            // in their order (or says the list is too short); we refuse it, as the format
            // has no such form.
            Ok(false)
        }
        (Err(e), Err(f)) if e.message().contains(", expected enum ") && message(&f) == "expected value" => {
            // serde_json calls a choice given as a list, number or `null` "not JSON"; it is
            // JSON, and we say what the field takes.
            Ok(false)
        }
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a, b, "read differently: {}", text);
            Ok(true)
        }
        (Err(e), Err(f)) => {
            use serde_json::error::Category as Theirs;
            let category = match e.category() {
                json::Category::Eof => Theirs::Eof,
                json::Category::Syntax | json::Category::TooDeep => Theirs::Syntax,
                json::Category::Data => Theirs::Data,
            };
            if syntax_line {
                prop_assert_eq!(category, f.classify(), "ours: {}; serde_json: {}; text: {}", e, f, text);
                prop_assert_eq!(e.line(), f.line(), "ours: {}; serde_json: {}; text: {}", e, f, text);
            } else {
                // serde_json's typed reading sometimes calls "the text ended" what its first
                // pass calls "not JSON" and the other way round; either way the first pass
                // has already said it, so only "not JSON" against "wrong data" matters here.
                prop_assert_eq!(
                    category == Theirs::Data,
                    f.classify() == Theirs::Data,
                    "ours: {}; serde_json: {}; text: {}",
                    e,
                    f,
                    text
                );
            }
            if category == serde_json::error::Category::Data {
                // The page finds the field's path from this position and words the problem
                // from this message: both must be serde_json's, but for one thing. serde_json
                // reports an error from within a list after the list's next `,` or `]` (it
                // reads them before placing the error), which named the next element:
                // `phases[3]` for a problem in `phases[2]`. Ours stops before them.
                let offset = |line: usize, column: usize| {
                    text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>() + column
                };
                let skipped = text.get(offset(e.line(), e.column())..offset(f.line(), f.column()));
                prop_assert!(
                    skipped.is_some_and(|s| s.bytes().all(|b| b" \n\t\r,]}".contains(&b))),
                    "ours: {}; serde_json: {}; text: {}",
                    e,
                    f,
                    text
                );
                prop_assert_eq!(e.message(), message(&f), "text: {}", text);
            }
            Ok(false)
        }
        (ours, theirs) => {
            prop_assert!(false, "ours: {:?}; serde_json: {:?}; text: {}", ours.err(), theirs.err(), text);
            unreachable!()
        }
    }
}

/// How the random files came out.
#[derive(Default)]
struct Outcomes {
    read: AtomicUsize,
    not_json: AtomicUsize,
    wrong_data: AtomicUsize,
}

#[test]
fn every_file_is_read_or_refused_as_serde_json_would() {
    let file =
        (0..4usize, proptest::collection::vec((any::<usize>(), edit()), 0..3), any::<bool>(), damage());
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
            let json = agree(
                &text,
                json::check(&text).map(|_| ()),
                serde_json::from_str::<IgnoredAny>(&text).map(|_| ()),
                true,
            )?;
            let read =
                agree(&text, json::read::<Scenario>(&text), serde_json::from_str::<Scenario>(&text), false)?;
            let outcome = match (json, read) {
                (_, true) => &outcomes.read,
                (false, _) => &outcomes.not_json,
                (true, false) => &outcomes.wrong_data,
            };
            outcome.fetch_add(1, Ordering::Relaxed);
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
/// by a value of each kind, read as serde_json reads it and, when read, written as it
/// writes it: the random files above find a given field of the advisory's twenty-odd only
/// now and then.
#[test]
fn every_field_changed_in_every_way_is_read_as_serde_json_reads_it() {
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
    let mut compared = 0;
    for base in bases() {
        let mut places = Vec::new();
        pointers(&base, String::new(), &mut places);
        for pick in 0..places.len() {
            for edit in &kinds {
                let mut root = base.clone();
                apply(&mut root, pick, edit);
                let text = serde_json::to_string_pretty(&root).unwrap();
                let read = json::read::<Scenario>(&text);
                if let Ok(scenario) = &read {
                    // Written back as serde_json writes it.
                    assert_eq!(json::write(scenario), serde_json::to_string(scenario).unwrap(), "{text}");
                }
                agree(&text, read, serde_json::from_str::<Scenario>(&text), false)
                    .unwrap_or_else(|e| panic!("{e}"));
                compared += 1;
            }
        }
    }
    assert!(compared > 5_000, "{compared}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn what_we_write_serde_json_reads_and_we_read_back_exactly(
        base in 0..4usize,
        name in any::<String>(),
        caution in prop_oneof![any::<f64>(), typed_decimal()],
        rate in prop_oneof![any::<f64>(), typed_decimal()],
        consoles in any::<u32>(),
    ) {
        let mut s: Scenario = serde_json::from_value(bases().swap_remove(base)).unwrap();
        s.name = name;
        s.capacity.caution = caution;
        s.capacity.consoles = consoles;
        s.capacity.failure_rate_percent = Some(rate);
        let written = json::write(&s);
        let read: Value = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(&read, &serde_json::to_value(&s).unwrap());
        if caution.is_finite() && rate.is_finite() {
            prop_assert_eq!(json::read::<Scenario>(&written).unwrap(), s.clone());
            // Byte for byte serde_json's, pretty or not, whenever each float is written alike
            // (both write the shortest decimal that reads back; of two such, serde_json may
            // write the other one: 1422515774735889.2 for our 1422515774735889.3).
            if [caution, rate].iter().all(|f| json::write(f) == serde_json::to_string(f).unwrap()) {
                prop_assert_eq!(&written, &serde_json::to_string(&s).unwrap());
                prop_assert_eq!(s.to_json(), serde_json::to_string_pretty(&s).unwrap() + "\n");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

    /// Every float reads back exactly and is in serde_json's form: the same exponent, or
    /// none, and as many digits (of two shortest decimals, serde_json may pick the other).
    #[test]
    fn floats_are_written_in_serde_jsons_form(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        let ours = json::to_string(&f).unwrap();
        let theirs = serde_json::to_string(&f).unwrap();
        prop_assert_eq!(ours.parse::<f64>().unwrap().to_bits(), f.to_bits(), "{}", ours);
        let parts = |s: &str| {
            let (mantissa, exponent) = s.split_once('e').map_or((s, ""), |(m, e)| (m, e));
            (mantissa.len(), exponent.to_string())
        };
        prop_assert_eq!(parts(&ours), parts(&theirs), "ours {}, serde_json {}", ours, theirs);
    }
}

#[test]
fn nesting_is_limited_as_serde_json_limits_it() {
    for depth in [126, 127, 128, 129, 10_000] {
        let text = "[".repeat(depth) + &"]".repeat(depth);
        let ours = json::check(&text);
        // serde_json skips an unknown field's value without a limit; we limit that too.
        let theirs = serde_json::from_str::<Value>(&text);
        assert_eq!(ours.is_ok(), theirs.is_ok(), "depth {depth}");
        if let Err(e) = ours {
            assert_eq!(e.category(), json::Category::TooDeep);
        }
    }
}

#[test]
fn numbers_out_of_range_are_refused_where_read_and_passed_where_ignored() {
    let text = serde_json::to_string(&bases().swap_remove(3)).unwrap();
    let at = text.find("\"size_bytes\":").unwrap() + "\"size_bytes\":".len();
    let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    for huge in ["5e17368", "1e400", "-1E+999", "0.5e309"] {
        let text = format!("{}{huge}{}", &text[..at], &text[at + digits..]);
        // serde_json's `IgnoredAny` checks a number's form only; a size read is refused.
        assert!(serde_json::from_str::<IgnoredAny>(&text).is_ok(), "{huge}");
        assert!(json::check(&text).is_ok(), "{huge}");
        let theirs = serde_json::from_str::<Scenario>(&text).unwrap_err();
        let ours = json::read::<Scenario>(&text).unwrap_err();
        assert_eq!((ours.message(), ours.column()), (message(&theirs).as_str(), theirs.column()), "{huge}");
    }
}

#[test]
fn escapes_are_refused_where_serde_json_refuses_them() {
    // A random file found the first: a bad digit was reported where it was, serde_json
    // reports it after the fourth byte, here on the next line.
    for string in [
        "\"t\\ue\",\n\"x\"",
        r#""\u00e9""#,
        r#""\uZZZZ""#,
        r#""\u12""#,
        r#""\u12"#,
        r#""\uDC00""#,
        r#""\uD800""#,
        "\"\\uD800\n\"",
        r#""\uD800\x""#,
        r#""\uD800\u0041""#,
        r#""\uD800\uDC00""#,
        r#""\uD800"#,
        r#""\uD800\"#,
        r#""\uD800\u12"#,
        r#""\uDBFF\uDFFF""#,
    ] {
        let text = format!("[\n  {string}\n]");
        let ours = json::read::<Vec<String>>(&text);
        let theirs = serde_json::from_str::<Vec<String>>(&text);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{string}"),
            (Err(e), Err(f)) => assert_eq!(
                (e.message(), e.line(), e.column()),
                (message(&f).as_str(), f.line(), f.column()),
                "{string}"
            ),
            (ours, theirs) => panic!("{string}: ours {:?}, serde_json {:?}", ours.err(), theirs.err()),
        }
    }
}
