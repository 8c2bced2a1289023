//! Reading a decimal ("1.25", "-3e5", ".5") as the nearest `f64`, for scenario files and
//! for what the planner types.
//!
//! Natively the standard library converts. In the page the browser does (JavaScript's
//! `parseFloat`): the standard library's converter carries a 10 KB table of powers of five,
//! 9 KiB of the page gzipped, while the browser's is already there. Both round to the
//! nearest `f64` (ECMAScript requires it up to 20 significant digits, and the engines do it
//! beyond). Which text is a number is decided here, by the standard library's grammar, so
//! the two accept exactly the same texts; the browser only converts.

/// `text` as an `f64`, if it is one by the grammar of Rust's `str::parse::<f64>`: an
/// optional sign, then digits with an optional point (at least one digit on either side),
/// then an optional exponent (`e` or `E`, an optional sign, digits); or `inf`, `infinity`
/// or `nan` in any case. No spaces.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let word = |w: &str| unsigned.eq_ignore_ascii_case(w);
    if word("inf") || word("infinity") {
        return Some(if negative { f64::NEG_INFINITY } else { f64::INFINITY });
    }
    if word("nan") {
        return Some(f64::NAN);
    }
    let bytes = unsigned.as_bytes();
    let mut at = 0;
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    let mut mantissa_digits = digits(&mut at);
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        mantissa_digits += digits(&mut at);
    }
    if mantissa_digits == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return None;
        }
    }
    (at == bytes.len()).then(|| convert(text))
}

/// Converts text that [`parse`] has found to be a decimal.
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
fn convert(decimal: &str) -> f64 {
    js_sys::parse_float(decimal)
}

#[cfg(not(all(target_arch = "wasm32", feature = "ui")))]
fn convert(decimal: &str) -> f64 {
    decimal.parse().unwrap_or(f64::NAN)
}

// Native only: serde_json and proptest are native test tools (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_grammar_is_the_standard_librarys() {
        for text in [
            "0",
            "1.25",
            "-3e5",
            ".5",
            "5.",
            "+1",
            "1E-7",
            "1e+3",
            "inf",
            "-Infinity",
            "NaN",
            "00.1",
            "",
            ".",
            "-",
            "e5",
            "1e",
            "1e+",
            " 1",
            "1 ",
            "1,5",
            "0x10",
            "1.2.3",
            "--1",
            "+-1",
            "in",
            "infinit",
            "1_000",
        ] {
            let ours = parse(text);
            let std = text.parse::<f64>().ok();
            assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn every_text_is_read_as_the_standard_library_reads_it(text in "[-+]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][-+]?[0-9]{1,3})?|[-+.0-9eE]{0,8}") {
            prop_assert_eq!(parse(&text).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{:?}", text);
        }
    }
}
