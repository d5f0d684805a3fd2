//! Fuzz target `svg`: see `invariants::svg` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::svg(data) {
        panic!("{broken}");
    }
});
