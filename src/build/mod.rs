//! The one entry point: [`build`] runs the pipeline (config → load → check → markdown → templates
//! → output) and is shared by `syllabus build`, `check`, `serve` and the tests.

pub mod checks;
pub mod guard;
pub mod incremental;
mod keep;
pub mod links;
mod manifest;
pub mod output;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use rayon::prelude::*;

use crate::budget::Budget;
use crate::config::{self, BrokenLinks, Config};
use crate::diag::{ContentErrors, Diagnostic, Diagnostics};
use crate::markdown::{self, Input, RawHtml, Rendered};
use crate::model::{Curriculum, Entry, Source};
use crate::theme::{self, context::Views};
use links::SiteIndex;
use output::{OutData, OutFile};

/// What to build and how; made once, before loading.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The course folder (holding `site.toml`).
    pub root: PathBuf,
    /// Output folder, overriding `output_dir` in `site.toml`.
    pub output: Option<PathBuf>,
    /// Include lessons marked `draft: true`.
    pub drafts: bool,
    /// Replace an output folder Syllabus did not create.
    pub force: bool,
    /// Write the site, or only check it.
    pub write: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Modules built.
    pub modules: usize,
    /// Lessons built.
    pub lessons: usize,
    /// Quizzes built.
    pub quizzes: usize,
    /// Files written (0 for a check).
    pub files: usize,
    /// Warnings, sorted.
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: Option<PathBuf>,
}

/// The rendered markdown of every page, parallel to the curriculum.
pub struct Bodies {
    /// The home page's body.
    pub home: Rendered,
    /// Per module, in order.
    pub modules: Vec<ModuleBodies>,
}

/// A module's rendered intro and entries.
pub struct ModuleBodies {
    /// The `_index.md` body.
    pub intro: Rendered,
    /// Per entry, in order.
    pub entries: Vec<EntryBody>,
}

/// A rendered lesson or quiz.
pub enum EntryBody {
    /// The lesson body.
    Lesson(Rendered),
    /// Each question's prompt and explanation, and what rendering them found (broken links).
    Quiz(Vec<QuestionBody>, Rendered),
}

/// A quiz question's rendered markdown.
pub struct QuestionBody {
    /// The prompt.
    pub prompt_html: String,
    /// The explanation (empty when none).
    pub explanation_html: String,
}

/// Builds (or, with `write: false`, checks) the course described by `opts`.
pub fn build(opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    let mode = if opts.write { Mode::Write } else { Mode::Check };
    run(opts, mode).map(|(report, _)| report)
}

/// Renders the whole site into memory without writing anything (for `serve`).
pub fn render(opts: &BuildOptions) -> anyhow::Result<(BuildReport, Vec<OutFile>)> {
    run(opts, Mode::Memory)
}

/// How far a build goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Load and check only.
    Check,
    /// Render every page, keep them in memory.
    Memory,
    /// Render and write to the output folder.
    Write,
}

/// Everything a build knows before templates: checked config, the course, its link index and
/// rendered markdown. `serve` keeps it between rebuilds.
pub struct Prepared {
    /// The checked configuration.
    pub config: Config,
    /// The course as loaded.
    pub loaded: crate::load::Loaded,
    /// Link targets by source path.
    pub index: SiteIndex,
    /// Rendered markdown of every page.
    pub bodies: Bodies,
    /// Warnings found (no errors: those fail `prepare`).
    pub warnings: Vec<Diagnostic>,
}

/// Loads, checks and renders the markdown of the course; content errors fail it.
pub fn prepare(opts: &BuildOptions, check_output: bool) -> anyhow::Result<Prepared> {
    let start = Instant::now();
    let config = load_config(opts)?;
    if check_output {
        let target = guard::Target {
            output: &config.output_dir,
            root: &config.root,
            content: &config.content_dir,
            course_output: &config.course_output_dir,
            force: opts.force,
            keep: &config.keep,
        };
        guard::check_output_dir(&target, &guard::Places::of_this_machine())?;
    }
    let (loaded, mut diags) = crate::load::load_curriculum(&config, opts.drafts);
    let Some(loaded) = loaded else {
        return Err(ContentErrors(diags.into_sorted()).into());
    };
    checks::check_curriculum(&loaded.curriculum, &mut diags);
    log::debug!("loaded the course in {:?}", start.elapsed());
    let index = SiteIndex::new(&loaded, &config.content_dir, config.base_url.as_deref());
    let bodies = render_bodies(
        &loaded.curriculum,
        &config,
        &index,
        &mut diags,
        Reused::default(),
    );
    log::debug!("loaded and rendered markdown in {:?}", start.elapsed());
    let warnings = diags.into_result()?;
    Ok(Prepared {
        config,
        loaded,
        index,
        bodies,
        warnings,
    })
}

fn run(opts: &BuildOptions, mode: Mode) -> anyhow::Result<(BuildReport, Vec<OutFile>)> {
    let start = Instant::now();
    let Prepared {
        config,
        loaded,
        bodies,
        warnings,
        ..
    } = prepare(opts, mode == Mode::Write)?;
    let course = &loaded.curriculum;

    let entries = || course.modules.iter().flat_map(|m| &m.entries);
    let mut report = BuildReport {
        modules: course.modules.len(),
        lessons: entries().filter(|e| matches!(e, Entry::Lesson(_))).count(),
        quizzes: entries().filter(|e| matches!(e, Entry::Quiz(_))).count(),
        files: 0,
        warnings,
        elapsed: Duration::ZERO,
        output: None,
    };
    let mut files = Vec::new();
    match mode {
        Mode::Check => {}
        Mode::Memory => {
            let theme = theme::load(&config)?;
            files = render_site(course, &bodies, &config, &theme)?;
            report.files = files.len();
        }
        Mode::Write => {
            // Each file goes to disk as soon as it is rendered, into a temporary folder that is
            // swapped in at the end; an error drops it and the old output stays.
            let theme = theme::load(&config)?;
            let staging =
                output::Staging::new(&crate::fs::RealFs, &config.output_dir, &config.keep)?;
            render_site_into(course, &bodies, &config, &theme, &|f| staging.add(&f))?;
            log::debug!("rendered and wrote pages in {:?}", start.elapsed());
            report.files = staging.finish()?;
            report.output = Some(config.output_dir.clone());
        }
    }
    report.elapsed = start.elapsed();
    Ok((report, files))
}

/// Reads `site.toml`, applies the CLI's patches and checks it.
fn load_config(opts: &BuildOptions) -> anyhow::Result<Config> {
    let (text, path) = config::load(&opts.root)?;
    let raw = config::parse_str(&text, &path).map_err(|d| ContentErrors(vec![d]))?;
    let mut config =
        Config::from_raw(raw, &opts.root, &path, &text).map_err(|d| ContentErrors(vec![d]))?;
    if let Some(out) = &opts.output {
        // A flag is relative to where the author stands, not to the course root.
        config.output_dir =
            std::path::absolute(out).map_err(|e| anyhow!("bad --output {}: {e}", out.display()))?;
    }
    Ok(config)
}

/// Rendered bodies kept from an earlier build, placed where `course` has the same page from the
/// same source (see `incremental`): [`render_bodies`] takes them instead of rendering again.
#[derive(Default)]
pub(crate) struct Reused {
    /// The home page's body.
    pub home: Option<Rendered>,
    /// Per module of the new course, in order (missing modules render afresh).
    pub modules: Vec<ReusedModule>,
}

/// A module's reusable bodies, parallel to its entries.
#[derive(Default)]
pub(crate) struct ReusedModule {
    /// The `_index.md` body.
    pub intro: Option<Rendered>,
    /// Per entry (missing entries render afresh).
    pub entries: Vec<Option<EntryBody>>,
}

/// Renders the markdown of every page in parallel (taking `reused` bodies where given), then
/// checks links to other pages' headings.
pub(crate) fn render_bodies(
    course: &Curriculum,
    config: &Config,
    index: &SiteIndex,
    diags: &mut Diagnostics,
    reused: Reused,
) -> Bodies {
    let page = |source: &Source, url: &str, lesson_id: Option<&str>| {
        render_body(source, url, lesson_id, config, index)
    };
    let Reused {
        home: old_home,
        modules: mut old,
    } = reused;
    old.resize_with(course.modules.len(), ReusedModule::default);
    let home = old_home.unwrap_or_else(|| page(&course.home.source, "index.html", None));
    let modules: Vec<ModuleBodies> = course
        .modules
        .par_iter()
        .zip(old.into_par_iter())
        .map(|(m, old)| {
            let ReusedModule { intro, mut entries } = old;
            entries.resize_with(m.entries.len(), || None);
            ModuleBodies {
                intro: intro.unwrap_or_else(|| page(&m.source, &m.url, None)),
                entries: m
                    .entries
                    .par_iter()
                    .zip(entries.into_par_iter())
                    .map(|(e, old)| {
                        old.unwrap_or_else(|| match e {
                            Entry::Lesson(l) => {
                                EntryBody::Lesson(page(&l.source, &l.url, Some(&l.id)))
                            }
                            Entry::Quiz(q) => {
                                let (questions, found) = render_quiz(q, config, index);
                                EntryBody::Quiz(questions, found)
                            }
                        })
                    })
                    .collect(),
            }
        })
        .collect();

    // Gather every page's diagnostics and headings, then check cross-page anchors.
    let mut headings: std::collections::HashMap<&str, &[markdown::Heading]> =
        std::collections::HashMap::new();
    let mut all: Vec<&Rendered> = vec![&home];
    headings.insert("index.html", &home.headings);
    for (m, mb) in course.modules.iter().zip(&modules) {
        headings.insert(&m.url, &mb.intro.headings);
        all.push(&mb.intro);
        for (e, eb) in m.entries.iter().zip(&mb.entries) {
            match eb {
                EntryBody::Lesson(r) => {
                    headings.insert(e.url(), &r.headings);
                    all.push(r);
                }
                EntryBody::Quiz(_, found) => all.push(found),
            }
        }
    }
    // With `broken_links = "warn"` (L02) a broken link is reported but does not stop the build.
    let demote = |d: Diagnostic| match config.broken_links {
        BrokenLinks::Warn if d.broken_link => d.warning(),
        _ => d,
    };
    // A page of many headings is looked up in a set, made the first time a link needs it: a page
    // of 20,000 links into another of 20,000 headings must stay linear (issue 22).
    let mut sets: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    for r in &all {
        diags.extend(r.diagnostics.iter().cloned().map(demote));
        for a in &r.anchors {
            let Some((page, hs)) = a.page.as_deref().and_then(|p| headings.get_key_value(p)) else {
                continue;
            };
            let found = if hs.len() <= 16 {
                hs.iter().any(|h| h.id == a.fragment)
            } else {
                sets.entry(page)
                    .or_insert_with(|| hs.iter().map(|h| h.id.as_str()).collect())
                    .contains(a.fragment.as_str())
            };
            if !found {
                diags.push(demote(a.at.clone()));
            }
        }
    }
    Bodies { home, modules }
}

/// Renders the markdown body of the page at `url` from `source`.
pub(crate) fn render_body(
    source: &Source,
    url: &str,
    lesson_id: Option<&str>,
    config: &Config,
    index: &SiteIndex,
) -> Rendered {
    let links = index.for_page(&source.path, &config.content_dir, url);
    let input = Input {
        markdown: source.body(),
        path: &source.path,
        file: Some((&source.text, source.body_start)),
        line: 0,
        lesson_id,
        raw_html: RawHtml::for_lessons(config.allow_raw_html),
        budget: &Budget::new(config.limits.max_page_bytes),
    };
    markdown::render(&input, &links)
}

/// Renders a quiz's prompts and explanations, raw HTML in them shown as text (Q03) and all of
/// them within one budget (Q06); their links resolve like the quiz page's. The second value
/// gathers their diagnostics and anchor links.
fn render_quiz(
    q: &crate::model::Quiz,
    config: &Config,
    index: &SiteIndex,
) -> (Vec<QuestionBody>, Rendered) {
    let links = index.for_page(&q.path, &config.content_dir, &q.url);
    let budget = Budget::new(config.limits.max_page_bytes);
    let mut found = Rendered::default();
    let questions = q
        .questions
        .iter()
        .map(|qu| {
            // Markdown inside YAML has no exact offsets; report at the question's line.
            let line = qu.line;
            let mut md = |text: &str| {
                let input = Input {
                    markdown: text,
                    path: &q.path,
                    file: None,
                    line,
                    lesson_id: None,
                    raw_html: RawHtml::Text,
                    budget: &budget,
                };
                let r = markdown::render(&input, &links);
                found.diagnostics.extend(r.diagnostics);
                found.anchors.extend(r.anchors);
                r.html
            };
            QuestionBody {
                prompt_html: md(&qu.prompt),
                explanation_html: qu.explanation.as_deref().map(&mut md).unwrap_or_default(),
            }
        })
        .collect::<Vec<QuestionBody>>();
    // The whole quiz is one page that a learner's phone loads and parses before it works
    // (Q06): say so when it gets big, while it still builds.
    let bytes: usize = questions
        .iter()
        .map(|b| b.prompt_html.len() + b.explanation_html.len())
        .chain(
            q.questions
                .iter()
                .flat_map(|qu| &qu.choices)
                .map(|c| 2 * (c.text.len() + c.feedback.len())),
        )
        .sum();
    if bytes > QUIZ_WARN_BYTES {
        found.diagnostics.push(
            Diagnostic::file_error(
                &q.path,
                format!(
                    "this quiz makes a page of about {} KB ({} questions); learners on phones wait for all of it",
                    bytes / 1024,
                    q.questions.len()
                ),
            )
            .at(1, 1)
            .with_help("split it into smaller quizzes (under 1 MB of text each)")
            .warning(),
        );
    }
    (questions, found)
}

/// A quiz whose text passes this many bytes gets a warning (Q06).
pub const QUIZ_WARN_BYTES: usize = 1024 * 1024;

/// A page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Page {
    Home,
    Progress,
    NotFound,
    Module(usize),
    Entry(usize, usize),
}

/// Every page of the course, the big course-wide pages first (so that, rendered in parallel,
/// they do not run alone at the end).
pub(crate) fn page_jobs(course: &Curriculum) -> Vec<Page> {
    let mut jobs = vec![Page::Progress, Page::Home, Page::NotFound];
    for (i, m) in course.modules.iter().enumerate() {
        jobs.push(Page::Module(i));
        jobs.extend((0..m.entries.len()).map(|j| Page::Entry(i, j)));
    }
    jobs
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

/// Renders one page with its template.
pub(crate) fn render_page(
    views: &Views,
    theme: &theme::Theme,
    course: &Curriculum,
    job: Page,
) -> anyhow::Result<OutFile> {
    render_input(theme, views, page_input(views, course, job))
}

/// The template and context of one page.
pub(crate) fn page_input<'a>(
    views: &Views<'a>,
    course: &'a Curriculum,
    job: Page,
) -> PageInput<'a> {
    let home_path = course.home.source.path.as_path();
    let (template, ctx, source) = match job {
        Page::Home => ("home.html", views.home(), home_path),
        Page::Progress => ("progress.html", views.progress(), home_path),
        Page::NotFound => ("404.html", views.not_found(), home_path),
        Page::Module(i) => (
            "module.html",
            views.module(i),
            course.modules[i].source.path.as_path(),
        ),
        Page::Entry(i, j) => {
            let e = &course.modules[i].entries[j];
            let template = match e {
                Entry::Lesson(_) => "lesson.html",
                Entry::Quiz(_) => "quiz.html",
            };
            (template, views.entry(i, j), e.path())
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
pub(crate) fn render_input(
    theme: &theme::Theme,
    views: &Views,
    input: PageInput,
) -> anyhow::Result<OutFile> {
    let PageInput {
        template,
        ctx,
        nav,
        source,
    } = input;
    let url = ctx.page.url.to_owned();
    let sidebar = views.sidebar(theme, &ctx, &nav)?;
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

/// Bytes reserved for a page beyond its sidebar: a lesson of the bench course is 9 KB besides.
const PAGE_ROOM: usize = 32 * 1024;

/// Renders every page with the theme and lists every file of the site, in memory (for `serve`),
/// in a stable order.
pub(crate) fn render_site(
    course: &Curriculum,
    bodies: &Bodies,
    config: &Config,
    theme: &theme::Theme,
) -> anyhow::Result<Vec<OutFile>> {
    let files = std::sync::Mutex::new(Vec::new());
    render_site_into(course, bodies, config, theme, &|f| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(f.kept());
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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
    let views = Views::new(config, course, bodies);
    let jobs = page_jobs(course);
    // The search index is built alongside the pages (it only reads their markdown bodies).
    let (pages, search) = rayon::join(
        || {
            jobs.par_iter()
                .with_max_len(1)
                .try_for_each(|job| put(render_page(&views, theme, course, *job)?))
        },
        || crate::search::index_files(course, bodies, config),
    );
    pages?;
    let statics = theme.statics.iter().map(|(name, bytes)| OutFile {
        path: format!("assets/{name}"),
        data: OutData::Bytes(bytes.clone()),
    });
    let assets = course.assets.iter().map(|a| OutFile {
        path: a.url.clone(),
        data: OutData::Copy(a.path.clone()),
    });
    let rest: Vec<OutFile> = statics.chain(assets).chain(search).collect();
    let count = jobs.len() + rest.len();
    rest.into_par_iter().try_for_each(put)?;
    Ok(count)
}
