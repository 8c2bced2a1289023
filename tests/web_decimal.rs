//! In the browser, decimals are converted by the browser's `parseFloat` (see
//! `src/decimal.rs`): it must give the very `f64` the standard library gives, for the texts
//! planners type, the texts our JSON writer writes, and texts made to be hard to round.
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
