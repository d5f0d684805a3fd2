//! The sidebar's window: which modules it lists around the current one.

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
