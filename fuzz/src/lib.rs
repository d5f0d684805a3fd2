//! The invariants behind the fuzz targets, shared with the integration tests.

pub mod invariants;
