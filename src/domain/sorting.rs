//! Sorting the form's short lists (types, commitments, languages, versions, problems) without
//! the standard library's sort: its code (quicksort, small-sort and merge paths) is copied for
//! each element type, about 20 KB of the browser's wasm for the few types the form sorts. The
//! lists here have at most a few dozen entries; their results are what `sort` + `dedup` give.

/// `items` in the order of `key`, keeping the first of each key: what a stable sort followed by
/// `dedup_by_key` gives. The result is never longer than the number of distinct keys, so a long
/// list of repeats costs no more than its length.
pub fn sorted_unique_by_key<T, K: Ord>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        let k = key(&item);
        if let Err(at) = out.binary_search_by(|x| key(x).cmp(&k)) {
            out.insert(at, item);
        }
    }
    out
}

/// `items` sorted and without repeats.
pub fn sorted_unique<T: Ord>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if let Err(at) = out.binary_search(&item) {
            out.insert(at, item);
        }
    }
    out
}

/// Sorts `items` by `key`, keeping the order of equal keys (insertion sort: for short lists,
/// such as one problem per field of the form).
pub fn sort_short_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_is_what_sort_and_dedup_give() {
        let lists: [Vec<u8>; 5] = [
            vec![],
            vec![3],
            vec![3, 1, 2, 3, 1],
            vec![9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 1],
            (0..200).map(|i| (i * 37 % 11) as u8).collect(),
        ];
        for list in lists {
            let mut expected = list.clone();
            expected.sort();
            expected.dedup();
            assert_eq!(sorted_unique(list.clone()), expected, "{list:?}");
        }
    }

    #[test]
    fn sorted_unique_by_key_keeps_the_first_of_each_key() {
        let items = vec![
            (2, "b first"),
            (1, "a first"),
            (2, "b second"),
            (1, "a second"),
        ];
        assert_eq!(
            sorted_unique_by_key(items, |x| x.0),
            [(1, "a first"), (2, "b first")]
        );
    }

    #[test]
    fn sort_short_by_key_is_stable_like_the_standard_sort() {
        let items: Vec<(u8, usize)> = (0..60).map(|i| ((i * 7 % 5) as u8, i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|x| x.0);
        let mut sorted = items;
        sort_short_by_key(&mut sorted, |x| x.0);
        assert_eq!(sorted, expected);
    }
}
