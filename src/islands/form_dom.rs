//! Reading and writing the submission form's controls in the browser, and the draft kept in
//! `localStorage`. The form's inputs are plain (uncontrolled) HTML controls, so the same markup
//! works without JavaScript; with it, these helpers read them into a `SubmitForm`.

use crate::domain::{Field, FormMember, SubmitForm};
use crate::wire::json::{FromJson, Json, Object};
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{
    FormData, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// The draft of a new submission, per browser.
pub const DRAFT_KEY: &str = "icc-submission-draft";

fn text(data: &FormData, name: &str) -> String {
    data.get(name).as_string().unwrap_or_default()
}

fn list(data: &FormData, name: &str) -> Vec<String> {
    data.get_all(name)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// Every control's value, as the server would receive it from a post.
pub fn read_form(form: &HtmlFormElement) -> SubmitForm {
    let mut values = SubmitForm::default();
    let Ok(data) = FormData::new_with_form(form) else {
        return values;
    };
    for (name, member) in SubmitForm::MEMBERS {
        match member {
            FormMember::Text(_, set) => *set(&mut values) = text(&data, name),
            FormMember::List(_, set) => *set(&mut values) = list(&data, name),
            FormMember::Consent => {
                values.consent = data.get(name).as_string().filter(|c| !c.is_empty())
            }
        }
    }
    values
}

/// Puts a draft's values back into the controls (not the ticket or the hidden field).
pub fn write_form(form: &HtmlFormElement, draft: &SubmitForm) {
    let elements = form.elements();
    for i in 0..elements.length() {
        let Some(element) = elements.item(i) else {
            continue;
        };
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            let Some(field) = Field::from_name(&input.name()) else {
                continue;
            };
            match input.type_().as_str() {
                "checkbox" | "radio" => {
                    let on = match field {
                        Field::Types | Field::Commitments | Field::Languages => {
                            draft.has(field, &input.value())
                        }
                        Field::Consent => draft.consent.is_some(),
                        _ => draft.value(field) == input.value(),
                    };
                    input.set_checked(on);
                }
                _ => input.set_value(&draft.value(field)),
            }
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(field) = Field::from_name(&area.name()) {
                area.set_value(&draft.value(field));
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            if let Some(field) = Field::from_name(&select.name()) {
                select.set_value(&draft.value(field));
            }
        }
    }
}

fn storage() -> Option<leptos::web_sys::Storage> {
    leptos::web_sys::window()?.local_storage().ok()?
}

/// Keeps the values (never the ticket or the hidden field) in this browser, as
/// `{"form": {…}}` (the members serde gives a `SubmitForm`; drafts saved by earlier versions
/// read the same).
pub fn save_draft(key: &str, form: &SubmitForm) {
    let mut form = form.clone();
    form.ticket.clear();
    form.leave_empty.clear();
    let mut json = String::new();
    Object::new(&mut json).field("form", &form).end();
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, &json);
    }
}

/// The kept draft, if any has something typed in it (the text's language, preselected, is not
/// something typed).
pub fn load_draft(key: &str) -> Option<SubmitForm> {
    let json = storage()?.get_item(key).ok()??;
    let form = SubmitForm::from_json(Json::parse(&json)?.take("form")?)?;
    let typed = SubmitForm {
        text_language: String::new(),
        ..form.clone()
    };
    (typed != SubmitForm::default()).then_some(form)
}

pub fn clear_draft(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Moves the keyboard focus (and the screen reader) to the element with this id, once the
/// browser has drawn the latest changes.
pub fn focus_later(id: String) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = leptos::prelude::document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
            el.scroll_into_view();
        }
    });
}

/// The `name` of the control an event happened on.
pub fn control_name(ev: &leptos::web_sys::Event) -> Option<String> {
    let target = ev.target()?;
    let element = target.dyn_into::<leptos::web_sys::Element>().ok()?;
    element.get_attribute("name")
}
