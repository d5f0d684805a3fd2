//! Fuzz target `time_per_byte`: a pattern repeated 500 and 2,000 times (and at least to 16 KB
//! and 64 KB) must not take more than ten times as long at the larger size (linear work takes
//! about four), so no input makes rendering, cleaning or parsing grow with the square of its
//! length. See `invariants::time_per_byte`.
#![no_main]

use std::time::Duration;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let floor = Duration::from_millis(30);
    if let Err(broken) = syllabus_fuzz::invariants::time_per_byte(data, 500, 16_000, 10, floor) {
        panic!("{broken}");
    }
});
