//! JSON for scenario files, links, storage and exports: a reader and a writer that serde's
//! derived code runs on.
//!
//! serde_json did this job before: reading scenarios took about 50 KiB of the page
//! (gzip, its code and serde's derived code together), much of it code the page never
//! needs: readers for byte streams, a second float parser, and paths through serde's
//! derived visitors (structs read from lists, field names read from numbers) that only a
//! general-purpose reader takes. Replacing it saved 12.6 KiB. This one reads a
//! `&str`, reads numbers exactly (through `decimal::parse`), and calls only the
//! visitor methods a JSON value can mean, so the rest of the derived code is never linked.
//! It accepts exactly RFC 8259 JSON, nested at most 127 levels deep as serde_json allows,
//! and reports errors with serde_json's line and column, which `scenario::file_problem`
//! turns into a field's path; except that an error found after a list's element stays on
//! that element (serde_json's moved past the next comma, naming the next element).

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use serde::de::{self, DeserializeSeed, Unexpected, Visitor};
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    category: Category,
    line: usize,
    column: usize,
}

impl Error {
    fn new(category: Category, message: impl Display) -> Self {
        Error { message: message.to_string(), category, line: 0, column: 0 }
    }

    pub fn category(&self) -> Category {
        self.category
    }

    pub fn line(&self) -> usize {
        self.line
    }

    pub fn column(&self) -> usize {
        self.column
    }

    /// The message alone, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "{} at line {} column {}", self.message, self.line, self.column)
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::new(Category::Data, message)
    }

    fn invalid_type(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        Error::new(Category::Data, format_args!("invalid type: {}, expected {expected}", AsJson(unexpected)))
    }

    fn invalid_value(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        Error::new(Category::Data, format_args!("invalid value: {}, expected {expected}", AsJson(unexpected)))
    }
}

/// A value named as JSON writes it (`null`, `1e-7`), where serde names Rust's (`unit value`,
/// `0.0000001`): the page quotes it back to the planner.
struct AsJson<'a>(Unexpected<'a>);

impl Display for AsJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Float(v) => {
                let mut written = String::new();
                write_float(&mut written, v);
                write!(f, "floating point `{written}`")
            }
            other => Display::fmt(&other, f),
        }
    }
}

/// A finite float as serde_json writes it: the shortest decimal that reads back exactly,
/// as `1.0` when whole, and as `1e-7` or `1.5e+16` outside 0.00001 ≤ |x| < 10¹⁶. Both
/// forms come from `Display`'s digits (the exponent form by moving its point), so the page
/// needs no second float formatter.
fn write_float(out: &mut String, f: f64) {
    let start = out.len();
    let _ = write!(out, "{f}");
    if f == 0.0 || (1e-5..1e16).contains(&f.abs()) {
        if !out[start..].contains('.') {
            out.push_str(".0");
        }
        return;
    }
    // Display wrote every digit: `0.0000001` or `15000000000000000000000`.
    let written = out.split_off(start);
    let unsigned = written.trim_start_matches('-');
    let point = unsigned.find('.').unwrap_or(unsigned.len());
    let digits: String = unsigned.chars().filter(|c| *c != '.').collect();
    let first = digits.find(|c| c != '0').unwrap_or(0);
    let significant = digits[first..].trim_end_matches('0');
    let exponent = point as i64 - first as i64 - 1;
    if written.starts_with('-') {
        out.push('-');
    }
    out.push_str(&significant[..1]);
    if significant.len() > 1 {
        out.push('.');
        out.push_str(&significant[1..]);
    }
    let _ = write!(out, "e{}{exponent}", if exponent > 0 { "+" } else { "" });
}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::new(Category::Data, message)
    }
}

/// Reads a `T` from JSON text: one value, with nothing but whitespace after it.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let mut reader = Reader { text, at: 0, depth: MAX_DEPTH, closed: false };
    let value = T::deserialize(&mut reader).and_then(|value| match reader.peek() {
        None => Ok(value),
        Some(_) => Err(reader.syntax_here("trailing characters")),
    });
    // An error from serde's derived code (an unknown field, a wrong type) has no position:
    // it is where the reading stopped, since nothing reads on after an error.
    value.map_err(|error| reader.place(error, reader.at))
}

/// A number as written: JSON does not say which Rust type it is for.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

struct Reader<'de> {
    text: &'de str,
    /// The byte offset of the next byte to read.
    at: usize,
    /// How many more lists and objects may open.
    depth: usize,
    /// Set when an object's reader has read its closing brace (see [`Object::next_key_seed`]).
    closed: bool,
}

impl<'de> Reader<'de> {
    fn bytes(&self) -> &'de [u8] {
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
        if error.line == 0 {
            let before = &self.text.as_bytes()[..at.min(self.text.len())];
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            error.line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
            error.column = at - line_start;
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

    /// Opens a list or object (its bracket already read): one level deeper.
    fn descend(&mut self) -> Result<(), Error> {
        self.depth = (self.depth - 1)
            .checked_sub(0)
            .filter(|&left| left > 0)
            .ok_or_else(|| self.place(Error::new(Category::TooDeep, "recursion limit exceeded"), self.at))?;
        Ok(())
    }

    /// A string's contents after its opening quote, borrowed from the text unless it holds
    /// escapes.
    fn string(&mut self) -> Result<Cow<'de, str>, Error> {
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

    /// The character of a `\uXXXX` escape (its `\u` read), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if self.bytes().get(self.at..self.at + 2) != Some(b"\\u") {
                return Err(
                    self.place(Error::new(Category::Syntax, "lone leading surrogate in hex escape"), self.at)
                );
            }
            self.at += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(
                    self.place(Error::new(Category::Syntax, "lone leading surrogate in hex escape"), self.at)
                );
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code)
            .ok_or_else(|| self.place(Error::new(Category::Syntax, "invalid unicode code point"), self.at))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut value = 0;
        for _ in 0..4 {
            let Some(&b) = self.bytes().get(self.at) else {
                return Err(self.place(Error::new(Category::Eof, "EOF while parsing a string"), self.at));
            };
            self.at += 1;
            let digit = (b as char)
                .to_digit(16)
                .ok_or_else(|| self.place(Error::new(Category::Syntax, "invalid escape"), self.at))?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    /// A number, its first byte (`-` or a digit) not yet read. Whole numbers that fit are
    /// read as integers (negative zero and those below `i64::MIN` as floats, as serde_json
    /// reads them); decimals by [`crate::decimal::parse`], which rounds exactly.
    fn number(&mut self) -> Result<Number, Error> {
        let bytes = self.bytes();
        let start = self.at;
        let negative = bytes.get(self.at) == Some(&b'-');
        if negative {
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

    /// Reads past one value of any kind.
    fn skip(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'[') => {
                self.at += 1;
                self.descend()?;
                let mut list = List { reader: self, first: true };
                while list.advance()? {
                    list.reader.skip()?;
                }
                self.at += 1;
                self.depth += 1;
                Ok(())
            }
            Some(b'{') => {
                self.at += 1;
                self.descend()?;
                let mut object = Object { reader: self, first: true };
                while object.advance()? {
                    object.reader.at += 1;
                    object.reader.string()?;
                    object.reader.expect(b':', "expected `:`")?;
                    object.reader.skip()?;
                }
                self.closed = false;
                self.depth += 1;
                Ok(())
            }
            _ => self.scalar().map(drop),
        }
    }

    /// One value that is not a list or object.
    fn scalar(&mut self) -> Result<Scalar<'de>, Error> {
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

    /// The error for a value of the wrong kind. A scalar is read first and a list or object
    /// is not, so the error's position is where serde_json puts it: after a scalar, before
    /// a bracket.
    fn wrong_kind(&mut self, expected: &dyn de::Expected) -> Error {
        let scalar = match self.peek() {
            Some(b'[') => return de::Error::invalid_type(Unexpected::Seq, expected),
            Some(b'{') => return de::Error::invalid_type(Unexpected::Map, expected),
            _ => self.scalar(),
        };
        let unexpected = match &scalar {
            Err(e) => return e.clone(),
            Ok(Scalar::Null) => Unexpected::Unit,
            Ok(Scalar::Bool(b)) => Unexpected::Bool(*b),
            Ok(Scalar::String(s)) => Unexpected::Str(s),
            Ok(Scalar::Number(Number::Unsigned(n))) => Unexpected::Unsigned(*n),
            Ok(Scalar::Number(Number::Signed(n))) => Unexpected::Signed(*n),
            Ok(Scalar::Number(Number::Float(f))) => Unexpected::Float(*f),
        };
        de::Error::invalid_type(unexpected, expected)
    }

    fn visit_string<V: Visitor<'de>>(visitor: V, s: Cow<'de, str>) -> Result<V::Value, Error> {
        match s {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn visit_number<V: Visitor<'de>>(visitor: V, n: Number) -> Result<V::Value, Error> {
        match n {
            Number::Unsigned(n) => visitor.visit_u64(n),
            Number::Signed(n) => visitor.visit_i64(n),
            Number::Float(f) => visitor.visit_f64(f),
        }
    }

    fn list<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.at += 1;
        self.descend()?;
        let value = visitor.visit_seq(List { reader: self, first: true })?;
        self.expect(b']', "trailing characters")?;
        self.depth += 1;
        Ok(value)
    }

    fn object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.at += 1;
        self.descend()?;
        self.closed = false;
        let value = visitor.visit_map(Object { reader: self, first: true })?;
        if !std::mem::take(&mut self.closed) {
            self.expect(b'}', "trailing characters")?;
        }
        self.depth += 1;
        Ok(value)
    }
}

enum Scalar<'de> {
    Null,
    Bool(bool),
    String(Cow<'de, str>),
    Number(Number),
}

/// The elements of a list being read.
struct List<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl List<'_, '_> {
    /// Moves to the next element; false at the closing `]` (not consumed).
    fn advance(&mut self) -> Result<bool, Error> {
        let reader = &mut *self.reader;
        match reader.peek() {
            Some(b']') => return Ok(false),
            Some(b',') if !self.first => {
                reader.at += 1;
                if reader.peek() == Some(b']') {
                    return Err(reader.syntax_here("trailing comma"));
                }
            }
            Some(_) if self.first => {}
            _ => return Err(reader.syntax_here("expected `,` or `]`")),
        }
        self.first = false;
        Ok(true)
    }
}

impl<'de> de::SeqAccess<'de> for List<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.advance()? {
            seed.deserialize(&mut *self.reader).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// The fields of an object being read.
struct Object<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl Object<'_, '_> {
    /// Moves to the next key's opening quote (not consumed); false once the closing `}`
    /// has been read. The brace is read here, not after the visitor, so that a missing
    /// field is reported after the object, where serde_json reports it.
    fn advance(&mut self) -> Result<bool, Error> {
        let reader = &mut *self.reader;
        match reader.peek() {
            Some(b'}') => {
                reader.at += 1;
                reader.closed = true;
                return Ok(false);
            }
            Some(b',') if !self.first => reader.at += 1,
            Some(_) if self.first => {}
            _ => return Err(reader.syntax_here("expected `,` or `}`")),
        }
        self.first = false;
        match reader.peek() {
            Some(b'"') => Ok(true),
            Some(b'}') => Err(reader.syntax_here("trailing comma")),
            _ => Err(reader.syntax_here("key must be a string")),
        }
    }
}

impl<'de> de::MapAccess<'de> for Object<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.advance()? {
            seed.deserialize(&mut *self.reader).map(Some)
        } else {
            Ok(None)
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.reader.expect(b':', "expected `:`")?;
        seed.deserialize(&mut *self.reader)
    }
}

/// An enum written as `"variant"` or `{"variant": value}`.
struct Variant<'a, 'de> {
    reader: &'a mut Reader<'de>,
    /// Whether the variant is the key of an object (which holds its value).
    keyed: bool,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let variant = seed.deserialize(&mut *self.reader)?;
        if self.keyed {
            self.reader.expect(b':', "expected `:`")?;
        }
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        if self.keyed {
            de::Deserialize::deserialize(&mut *self.reader)
        } else {
            Ok(())
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        if self.keyed {
            seed.deserialize(&mut *self.reader)
        } else {
            Err(de::Error::invalid_type(Unexpected::UnitVariant, &"newtype variant"))
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        if self.keyed {
            de::Deserializer::deserialize_seq(&mut *self.reader, visitor)
        } else {
            Err(de::Error::invalid_type(Unexpected::UnitVariant, &"tuple variant"))
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.keyed {
            de::Deserializer::deserialize_map(&mut *self.reader, visitor)
        } else {
            Err(de::Error::invalid_type(Unexpected::UnitVariant, &"struct variant"))
        }
    }
}

/// Reads the types whose JSON form is a number.
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.peek() {
                Some(b'-' | b'0'..=b'9') => {
                    let n = self.number()?;
                    Reader::visit_number(visitor, n)
                }
                _ => Err(self.wrong_kind(&visitor)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek() {
            Some(b'[') => self.list(visitor),
            Some(b'{') => self.object(visitor),
            _ => match self.scalar()? {
                Scalar::Null => visitor.visit_unit(),
                Scalar::Bool(b) => visitor.visit_bool(b),
                Scalar::String(s) => Reader::visit_string(visitor, s),
                Scalar::Number(n) => Reader::visit_number(visitor, n),
            },
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek() {
            Some(b't') => {
                self.at += 1;
                self.word(b"rue")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.at += 1;
                self.word(b"alse")?;
                visitor.visit_bool(false)
            }
            _ => Err(self.wrong_kind(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'"') {
            self.at += 1;
            let s = self.string()?;
            Reader::visit_string(visitor, s)
        } else {
            Err(self.wrong_kind(&visitor))
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.scalar()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.scalar()?;
            visitor.visit_unit()
        } else {
            Err(self.wrong_kind(&visitor))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'[') {
            self.list(visitor)
        } else {
            Err(self.wrong_kind(&visitor))
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'{') {
            self.object(visitor)
        } else {
            Err(self.wrong_kind(&visitor))
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.peek() {
            Some(b'"') => visitor.visit_enum(Variant { reader: self, keyed: false }),
            Some(b'{') => {
                self.at += 1;
                self.descend()?;
                if self.peek() != Some(b'"') {
                    return Err(self.syntax_here("key must be a string"));
                }
                let value = visitor.visit_enum(Variant { reader: &mut *self, keyed: true })?;
                self.expect(b'}', "expected `}`")?;
                self.depth += 1;
                Ok(value)
            }
            _ => Err(self.wrong_kind(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip()?;
        visitor.visit_unit()
    }
}

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

struct Writer {
    out: String,
}

impl Writer {
    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if c < ' ' => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn float(&mut self, f: f64) {
        if f.is_finite() {
            write_float(&mut self.out, f);
        } else {
            self.out.push_str("null");
        }
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
        assert_eq!(from_str::<String>(r#""a\"b\\c\/\n\u00e9\ud83d\ude00""#).unwrap(), "a\"b\\c/\né😀");
        // Borrowed from the text when there is nothing to unescape.
        assert_eq!(from_str::<&str>(r#""plain""#).unwrap(), "plain");
        assert!(from_str::<&str>(r#""tab	""#).is_err());
        for bad in [r#""\ud83d""#, r#""\ud83d\u0041""#, r#""\x""#, "\"a\u{1}\"", r#""\u12"#] {
            assert!(from_str::<String>(bad).is_err(), "{bad}");
        }
        assert_eq!(from_str::<String>("\"abc").unwrap_err().category(), Category::Eof);
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        assert_eq!(from_str::<u64>("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(from_str::<i64>("-9223372036854775808").unwrap(), i64::MIN);
        // Negative zero is a float, so not a count of hosts.
        assert!(from_str::<u32>("-0")
            .unwrap_err()
            .message()
            .starts_with("invalid type: floating point `-0.0`"));
        assert_eq!(from_str::<f64>("0.1").unwrap(), 0.1);
        // Rounded exactly, where a quick parser is one bit off (bits from Python's reader).
        assert_eq!(from_str::<f64>("2.2250738585072011e-308").unwrap().to_bits(), 0x000f_ffff_ffff_ffff);
        assert_eq!(from_str::<f64>("0.30000000000000004441").unwrap().to_bits(), 0x3fd3_3333_3333_3334);
        assert_eq!(from_str::<f64>("1e400").unwrap_err().category(), Category::Syntax);
        for bad in ["01", "1.", ".5", "+1", "1e", "-", "0x10", "NaN"] {
            assert!(from_str::<f64>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_say_where_and_what() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Group {
            hosts: u32,
        }
        let e = from_str::<Vec<Group>>("[\n  {\"hosts\": 1},\n  {\"hosts\": \"many\"}\n]").unwrap_err();
        assert_eq!((e.category(), e.line(), e.column()), (Category::Data, 3, 18));
        assert_eq!(e.message(), "invalid type: string \"many\", expected u32");
        // A missing field is reported after the object's closing brace.
        let e = from_str::<Group>("{}").unwrap_err();
        assert_eq!((e.message(), e.column()), ("missing field `hosts`", 2));
        let e = from_str::<Group>(r#"{"host": 1}"#).unwrap_err();
        assert!(e.message().starts_with("unknown field `host`"), "{e}");
        assert_eq!(from_str::<Group>(r#"{"hosts": 1} x"#).unwrap_err().category(), Category::Syntax);
        assert_eq!(from_str::<Group>("").unwrap_err().category(), Category::Eof);
        let deep = "[".repeat(200);
        assert_eq!(from_str::<IgnoredAnyLike>(&deep).unwrap_err().category(), Category::TooDeep);
    }

    type IgnoredAnyLike = serde::de::IgnoredAny;

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
