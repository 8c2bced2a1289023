//! Inputs bound to scenario fields: each shows the field's text, reports every edit, and
//! shows the field's error beside it.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{class, when};

use super::field_error;
use crate::form::{Change, Field};
use crate::ui::context::{use_workspace, State};
use crate::workspace::{Action, Notice};

/// Choices for a [`SelectInput`] from (value, label) pairs.
pub fn options(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs.iter().map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l))).collect()
}

/// A stable element id for a field, from its path.
pub fn field_id(field: Field) -> String {
    field.id().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

/// A callback for an "Add" button: dispatches `change`, and once the new row is drawn
/// moves focus to its first field (`first_field` of the new row's index), so a keyboard
/// user carries on where the row appeared.
#[hook]
pub fn use_add_row(change: Change, rows: usize, first_field: fn(usize) -> Field) -> Callback<MouseEvent> {
    let state = use_workspace();
    let pending = use_mut_ref(|| None::<String>);
    {
        let pending = pending.clone();
        use_effect_with(rows, move |_| {
            if let Some(id) = pending.borrow_mut().take() {
                crate::ui::browser::focus(&id);
            }
        });
    }
    Callback::from(move |_: MouseEvent| {
        *pending.borrow_mut() = Some(field_id(first_field(rows)));
        state.dispatch(Action::Change(change.clone()));
    })
}

/// A labelled text input for one field. Like the other inputs here, a plain function of
/// the workspace rather than a component: each component type costs the page its own copy
/// of Yew's machinery, and these have no state of their own.
pub struct TextInput {
    field: Field,
    label: AttrValue,
    compact: bool,
    /// `numeric`, `decimal` or none.
    inputmode: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions.
    list: Option<&'static str>,
    /// A text of several lines (a `<textarea>` this many rows high).
    rows: Option<u32>,
}

impl TextInput {
    pub fn new(field: Field, label: impl Into<AttrValue>) -> Self {
        Self { field, label: label.into(), compact: false, inputmode: None, list: None, rows: None }
    }

    /// Hides the label visually (table cells); screen readers still read it.
    pub fn compact(self) -> Self {
        Self { compact: true, ..self }
    }

    /// A whole number: phones show a number pad.
    pub fn numeric(self) -> Self {
        Self { inputmode: Some("numeric"), ..self }
    }

    /// A number with a decimal point.
    pub fn decimal(self) -> Self {
        Self { inputmode: Some("decimal"), ..self }
    }

    /// Suggests time zone names (the page's `zones` list).
    pub fn zones(self) -> Self {
        Self { list: Some("zones"), ..self }
    }

    /// A text of one item a line, `rows` lines high.
    pub fn lines(self, rows: u32) -> Self {
        Self { rows: Some(rows), ..self }
    }

    pub fn view(self, state: &State) -> Html {
        let field = self.field;
        let oninput =
            edit(state, field, |e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        let oninput_area = edit(state, field, |e: InputEvent| {
            e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()
        });
        let id = field_id(field);
        let error = state.error(field);
        let error_id = format!("{id}-error");
        html! {
            <div class={class(&["field", when(self.compact, "compact")])}>
                <label for={id.clone()} class={self.compact.then_some("visually-hidden")}>{ self.label }</label>
                if let Some(rows) = self.rows {
                    <textarea id={id.clone()} data-testid={id} value={state.text(field)} oninput={oninput_area}
                              rows={rows.to_string()} spellcheck="false"
                              aria-invalid={error.is_some().to_string()} aria-describedby={error_id.clone()} />
                } else {
                    <input id={id.clone()} data-testid={id} type="text" value={state.text(field)} {oninput}
                           inputmode={self.inputmode} list={self.list} autocomplete="off"
                           aria-invalid={error.is_some().to_string()} aria-describedby={error_id.clone()} />
                }
                { field_error(error_id.into(), error.map(AttrValue::from)) }
            </div>
        }
    }
}

/// A callback that turns an event into the field's new text and dispatches the edit.
fn edit<E: 'static>(state: &State, field: Field, text: fn(E) -> String) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |e: E| state.dispatch(Action::Edit(field, text(e))))
}

/// A labelled choice for one field.
pub struct SelectInput {
    field: Field,
    label: AttrValue,
    /// (value, label) pairs.
    options: Vec<(AttrValue, AttrValue)>,
    /// More choices under a heading of their own (an `<optgroup>`), after `options`.
    more: Option<(AttrValue, Vec<(AttrValue, AttrValue)>)>,
    compact: bool,
}

impl SelectInput {
    pub fn new(field: Field, label: impl Into<AttrValue>, options: Vec<(AttrValue, AttrValue)>) -> Self {
        Self { field, label: label.into(), options, more: None, compact: false }
    }

    pub fn more(self, more: Option<(AttrValue, Vec<(AttrValue, AttrValue)>)>) -> Self {
        Self { more, ..self }
    }

    /// Hides the label visually (table cells); screen readers still read it.
    pub fn compact(self) -> Self {
        Self { compact: true, ..self }
    }

    pub fn view(self, state: &State) -> Html {
        let field = self.field;
        let onchange = edit(state, field, |e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
        let id = field_id(field);
        let current = state.text(field);
        let error = state.error(field);
        let error_id = format!("{id}-error");
        html! {
            <div class={class(&["field", when(self.compact, "compact")])}>
                <label for={id.clone()} class={self.compact.then_some("visually-hidden")}>{ self.label }</label>
                <select id={id.clone()} data-testid={id} {onchange} aria-invalid={error.is_some().to_string()}
                        aria-describedby={error_id.clone()}>
                    { for self.options.iter().map(|option| choice(option, &current)) }
                    if let Some((heading, options)) = &self.more {
                        <optgroup label={heading.clone()}>{ for options.iter().map(|option| choice(option, &current)) }</optgroup>
                    }
                </select>
                { field_error(error_id.into(), error.map(AttrValue::from)) }
            </div>
        }
    }
}

/// One `<option>` of a select, chosen when its value is `current`.
fn choice((value, label): &(AttrValue, AttrValue), current: &str) -> Html {
    html! { <option value={value.clone()} selected={**value == *current}>{ label.clone() }</option> }
}

/// A checkbox for a yes/no field.
pub fn check_input(state: &State, field: Field, label: impl Into<AttrValue>) -> Html {
    let onchange =
        edit(state, field, |e: Event| e.target_unchecked_into::<HtmlInputElement>().checked().to_string());
    let id = field_id(field);
    html! {
        <label class="check" for={id.clone()}>
            <input id={id.clone()} data-testid={id} type="checkbox" checked={state.text(field) == "true"} {onchange} />
            { label.into() }
        </label>
    }
}

/// Problems of a section as a whole (those at exactly `path`, such as `windows`), shown
/// at its top.
pub fn section_problems(state: &State, path: &str) -> Html {
    let problems = state.section_problems(path);
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="section-problems" role="alert" data-testid={format!("{path}-problems")}>
            { for problems.into_iter().map(|p| html! { <p>{ p }</p> }) }
        </div>
    }
}

/// Problems no field or section shows (the version, a preset's name, an advisory's
/// editions or timing, a group's host names), each with its place in the scenario.
pub fn other_problems(state: &State) -> Html {
    let problems = state.unplaced_problems();
    if problems.is_empty() {
        return html! {};
    }
    let t = |en: &'static str, ja: &'static str| state.lang.pick(en, ja);
    html! {
        <div class="section-problems" role="alert" data-testid="other-problems">
            <p><strong>{ t("Also to fix in the scenario:", "シナリオでほかに直すところ:") }</strong></p>
            { for problems.into_iter().map(|p| html! { <p><strong>{ state.place(&p.path) }</strong>{ ": " }{ p.message }</p> }) }
        </div>
    }
}

thread_local! {
    /// How many files the pickers have been given: a read that finishes after another file
    /// was chosen (in either picker) is dropped, so the last choice wins.
    static CHOSEN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A button-like label over a hidden file input (`id`, taking the file types `accept` as
/// `<input accept>` does) that reads the chosen file's bytes and calls `on_load` with its
/// name and bytes (the caller knows which encodings its kind of file may be in). A file
/// the browser cannot read becomes a notice.
pub fn file_picker(
    state: &State,
    id: &'static str,
    label: &'static str,
    accept: &'static str,
    on_load: Callback<(String, Vec<u8>)>,
) -> Html {
    let state = state.clone();
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        // Choosing the same file again should read it again.
        input.set_value("");
        let name = file.name();
        let chosen = CHOSEN.with(|c| {
            c.set(c.get().wrapping_add(1));
            c.get()
        });
        let (on_load, state) = (on_load.clone(), state.clone());
        yew::platform::spawn_local(async move {
            let read = gloo_file::futures::read_as_bytes(&gloo_file::File::from(file)).await;
            if CHOSEN.with(|c| c.get()) != chosen {
                return;
            }
            match read {
                Ok(bytes) => on_load.emit((name, bytes)),
                Err(_) => state.dispatch(Action::Notify(Notice::Unreadable { name })),
            }
        });
    });
    html! {
        <>
            <label class="button" for={id}>{ label }</label>
            <input {id} class="visually-hidden" type="file" {accept} {onchange} data-testid={id} />
        </>
    }
}
