//! The site's own pages, outside the modules: one row each. Rendering (`build::pages`),
//! incremental rebuilds and the names no page may take (`build::checks`) all follow this table,
//! so a new one (a certificate) is added here and every `match` says what it needs.

/// A page Syllabus makes for the whole course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SitePage {
    /// "My progress": every unit of the course.
    Progress,
    /// The certificate of completion, filled in by the script from the learner's progress.
    Certificate,
    /// The course's home page (`content/_index.md`).
    Home,
    /// The page a server sends for a missing URL.
    NotFound,
}

impl SitePage {
    /// Every site page, the big ones first (so that, rendered in parallel, they do not run alone
    /// at the end).
    pub const ALL: [SitePage; 4] = [
        SitePage::Progress,
        SitePage::Certificate,
        SitePage::Home,
        SitePage::NotFound,
    ];

    /// Its output path.
    pub const fn url(self) -> &'static str {
        match self {
            SitePage::Progress => "progress.html",
            SitePage::Certificate => "certificate.html",
            SitePage::Home => "index.html",
            SitePage::NotFound => "404.html",
        }
    }

    /// Its template.
    pub const fn template(self) -> &'static str {
        match self {
            SitePage::Progress => "progress.html",
            SitePage::Certificate => "certificate.html",
            SitePage::Home => "home.html",
            SitePage::NotFound => "404.html",
        }
    }

    /// Whether it shows course-wide totals (units, checklists), so it changes with any lesson's
    /// checklist.
    pub const fn shows_totals(self) -> bool {
        match self {
            SitePage::Progress | SitePage::Certificate | SitePage::Home => true,
            SitePage::NotFound => false,
        }
    }
}
