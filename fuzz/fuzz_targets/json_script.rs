//! Fuzz target `json_script`: see `invariants::json_script` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::json_script(data) {
        panic!("{broken}");
    }
});
