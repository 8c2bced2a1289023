//! Reusable UI pieces: fields, messages and panels.

mod estimate_panel;
mod field_error;
mod number_field;

pub use estimate_panel::EstimatePanel;
pub use field_error::FieldError;
pub use number_field::NumberField;
