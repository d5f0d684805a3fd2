//! The integration tests: one binary, a module per feature, on the fixture harness.

mod build;
mod cli;
mod english;
mod github;
mod guard;
mod guides;
mod harness;
mod incremental;
mod invalid;
mod languages;
mod layout;
mod lms_model;
mod output;
mod package;
mod package_manifests;
mod progress;
mod properties;
mod quizzes;
mod reliability;
mod report;
mod roleplay;
mod scenarios;
mod schemas;
mod search;
mod search_languages;
mod serve;
