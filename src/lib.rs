//! Syllabus: a static-site generator for training curricula.
//!
//! The modules below are the pipeline, in order: the command line, configuration, diagnostics,
//! the curriculum model, loading content, markdown, quizzes, the theme, and the build that ties
//! them together and writes the site; `package` makes LMS packages of it.

pub mod budget;
pub mod build;
pub mod cli;
pub mod config;
pub mod diag;
pub mod fs;
pub mod glob;
pub mod i18n;
pub mod init;
pub mod kinds;
pub mod load;
pub mod markdown;
pub mod model;
pub mod package;
pub mod progress;
pub mod quiz;
pub mod render;
pub mod report;
pub mod sanitize;
pub mod scenario;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod yaml;
