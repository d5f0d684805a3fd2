//! Real-browser tests: the bundled course, built by the `syllabus` binary, used in Debian's Chromium
//! (headless, through chromedriver) the way a learner uses it: by visible labels, link texts and
//! roles. They never skip: without chromium, chromedriver, Java or the npm packages (axe-core,
//! vnu-jar) they fail and say to run `scripts/test`, which installs all of them.
//!
//! Each test has its own browser with a fresh profile, so tests are independent and run in
//! parallel. One module per area:
//! - navigation: "Next" links through the course, sidebar, breadcrumbs, the 404 page
//! - checklists: ticks and progress bars everywhere; ticks survive reloads, rebuilds, moved lessons
//! - quizzes: failing and passing attempts, feedback, retry, shuffled options
//! - progress_data: export, reset, import; damaged saved progress
//! - progress_lists: a big course's progress page: closed modules, lists loaded when shown, map stamps
//! - named_exports: the learner's name, exports with their time, build and quiz answers, old exports
//! - progress_model: the script against the progress fixtures shared with the Rust tests
//! - storage: storage that throws (B02); two tabs ticking the same lesson (B04)
//! - keyboard: every control reachable with Tab, operable with Enter/Space, visible focus
//! - hosting: the site under a sub-path and from file://, with clean network and console logs
//! - phone: a 390 x 844 screen in light and dark mode
//! - accessibility: axe-core on the main kinds of page (and states of a quiz)
//! - validity: the W3C Nu HTML Checker on every page; every internal link and #fragment resolves
//! - report: the manager's report of exports, by roles and keyboard, judged by axe and the Nu checker
//! - scenarios: a branching conversation played by keyboard to each ending, judged by axe
//! - search, search_languages: the search box; courses in French, Arabic and Korean
//! - xss: payloads in every author-written text never run (Q01-Q05)
//! - cmi5: a cmi5 package against Ralph, a real LRS, with the test playing the LMS in front of it
//! - lms: SCORM 1.2 and 2004 packages in scorm-again, an LMS runtime: what the LMS records, a
//!   relaunch in a fresh browser, a package without an LMS; lms_model: the package's model
//!   script on the shared fixture; lms_judges: axe, the Nu checker and no other host in a package

mod course;
// Shared with the `it` tests: English interface words on a page in another language.
#[path = "../it/english.rs"]
mod english;
mod harness;
mod judges;
mod lrs;
mod page;

mod accessibility;
mod checklists;
mod cmi5;
mod hosting;
mod keyboard;
mod languages;
mod lms;
mod lms_judges;
mod lms_model;
mod named_exports;
mod navigation;
mod phone;
mod pools;
mod progress_data;
mod progress_lists;
mod progress_model;
mod quizzes;
mod report;
mod roleplay;
mod scenarios;
mod search;
mod search_languages;
mod storage;
mod team;
mod validity;
mod xss;
