//! Fuzz target `front_matter`: see `invariants::front_matter` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = syllabus_fuzz::invariants::front_matter(data) {
        panic!("{broken}");
    }
});
