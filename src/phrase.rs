//! Finding a phrase in a text: what `str::find`, `contains` and `split_once` do with a
//! `&str` pattern, for the few places the page looks for one.
//!
//! The standard library finds a phrase with the two-way algorithm, fast on long texts and
//! 3.5 KiB of the page's code. The page looks for short phrases in short texts (an error
//! message, a host's name, the start of an SVG), where a plain scan is as fast.

/// The byte index of the first `phrase` in `text`.
pub fn find(text: &str, phrase: &str) -> Option<usize> {
    let (text, phrase) = (text.as_bytes(), phrase.as_bytes());
    // A phrase of whole characters can only match where a character starts, so the index
    // is one `text` can be sliced at.
    (0..=text.len().checked_sub(phrase.len())?).find(|&at| text[at..].starts_with(phrase))
}

/// Whether `text` holds `phrase`.
pub fn contains(text: &str, phrase: &str) -> bool {
    find(text, phrase).is_some()
}

/// The text before the first `phrase` and the text after it.
pub fn split_once<'a>(text: &'a str, phrase: &str) -> Option<(&'a str, &'a str)> {
    let at = find(text, phrase)?;
    Some((&text[..at], &text[at + phrase.len()..]))
}

// Native only: proptest is a native test tool (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_as_the_standard_library_does() {
        let texts =
            ["", "a", "abc", "invalid type: map, expected a string", "日本語のテキスト, expected 値", "aaab"];
        let phrases = ["", "a", "b", "ab", "aab", ", expected ", "テキスト", "値", "c ", "abcd"];
        for text in texts {
            for phrase in phrases {
                assert_eq!(find(text, phrase), text.find(phrase), "{text:?} {phrase:?}");
                assert_eq!(contains(text, phrase), text.contains(phrase));
                assert_eq!(split_once(text, phrase), text.split_once(phrase), "{text:?} {phrase:?}");
            }
        }
    }

    proptest! {
        // Few letters, some of several bytes, so phrases often match, and match near
        // characters they must not split.
        #[test]
        fn finds_any_phrase_as_the_standard_library_does(text in "[ab é値`]{0,30}", phrase in "[ab é値`]{0,4}") {
            prop_assert_eq!(find(&text, &phrase), text.find(phrase.as_str()));
            prop_assert_eq!(split_once(&text, &phrase), text.split_once(phrase.as_str()));
        }
    }
}
