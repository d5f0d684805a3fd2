//! "Updated since you completed it": an author marks a meaningful change to a lesson, quiz or
//! scenario with `updated:` in its front matter (or at the top of its YAML file), and a
//! completion, pass or ending recorded before that moment is *stale*. The page, the sidebar, the progress page and the report all ask [`is_stale`].
//!
//! The date is the author's call, not a hash of the text: a typo fix must not make 500 people
//! redo a lesson.

/// One day, in milliseconds.
const DAY_MS: i64 = 86_400_000;

/// A lesson's or quiz's `updated:` moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// The moment, in milliseconds since 1970, never later than the build that read it.
    pub millis: i64,
    /// Its day in UTC, `YYYY-MM-DD`, as pages show it.
    pub date: String,
}

impl Updated {
    /// Reads `updated:`: a date (`2026-12-05`, the start of that day in UTC) or an RFC 3339 time
    /// with its offset (`2026-12-05T14:30:00+01:00`). `now` is the build's time in milliseconds:
    /// a moment up to a day after it (an author east of UTC writing today's date) is read as
    /// `now`, so a learner who confirms after this build is never stale; a later one is an
    /// error, since every learner would stay stale until then. The error says why, for the
    /// author.
    pub fn parse(text: &str, now: i64) -> Result<Updated, String> {
        let text = text.trim();
        // A time first: jiff reads the date of a whole time as a date too.
        let millis = if let Ok(time) = text.parse::<jiff::Timestamp>() {
            time.as_millisecond()
        } else if let Some(date) = (text.len() == 10)
            .then(|| text.parse::<jiff::civil::Date>().ok())
            .flatten()
        {
            date.to_zoned(jiff::tz::TimeZone::UTC)
                .map_err(|e| e.to_string())?
                .timestamp()
                .as_millisecond()
        } else {
            return Err(format!(
                "`updated: {}` is not a date: write it as YYYY-MM-DD (or an RFC 3339 time such as 2026-12-05T14:30:00+01:00)",
                crate::diag::shorten(text, 40)
            ));
        };
        if millis > now.saturating_add(DAY_MS) {
            return Err(format!(
                "`updated: {text}` is in the future (this build runs on {}); write the day of the change, so that learners who review it can confirm it",
                day_of(now)
            ));
        }
        let millis = millis.min(now);
        Ok(Updated {
            millis,
            date: day_of(millis),
        })
    }
}

/// The day in UTC of a time in milliseconds, `YYYY-MM-DD`.
fn day_of(millis: i64) -> String {
    jiff::Timestamp::from_millisecond(millis)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Whether a unit's record is stale: done (completed, ticked, passed) at a time before the
/// lesson or quiz was updated. A record of unknown time (`at` 0) that is done is stale; a record
/// not done never is, nor any record of a unit with no `updated:`.
pub fn is_stale(done: bool, at: f64, updated: Option<i64>) -> bool {
    match updated {
        Some(u) => done && (at.is_nan() || at < u as f64),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_936_000_000; // 2025-12-05T12:00:00Z

    #[test]
    fn dates_and_times_are_read_in_utc() {
        let u = Updated::parse("2025-12-01", NOW).unwrap();
        assert_eq!(
            (u.millis, u.date.as_str()),
            (1_764_547_200_000, "2025-12-01")
        );
        let u = Updated::parse("2025-12-01T01:30:00+02:00", NOW).unwrap();
        assert_eq!(
            (u.millis, u.date.as_str()),
            (1_764_545_400_000, "2025-11-30")
        );
    }

    #[test]
    fn a_moment_up_to_a_day_ahead_is_the_build_and_later_is_refused() {
        assert_eq!(Updated::parse("2025-12-06", NOW).unwrap().millis, NOW);
        let e = Updated::parse("2025-12-07", NOW).unwrap_err();
        assert!(
            e.contains("in the future") && e.contains("2025-12-05"),
            "{e}"
        );
    }

    #[test]
    fn what_is_not_a_date_says_how_to_write_one() {
        for bad in [
            "yesterday",
            "2025-02-30",
            "2025-13-01",
            "",
            "12/05/2025",
            "2025-12-01T10:00",
        ] {
            let e = Updated::parse(bad, NOW).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn only_a_done_record_older_than_the_update_is_stale() {
        let u = Some(1000);
        assert!(is_stale(true, 999.0, u));
        assert!(is_stale(true, 0.0, u));
        assert!(is_stale(true, f64::NAN, u));
        assert!(!is_stale(true, 1000.0, u));
        assert!(!is_stale(false, 1.0, u));
        assert!(!is_stale(true, 1.0, None));
    }
}
