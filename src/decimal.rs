//! Reading a decimal ("1.25", "-3e5", ".5") as the nearest `f64`, for scenario files and
//! for what the planner types, and writing one back.
//!
//! Natively the standard library converts. In the page the browser does (JavaScript's
//! `parseFloat`): the standard library's converter carries a 10 KB table of powers of five,
//! 9 KiB of the page gzipped, while the browser's is already there. Both round to the
//! nearest `f64` (ECMAScript requires it up to 20 significant digits, and the engines do it
//! beyond). Which text is a number is decided here, by the standard library's grammar, so
//! the two accept exactly the same texts; the browser only converts.
//!
//! Writing is the same bargain. The standard library's float formatting (Grisu with a
//! Dragon fallback, its bignums and power tables) is 14 KB of the page; here the browser
//! gives the shortest digits that read back exactly (JavaScript's `String(x)`, which the
//! standard requires to be the shortest and closest), and decimals to a fixed number of
//! places are worked out exactly with a few lines of whole-number arithmetic. Both write
//! what `format!("{x}")` and `format!("{x:.2}")` write, digit for digit (tested against
//! them natively and in the browser tests).

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

/// The shortest decimal digits that read back as `x` (finite, not negative), and where
/// the point goes: `x` = 0.`digits` × 10^`point`. Zero is `("0", 1)`.
fn shortest(x: f64) -> (String, i32) {
    let written = shortest_scientific(x);
    // `d.ddde±n` (JavaScript writes small and large numbers so), or `ddd.ddd`.
    let (mantissa, exponent) = match written.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i64>().map_or(0, |e| e as i32)),
        None => (written.as_str(), 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{whole}{fraction}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    if digits.is_empty() {
        return ("0".into(), 1);
    }
    let point = whole.len() as i32 - leading as i32 + exponent;
    (ties_away_from_zero(x, digits.into(), point), point)
}

/// The shortest digits as Rust chooses them when `x` lies exactly halfway between two
/// candidates that both read back as `x` (1,149,636,667,324,797.25: `…797.2` and `…797.3`):
/// JavaScript takes the even one, Rust the one further from zero. Other digits are kept.
fn ties_away_from_zero(x: f64, mut digits: String, point: i32) -> String {
    // The last digit counts 10^last; halfway lies one digit further: d5 × 10^(last - 1).
    let last = point - digits.len() as i32;
    let places = (1 - last).max(0) as usize;
    let (mantissa, exponent) = parts(x);
    // Halfway has `places` decimals, so x must be exact with that many.
    let exact = exponent >= 0 || mantissa.trailing_zeros() as i32 + places as i32 >= -exponent;
    if !exact || digits.ends_with('9') {
        return digits;
    }
    let mut halfway = format!("{digits}5");
    halfway.extend(std::iter::repeat_n('0', (last - 1).max(0) as usize));
    if fixed(x, places).replace('.', "").trim_start_matches('0') == halfway {
        let up = digits.pop().map_or(b'1', |d| d as u8 + 1);
        digits.push(char::from(up));
    }
    digits
}

/// `x` (finite) as mantissa × 2^exponent, exactly.
fn parts(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let stored = (bits >> 52 & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if stored == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, stored - 1075)
    }
}

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
fn shortest_scientific(x: f64) -> String {
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        /// JavaScript's `String(x)`: the shortest digits that read back as `x`.
        #[wasm_bindgen(js_name = String)]
        fn js_string(x: f64) -> String;
    }
    js_string(x)
}

#[cfg(not(all(target_arch = "wasm32", feature = "ui")))]
fn shortest_scientific(x: f64) -> String {
    format!("{x:e}")
}

/// NaN and the infinities as the standard library writes them.
fn special(x: f64) -> Option<String> {
    match x {
        _ if x.is_nan() => Some("NaN".into()),
        f64::INFINITY => Some("inf".into()),
        f64::NEG_INFINITY => Some("-inf".into()),
        _ => None,
    }
}

/// `x` as `format!("{x}")` writes it: the shortest digits that read back as `x`, every one
/// of them, never an exponent (`0.0000001`, `1000000000000000000000`, `-0`).
pub fn display(x: f64) -> String {
    if let Some(text) = special(x) {
        return text;
    }
    let (digits, point) = shortest(x.abs());
    let mut out = String::from(if x.is_sign_negative() { "-" } else { "" });
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(&digits);
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

/// `x` in the exponent form JSON writers use for very small and very large numbers:
/// `1e-7`, `-1.5e+16`.
pub fn scientific(x: f64) -> String {
    if let Some(text) = special(x) {
        return text;
    }
    let (digits, point) = shortest(x.abs());
    let exponent = point - 1;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (first, rest) = digits.split_at(1);
    let dot = if rest.is_empty() { "" } else { "." };
    let plus = if exponent > 0 { "+" } else { "" };
    format!("{sign}{first}{dot}{rest}e{plus}{exponent}")
}

/// `x` with `places` decimals, as `format!("{x:.places$}")` writes it: rounded from the
/// exact value of `x`, a tie to the even neighbour (`0.125` → `0.12`), the sign kept on
/// what rounds to zero (`-0.01` → `-0.0`).
pub fn fixed(x: f64, places: usize) -> String {
    if let Some(text) = special(x) {
        return text;
    }
    let (mantissa, exponent) = parts(x);
    // N = x × 10^places, in base 10⁹ (least significant first), rounded half to even.
    let mut n = Big::from(mantissa);
    for _ in 0..places {
        n.mul_add(10, 0);
    }
    if exponent >= 0 {
        for _ in 0..exponent {
            n.mul_add(2, 0);
        }
    } else {
        // Halve -exponent times, keeping the last bit shifted out (a half) and whether any
        // before it was set (more than a half, or less).
        let (mut half, mut below) = (false, false);
        for _ in 0..-exponent {
            below |= half;
            half = n.halve();
        }
        if half && (below || n.is_odd()) {
            n.mul_add(1, 1);
        }
    }
    let mut digits = n.to_string();
    if digits.len() <= places {
        digits.insert_str(0, &"0".repeat(places + 1 - digits.len()));
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (whole, decimals) = digits.split_at(digits.len() - places);
    let dot = if places == 0 { "" } else { "." };
    format!("{sign}{whole}{dot}{decimals}")
}

/// An `f64` written as `Display` writes it, `{}` by [`display`] and `{:.2}` by [`fixed`],
/// with a sign on positive numbers too for `{:+}` (no widths: nothing here pads a number).
#[derive(Clone, Copy)]
pub struct Shown(pub f64);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if f.sign_plus() && !self.0.is_sign_negative() && !self.0.is_nan() {
            f.write_str("+")?;
        }
        f.write_str(&match f.precision() {
            Some(places) => fixed(self.0, places),
            None => display(self.0),
        })
    }
}

/// A whole number of any size, in base 10⁹, least significant part first.
struct Big(Vec<u32>);

const BASE: u64 = 1_000_000_000;

impl Big {
    fn from(n: u64) -> Self {
        Big(vec![(n % BASE) as u32, (n / BASE % BASE) as u32, (n / BASE / BASE) as u32])
    }

    /// self = self × factor + add.
    fn mul_add(&mut self, factor: u64, add: u64) {
        let mut carry = add;
        for part in &mut self.0 {
            let v = u64::from(*part) * factor + carry;
            *part = (v % BASE) as u32;
            carry = v / BASE;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// self = self / 2; whether a 1 was shifted out.
    fn halve(&mut self) -> bool {
        let mut rest = 0;
        for part in self.0.iter_mut().rev() {
            let v = rest * BASE + u64::from(*part);
            *part = (v / 2) as u32;
            rest = v % 2;
        }
        rest == 1
    }

    fn is_odd(&self) -> bool {
        self.0[0] % 2 == 1
    }
}

impl std::fmt::Display for Big {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = self.0.iter().rev().skip_while(|p| **p == 0).peekable();
        let Some(first) = parts.next() else { return f.write_str("0") };
        write!(f, "{first}")?;
        parts.try_for_each(|p| write!(f, "{p:09}"))
    }
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

    #[test]
    fn writes_as_the_standard_library_writes() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.125,
            0.375,
            2.5,
            3.5,
            -2.5,
            1.25,
            0.05,
            0.15,
            1e-7,
            1.5e16,
            1e21,
            1e22,
            123456789.125,
            9.999,
            0.001,
            0.0005,
            -0.01,
            1e300,
            -1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            0.1 + 0.2,
            1.0 / 3.0,
            99.95,
            2.675,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(display(x), format!("{x}"), "{x:e}");
            for places in 0..=4 {
                assert_eq!(fixed(x, places), format!("{x:.places$}"), "{x:e} to {places}");
            }
        }
        assert_eq!(format!("{:.1} %", Shown(12.25)), "12.2 %");
        assert_eq!(format!("({})", Shown(-0.5)), "(-0.5)");
        for x in [0.0, -0.0, 1.25, -1.25, 0.04, -0.04, f64::INFINITY, f64::NAN] {
            assert_eq!(format!("{:+.1} {:+}", Shown(x), Shown(x)), format!("{x:+.1} {x:+}"));
        }
        // What the browser gives for a value halfway between two shortest forms, and for
        // values that are not.
        assert_eq!(
            ties_away_from_zero(1_149_636_667_324_797_f64 + 0.25, "11496366673247972".into(), 16),
            "11496366673247973"
        );
        assert_eq!(
            ties_away_from_zero(1_149_636_667_324_797_f64 + 0.75, "11496366673247978".into(), 16),
            "11496366673247978"
        );
        assert_eq!(ties_away_from_zero(0.5, "5".into(), 0), "5");
        assert_eq!(ties_away_from_zero(2.5, "25".into(), 1), "25");
        assert_eq!(scientific(1e-7), "1e-7");
        assert_eq!(scientific(-1.5e16), "-1.5e+16");
        assert_eq!(scientific(1.25e-5), "1.25e-5");
    }

    proptest! {
        #[test]
        fn every_float_is_written_as_the_standard_library_writes_it(bits in any::<u64>(), places in 0usize..6) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(display(x), format!("{x}"));
            prop_assert_eq!(fixed(x, places), format!("{x:.places$}"));
        }

        #[test]
        fn every_everyday_float_is_written_as_the_standard_library_writes_it(whole in -100_000i64..100_000, eighths in 0i64..8, hundredths in 0i64..100, places in 0usize..4) {
            for x in [whole as f64 + eighths as f64 / 8.0, whole as f64 + hundredths as f64 / 100.0] {
                prop_assert_eq!(display(x), format!("{x}"));
                prop_assert_eq!(fixed(x, places), format!("{x:.places$}"));
            }
        }

        #[test]
        fn every_text_is_read_as_the_standard_library_reads_it(text in "[-+]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][-+]?[0-9]{1,3})?|[-+.0-9eE]{0,8}") {
            prop_assert_eq!(parse(&text).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{:?}", text);
        }
    }
}
