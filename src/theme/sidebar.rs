//! The sidebar (`partials/sidebar.html`) is the same for every page of a module, so it is
//! rendered once per module and shared; the links to the page itself are then marked
//! `aria-current="page"`. Rendering it for every page was a fifth of a build's instructions
//! (issue 6, docs/performance.md).

use std::sync::{Arc, OnceLock};

use anyhow::anyhow;
use serde::Serialize;

use super::Theme;
use super::context::PageContext;

/// The sidebar's template.
pub const TEMPLATE: &str = "partials/sidebar.html";

/// What the sidebar's template sees: the course and the sidebar's data, nothing of the page.
#[derive(Serialize)]
struct SidebarContext<'a> {
    site: &'a super::context::SiteView<'a>,
    root: &'a str,
    nav_before: usize,
    nav_after: usize,
    progress_url: &'a str,
}

/// Rendered sidebars, one per module (and one for pages outside any module), each with the
/// `root` it was rendered for.
pub struct Sidebars {
    slots: Vec<OnceLock<(String, Arc<str>)>>,
}

impl Sidebars {
    /// Room for `modules` modules and the pages outside them.
    pub fn new(modules: usize) -> Self {
        Sidebars {
            slots: (0..=modules).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The sidebar of the page `ctx`, with `nav` its modules ([`super::context::Views::nav`]),
    /// its links to the page marked current.
    pub fn for_page(
        &self,
        theme: &Theme,
        ctx: &PageContext,
        nav: &tera::Value,
    ) -> anyhow::Result<String> {
        let slot = &self.slots[ctx.nav_of.unwrap_or(self.slots.len() - 1)];
        let html = match slot.get() {
            // Pages of one module share their folder, so their `root`; a page elsewhere
            // (only with an unusual theme) gets a sidebar of its own.
            Some((root, html)) if *root == ctx.root => Arc::clone(html),
            _ => {
                let html: Arc<str> = render(theme, ctx, nav)?.into();
                let _ = slot.set((ctx.root.clone(), Arc::clone(&html)));
                html
            }
        };
        Ok(mark_current(
            &html,
            &format!("{}{}", ctx.root, ctx.page.url),
        ))
    }
}

fn render(theme: &Theme, ctx: &PageContext, nav: &tera::Value) -> anyhow::Result<String> {
    let data = SidebarContext {
        site: &ctx.site,
        root: &ctx.root,
        nav_before: ctx.nav_before,
        nav_after: ctx.nav_after,
        progress_url: ctx.progress_url,
    };
    let fail = |e: &dyn std::fmt::Display| {
        let origin = theme
            .origins
            .get(TEMPLATE)
            .map_or_else(|| TEMPLATE.to_owned(), |o| super::describe(TEMPLATE, o));
        anyhow!(
            "template {origin} failed for the sidebar of the page {}:\n{e}\n\
             (the sidebar is rendered once per module: it sees `site`, `root`, `nav`, \
             `nav_before`, `nav_after` and `progress_url`, not `page`; see docs/theme.md)",
            ctx.page.url
        )
    };
    let mut context = tera::Context::from_serialize(&data).map_err(|e| fail(&e))?;
    context.insert_value("nav", nav.clone());
    theme.tera.render(TEMPLATE, &context).map_err(|e| fail(&e))
}

/// `html` with ` aria-current="page"` after every `href="<href>"` (the link's address as the
/// template writes it, HTML-escaped).
pub fn mark_current(html: &str, href: &str) -> String {
    let mut escaped = Vec::with_capacity(href.len());
    tera::escape_html(href, &mut escaped).expect("writing to a Vec cannot fail");
    let needle = [b"href=\"", &escaped[..], b"\""].concat();
    let mut out = String::with_capacity(html.len() + 32);
    let mut from = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), &needle) {
        let end = at + needle.len();
        out.push_str(&html[from..end]);
        out.push_str(" aria-current=\"page\"");
        from = end;
    }
    out.push_str(&html[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::mark_current;

    #[test]
    fn marks_every_link_to_the_page_and_only_those() {
        let html = r#"<a href="../m/a.html">A</a><a href="../m/a.html.bak">B</a><a href="../m/a.html">C</a>"#;
        assert_eq!(
            mark_current(html, "../m/a.html"),
            r#"<a href="../m/a.html" aria-current="page">A</a><a href="../m/a.html.bak">B</a><a href="../m/a.html" aria-current="page">C</a>"#
        );
    }

    #[test]
    fn matches_the_escaped_address() {
        let html = r#"<a href="x&amp;y.html">A</a>"#;
        assert_eq!(
            mark_current(html, "x&y.html"),
            r#"<a href="x&amp;y.html" aria-current="page">A</a>"#
        );
        assert_eq!(mark_current(html, "x.html"), html);
    }
}
