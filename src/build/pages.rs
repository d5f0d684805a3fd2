//! Every page of the site from its template: which pages there are, what each is rendered from,
//! and rendering them all in parallel with the search index and the copied files.

use anyhow::anyhow;
use rayon::prelude::*;

use crate::config::Config;
use crate::fs::{OutData, OutFile};
use crate::kinds::SitePage;
use crate::model::Curriculum;
use crate::render::Bodies;
use crate::search::SearchIndex;
use crate::theme::{self, context::Views, sidebar::Sidebars};

/// A page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Page {
    /// One of the site's own pages.
    Site(SitePage),
    /// Standalone page (guide) `i`.
    Guide(usize),
    /// Module `i`'s page.
    Module(usize),
    /// Entry `j` of module `i`.
    Entry(usize, usize),
}

/// Every page of the course, the big course-wide pages first (so that, rendered in parallel,
/// they do not run alone at the end).
pub(crate) fn page_jobs(course: &Curriculum) -> Vec<Page> {
    let mut jobs: Vec<Page> = SitePage::ALL.into_iter().map(Page::Site).collect();
    jobs.extend((0..course.guides.len()).map(Page::Guide));
    for (i, m) in course.modules.iter().enumerate() {
        jobs.push(Page::Module(i));
        jobs.extend((0..m.entries.len()).map(|j| Page::Entry(i, j)));
    }
    jobs
}

/// The URL of the page `job` renders (its context's `page.url`).
pub(crate) fn page_url(course: &Curriculum, job: Page) -> &str {
    match job {
        Page::Site(page) => page.url(),
        Page::Guide(i) => &course.guides[i].url,
        Page::Module(i) => &course.modules[i].url,
        Page::Entry(i, j) => course.modules[i].entries[j].url(),
    }
}

/// What a page is rendered from: its template, its context, and the source file to blame.
pub(crate) struct PageInput<'a> {
    /// The template's name.
    pub template: &'static str,
    /// The template context; equal contexts (with `nav`) render equal pages.
    pub ctx: theme::context::PageContext<'a>,
    /// The sidebar, `nav` in the template: made once per module and shared (see [`Views::nav`]).
    pub nav: tera::Value,
    /// The source file the page comes from, for error messages.
    pub source: &'a std::path::Path,
}

/// Renders the pages of one course with one theme: the views shared by every page, and the
/// sidebar rendered once per module.
pub(crate) struct Pages<'a> {
    /// The course.
    pub course: &'a Curriculum,
    /// Views computed once and shared by every page.
    pub views: Views<'a>,
    theme: &'a theme::Theme,
    sidebars: Sidebars,
}

impl<'a> Pages<'a> {
    /// Ready to render the pages of `course` with `theme`.
    pub fn new(
        config: &'a Config,
        course: &'a Curriculum,
        bodies: &'a Bodies,
        theme: &'a theme::Theme,
    ) -> Self {
        Pages {
            course,
            views: Views::new(config, course, bodies, &theme.text),
            theme,
            sidebars: Sidebars::new(course.modules.len()),
        }
    }

    /// Renders one page with its template.
    pub fn render(&self, job: Page) -> anyhow::Result<OutFile> {
        self.render_input(self.input(job))
    }

    /// The template and context of one page.
    pub fn input(&self, job: Page) -> PageInput<'a> {
        let (views, course) = (&self.views, self.course);
        let home_path = course.home.source.path.as_path();
        let (template, ctx, source) = match job {
            Page::Site(page) => {
                let ctx = match page {
                    SitePage::Home => views.home(),
                    SitePage::Progress => views.progress(),
                    SitePage::Certificate => views.certificate(),
                    SitePage::NotFound => views.not_found(),
                };
                (page.template(), ctx, home_path)
            }
            Page::Guide(i) => (
                "guide.html",
                views.guide(i),
                course.guides[i].source.path.as_path(),
            ),
            Page::Module(i) => (
                "module.html",
                views.module(i),
                course.modules[i].source.path.as_path(),
            ),
            Page::Entry(i, j) => {
                let e = &course.modules[i].entries[j];
                (e.template(), views.entry(i, j), e.path())
            }
        };
        PageInput {
            template,
            nav: views.nav(ctx.nav_of),
            ctx,
            source,
        }
    }

    /// Renders a page from its template and context.
    pub fn render_input(&self, input: PageInput) -> anyhow::Result<OutFile> {
        let PageInput {
            template,
            ctx,
            nav,
            source,
            ..
        } = input;
        let theme = self.theme;
        let url = ctx.page.url.to_owned();
        let sidebar = self.sidebars.for_page(theme, &ctx, &nav)?;
        let mut context = tera::Context::from_serialize(&ctx)
            .map_err(|e| anyhow!("could not prepare the page {url}: {e}"))?;
        context.insert_value("nav", nav);
        let sidebar_len = sidebar.len();
        context.insert_value("sidebar", tera::Value::from(sidebar).mark_safe());
        // Room for the page: the sidebar and the body are most of it, and Tera's own guess (the
        // template's size) made the buffer grow and copy itself several times per page.
        let mut html = Vec::with_capacity(sidebar_len + PAGE_ROOM);
        theme
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|e| {
                let origin = theme
                    .origins
                    .get(template)
                    .map_or_else(|| template.to_owned(), |o| theme::describe(template, o));
                anyhow!(
                    "template {origin} failed for the page from {}:\n{e}",
                    source.display()
                )
            })?;
        Ok(OutFile {
            path: url,
            data: OutData::Bytes(html),
        })
    }
}

/// Bytes reserved for a page beyond its sidebar: a lesson of the bench course is 9 KB besides.
const PAGE_ROOM: usize = 32 * 1024;

/// Renders every page with the theme and lists every file of the site, in memory, in a stable
/// order, with the search index it made: `serve` keeps it, so its first edit updates the index
/// instead of making it again (0.4 to 0.6 s at 10,000 lessons).
pub(crate) fn render_site(
    course: &Curriculum,
    bodies: &Bodies,
    config: &Config,
    theme: &theme::Theme,
) -> anyhow::Result<(Vec<OutFile>, SearchIndex)> {
    let files = std::sync::Mutex::new(Vec::new());
    let (_, index) = render_all(
        course,
        bodies,
        config,
        theme,
        &|f| {
            files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(f.kept());
            Ok(())
        },
        true,
    )?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok((files, index.expect("the index was kept")))
}

/// Renders every file of the site and hands each to `put` as soon as it is made, from any
/// thread: `build` writes them straight to disk, so pages are never all in memory and writing
/// overlaps rendering. Returns the number of files.
pub(crate) fn render_site_into(
    course: &Curriculum,
    bodies: &Bodies,
    config: &Config,
    theme: &theme::Theme,
    put: &(dyn Fn(OutFile) -> anyhow::Result<()> + Sync),
) -> anyhow::Result<usize> {
    render_all(course, bodies, config, theme, put, false).map(|(count, _)| count)
}

/// [`render_site_into`], and the search index when `keep_search`.
fn render_all(
    course: &Curriculum,
    bodies: &Bodies,
    config: &Config,
    theme: &theme::Theme,
    put: &(dyn Fn(OutFile) -> anyhow::Result<()> + Sync),
    keep_search: bool,
) -> anyhow::Result<(usize, Option<SearchIndex>)> {
    let pages = Pages::new(config, course, bodies, theme);
    let jobs = page_jobs(course);
    // The search index is built alongside the pages (it only reads their markdown bodies).
    let (written, search) = rayon::join(
        || {
            jobs.par_iter()
                .with_max_len(1)
                .try_for_each(|job| put(pages.render(*job)?))
        },
        || {
            if keep_search {
                let index = SearchIndex::new(course, bodies, config);
                (index.files(), Some(index))
            } else {
                (crate::search::index_files(course, bodies, config), None)
            }
        },
    );
    let (search, index) = search;
    written?;
    let statics = theme.statics.iter().map(|(name, bytes)| OutFile {
        path: format!("assets/{name}"),
        data: OutData::Bytes(bytes.clone()),
    });
    let assets = course.assets.iter().map(|a| OutFile {
        path: a.url.clone(),
        data: OutData::Copy(a.path.clone()),
    });
    let rest: Vec<OutFile> = statics
        .chain(assets)
        .chain(search)
        .chain(progress_map_files(&pages.views))
        .collect();
    let count = jobs.len() + rest.len();
    rest.into_par_iter().try_for_each(put)?;
    Ok((count, index))
}

/// The progress map's scripts (`theme::context::map`): course-wide data the home, progress
/// and certificate pages load instead of holding it, and the progress page's list of each module.
pub(crate) fn progress_map_files(views: &Views) -> Vec<OutFile> {
    map_files(views.progress_map())
}

/// The files of a progress map.
pub(crate) fn map_files(map: &theme::context::ProgressMap) -> Vec<OutFile> {
    map_files_of(map, None)
}

/// The progress map's file and the lists of modules `only` (every module's without it): `serve`
/// writes again only the lists of the modules an edit touched.
pub(crate) fn map_files_of(
    map: &theme::context::ProgressMap,
    only: Option<&[usize]>,
) -> Vec<OutFile> {
    let lists = map
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|only| only.contains(i)))
        .map(|(i, items)| OutFile {
            path: format!("{}/{i}.js", theme::context::ITEMS_DIR),
            data: OutData::Bytes(items.1.clone().into_bytes()),
        });
    std::iter::once(OutFile {
        path: theme::context::MAP_PATH.to_owned(),
        data: OutData::Bytes(map.map.clone().into_bytes()),
    })
    .chain(lists)
    .collect()
}
