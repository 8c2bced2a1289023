//! The planner's pieces: inputs bound to fields, section editors, and result views.

mod advisory_editor;
mod capacity_editor;
mod chart_view;
mod downloads;
mod estimate_panel;
mod field_error;
mod fleet_editor;
mod headline;
mod inputs;
mod number_field;
mod phases_editor;
mod plan_view;
mod risk_panel;
mod share_bar;
mod styled;
mod summary;
mod virtual_table;
mod wiki_menu;
mod windows_editor;

pub use advisory_editor::AdvisoryEditor;
pub use capacity_editor::CapacityEditor;
pub use downloads::Downloads;
pub use estimate_panel::EstimatePanel;
pub use field_error::FieldError;
pub use fleet_editor::{FleetEditor, ZoneList};
pub use headline::Headline;
pub use inputs::{OtherProblems, TextInput};
pub use number_field::NumberField;
pub use phases_editor::PhasesEditor;
pub use plan_view::{BatchesTable, Charts, HostSchedule};
pub use risk_panel::RiskPanel;
pub use share_bar::{Notice, ShareBar};
pub use styled::{Spacer, Swatch};
pub use summary::SummaryPanel;
pub use wiki_menu::WikiMenu;
pub use windows_editor::WindowsEditor;
