//! JSON for scenario files, links, storage and exports.
//!
//! The scenario's types are read and written by hand ([`FromJson`], [`ToJson`]): one
//! `object!`, `choices!` or `via!` line beside each type lists its fields or names. serde's
//! derived code, even on a reader and writer of our own, cost the page 12 KiB (gzip), each
//! struct's field visitor, slots and messages made anew. These read and write exactly what
//! serde's derived code does (the `#[serde]` attributes stay on the types as the
//! specification, and `tests/json_vs_serde_json.rs` compares every answer, message,
//! position and written file with serde_json's through them), and word problems as serde
//! does, which `scenario::file_problem` turns into a planner's words. The exports the
//! command line writes (plans, solutions) still go through serde, on [`to_string`].
//!
//! The reader accepts exactly RFC 8259 JSON, nested at most 127 levels deep as serde_json
//! allows, and reports errors with serde_json's line and column, from which
//! `scenario::file_problem` finds a field's path; except that an error found after a list's
//! element stays on that element (serde_json's moved past the next comma, naming the next
//! element).

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use serde::ser::{self, Serialize};

/// One more than the deepest nesting of lists and objects read (serde_json's limit: 127
/// levels).
const MAX_DEPTH: usize = 128;

/// What kind of problem an [`Error`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// The text is not JSON.
    Syntax,
    /// The text stops in the middle of a value.
    Eof,
    /// Lists and objects nest deeper than [`MAX_DEPTH`].
    TooDeep,
    /// JSON, but not of the shape the reader wanted (serde's messages).
    Data,
}

/// A problem reading or writing JSON, with where it was found (1-based line; the column
/// counts the bytes of that line read so far, as serde_json's does).
/// Boxed, so that a `Result` carrying one is small to pass back: the readers pass every
/// value up through many of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<Details>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Details {
    message: String,
    category: Category,
    line: usize,
    column: usize,
}

impl Error {
    fn new(category: Category, message: impl Display) -> Self {
        Error(Box::new(Details { message: message.to_string(), category, line: 0, column: 0 }))
    }

    /// A value that is JSON but not what the type takes, in serde's words (the page's
    /// `file_problem` reads them): `missing field `hosts``, `field `x` does not belong …`.
    pub fn data(message: impl Display) -> Self {
        Error::new(Category::Data, message)
    }

    pub fn category(&self) -> Category {
        self.0.category
    }

    pub fn line(&self) -> usize {
        self.0.line
    }

    pub fn column(&self) -> usize {
        self.0.column
    }

    /// The message alone, without the position.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Details { message, line, column, .. } = &*self.0;
        if *line == 0 {
            f.write_str(message)
        } else {
            write!(f, "{message} at line {line} column {column}")
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::data(message)
    }
}

/// What a value of the wrong kind was, named as serde names it (`string "x"`, `integer
/// `5``), but as JSON writes it where serde names Rust's (`null`, not `unit value`;
/// `1e-7`, not `0.0000001`): the page quotes it back to the planner.
enum Got<'a> {
    Null,
    Bool(bool),
    Str(&'a str),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    List,
    Object,
    UnitVariant,
}

impl Display for Got<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Got::Null => f.write_str("null"),
            Got::Bool(b) => write!(f, "boolean `{b}`"),
            Got::Str(s) => write!(f, "string {s:?}"),
            Got::Unsigned(n) => write!(f, "integer `{n}`"),
            Got::Signed(n) => write!(f, "integer `{n}`"),
            Got::Float(v) => {
                let mut written = String::new();
                write_float(&mut written, *v);
                write!(f, "floating point `{written}`")
            }
            Got::List => f.write_str("sequence"),
            Got::Object => f.write_str("map"),
            Got::UnitVariant => f.write_str("unit variant"),
        }
    }
}

fn invalid_type(got: Got, expected: &str) -> Error {
    Error::data(format_args!("invalid type: {got}, expected {expected}"))
}

fn invalid_value(got: Got, expected: &str) -> Error {
    Error::data(format_args!("invalid value: {got}, expected {expected}"))
}

/// `unknown field `x`, expected one of `a`, `b`, `c`` (or `` `a` or `b` ``, or `` `a` ``),
/// as serde says it.
fn unknown(what: &str, got: &str, names: &[&str]) -> Error {
    let mut message = format!("unknown {what} `{got}`, ");
    match names {
        [] => message.push_str(&format!("there are no {what}s")),
        [one] => message.push_str(&format!("expected `{one}`")),
        [a, b] => message.push_str(&format!("expected `{a}` or `{b}`")),
        _ => {
            message.push_str("expected one of ");
            for (i, name) in names.iter().enumerate() {
                message.push_str(if i == 0 { "`" } else { ", `" });
                message.push_str(name);
                message.push('`');
            }
        }
    }
    Error::data(message)
}

/// A finite float as serde_json writes it: the shortest decimal that reads back exactly,
/// as `1.0` when whole, and as `1e-7` or `1.5e+16` outside 0.00001 ≤ |x| < 10¹⁶.
fn write_float(out: &mut String, f: f64) {
    if f == 0.0 || (1e-5..1e16).contains(&f.abs()) {
        let written = crate::decimal::display(f);
        let whole = !written.contains('.');
        out.push_str(&written);
        if whole {
            out.push_str(".0");
        }
    } else {
        out.push_str(&crate::decimal::scientific(f));
    }
}

/// What [`Reader::fields`] does with a key it was not given: refuse it, as serde's
/// `deny_unknown_fields` does, or read past it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Others {
    Refused,
    Skipped,
}

/// A type read from JSON by hand, as its `#[derive(Deserialize)]` would read it.
pub trait FromJson: Sized {
    fn read(reader: &mut Reader<'_>) -> Result<Self, Error>;
}

/// Reads a `T` from JSON text: one value, with nothing but whitespace after it.
pub fn read<T: FromJson>(text: &str) -> Result<T, Error> {
    let mut reader = Reader { text, at: 0, depth: MAX_DEPTH };
    let value = T::read(&mut reader).and_then(|value| match reader.peek() {
        None => Ok(value),
        Some(_) => Err(reader.syntax_here("trailing characters")),
    });
    // A data error has no position: it is where the reading stopped, since nothing reads
    // on after an error.
    value.map_err(|error| reader.place(error, reader.at))
}

/// Checks that `text` is one JSON value, whatever it holds.
pub fn check(text: &str) -> Result<(), Error> {
    read::<Any>(text).map(drop)
}

/// Any JSON value, read past.
struct Any;

impl FromJson for Any {
    fn read(reader: &mut Reader<'_>) -> Result<Self, Error> {
        reader.skip().map(|()| Any)
    }
}

/// A number as written: JSON does not say which Rust type it is for.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    fn got(&self) -> Got<'static> {
        match *self {
            Number::Unsigned(n) => Got::Unsigned(n),
            Number::Signed(n) => Got::Signed(n),
            Number::Float(v) => Got::Float(v),
        }
    }
}

/// Reads JSON text from its start, for [`FromJson`] implementations.
pub struct Reader<'a> {
    text: &'a str,
    /// The byte offset of the next byte to read.
    at: usize,
    /// How many more lists and objects may open.
    depth: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes().get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Gives `error` the line and column of byte offset `at`, unless it has one.
    fn place(&self, mut error: Error, at: usize) -> Error {
        if error.0.line == 0 {
            let before = &self.text.as_bytes()[..at.min(self.text.len())];
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            error.0.line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
            error.0.column = at - line_start;
        }
        error
    }

    /// A syntax error at the byte about to be read (counted in the column, as serde_json
    /// counts a byte it peeked at), or the end of the text if there is none.
    fn syntax_here(&mut self, message: &str) -> Error {
        match self.peek() {
            None => self.place(Error::new(Category::Eof, "EOF while parsing a value"), self.at),
            Some(_) => self.place(Error::new(Category::Syntax, message), self.at + 1),
        }
    }

    fn expect(&mut self, byte: u8, message: &str) -> Result<(), Error> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.syntax_here(message))
        }
    }

    /// The rest of `null`, `true` or `false`, whose first letter has been read.
    fn word(&mut self, rest: &[u8]) -> Result<(), Error> {
        for &expected in rest {
            match self.bytes().get(self.at) {
                Some(&b) if b == expected => self.at += 1,
                Some(_) => {
                    return Err(self.place(Error::new(Category::Syntax, "expected ident"), self.at + 1))
                }
                None => return Err(self.syntax_here("")),
            }
        }
        Ok(())
    }

    /// A string's contents after its opening quote, borrowed from the text unless it holds
    /// escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        let text = self.text;
        let bytes = text.as_bytes();
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let Some(&b) = bytes.get(self.at) else {
                return Err(self.place(Error::new(Category::Eof, "EOF while parsing a string"), self.at));
            };
            match b {
                b'"' => {
                    let tail = &text[run..self.at];
                    self.at += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&text[run..self.at]);
                    self.at += 1;
                    let escaped = bytes.get(self.at).copied();
                    self.at += 1;
                    let c = match escaped {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        Some(_) => {
                            return Err(self.place(Error::new(Category::Syntax, "invalid escape"), self.at))
                        }
                        None => {
                            return Err(
                                self.place(Error::new(Category::Eof, "EOF while parsing a string"), self.at)
                            )
                        }
                    };
                    s.push(c);
                    run = self.at;
                }
                0..=0x1f => {
                    return Err(self.place(
                        Error::new(Category::Syntax, "control character found while parsing a string"),
                        self.at,
                    ))
                }
                _ => self.at += 1,
            }
        }
    }

    /// The character of a `\uXXXX` escape (its `\u` read), joining a surrogate pair. Each
    /// error is serde_json's, at its position: a lone trailing surrogate is called a
    /// leading one, as serde_json calls it, and a leading surrogate followed by anything
    /// but `\u` ends the escape after that byte.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let high = self.hex4()?;
        if (0xDC00..0xE000).contains(&high) {
            return Err(self.lone_surrogate());
        }
        if !(0xD800..0xDC00).contains(&high) {
            // Outside the surrogates, every value of four hex digits is a character.
            return Ok(char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        for expected in [b'\\', b'u'] {
            match self.bytes().get(self.at) {
                Some(&b) => {
                    self.at += 1;
                    if b != expected {
                        let error = Error::new(Category::Syntax, "unexpected end of hex escape");
                        return Err(self.place(error, self.at));
                    }
                }
                None => {
                    return Err(self.place(Error::new(Category::Eof, "EOF while parsing a string"), self.at))
                }
            }
        }
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.lone_surrogate());
        }
        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn lone_surrogate(&self) -> Error {
        self.place(Error::new(Category::Syntax, "lone leading surrogate in hex escape"), self.at)
    }

    /// Four hex digits. As serde_json does, all four bytes are taken before any is looked
    /// at, so a bad one is reported after the fourth (on the next line, if that is a line
    /// break), and fewer than four left is the text ending.
    fn hex4(&mut self) -> Result<u32, Error> {
        let Some(four) = self.bytes().get(self.at..self.at + 4) else {
            self.at = self.text.len();
            return Err(self.place(Error::new(Category::Eof, "EOF while parsing a string"), self.at));
        };
        self.at += 4;
        let value = four.iter().try_fold(0, |value, &b| Some(value * 16 + (b as char).to_digit(16)?));
        value.ok_or_else(|| self.place(Error::new(Category::Syntax, "invalid escape"), self.at))
    }

    /// A number, its first byte (`-` or a digit) not yet read. Whole numbers that fit are
    /// read as integers (negative zero and those below `i64::MIN` as floats, as serde_json
    /// reads them); decimals by [`crate::decimal::parse`], which rounds exactly.
    fn number(&mut self) -> Result<Number, Error> {
        let start = self.at;
        let (int_start, whole) = self.number_syntax()?;
        let negative = int_start > start;
        let written = &self.text[start..self.at];
        if whole {
            if let Ok(n) = self.text[int_start..self.at].parse::<u64>() {
                if !negative {
                    return Ok(Number::Unsigned(n));
                }
                let negated = (n as i64).wrapping_neg();
                if negated < 0 {
                    return Ok(Number::Signed(negated));
                }
            }
        }
        match crate::decimal::parse(written) {
            Some(f) if f.is_finite() => Ok(Number::Float(f)),
            _ => Err(self.place(Error::new(Category::Syntax, "number out of range"), self.at)),
        }
    }

    /// Reads past a number's text, its first byte (`-` or a digit) not yet read, checking
    /// only its form: where its digits start and whether it is whole (no fraction, no
    /// exponent). A value read past is not range-checked, as serde_json does not check one
    /// it ignores (`1e400` in an ignored field is no error).
    fn number_syntax(&mut self) -> Result<(usize, bool), Error> {
        let bytes = self.bytes();
        if bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let digits = |reader: &mut Self| -> Result<(), Error> {
            let first = reader.at;
            while bytes.get(reader.at).is_some_and(u8::is_ascii_digit) {
                reader.at += 1;
            }
            if reader.at == first {
                // Even at the end of the text: a number cut short is not a number.
                let at = reader.at + usize::from(reader.at < bytes.len());
                return Err(reader.place(Error::new(Category::Syntax, "invalid number"), at));
            }
            Ok(())
        };
        let int_start = self.at;
        digits(self)?;
        if bytes[int_start] == b'0' && self.at - int_start > 1 {
            return Err(self.place(Error::new(Category::Syntax, "invalid number"), int_start + 2));
        }
        let mut whole = true;
        if bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            digits(self)?;
            whole = false;
        }
        if matches!(bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            digits(self)?;
            whole = false;
        }
        Ok((int_start, whole))
    }

    /// Reads past one value of any kind.
    fn skip(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'[') => {
                self.descend()?;
                let mut first = true;
                while self.next_element(&mut first)? {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'{') => {
                self.descend()?;
                let mut first = true;
                while self.next_key(&mut first)? {
                    self.string()?;
                    self.expect(b':', "expected `:`")?;
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => self.number_syntax().map(drop),
            _ => self.scalar().map(drop),
        }
    }

    /// One value that is not a list or object.
    fn scalar(&mut self) -> Result<Scalar<'a>, Error> {
        Ok(match self.peek() {
            Some(b'n') => {
                self.at += 1;
                self.word(b"ull")?;
                Scalar::Null
            }
            Some(b't') => {
                self.at += 1;
                self.word(b"rue")?;
                Scalar::Bool(true)
            }
            Some(b'f') => {
                self.at += 1;
                self.word(b"alse")?;
                Scalar::Bool(false)
            }
            Some(b'"') => {
                self.at += 1;
                Scalar::String(self.string()?)
            }
            Some(b'-' | b'0'..=b'9') => Scalar::Number(self.number()?),
            _ => return Err(self.syntax_here("expected value")),
        })
    }

    /// The error for a value that is not the `expected` kind. A scalar is read first and a
    /// list or object is not, so the error's position is where serde_json puts it: after a
    /// scalar, before a bracket.
    fn wrong_kind(&mut self, expected: &str) -> Error {
        let got = match self.peek() {
            Some(b'[') => Got::List,
            Some(b'{') => Got::Object,
            _ => match self.scalar() {
                Err(e) => return e,
                Ok(Scalar::Null) => Got::Null,
                Ok(Scalar::Bool(b)) => Got::Bool(b),
                Ok(Scalar::String(s)) => return invalid_type(Got::Str(&s), expected),
                Ok(Scalar::Number(n)) => n.got(),
            },
        };
        invalid_type(got, expected)
    }

    /// Opens the list or object whose bracket is the next byte: one level deeper.
    fn descend(&mut self) -> Result<(), Error> {
        self.at += 1;
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.place(Error::new(Category::TooDeep, "recursion limit exceeded"), self.at));
        }
        Ok(())
    }

    /// Reads the closing bracket of the list or object being read: one level up.
    fn ascend(&mut self) {
        self.at += 1;
        self.depth += 1;
    }

    /// Moves to a list's next element; false once its closing `]` is read.
    fn next_element(&mut self, first: &mut bool) -> Result<bool, Error> {
        match self.peek() {
            Some(b']') => {
                self.ascend();
                return Ok(false);
            }
            Some(b',') if !*first => {
                self.at += 1;
                if self.peek() == Some(b']') {
                    return Err(self.syntax_here("trailing comma"));
                }
            }
            Some(_) if *first => {}
            _ => return Err(self.syntax_here("expected `,` or `]`")),
        }
        *first = false;
        Ok(true)
    }

    /// Moves past the opening quote of an object's next key; false once its closing `}` is
    /// read (so that a missing field is reported after the object, where serde_json
    /// reports it).
    fn next_key(&mut self, first: &mut bool) -> Result<bool, Error> {
        match self.peek() {
            Some(b'}') => {
                self.ascend();
                return Ok(false);
            }
            Some(b',') if !*first => self.at += 1,
            Some(_) if *first => {}
            _ => return Err(self.syntax_here("expected `,` or `}`")),
        }
        *first = false;
        match self.peek() {
            Some(b'"') => {
                self.at += 1;
                Ok(true)
            }
            Some(b'}') => Err(self.syntax_here("trailing comma")),
            _ => Err(self.syntax_here("key must be a string")),
        }
    }

    /// Reads a value of type `T`.
    pub fn value<T: FromJson>(&mut self) -> Result<T, Error> {
        T::read(self)
    }

    /// Reads an object whose keys are `names` (a struct's fields, `expected` naming it as
    /// serde does: `struct Group`), calling `each` with the index of each key to read its
    /// value. A repeated key is an error, and so is one not in `names` unless `others` are
    /// [`Others::Skipped`].
    pub fn fields(
        &mut self,
        expected: &str,
        names: &[&str],
        others: Others,
        each: &mut dyn FnMut(&mut Self, usize) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if self.peek() != Some(b'{') {
            return Err(self.wrong_kind(expected));
        }
        self.descend()?;
        debug_assert!(names.len() <= 64, "one bit a field in `seen`");
        let (mut first, mut seen) = (true, 0u64);
        while self.next_key(&mut first)? {
            let key = self.string()?;
            match names.iter().position(|name| *name == key) {
                Some(i) if seen & (1 << i) != 0 => {
                    return Err(Error::data(format_args!("duplicate field `{}`", names[i])))
                }
                Some(i) => {
                    seen |= 1 << i;
                    self.expect(b':', "expected `:`")?;
                    each(self, i)?;
                }
                None if others == Others::Skipped => {
                    self.expect(b':', "expected `:`")?;
                    self.skip()?;
                }
                None => return Err(unknown("field", &key, names)),
            }
        }
        Ok(())
    }

    /// The value of a field read into `slot`, or serde's error for a missing one.
    pub fn need<T>(&self, slot: Option<T>, name: &str) -> Result<T, Error> {
        slot.ok_or_else(|| Error::data(format_args!("missing field `{name}`")))
    }

    /// Reads an enum's variant as serde's derived code does: `"name"`, or an object with
    /// the name as its one key. Returns the index of the name in `names`, and whether it
    /// was a key (its value is to be read next, then [`Reader::end_variant`]).
    fn variant(&mut self, expected: &str, names: &[&str]) -> Result<(usize, bool), Error> {
        let keyed = match self.peek() {
            Some(b'"') => false,
            Some(b'{') => {
                self.descend()?;
                if self.peek() != Some(b'"') {
                    return Err(self.syntax_here("key must be a string"));
                }
                true
            }
            _ => return Err(self.wrong_kind(expected)),
        };
        self.at += 1;
        let name = self.string()?;
        let index = names.iter().position(|n| *n == name).ok_or_else(|| unknown("variant", &name, names))?;
        if keyed {
            self.expect(b':', "expected `:`")?;
        }
        Ok((index, keyed))
    }

    fn end_variant(&mut self) -> Result<(), Error> {
        self.expect(b'}', "expected `}`")?;
        self.depth += 1;
        Ok(())
    }

    /// One of an enum's unit variants `names` (`"low"`, or `{"low": null}`): its index.
    pub fn choice(&mut self, expected: &str, names: &[&str]) -> Result<usize, Error> {
        let (index, keyed) = self.variant(expected, names)?;
        if keyed {
            if self.peek() != Some(b'n') {
                return Err(self.wrong_kind("unit"));
            }
            self.scalar()?;
            self.end_variant()?;
        }
        Ok(index)
    }

    /// One of an enum's variants `names` that each hold a value (`{"hosts": 5}`), read by
    /// `read` with the variant's index.
    pub fn variant_value<T>(
        &mut self,
        expected: &str,
        names: &[&str],
        read: impl FnOnce(&mut Self, usize) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let (index, keyed) = self.variant(expected, names)?;
        if !keyed {
            return Err(invalid_type(Got::UnitVariant, "newtype variant"));
        }
        let value = read(self, index)?;
        self.end_variant()?;
        Ok(value)
    }

    /// A number, or serde's error for what is there instead (`expected` names the type).
    fn number_for(&mut self, expected: &str) -> Result<Number, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.wrong_kind(expected)),
        }
    }
}

enum Scalar<'a> {
    Null,
    Bool(bool),
    String(Cow<'a, str>),
    Number(Number),
}

/// Whole numbers, read as serde reads them: from any JSON integer in range.
macro_rules! integers {
    ($($t:ident)*) => {$(
        impl FromJson for $t {
            fn read(reader: &mut Reader<'_>) -> Result<Self, Error> {
                let expected = stringify!($t);
                match reader.number_for(expected)? {
                    Number::Unsigned(n) => $t::try_from(n).map_err(|_| invalid_value(Got::Unsigned(n), expected)),
                    Number::Signed(n) => $t::try_from(n).map_err(|_| invalid_value(Got::Signed(n), expected)),
                    Number::Float(v) => Err(invalid_type(Got::Float(v), expected)),
                }
            }
        }
    )*};
}

integers! { u16 u32 u64 i16 i64 }

impl FromJson for f64 {
    fn read(reader: &mut Reader<'_>) -> Result<Self, Error> {
        Ok(match reader.number_for("f64")? {
            Number::Unsigned(n) => n as f64,
            Number::Signed(n) => n as f64,
            Number::Float(v) => v,
        })
    }
}

impl FromJson for bool {
    fn read(reader: &mut Reader<'_>) -> Result<Self, Error> {
        let value = match reader.peek() {
            Some(b't') => true,
            Some(b'f') => false,
            _ => return Err(reader.wrong_kind("a boolean")),
        };
        reader.at += 1;
        reader.word(if value { b"rue" } else { b"alse" })?;
        Ok(value)
    }
}

impl FromJson for String {
    fn read(reader: &mut Reader<'_>) -> Result<Self, Error> {
        if reader.peek() != Some(b'"') {
            return Err(reader.wrong_kind("a string"));
        }
        reader.at += 1;
        reader.string().map(Cow::into_owned)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, Error> {
        if reader.peek() == Some(b'n') {
            reader.scalar()?;
            return Ok(None);
        }
        T::read(reader).map(Some)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, Error> {
        if reader.peek() != Some(b'[') {
            return Err(reader.wrong_kind("a sequence"));
        }
        reader.descend()?;
        let (mut first, mut items) = (true, Vec::new());
        while reader.next_element(&mut first)? {
            items.push(T::read(reader)?);
        }
        Ok(items)
    }
}

/// Implements [`FromJson`] and [`ToJson`] for a struct read from an object with these
/// fields, each `required`, `optional` (an `Option`, `None` when absent), `default` (its
/// type's default when absent) or `or(value)`: what serde's derive reads with
/// `deny_unknown_fields` and these fields plain, `Option`, `#[serde(default)]` or
/// `#[serde(default = …)]`. Fields are written in this order, those marked `if_any` only
/// when not empty or `None`. `expected` is what serde calls the struct: `"struct Group"`.
macro_rules! json_object {
    ($ty:ident $expected:literal {
        $($field:ident: $how:ident $(($default:expr))? $($if_any:ident)?),* $(,)?
    }) => {
        impl $crate::json::FromJson for $ty {
            fn read(reader: &mut $crate::json::Reader<'_>) -> Result<Self, $crate::json::Error> {
                $(let mut $field = None;)*
                let names = &[$(stringify!($field)),*];
                reader.fields($expected, names, $crate::json::Others::Refused, &mut |reader, index| {
                    let mut at = 0;
                    $(
                        if index == at {
                            $field = Some(reader.value()?);
                        }
                        at += 1;
                    )*
                    let _ = at;
                    Ok(())
                })?;
                Ok($ty { $($field: $crate::json::object!(@take reader $field $how $(($default))?),)* })
            }
        }

        impl $crate::json::ToJson for $ty {
            fn write(&self, out: &mut String) {
                let mut object = $crate::json::ObjectWriter::new(out);
                $(
                    if !$crate::json::object!(@skip (self.$field) $($if_any)?) {
                        object.field(stringify!($field), &self.$field);
                    }
                )*
                object.end();
            }
        }
    };
    (@take $reader:ident $field:ident required) => { $reader.need($field, stringify!($field))? };
    (@take $reader:ident $field:ident optional) => { $field.flatten() };
    (@take $reader:ident $field:ident default) => { $field.unwrap_or_default() };
    (@take $reader:ident $field:ident or($default:expr)) => { $field.unwrap_or($default) };
    (@skip ($value:expr)) => { false };
    (@skip ($value:expr) if_any) => { $crate::json::ToJson::is_none_or_empty(&$value) };
}

/// Implements [`FromJson`] and [`ToJson`] for an enum of unit variants, each read from
/// and written as its name: `json::choices!(Day "enum Day" { Mon "mon", Tue "tue" })`.
macro_rules! json_choices {
    ($ty:ident $expected:literal { $($variant:ident $name:literal),* $(,)? }) => {
        impl $crate::json::FromJson for $ty {
            fn read(reader: &mut $crate::json::Reader<'_>) -> Result<Self, $crate::json::Error> {
                let index = reader.choice($expected, &[$($name),*])?;
                Ok([$($ty::$variant),*][index])
            }
        }

        impl $crate::json::ToJson for $ty {
            fn write(&self, out: &mut String) {
                let name: &str = match self {
                    $($ty::$variant => $name,)*
                };
                $crate::json::ToJson::write(name, out);
            }
        }
    };
}

/// Implements [`FromJson`] and [`ToJson`] for a type read and written as another one
/// (serde's `try_from` and `into`): `json::via!(Phase as RawPhase)`, where `Phase:
/// TryFrom<RawPhase, Error = String>` (the message is a data error where the object ends)
/// and `RawPhase: From<Phase>`.
macro_rules! json_via {
    ($ty:ident as $raw:ident) => {
        impl $crate::json::FromJson for $ty {
            fn read(reader: &mut $crate::json::Reader<'_>) -> Result<Self, $crate::json::Error> {
                $ty::try_from(reader.value::<$raw>()?).map_err($crate::json::Error::data)
            }
        }

        impl $crate::json::ToJson for $ty {
            fn write(&self, out: &mut String) {
                $crate::json::ToJson::write(&$raw::from(self.clone()), out);
            }
        }
    };
}

pub(crate) use {json_choices as choices, json_object as object, json_via as via};

/// Writes `value` as compact JSON, as serde_json writes it: no spaces, floats as
/// [`write_float`] writes them (`null` when not finite), and only `"`, `\` and control
/// characters escaped.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut writer = Writer { out: String::new() };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// [`to_string`] laid out as serde_json's pretty printer lays it out.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    to_string(value).map(|compact| indent(&compact))
}

/// Lays out compact JSON as serde_json's pretty printer does: two spaces a level, `": "`
/// after keys, and `[]` / `{}` for empty containers.
pub fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.push(chars.next().unwrap_or(c));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// `s` as a JSON string: only `"`, `\` and control characters escaped, as serde_json does.
fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A float as [`write_float`] writes it, `null` when not finite.
fn push_float(out: &mut String, f: f64) {
    if f.is_finite() {
        write_float(out, f);
    } else {
        out.push_str("null");
    }
}

/// A type written as JSON by hand, as its `#[derive(Serialize)]` writes it (compact; see
/// [`indent`]). The scenario's types are written so: serde's derived writers took 1.9 KiB
/// of the page (gzip) for them.
pub trait ToJson {
    fn write(&self, out: &mut String);

    /// Whether a field holding this is left out when marked `if_any` in `object!`: an
    /// empty list or text, or `None` (serde's `skip_serializing_if = "…::is_empty"` or
    /// `"Option::is_none"`).
    fn is_none_or_empty(&self) -> bool {
        false
    }
}

/// Writes `value` as compact JSON.
pub fn write<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write(&mut out);
    out
}

/// Writes an object's fields, for [`ToJson`] implementations.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    pub fn field(&mut self, key: &str, value: &dyn ToJson) {
        if !std::mem::take(&mut self.first) {
            self.out.push(',');
        }
        push_string(self.out, key);
        self.out.push(':');
        value.write(self.out);
    }

    pub fn end(self) {
        self.out.push('}');
    }
}

macro_rules! plain {
    ($($t:ty)*) => {$(
        impl ToJson for $t {
            fn write(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

plain! { u16 u32 u64 i16 i64 bool }

impl ToJson for f64 {
    fn write(&self, out: &mut String) {
        push_float(out, *self);
    }
}

impl ToJson for str {
    fn write(&self, out: &mut String) {
        push_string(out, self);
    }

    fn is_none_or_empty(&self) -> bool {
        self.is_empty()
    }
}

impl ToJson for String {
    fn write(&self, out: &mut String) {
        push_string(out, self);
    }

    fn is_none_or_empty(&self) -> bool {
        self.is_empty()
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write(&self, out: &mut String) {
        match self {
            Some(value) => value.write(out),
            None => out.push_str("null"),
        }
    }

    fn is_none_or_empty(&self) -> bool {
        self.is_none()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write(out);
        }
        out.push(']');
    }

    fn is_none_or_empty(&self) -> bool {
        self.is_empty()
    }
}

struct Writer {
    out: String,
}

impl Writer {
    fn string(&mut self, s: &str) {
        push_string(&mut self.out, s);
    }

    fn float(&mut self, f: f64) {
        push_float(&mut self.out, f);
    }

    fn integer(&mut self, n: impl Display) {
        let _ = write!(self.out, "{n}");
    }

    fn open(&mut self, bracket: char, close: &'static str) -> Compound<'_> {
        self.out.push(bracket);
        Compound { writer: self, first: true, close }
    }

    /// `{"variant":` before a variant's value.
    fn variant_key(&mut self, variant: &str) {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
    }
}

/// A list or object being written; `close` ends it (`]}` for a variant's list).
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        self.writer.string(key);
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), Error> {
        self.writer.out.push_str(self.close);
        Ok(())
    }
}

macro_rules! integers {
    ($($method:ident: $t:ty)*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            self.integer(v);
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    integers! {
        serialize_i8: i8 serialize_i16: i16 serialize_i32: i32 serialize_i64: i64 serialize_i128: i128
        serialize_u8: u8 serialize_u16: u16 serialize_u32: u32 serialize_u64: u64 serialize_u128: u128
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    /// As the shortest decimal that reads back as the same `f32`.
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(crate::decimal::parse(&v.to_string()).unwrap_or(f64::NAN));
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut list = self.open('[', "]");
        for b in v {
            list.element(b)?;
        }
        list.close()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.variant_key(variant);
        Ok(self.open('[', "]}"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', "}"))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', "}"))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.variant_key(variant);
        Ok(self.open('{', "}}"))
    }
}

/// The list forms: each element, then the closing bracket.
macro_rules! lists {
    ($($trait:ident::$method:ident)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

lists! {
    SerializeSeq::serialize_element SerializeTuple::serialize_element
    SerializeTupleStruct::serialize_field SerializeTupleVariant::serialize_field
}

/// The object forms with fixed field names.
macro_rules! objects {
    ($($trait:ident)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

objects! { SerializeStruct SerializeStructVariant }

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    /// Keys are text in JSON: a key that serialises as a number is written in quotes, as
    /// serde_json writes it; any other kind is refused.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        let start = self.writer.out.len();
        key.serialize(&mut *self.writer)?;
        let written = &self.writer.out[start..];
        if !written.starts_with('"') {
            if !written.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                return Err(ser::Error::custom("a key in JSON must be text or a whole number"));
            }
            self.writer.out.insert(start, '"');
            self.writer.out.push('"');
        }
        self.writer.out.push(':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_escapes_and_surrogate_pairs() {
        assert_eq!(read::<String>(r#""a\"b\\c\/\n\u00e9\ud83d\ude00""#).unwrap(), "a\"b\\c/\né😀");
        assert_eq!(read::<String>(r#""plain""#).unwrap(), "plain");
        assert!(read::<String>(r#""tab	""#).is_err());
        for bad in [r#""\ud83d""#, r#""\ud83d\u0041""#, r#""\x""#, "\"a\u{1}\"", r#""\u12"#] {
            assert!(read::<String>(bad).is_err(), "{bad}");
        }
        assert_eq!(read::<String>("\"abc").unwrap_err().category(), Category::Eof);
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        assert_eq!(read::<u64>("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(read::<i64>("-9223372036854775808").unwrap(), i64::MIN);
        // Negative zero is a float, so not a count of hosts.
        assert!(read::<u32>("-0").unwrap_err().message().starts_with("invalid type: floating point `-0.0`"));
        assert_eq!(read::<f64>("0.1").unwrap(), 0.1);
        // Rounded exactly, where a quick parser is one bit off (bits from Python's reader).
        assert_eq!(read::<f64>("2.2250738585072011e-308").unwrap().to_bits(), 0x000f_ffff_ffff_ffff);
        assert_eq!(read::<f64>("0.30000000000000004441").unwrap().to_bits(), 0x3fd3_3333_3333_3334);
        assert_eq!(read::<f64>("1e400").unwrap_err().category(), Category::Syntax);
        // A number read past is checked for its form, not its range, as serde_json's
        // `IgnoredAny` reads one (a random file in `tests/json_vs_serde_json.rs` found it).
        assert!(check(r#"{"size": [1e400, -5e17368, 1E+999]}"#).is_ok());
        assert!(check("1e+").is_err());
        for bad in ["01", "1.", ".5", "+1", "1e", "-", "0x10", "NaN"] {
            assert!(read::<f64>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_say_where_and_what() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Group {
            hosts: u32,
        }
        object!(Group "struct Group" { hosts: required });
        let e = read::<Vec<Group>>("[\n  {\"hosts\": 1},\n  {\"hosts\": \"many\"}\n]").unwrap_err();
        assert_eq!((e.category(), e.line(), e.column()), (Category::Data, 3, 18));
        assert_eq!(e.message(), "invalid type: string \"many\", expected u32");
        // A missing field is reported after the object's closing brace.
        let e = read::<Group>("{}").unwrap_err();
        assert_eq!((e.message(), e.column()), ("missing field `hosts`", 2));
        let e = read::<Group>(r#"{"host": 1}"#).unwrap_err();
        assert!(e.message().starts_with("unknown field `host`"), "{e}");
        assert_eq!(read::<Group>(r#"{"hosts": 1} x"#).unwrap_err().category(), Category::Syntax);
        assert_eq!(read::<Group>("").unwrap_err().category(), Category::Eof);
        let deep = "[".repeat(200);
        assert_eq!(check(&deep).unwrap_err().category(), Category::TooDeep);
    }

    #[test]
    fn writes_as_serde_json_writes() {
        assert_eq!(to_string(&"tab\tquote\" nul\u{0} é").unwrap(), r#""tab\tquote\" nul\u0000 é""#);
        assert_eq!(
            to_string(&[1.0, 0.5, 1e-7, 1e16, -0.0, f64::NAN]).unwrap(),
            "[1.0,0.5,1e-7,1e+16,-0.0,null]"
        );
        assert_eq!(to_string(&Some(vec![Some(1u8), None])).unwrap(), "[1,null]");
        let map: std::collections::BTreeMap<u32, &str> = [(1, "a"), (20, "b")].into();
        assert_eq!(to_string(&map).unwrap(), r#"{"1":"a","20":"b"}"#);
        assert_eq!(to_string_pretty(&map).unwrap(), "{\n  \"1\": \"a\",\n  \"20\": \"b\"\n}");
    }
}
