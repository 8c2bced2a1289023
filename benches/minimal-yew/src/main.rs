//! One component, one line of text: an empty Yew page.
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    html! { <main><h1>{ "Minimal Yew" }</h1><p>{ "One component." }</p></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
