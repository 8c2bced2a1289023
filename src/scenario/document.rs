//! A scenario file as written, read into the scenario's types by serde's derived code with
//! every problem kept typed: which field (from serde_path_to_error), and what was wrong
//! there ([`Mismatch`]), so that `file_problem` can say it in a planner's words.
//!
//! serde_json parses the text into a [`Node`] tree (syntax errors come with its line and
//! column); the tree's deserializer then reports problems through serde's typed error
//! constructors instead of sentences. serde_json's own `Value` cannot stand in for the
//! tree: it keeps only the last of two fields of the same name, so the derived code could
//! not say a field is given twice, and its deserializer's errors are sentences.

use std::fmt;

use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Unexpected, Visitor};
use serde::forward_to_deserialize_any;

/// Deepest nesting of lists and objects read; a scenario needs six.
pub const MAX_DEPTH: usize = 32;

/// A JSON value as the file has it: objects keep their fields in order, repeats included.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    List(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// Why a text could not be parsed into a [`Node`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unparsed {
    /// The text stops in the middle of a value.
    EndsEarly { line: usize, column: usize },
    /// Lists and objects nest deeper than [`MAX_DEPTH`].
    TooDeep { line: usize, column: usize },
    /// Anything else that is not JSON.
    NotJson { line: usize, column: usize },
}

impl Node {
    /// Parses `text` (exactly one JSON value, decimals read exactly).
    pub fn parse(text: &str) -> Result<Node, Unparsed> {
        let mut parser = serde_json::Deserializer::from_str(text);
        let node = Depth(0).deserialize(&mut parser).and_then(|node| parser.end().map(|()| node));
        node.map_err(|e| {
            let (line, column) = (e.line(), e.column());
            match e.classify() {
                serde_json::error::Category::Eof => Unparsed::EndsEarly { line, column },
                // The only value a tree refuses is one nested too deeply.
                serde_json::error::Category::Data => Unparsed::TooDeep { line, column },
                _ => Unparsed::NotJson { line, column },
            }
        })
    }

    /// The value of field `name`, if this is an object that has it.
    pub fn field(&self, name: &str) -> Option<&Node> {
        match self {
            Node::Object(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Element `index`, if this is a list that long.
    pub fn element(&self, index: usize) -> Option<&Node> {
        match self {
            Node::List(items) => items.get(index),
            _ => None,
        }
    }

    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Node::Null => Unexpected::Unit,
            Node::Bool(b) => Unexpected::Bool(*b),
            Node::Unsigned(n) => Unexpected::Unsigned(*n),
            Node::Signed(n) => Unexpected::Signed(*n),
            Node::Float(x) => Unexpected::Float(*x),
            Node::Text(s) => Unexpected::Str(s),
            Node::List(_) => Unexpected::Seq,
            Node::Object(_) => Unexpected::Map,
        }
    }
}

/// Reads a [`Node`] at this depth of nesting.
#[derive(Clone, Copy)]
struct Depth(usize);

impl Depth {
    fn deeper<E: de::Error>(self) -> Result<Depth, E> {
        if self.0 + 1 >= MAX_DEPTH {
            return Err(E::custom("nested too deeply"));
        }
        Ok(Depth(self.0 + 1))
    }
}

impl<'de> DeserializeSeed<'de> for Depth {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Depth {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Unsigned(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Signed(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let inner = self.deeper()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let inner = self.deeper()?;
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            fields.push((key, map.next_value_seed(inner)?));
        }
        Ok(Node::Object(fields))
    }
}

/// What was wrong where a value did not fit its field, as serde's derived code found it.
#[derive(Clone, Debug, PartialEq)]
pub enum Mismatch {
    /// A field the object does not have; `allowed` are those it has.
    UnknownField {
        field: String,
        allowed: &'static [&'static str],
    },
    MissingField(&'static str),
    DuplicateField(&'static str),
    /// A word that is not one of the field's choices.
    UnknownChoice {
        got: String,
        allowed: &'static [&'static str],
    },
    /// A value of the wrong kind or out of range: what the file held.
    WrongValue(Held),
    /// Anything else a type refused, in its own words.
    Other(String),
}

/// What the file held where a value did not fit.
#[derive(Clone, Debug, PartialEq)]
pub enum Held {
    /// A number, `true`/`false` or `null`, as JSON writes it; or a text, quoted.
    Literal(String),
    List,
    Object,
}

impl Held {
    fn of(unexpected: Unexpected<'_>) -> Held {
        Held::Literal(match unexpected {
            Unexpected::Bool(b) => b.to_string(),
            Unexpected::Unsigned(n) => n.to_string(),
            Unexpected::Signed(n) => n.to_string(),
            Unexpected::Float(x) => x.to_string(),
            Unexpected::Str(s) => format!("\"{s}\""),
            Unexpected::Unit | Unexpected::Option => "null".into(),
            Unexpected::Seq => return Held::List,
            Unexpected::Map => return Held::Object,
            other => other.to_string(),
        })
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::UnknownField { field, .. } => write!(f, "unknown field \"{field}\""),
            Mismatch::MissingField(field) => write!(f, "missing field \"{field}\""),
            Mismatch::DuplicateField(field) => write!(f, "field \"{field}\" given twice"),
            Mismatch::UnknownChoice { got, .. } => write!(f, "unknown choice \"{got}\""),
            Mismatch::WrongValue(held) => write!(f, "a value that does not fit: {held:?}"),
            Mismatch::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Mismatch::Other(message.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Mismatch::WrongValue(Held::of(unexpected))
    }

    fn invalid_value(unexpected: Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Mismatch::WrongValue(Held::of(unexpected))
    }

    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Mismatch::WrongValue(Held::List)
    }

    fn unknown_variant(variant: &str, allowed: &'static [&'static str]) -> Self {
        Mismatch::UnknownChoice { got: variant.to_owned(), allowed }
    }

    fn unknown_field(field: &str, allowed: &'static [&'static str]) -> Self {
        Mismatch::UnknownField { field: field.to_owned(), allowed }
    }

    fn missing_field(field: &'static str) -> Self {
        Mismatch::MissingField(field)
    }

    fn duplicate_field(field: &'static str) -> Self {
        Mismatch::DuplicateField(field)
    }
}

impl<'de> IntoDeserializer<'de, Mismatch> for &'de Node {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

fn fields(fields: &[(String, Node)]) -> MapDeserializer<'_, impl Iterator<Item = (&str, &Node)>, Mismatch> {
    MapDeserializer::new(fields.iter().map(|(k, v)| (k.as_str(), v)))
}

impl<'de> Deserializer<'de> for &'de Node {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(*b),
            Node::Unsigned(n) => visitor.visit_u64(*n),
            Node::Signed(n) => visitor.visit_i64(*n),
            Node::Float(x) => visitor.visit_f64(*x),
            Node::Text(s) => visitor.visit_borrowed_str(s),
            Node::List(items) => {
                let mut seq = SeqDeserializer::new(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Node::Object(pairs) => {
                let mut map = fields(pairs);
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// A struct is an object; a list is not read as its fields in order, as serde_json
    /// would, since the format has no such form.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        match self {
            Node::Object(_) => self.deserialize_any(visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    /// A choice is a word (`"week"`), or an object of one field for a choice that holds a
    /// value (`{"hosts": 5}`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        match self {
            Node::Text(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Node::Object(pairs) if pairs.len() == 1 => {
                visitor.visit_enum(MapAccessDeserializer::new(fields(pairs)))
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Pair {
        a: u32,
        #[serde(default)]
        b: Option<String>,
    }

    fn read(text: &str) -> Result<Pair, (String, Mismatch)> {
        let node = Node::parse(text).unwrap();
        serde_path_to_error::deserialize(&node).map_err(|e| (e.path().to_string(), e.into_inner()))
    }

    #[test]
    fn problems_come_typed_with_their_paths() {
        assert_eq!(read(r#"{"a": 1, "b": "x"}"#), Ok(Pair { a: 1, b: Some("x".into()) }));
        assert_eq!(read(r#"{"a": -5}"#), Err(("a".into(), Mismatch::WrongValue(Held::Literal("-5".into())))));
        assert_eq!(read(r#"{"a": 1, "a": 2}"#), Err((".".into(), Mismatch::DuplicateField("a"))));
        assert_eq!(read(r#"{"b": null}"#), Err((".".into(), Mismatch::MissingField("a"))));
        assert!(
            matches!(read(r#"{"a": 1, "c": 0}"#), Err((_, Mismatch::UnknownField { field, .. })) if field == "c")
        );
        assert_eq!(read(r#"{"a": [1]}"#), Err(("a".into(), Mismatch::WrongValue(Held::List))));
        assert_eq!(read("[1]"), Err((".".into(), Mismatch::WrongValue(Held::List))));
    }

    #[test]
    fn parsing_says_why_a_text_is_not_json() {
        assert!(matches!(Node::parse("{\"a\": [1, 2"), Err(Unparsed::EndsEarly { line: 1, .. })));
        assert!(matches!(Node::parse("{\"a\" 1}"), Err(Unparsed::NotJson { line: 1, column: 6 })));
        assert!(matches!(Node::parse("{} x"), Err(Unparsed::NotJson { .. })));
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(matches!(Node::parse(&deep), Err(Unparsed::TooDeep { .. })));
        let fine = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(Node::parse(&fine).is_ok());
        // Repeated fields are kept, in order.
        let node = Node::parse(r#"{"a": 1, "a": 0.5}"#).unwrap();
        assert_eq!(node, Node::Object(vec![("a".into(), Node::Unsigned(1)), ("a".into(), Node::Float(0.5))]));
    }
}
