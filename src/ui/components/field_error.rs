//! The one way an input error is shown: beside its field, announced to screen readers.

use yew::prelude::*;

/// The error paragraph a field names in `aria-describedby` as `id`: hidden while there is
/// no `message`. A plain function, not a component: it has no state.
pub fn field_error(id: AttrValue, message: Option<AttrValue>) -> Html {
    html! {
        <p id={id.clone()} class="field-error" role="alert" data-testid={id} hidden={message.is_none()}>
            { message.unwrap_or_default() }
        </p>
    }
}
