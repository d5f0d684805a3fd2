//! The sidebar: which modules it lists around the current one, its template value (made once
//! per module) and a hash of it.

use super::{Items, ModuleView, Views};

/// Up to this many modules, the sidebar lists them all.
pub const NAV_ALL_MODULES: usize = 30;
/// In bigger courses it lists this many on each side of the current one, so a page's size
/// does not grow with the course (issue 6).
const NAV_SIDE: usize = 5;

/// The range of modules the sidebar lists.
pub(super) fn nav_window(count: usize, current: Option<usize>) -> (usize, usize) {
    if count <= NAV_ALL_MODULES {
        return (0, count);
    }
    let at = current.unwrap_or(0);
    let from = at.saturating_sub(NAV_SIDE);
    (from, (at + NAV_SIDE + 1).min(count))
}

/// The modules whose pages show something of module `i` of `count`: their sidebar lists it,
/// or their prev/next link into it (the neighbours one further out). Incremental rebuilds
/// render only these pages when module `i` changes.
pub fn modules_showing(count: usize, i: usize) -> std::ops::Range<usize> {
    if count <= NAV_ALL_MODULES {
        return 0..count;
    }
    i.saturating_sub(NAV_SIDE + 1)..(i + NAV_SIDE + 2).min(count)
}

/// A hash of `value`'s JSON, the same in every run (std's `DefaultHasher::new` has fixed keys).
pub fn hash_of<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    use std::hash::Hasher as _;
    // serde_json writes a context in thousands of small pieces (keys, quotes, the text between
    // escapes), and SipHash pays for each call: the JSON is gathered in a buffer kept per
    // thread and hashed in one call (a page's hash took about half the instructions).
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|json| {
        json.clear();
        serde_json::to_writer(&mut *json, value).expect("template data always serialises");
        let mut h = std::hash::DefaultHasher::new();
        h.write(json);
        // A page as big as a 10,000-lesson progress page is not kept between calls.
        if json.capacity() > 1 << 20 {
            *json = Vec::new();
        }
        h.finish()
    })
}

impl<'a> Views<'a> {
    /// `nav` for the pages of module `current` (or of no module): converted to a template value
    /// once and shared (the value is reference-counted), since building and converting it for
    /// every page cost a tenth of the build (issue 6).
    pub fn nav(&self, current: Option<usize>) -> tera::Value {
        let slot = &self.nav[current.unwrap_or(self.curriculum.modules.len())];
        slot.get_or_init(|| tera::Value::from_serializable(&self.nav_views(current)))
            .clone()
    }

    /// A hash of [`Views::nav`]'s contents: equal for equal sidebars, across builds. (The
    /// template value's maps iterate in a random order, so its JSON cannot be hashed.)
    pub fn nav_hash(&self, current: Option<usize>) -> u64 {
        let slot = &self.nav_hashes[current.unwrap_or(self.curriculum.modules.len())];
        *slot.get_or_init(|| hash_of(&self.nav_views(current)))
    }

    /// The modules the sidebar of module `current`'s pages shows.
    fn nav_views(&self, current: Option<usize>) -> Vec<ModuleView<'_>> {
        let (from, to) = nav_window(self.curriculum.modules.len(), current);
        (from..to)
            .map(|i| {
                let current = Some(i) == current;
                let items = if current { Items::List } else { Items::None };
                ModuleView {
                    current,
                    units: String::new(),
                    body_html: "",
                    ..self.module_view(i, items)
                }
            })
            .collect()
    }
}
