//! Inputs bound to scenario fields: each shows the field's text, reports every edit, and
//! shows the field's error beside it.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::field_error;
use crate::form::{Change, Field};
use crate::ui::context::{use_dispatch, use_workspace, State};
use crate::workspace::{Action, Notice};

/// Choices for a [`SelectInput`] from (value, label) pairs.
pub fn options(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs.iter().map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l))).collect()
}

/// A stable element id for a field, from its path.
pub fn field_id(field: Field) -> String {
    field.path().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
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

#[derive(Properties, PartialEq)]
pub struct TextInputProps {
    pub field: Field,
    pub label: AttrValue,
    /// Hide the label visually (table cells); screen readers still read it.
    #[prop_or_default]
    pub compact: bool,
    /// `text`, `time`, `date`, `datetime-local`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// `numeric`, `decimal` or empty.
    #[prop_or_default]
    pub inputmode: AttrValue,
    #[prop_or_default]
    pub list: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled text input for one field.
#[function_component]
pub fn TextInput(props: &TextInputProps) -> Html {
    let state = use_workspace();
    let field = props.field;
    let on_edit = use_dispatch(move |text: String| Action::Edit(field, text));
    let oninput = Callback::from(move |e: InputEvent| {
        on_edit.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let id = field_id(field);
    let error = state.error(field);
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", props.compact.then_some("compact"))}>
            <label for={id.clone()} class={classes!(props.compact.then_some("visually-hidden"))}>{ props.label.clone() }</label>
            <input id={id.clone()} data-testid={id} type={props.kind.clone()} value={state.text(field)} {oninput}
                   inputmode={(!props.inputmode.is_empty()).then(|| props.inputmode.clone())}
                   list={props.list.clone()} disabled={props.disabled} autocomplete="off"
                   aria-invalid={error.is_some().to_string()} aria-describedby={error_id.clone()} />
            { field_error(error_id.into(), error.map(AttrValue::from)) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectInputProps {
    pub field: Field,
    pub label: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// More choices under a heading of their own (an `<optgroup>`), after `options`.
    #[prop_or_default]
    pub more: Option<(AttrValue, Vec<(AttrValue, AttrValue)>)>,
    #[prop_or_default]
    pub compact: bool,
}

/// A labelled choice for one field.
#[function_component]
pub fn SelectInput(props: &SelectInputProps) -> Html {
    let state = use_workspace();
    let field = props.field;
    let on_edit = use_dispatch(move |text: String| Action::Edit(field, text));
    let onchange =
        Callback::from(move |e: Event| on_edit.emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
    let id = field_id(field);
    let current = state.text(field);
    let error = state.error(field);
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", props.compact.then_some("compact"))}>
            <label for={id.clone()} class={classes!(props.compact.then_some("visually-hidden"))}>{ props.label.clone() }</label>
            <select id={id.clone()} data-testid={id} {onchange} aria-invalid={error.is_some().to_string()}
                    aria-describedby={error_id.clone()}>
                { for props.options.iter().map(|option| choice(option, &current)) }
                if let Some((heading, options)) = &props.more {
                    <optgroup label={heading.clone()}>{ for options.iter().map(|option| choice(option, &current)) }</optgroup>
                }
            </select>
            { field_error(error_id.into(), error.map(AttrValue::from)) }
        </div>
    }
}

/// One `<option>` of a select, chosen when its value is `current`.
fn choice((value, label): &(AttrValue, AttrValue), current: &str) -> Html {
    html! { <option value={value.clone()} selected={**value == *current}>{ label.clone() }</option> }
}

#[derive(Properties, PartialEq)]
pub struct CheckInputProps {
    pub field: Field,
    pub label: AttrValue,
}

/// A checkbox for a yes/no field.
#[function_component]
pub fn CheckInput(props: &CheckInputProps) -> Html {
    let state = use_workspace();
    let field = props.field;
    let on_edit = use_dispatch(move |on: bool| Action::Edit(field, on.to_string()));
    let onchange =
        Callback::from(move |e: Event| on_edit.emit(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let id = field_id(field);
    html! {
        <label class="check" for={id.clone()}>
            <input id={id.clone()} data-testid={id} type="checkbox" checked={state.text(field) == "true"} {onchange} />
            { props.label.clone() }
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
            { for problems.into_iter().map(|p| html! { <p><code>{ p.path }</code>{ ": " }{ p.message }</p> }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FilePickerProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// File types offered, as in `<input accept>`.
    pub accept: AttrValue,
    /// Called with the file's name and bytes once it is read (the caller knows which
    /// encodings its kind of file may be in).
    pub on_load: Callback<(String, Vec<u8>)>,
}

/// A button-like label over a hidden file input that reads the chosen file's bytes. A file
/// the browser cannot read becomes a notice.
#[function_component]
pub fn FilePicker(props: &FilePickerProps) -> Html {
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let on_error = use_dispatch(|name: String| Action::Notify(Notice::Unreadable { name }));
    let onchange = {
        let on_load = props.on_load.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            // Choosing the same file again should read it again.
            input.set_value("");
            let file = gloo::file::File::from(file);
            let name = file.name();
            let (on_load, on_error) = (on_load.clone(), on_error.clone());
            let task = gloo::file::callbacks::read_as_bytes(&file, move |bytes| match bytes {
                Ok(bytes) => on_load.emit((name, bytes)),
                Err(_) => on_error.emit(name),
            });
            // The read goes on as long as its handle lives.
            *reader.borrow_mut() = Some(task);
        })
    };
    html! {
        <>
            <label class="button" for={props.id.clone()}>{ props.label.clone() }</label>
            <input id={props.id.clone()} class="visually-hidden" type="file" accept={props.accept.clone()}
                   {onchange} data-testid={props.id.clone()} />
        </>
    }
}
