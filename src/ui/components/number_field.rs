//! A labelled numeric text field that reports what the planner typed.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field_error;

/// A numeric field: what it shows and where its edits go.
pub struct NumberField {
    /// Element id; also the `data-testid` of the input.
    pub id: &'static str,
    pub label: &'static str,
    pub text: String,
    pub error: Option<String>,
    /// Called with the field's text on every edit.
    pub on_input: Callback<String>,
}

impl NumberField {
    /// The field (a plain function, not a component: it has no state of its own).
    pub fn view(self) -> Html {
        let on_input = self.on_input;
        let oninput = Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        });
        let error_id = format!("{}-error", self.id);
        html! {
            <div class="field">
                <label for={self.id}>{ self.label }</label>
                <input id={self.id} data-testid={self.id} type="text" inputmode="numeric"
                       autocomplete="off" value={self.text} {oninput}
                       aria-invalid={self.error.is_some().to_string()}
                       aria-describedby={error_id.clone()} />
                { field_error(error_id.into(), self.error.map(AttrValue::from)) }
            </div>
        }
    }
}
