//! `src/domain` of the app compiled alone (it depends on nothing of the app), for the long
//! property-test run: `scripts/fuzz.sh`.

#[path = "../../src/domain/mod.rs"]
pub mod domain;
