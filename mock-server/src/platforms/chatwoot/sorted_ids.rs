//! A set of ids for one request's membership arithmetic: built once, then only searched. A
//! sorted list (one allocation, no hashing) serves the few ids of a usual request as well as
//! the many of a large team (binary search).

/// Distinct ids in ascending order.
#[derive(Debug, Default)]
pub(crate) struct SortedIds(Vec<i64>);

impl SortedIds {
    /// Whether `id` is in the set.
    pub(crate) fn contains(&self, id: i64) -> bool {
        self.0.binary_search(&id).is_ok()
    }
}

impl FromIterator<i64> for SortedIds {
    fn from_iter<I: IntoIterator<Item = i64>>(ids: I) -> Self {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        Self(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::SortedIds;

    #[test]
    fn holds_exactly_the_ids_it_was_made_of() {
        let set: SortedIds = [5, -1, 3, 5, i64::MAX, 3].into_iter().collect();
        for id in [5, -1, 3, i64::MAX] {
            assert!(set.contains(id), "{id}");
        }
        for id in [0, 4, 6, i64::MIN, -2] {
            assert!(!set.contains(id), "{id}");
        }
        assert!(!SortedIds::default().contains(0));
    }
}
