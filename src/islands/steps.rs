//! Where the submission form stands in its steps, apart from its view: the order of the steps
//! for one use of the form, the current one, and the moves between them. The moves are plain
//! functions over the order, so they are tested without a browser.

use crate::domain::{FieldProblem, Step};
use leptos::prelude::*;

/// A step's name in `data-step` and `data-current`, which the styles match.
pub fn step_name(step: Step) -> &'static str {
    match step {
        Step::City => "city",
        Step::Initiative => "initiative",
        Step::AboutYou => "about",
        Step::Review => "review",
    }
}

/// The `id` of a step's heading, where focus goes when the step opens.
pub fn step_id(step: Step) -> &'static str {
    match step {
        Step::City => "step-city",
        Step::Initiative => "step-initiative",
        Step::AboutYou => "step-about",
        Step::Review => "step-review",
    }
}

/// The step after `current` in `order`, if any.
pub fn step_after(order: &[Step], current: Step) -> Option<Step> {
    let i = order.iter().position(|s| *s == current)?;
    order.get(i + 1).copied()
}

/// The step before `current` in `order`, if any.
pub fn step_before(order: &[Step], current: Step) -> Option<Step> {
    let i = order.iter().position(|s| *s == current)?;
    i.checked_sub(1).map(|i| order[i])
}

/// The step that shows the first of `problems`, when that step is in `order`.
pub fn step_of_first_problem(order: &[Step], problems: &[FieldProblem]) -> Option<Step> {
    problems
        .first()
        .map(|p| p.field.step())
        .filter(|s| order.contains(s))
}

/// The steps of one use of the form and the one shown. Copied into every handler and view
/// that needs it (a handle to reactive state). The order is one of the form's fixed orders,
/// read directly (a `StoredValue` would bring its arena lookup into the wasm for each use).
#[derive(Clone, Copy)]
pub struct Steps {
    order: &'static [Step],
    current: RwSignal<Step>,
}

impl Steps {
    /// The steps in `order` (never empty), starting at the first step with one of `problems`,
    /// else at the first.
    pub fn new(order: &'static [Step], problems: &[FieldProblem]) -> Self {
        let start = step_of_first_problem(order, problems).unwrap_or(order[0]);
        Self {
            order,
            current: RwSignal::new(start),
        }
    }

    /// The step shown (tracked: views follow it).
    pub fn current(self) -> Step {
        self.current.get()
    }

    /// The step shown, for handlers.
    pub fn current_untracked(self) -> Step {
        self.current.get_untracked()
    }

    /// Shows `step`.
    pub fn show(self, step: Step) {
        self.current.set(step);
    }

    /// Shows the step of the first of `problems`, if this form has it.
    pub fn show_problem(self, problems: &[FieldProblem]) {
        if let Some(s) = step_of_first_problem(self.order, problems) {
            self.current.set(s);
        }
    }

    pub fn next(self) -> Option<Step> {
        step_after(self.order, self.current.get_untracked())
    }

    pub fn previous(self) -> Option<Step> {
        step_before(self.order, self.current.get_untracked())
    }

    pub fn is_first(self, step: Step) -> bool {
        self.order.first() == Some(&step)
    }

    pub fn has(self, step: Step) -> bool {
        self.order.contains(&step)
    }

    /// The steps in order.
    pub fn all(self) -> &'static [Step] {
        self.order
    }

    /// The shown step's number (from 1) and the number of steps (tracked).
    pub fn progress(self) -> (usize, usize) {
        let now = self.current.get();
        let o = self.order;
        (o.iter().position(|s| *s == now).unwrap_or(0) + 1, o.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Field, FieldError};

    const ALL: [Step; 4] = [Step::City, Step::Initiative, Step::AboutYou, Step::Review];
    const MODERATOR: [Step; 3] = [Step::City, Step::Initiative, Step::Review];

    fn problem(field: Field) -> FieldProblem {
        FieldProblem {
            field,
            error: FieldError::Required,
        }
    }

    #[test]
    fn next_and_back_follow_the_order_and_stop_at_its_ends() {
        assert_eq!(step_after(&ALL, Step::City), Some(Step::Initiative));
        assert_eq!(step_after(&ALL, Step::Review), None);
        assert_eq!(step_before(&ALL, Step::City), None);
        assert_eq!(step_before(&ALL, Step::Review), Some(Step::AboutYou));
    }

    #[test]
    fn a_moderator_goes_from_the_initiative_straight_to_the_review() {
        assert_eq!(step_after(&MODERATOR, Step::Initiative), Some(Step::Review));
        assert_eq!(
            step_before(&MODERATOR, Step::Review),
            Some(Step::Initiative)
        );
    }

    #[test]
    fn the_form_opens_at_the_step_of_the_first_problem_it_has() {
        let problems = [problem(Field::SubmitterEmail), problem(Field::City)];
        assert_eq!(step_of_first_problem(&ALL, &problems), Some(Step::AboutYou));
        // The moderator's form has no "about you" step to open.
        assert_eq!(step_of_first_problem(&MODERATOR, &problems), None);
        assert_eq!(step_of_first_problem(&ALL, &[]), None);
    }
}
