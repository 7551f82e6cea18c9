//! Values made while lowering that lowering then borrows like the document itself: the
//! schemas `openapiv3` keeps only as extension data (a tuple's `prefixItems`), read once.

use std::cell::OnceCell;

/// How many values the first chunk holds; each further chunk holds twice as many.
const FIRST_CHUNK: usize = 16;

/// An append-only store whose values stay where they are until it is dropped, so a shared
/// borrow of the store lends each value for as long (values can be added through that borrow).
pub(super) struct Arena<T> {
    first: Chunk<T>,
}

/// A fixed run of slots, filled in order, and the next (larger) chunk once it is full.
struct Chunk<T> {
    slots: Box<[OnceCell<T>]>,
    next: OnceCell<Box<Chunk<T>>>,
}

impl<T> Chunk<T> {
    fn with_capacity(capacity: usize) -> Self {
        Chunk {
            slots: (0..capacity).map(|_| OnceCell::new()).collect(),
            next: OnceCell::new(),
        }
    }
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena {
            first: Chunk::with_capacity(FIRST_CHUNK),
        }
    }
}

impl<T> Arena<T> {
    /// Stores `value` and lends it for as long as the arena is borrowed.
    pub(super) fn alloc(&self, value: T) -> &T {
        let mut chunk = &self.first;
        loop {
            // Slots fill in order: a chunk whose last slot is filled is full.
            let full = chunk.slots.last().is_none_or(|s| s.get().is_some());
            // `OnceCell` is not `Sync`, so no other thread fills the slot in between.
            if let Some(slot) = chunk.slots.iter().find(|s| !full && s.get().is_none()) {
                return slot.get_or_init(|| value);
            }
            let capacity = chunk.slots.len() * 2;
            chunk = chunk
                .next
                .get_or_init(|| Box::new(Chunk::with_capacity(capacity)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Arena;

    #[test]
    fn lends_every_value_while_more_are_added() {
        let arena = Arena::default();
        let lent: Vec<&String> = (0..100).map(|i| arena.alloc(i.to_string())).collect();
        for (i, value) in lent.iter().enumerate() {
            assert_eq!(**value, i.to_string());
        }
    }
}
