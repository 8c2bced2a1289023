//! The planner's pieces: inputs bound to fields, section editors, and result views.
//!
//! Pieces with no state of their own (no hook but the workspace) are plain functions of
//! the workspace (`headline(&state)`), not components: Yew instantiates its component
//! machinery once per component type, and each costs the bundle about half a KiB.

mod advisory_editor;
mod capacity_editor;
mod change_record;
mod chart_view;
mod downloads;
mod estimate_panel;
mod field_error;
mod fleet_editor;
mod forecast_panel;
mod headline;
mod inputs;
mod number_field;
mod phases_editor;
mod plan_view;
mod progress_panel;
mod risk_panel;
mod sets_editor;
mod share_bar;
mod solver_panel;
mod styled;
mod summary;
mod targets_editor;
mod virtual_table;
mod wiki_menu;
mod windows_editor;

pub use advisory_editor::advisory_editor;
pub use capacity_editor::CapacityEditor;
pub use change_record::{change_editor, change_facts, sign_off};
pub use downloads::Downloads;
pub use estimate_panel::EstimatePanel;
pub use field_error::field_error;
pub use fleet_editor::{zone_list, FleetEditor};
pub use forecast_panel::ForecastPanel;
pub use headline::{headline, print_title};
pub use inputs::{other_problems, TextInput};
pub use number_field::NumberField;
pub use phases_editor::PhasesEditor;
pub use plan_view::{BatchesTable, Charts, HostSchedule};
pub use progress_panel::ProgressPanel;
pub use risk_panel::risk_panel;
pub use sets_editor::SetsEditor;
pub use share_bar::{notice, ShareBar};
pub use solver_panel::SolverPanel;
pub use styled::swatch;
pub use summary::summary_panel;
pub use targets_editor::targets_editor;
pub use wiki_menu::WikiMenu;
pub use windows_editor::WindowsEditor;

/// A `class` attribute of these names, the empty ones left out: `class(&["field",
/// when(compact, "compact")])`. (Yew's `classes!` keeps its names in an `IndexSet`, whose
/// hashing code cost the page 0.5 KiB for these few joined names.)
pub fn class(names: &[&str]) -> String {
    names.iter().filter(|n| !n.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// `name` when `on`, else nothing (for [`class`]).
pub fn when(on: bool, name: &str) -> &str {
    if on {
        name
    } else {
        ""
    }
}
