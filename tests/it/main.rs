//! The integration tests: one binary, a module per feature, on the fixture harness.

mod build;
mod cli;
mod harness;
mod incremental;
mod invalid;
mod output;
mod reliability;
mod search;
mod serve;
