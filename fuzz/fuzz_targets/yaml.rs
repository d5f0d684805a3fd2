//! Fuzz target `yaml`: see `invariants::yaml` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::yaml(data) {
        panic!("{broken}");
    }
});
