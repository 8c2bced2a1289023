//! A labelled numeric text field that reports what the planner typed.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field_error;

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    /// Element id; also the `data-testid` of the input.
    pub id: AttrValue,
    pub label: AttrValue,
    pub text: AttrValue,
    pub error: Option<AttrValue>,
    /// Called with the field's text on every edit.
    pub on_input: Callback<String>,
}

#[function_component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let on_input = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let error_id: AttrValue = format!("{}-error", props.id).into();
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input id={props.id.clone()} data-testid={props.id.clone()} type="text" inputmode="numeric"
                   autocomplete="off" value={props.text.clone()} oninput={on_input}
                   aria-invalid={props.error.is_some().to_string()}
                   aria-describedby={error_id.clone()} />
            { field_error(error_id.into(), props.error.clone()) }
        </div>
    }
}
