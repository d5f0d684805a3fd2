//! Fuzz target `export`: see `invariants::export` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::export(data) {
        panic!("{broken}");
    }
});
