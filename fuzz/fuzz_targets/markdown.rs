//! Fuzz target `markdown`: see `invariants::markdown` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::markdown(data) {
        panic!("{broken}");
    }
});
