//! Fuzz target `resume_data`: see `invariants::resume_data` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::resume_data(data) {
        panic!("{broken}");
    }
});
