//! A set of ids for one request's membership arithmetic: built once, then only searched. A
//! sorted list (no hashing) serves the few ids of a usual request as well as the many of a
//! large team (binary search); up to [`INLINE`] ids it lives on the stack, so the usual
//! request allocates nothing for it.

/// How many ids a set holds without allocating.
const INLINE: usize = 8;

/// Distinct ids in ascending order.
#[derive(Debug)]
pub(crate) enum SortedIds {
    /// Up to [`INLINE`] ids: the first `len` of `ids`.
    Inline { ids: [i64; INLINE], len: usize },
    /// More.
    Heap(Vec<i64>),
}

impl SortedIds {
    /// Whether `id` is in the set.
    pub(crate) fn contains(&self, id: i64) -> bool {
        self.as_slice().binary_search(&id).is_ok()
    }

    fn as_slice(&self) -> &[i64] {
        match self {
            Self::Inline { ids, len } => ids.get(..*len).unwrap_or_default(),
            Self::Heap(ids) => ids,
        }
    }
}

impl Default for SortedIds {
    fn default() -> Self {
        Self::Inline {
            ids: [0; INLINE],
            len: 0,
        }
    }
}

impl FromIterator<i64> for SortedIds {
    fn from_iter<I: IntoIterator<Item = i64>>(ids: I) -> Self {
        let mut ids = ids.into_iter();
        let mut few = [0; INLINE];
        let mut len = 0;
        while let Some(id) = ids.next() {
            let Some(slot) = few.get_mut(len) else {
                let mut many = Vec::with_capacity(INLINE * 2);
                many.extend_from_slice(&few);
                many.push(id);
                many.extend(ids);
                many.sort_unstable();
                many.dedup();
                return Self::Heap(many);
            };
            *slot = id;
            len += 1;
        }
        let kept = few.get_mut(..len).unwrap_or_default();
        kept.sort_unstable();
        // Dedup in place: `len` becomes the count of distinct ids at the front.
        let mut distinct = 0;
        for index in 0..kept.len() {
            if distinct == 0 || kept[distinct - 1] != kept[index] {
                kept[distinct] = kept[index];
                distinct += 1;
            }
        }
        Self::Inline {
            ids: few,
            len: distinct,
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::{INLINE, SortedIds};

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

    #[rstest]
    #[case::none(0)]
    #[case::one(1)]
    #[case::inline_full(INLINE)]
    #[case::one_more(INLINE + 1)]
    #[case::many(INLINE * 5)]
    fn inline_and_heap_sets_agree_with_a_sorted_list(#[case] len: usize) {
        // `len` ids cycling through len / 2 + 1 values, some negative, descending and repeated.
        let cycle = i64::try_from(len / 2 + 1).unwrap();
        let ids: Vec<i64> = (0..i64::try_from(len).unwrap())
            .map(|i| (cycle - i % cycle) * if i % 3 == 0 { -1 } else { 1 })
            .collect();
        let set: SortedIds = ids.iter().copied().collect();
        let mut expected = ids.clone();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(set.as_slice(), expected);
        assert_eq!(matches!(set, SortedIds::Inline { .. }), len <= INLINE);
        for id in -cycle - 1..=cycle + 1 {
            assert_eq!(set.contains(id), expected.contains(&id), "{id}");
        }
    }
}
