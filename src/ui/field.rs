//! A form field as data: the text the planner typed and what it means, or why it is wrong.
//!
//! Keeping the text lets a field show exactly what was typed while it is invalid, so nothing
//! is lost; keeping the parsed value lets the state use the last valid input.

use std::rc::Rc;

/// The planner's text and its parsed value (or the message to show beside the field).
#[derive(Clone, Debug, PartialEq)]
pub struct Field<T> {
    pub text: Rc<str>,
    pub value: Result<T, Rc<str>>,
}

impl<T> Field<T> {
    /// Parses `text` with `parse`, keeping the text whatever the outcome.
    pub fn parse(text: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Self {
        Self { text: text.into(), value: parse(text.trim()).map_err(Into::into) }
    }

    /// The message to show beside the field, if its text is not valid.
    pub fn error(&self) -> Option<&str> {
        self.value.as_ref().err().map(|e| &**e)
    }
}

/// Parses a whole number in `min..=max`, with a message a planner understands.
pub fn whole_number(text: &str, min: u32, max: u32) -> Result<u32, String> {
    if text.is_empty() {
        return Err("Enter a number.".into());
    }
    let digits: String = text.chars().filter(|c| !matches!(c, ',' | '_' | ' ')).collect();
    match digits.parse::<u64>() {
        Ok(n) if n >= u64::from(min) && n <= u64::from(max) => Ok(n as u32),
        Ok(_) => Err(format!("Enter a whole number from {min} to {max}.")),
        Err(_) if digits.starts_with('-') => Err(format!("Enter a whole number from {min} to {max}.")),
        Err(_) => Err("Enter a whole number, such as 250.".into()),
    }
}
