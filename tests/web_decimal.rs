//! In the browser, decimals are converted by the browser's `parseFloat` (see
//! `src/decimal.rs`): it must give the very `f64` the standard library gives, for the texts
//! planners type, the texts our JSON writer writes, and texts made to be hard to round.
//! And numbers are written from the browser's shortest digits (`String(x)`): they must be
//! the very digits the standard library writes.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn agree(text: &str) {
    let ours = patchcast::decimal::parse(text).map(f64::to_bits);
    let rust = text.parse::<f64>().ok().map(f64::to_bits);
    assert_eq!(ours, rust, "{text:?}");
}

#[wasm_bindgen_test]
fn decimals_convert_in_the_browser_as_in_rust() {
    for text in [
        "1.25",
        "0.1",
        "33",
        "-0",
        "5.",
        ".5",
        "+2",
        "1e-7",
        "1E+16",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "4.9406564584124654e-324",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "0.30000000000000004441",
        "9007199254740993",
        "123456789012345678901234567890",
        "8.98846567431158e307",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.000000000000000111022302462515654042363166809082031",
        "inf",
        "NaN",
        "1e",
        "",
        "0x1",
    ] {
        agree(text);
    }
    // Random decimals: up to 25 digits either side of the point, exponents to ±330, and the
    // shortest forms our writer writes for random bit patterns.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let digits = |n: u64, next: &mut dyn FnMut() -> u64| {
            (0..n).map(|_| char::from(b'0' + (next() % 10) as u8)).collect::<String>()
        };
        let whole = digits(next() % 26, &mut next);
        let fraction = digits(next() % 26, &mut next);
        let exponent = (next() % 661) as i64 - 330;
        agree(&format!("{whole}.{fraction}e{exponent}"));
        agree(&format!("{whole}{fraction}"));
        let f = f64::from_bits(next());
        if f.is_finite() {
            agree(&f.to_string());
            agree(&format!("{f:e}"));
        }
    }
}

/// Random bit patterns, numbers as plans have them (whole, eighths, hundredths, thirds),
/// ties, and the edges.
fn floats() -> impl Iterator<Item = f64> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let random = std::iter::repeat_with(move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        f64::from_bits(seed)
    });
    let everyday =
        (-2_000..2_000).flat_map(|i| [i as f64 / 8.0, i as f64 / 100.0, i as f64 * 37.5, i as f64 / 3.0]);
    let edges = [
        0.0,
        -0.0,
        1e-7,
        1e-5,
        1e15,
        1e16,
        1e21,
        1e22,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    // Halfway between two shortest forms, where the browser and Rust choose differently.
    let ties = (0..2_000u64).flat_map(|i| [0.25, 0.75].map(|f| ((1u64 << 50) + i * 7919) as f64 + f));
    random.take(20_000).chain(everyday).chain(ties).chain(edges)
}

#[wasm_bindgen_test]
fn numbers_are_written_in_the_browser_as_in_rust() {
    use patchcast::decimal::{display, fixed, scientific, Shown};
    for x in floats() {
        assert_eq!(display(x), format!("{x}"), "{x:e}");
        if x.is_finite() {
            // JSON's exponent form: Rust's `{:e}` digits, with a plus on positive exponents.
            let rust = format!("{x:e}");
            let json = match rust.split_once('e') {
                Some((m, e)) if !e.starts_with('-') && e != "0" => format!("{m}e+{e}"),
                _ => rust.clone(),
            };
            assert_eq!(scientific(x), json, "{rust}");
        }
        assert_eq!(format!("{:+}", Shown(x)), format!("{x:+}"), "{x:e}");
        for places in 0..=3 {
            assert_eq!(fixed(x, places), format!("{x:.places$}"), "{x:e} to {places}");
        }
    }
}
