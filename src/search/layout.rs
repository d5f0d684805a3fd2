//! Where the search index numbers its documents (see the module docs of `search`): each module
//! has a room of numbers of its own, so a page added or taken renumbers only its module's.

use super::DOCS_PER_CHUNK;
use crate::model::Curriculum;

/// Where each module's documents are numbered: its page, then its entries, from its base; its
/// room (the numbers it has) is its count rounded up to a power of two, at least a block, so
/// rooms start blocks and a block never holds two modules' documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    /// Where each module's numbers start.
    pub(super) bases: Vec<u32>,
    /// Each module's documents, its page included.
    pub(super) counts: Vec<usize>,
}

impl Layout {
    pub(super) fn of(course: &Curriculum) -> Layout {
        let counts: Vec<usize> = course.modules.iter().map(|m| m.entries.len() + 1).collect();
        let mut bases = Vec::with_capacity(counts.len());
        let mut next = 0u32;
        for &count in &counts {
            bases.push(next);
            next = next
                .checked_add(u32::try_from(room(count)).expect("fewer than 4 billion pages"))
                .expect("fewer than 4 billion document numbers");
        }
        Layout { bases, counts }
    }

    /// Every module has the room it had (so the same base).
    pub(super) fn same_rooms(&self, other: &Layout) -> bool {
        self.counts.len() == other.counts.len()
            && self
                .counts
                .iter()
                .zip(&other.counts)
                .all(|(&a, &b)| room(a) == room(b))
    }

    /// The number of all documents' numbers.
    pub(super) fn range(&self) -> usize {
        match (self.bases.last(), self.counts.last()) {
            (Some(&base), Some(&count)) => base as usize + room(count),
            _ => 0,
        }
    }

    /// How many documents there are.
    pub(super) fn documents(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The number of module `i`'s page (`j` none) or entry `j`, if it has one.
    pub(super) fn number(&self, i: usize, j: Option<usize>) -> Option<u32> {
        let at = j.map_or(0, |j| j + 1);
        (at < *self.counts.get(i)?).then(|| self.bases[i] + at as u32)
    }

    /// The page numbered `n`, `None` if the number is unused.
    pub(super) fn page(&self, n: u32) -> Option<(usize, Option<usize>)> {
        let i = self.bases.partition_point(|&b| b <= n).checked_sub(1)?;
        let at = (n - self.bases[i]) as usize;
        (at < self.counts[i]).then(|| (i, at.checked_sub(1)))
    }

    /// Every number's page, in order.
    pub(super) fn pages(&self) -> Vec<Option<(usize, Option<usize>)>> {
        let mut pages = Vec::with_capacity(self.range());
        for (i, &count) in self.counts.iter().enumerate() {
            pages.push(Some((i, None)));
            pages.extend((0..count - 1).map(|j| Some((i, Some(j)))));
            pages.resize(pages.len() + room(count) - count, None);
        }
        pages
    }
}

/// The numbers a module of `count` documents has.
fn room(count: usize) -> usize {
    count.next_power_of_two().max(DOCS_PER_CHUNK)
}
