//! The text search index over the in-memory directory (issue 20): which initiatives hold a word
//! that contains a search term, without reading every initiative.
//!
//! A term matches an initiative when it is part of one of its search words (the folded text of
//! every language version plus the Latin spelling of Ukrainian words,
//! `text::search_words`), so the last word typed matches as a prefix, and any word inside a
//! longer one (`arkiv` finds `Kharkiv`). Every distinct word is stored once in one text buffer;
//! every suffix of every word, as its byte offset in that buffer, is kept sorted (a suffix
//! table). The words containing a term are then one binary-search range of suffixes (the ones
//! starting with the term), and each word has a posting list of the directory slots whose text
//! holds it. Hand-rolled rather than a search engine crate: tantivy and the like tokenise,
//! stem and score, while this search is an exact substring match whose answers must equal the
//! list's scan (a property test compares them), and an FST (the `fst` crate) answers prefixes,
//! not substrings, without a second table of suffixes. Memory: 4 bytes per suffix (about a
//! word's length in letters), 4 per word and per posting.

/// The index of the directory's slots `0..slots`, built once per full load (and again after
/// many incremental changes); slots added later are tested one by one.
pub(super) struct Index {
    /// Every word, each followed by a 0 byte.
    text: Box<[u8]>,
    /// Where each word starts in `text`, by word id (ascending).
    starts: Box<[u32]>,
    /// Word ids ordered by their text: finds a word exactly.
    sorted: Box<[u32]>,
    /// The offset in `text` of every suffix of every word (at letter boundaries), ordered by
    /// the suffix's text up to the end of its word.
    suffixes: Box<[u32]>,
    /// `postings[offsets[w]..offsets[w + 1]]`: the slots whose text holds word `w`, ascending.
    offsets: Box<[u32]>,
    postings: Box<[u32]>,
    /// How many slots the postings cover.
    slots: u32,
}

impl Default for Index {
    fn default() -> Self {
        Self {
            text: Box::default(),
            starts: Box::default(),
            sorted: Box::default(),
            suffixes: Box::default(),
            offsets: vec![0].into_boxed_slice(),
            postings: Box::default(),
            slots: 0,
        }
    }
}

impl Index {
    /// Indexes `words` (by id) and the words of `slots` slots, given as (slot, its word ids)
    /// in ascending slot order (removed slots left out).
    pub(super) fn build<'a, 'w>(
        words: impl IntoIterator<Item = &'w str>,
        entries: impl Iterator<Item = (u32, &'a [u32])> + Clone,
        slots: u32,
    ) -> Self {
        let mut text = Vec::new();
        let mut starts = Vec::new();
        for word in words {
            starts.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            text.extend_from_slice(word.as_bytes());
            text.push(0);
        }
        let word_count = starts.len();
        let mut sorted: Vec<u32> = (0..word_count as u32).collect();
        sorted.sort_unstable_by(|&a, &b| {
            word_at(&text, starts[a as usize]).cmp(word_at(&text, starts[b as usize]))
        });
        let mut suffixes: Vec<u32> = (0..text.len())
            .filter(|&k| text[k] != 0 && !is_continuation(text[k]))
            .map(|k| k as u32)
            .collect();
        suffixes.sort_unstable_by(|&a, &b| word_at(&text, a).cmp(word_at(&text, b)));
        let mut counts = vec![0u32; word_count + 1];
        for (_, ws) in entries.clone() {
            for &w in ws {
                if let Some(c) = counts.get_mut(w as usize + 1) {
                    *c += 1;
                }
            }
        }
        for k in 1..counts.len() {
            counts[k] += counts[k - 1];
        }
        let offsets = counts;
        let mut fill: Vec<u32> = offsets[..word_count].to_vec();
        let mut postings = vec![0u32; offsets[word_count] as usize];
        for (slot, ws) in entries {
            for &w in ws {
                if let Some(at) = fill.get_mut(w as usize) {
                    postings[*at as usize] = slot;
                    *at += 1;
                }
            }
        }
        Self {
            text: text.into_boxed_slice(),
            starts: starts.into_boxed_slice(),
            sorted: sorted.into_boxed_slice(),
            suffixes: suffixes.into_boxed_slice(),
            offsets: offsets.into_boxed_slice(),
            postings: postings.into_boxed_slice(),
            slots,
        }
    }

    /// How many words it holds (their ids are `0..words()`).
    pub(super) fn words(&self) -> usize {
        self.starts.len()
    }

    /// How many slots it covers.
    pub(super) fn slots(&self) -> u32 {
        self.slots
    }

    /// Word `id`'s text.
    pub(super) fn word(&self, id: u32) -> &str {
        std::str::from_utf8(word_at(&self.text, self.starts[id as usize])).unwrap_or("")
    }

    /// The id of `word`, when it holds it.
    pub(super) fn find(&self, word: &str) -> Option<u32> {
        self.sorted
            .binary_search_by(|&w| {
                word_at(&self.text, self.starts[w as usize]).cmp(word.as_bytes())
            })
            .ok()
            .map(|k| self.sorted[k])
    }

    /// The ids of the words containing `term`, ascending.
    pub(super) fn containing(&self, term: &str) -> Vec<u32> {
        let term = term.as_bytes();
        if term.is_empty() {
            return (0..self.words() as u32).collect();
        }
        let from = self
            .suffixes
            .partition_point(|&s| word_at(&self.text, s) < term);
        let len =
            self.suffixes[from..].partition_point(|&s| word_at(&self.text, s).starts_with(term));
        let mut words: Vec<u32> = self.suffixes[from..from + len]
            .iter()
            .map(|&s| self.starts.partition_point(|&start| start <= s) as u32 - 1)
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    }

    /// The slots holding word `id`, ascending.
    pub(super) fn postings(&self, id: u32) -> &[u32] {
        let id = id as usize;
        &self.postings[self.offsets[id] as usize..self.offsets[id + 1] as usize]
    }

    /// About how many bytes it holds.
    pub(super) fn heap_bytes(&self) -> usize {
        self.text.len()
            + 4 * (self.starts.len()
                + self.sorted.len()
                + self.suffixes.len()
                + self.offsets.len()
                + self.postings.len())
    }
}

/// The text from `at` to the end of its word.
fn word_at(text: &[u8], at: u32) -> &[u8] {
    let rest = &text[at as usize..];
    &rest[..rest.iter().position(|&b| b == 0).unwrap_or(rest.len())]
}

/// A UTF-8 byte inside a letter (not where one starts).
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        let words = ["kharkiv", "харків", "help", "shelter", "kharkivska"];
        let entries: Vec<(u32, Vec<u32>)> = vec![(0, vec![0, 1]), (2, vec![2, 3]), (3, vec![4, 2])];
        Index::build(words, entries.iter().map(|(s, w)| (*s, w.as_slice())), 4)
    }

    #[test]
    fn a_term_finds_every_word_it_is_part_of() {
        let index = index();
        assert_eq!(index.containing("kharkiv"), [0, 4]);
        assert_eq!(index.containing("arki"), [0, 4]);
        assert_eq!(index.containing("ків"), [1]);
        assert_eq!(index.containing("el"), [2, 3]);
        assert!(index.containing("refugee").is_empty());
    }

    #[test]
    fn postings_list_the_slots_of_a_word_in_order() {
        let index = index();
        assert_eq!(index.postings(2), [2, 3]);
        assert_eq!(index.postings(0), [0]);
        assert_eq!(index.find("shelter"), Some(3));
        assert_eq!(index.find("shelte"), None);
        assert_eq!(index.word(1), "харків");
    }
}
