//! The one way an input error is shown: beside its field, announced to screen readers.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldErrorProps {
    /// The id the field names in `aria-describedby`.
    pub id: AttrValue,
    pub message: Option<AttrValue>,
}

#[function_component]
pub fn FieldError(props: &FieldErrorProps) -> Html {
    html! {
        <p id={props.id.clone()} class="field-error" role="alert" data-testid={props.id.clone()}
           hidden={props.message.is_none()}>
            { props.message.clone().unwrap_or_default() }
        </p>
    }
}
