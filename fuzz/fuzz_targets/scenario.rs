//! Fuzz target `scenario`: see `invariants::scenario` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::scenario(data) {
        panic!("{broken}");
    }
});
