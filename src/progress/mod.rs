//! The progress model: what a learner's progress is made of ([`units`]), how it is stored and
//! exported ([`schema`]), how a quiz attempt is graded ([`grade`]), how a scenario's endings
//! rank ([`ending`]), when a completion is older than the lesson or quiz it completes
//! ([`updated`]), how the progress map writes a module's units ([`map`]), and what an LMS is told
//! of it ([`lms`], with its resume data in [`compact`]).
//!
//! This is the one definition that the pages, the theme's script, exports and (later) reports
//! and LMS packages follow: the build writes unit keys and grading data only through it, and the
//! fixtures in `tests/fixtures/progress/` are read by the Rust tests and by the browser tests,
//! so the script cannot drift from it. docs/progress.md describes it for people.

pub mod compact;
pub mod ending;
pub mod grade;
pub mod lms;
pub mod map;
pub mod schema;
pub mod units;
pub mod updated;
