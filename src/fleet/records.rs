//! The records of a CSV text, read as the csv crate reads them by default (its lenient way
//! with stray quotes included), in a few lines the page can carry: the csv crate's reader
//! cost the page 6 KiB (gzip) for the one file it reads.

/// One record: the line it starts on (counting from 1) and its fields, as written.
pub type Record = (u64, Vec<String>);

/// The records of `text`. Fields are split at commas; a field that starts with `"` is
/// quoted (commas and line breaks are part of it, `""` is one `"`, and what follows its
/// closing quote is kept as written); records end at `\n`, `\r\n` or `\r`; empty lines
/// are skipped. No text is an error: reading never fails. A record's line is the one its
/// first character is on (the csv crate names the line before for a record that follows
/// `\r\n` or blank lines, so an Excel file's problems were a line off).
pub fn records(text: &str) -> impl Iterator<Item = Record> + '_ {
    let mut rest = text;
    let mut line = 1;
    std::iter::from_fn(move || {
        // Empty lines between records.
        loop {
            let after = line_break(rest)?;
            if after == 0 {
                break;
            }
            rest = &rest[after..];
            line += 1;
        }
        let first_line = line;
        let mut fields = Vec::new();
        loop {
            let (field, end) = field(rest, &mut line);
            fields.push(field);
            rest = &rest[end..];
            match rest.as_bytes().first() {
                Some(b',') => rest = &rest[1..],
                _ => {
                    // The record's line break, if any, is the next record's to skip.
                    return Some((first_line, fields));
                }
            }
        }
    })
}

/// The length of the line break `text` starts with (0 if none); `None` when `text` is empty.
fn line_break(text: &str) -> Option<usize> {
    match text.as_bytes() {
        [] => None,
        [b'\r', b'\n', ..] => Some(2),
        [b'\r' | b'\n', ..] => Some(1),
        _ => Some(0),
    }
}

/// The field `text` starts with, and where it ends (at a comma, a line break or the end),
/// counting the line breaks inside a quoted field onto `line`.
fn field(text: &str, line: &mut u64) -> (String, usize) {
    let bytes = text.as_bytes();
    let unquoted_end = |from: usize| {
        bytes[from..].iter().position(|b| matches!(b, b',' | b'\n' | b'\r')).map_or(bytes.len(), |n| from + n)
    };
    if bytes.first() != Some(&b'"') {
        let end = unquoted_end(0);
        return (text[..end].to_string(), end);
    }
    let mut value = String::new();
    let mut at = 1;
    loop {
        let Some(quote) = bytes[at..].iter().position(|&b| b == b'"').map(|n| at + n) else {
            // Never closed: the field runs to the end of the text.
            *line += count_lines(&text[at..]);
            value.push_str(&text[at..]);
            return (value, bytes.len());
        };
        *line += count_lines(&text[at..quote]);
        value.push_str(&text[at..quote]);
        if bytes.get(quote + 1) == Some(&b'"') {
            value.push('"');
            at = quote + 2;
        } else {
            // Closed; anything before the next comma or line break is kept as it is.
            let end = unquoted_end(quote + 1);
            value.push_str(&text[quote + 1..end]);
            return (value, end);
        }
    }
}

/// The line breaks in `text` (`\r\n` counting once).
fn count_lines(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
    breaks.count() as u64
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(text: &str) -> Vec<Record> {
        records(text).collect()
    }

    fn record(line: u64, fields: &[&str]) -> Record {
        (line, fields.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn fields_quotes_and_lines() {
        assert_eq!(read(""), []);
        assert_eq!(read("a,b\r\nc,d"), [record(1, &["a", "b"]), record(2, &["c", "d"])]);
        assert_eq!(read("\n\n a ,\n"), [record(3, &[" a ", ""])]);
        assert_eq!(
            read("\"x, \"\"y\"\"\n z\",w\nnext"),
            [record(1, &["x, \"y\"\n z", "w"]), record(3, &["next"])]
        );
        // The csv crate's lenient reading: text after a closing quote is kept, a quote
        // inside an unquoted field is a quote, an unclosed quote runs to the end.
        assert_eq!(read("\"ab\"cd,e\"f"), [record(1, &["abcd", "e\"f"])]);
        assert_eq!(read("a,\"b\nc"), [record(1, &["a", "b\nc"])]);
        // Old Mac line breaks count as lines too.
        assert_eq!(read("a\rb\r\rc"), [record(1, &["a"]), record(2, &["b"]), record(4, &["c"])]);
    }

    /// The records and line numbers the csv crate reads from `text` (no header, any
    /// number of fields), without trimming.
    fn csv_crate(text: &str) -> Vec<Record> {
        let mut reader =
            ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| {
                let r = r.expect("the csv crate reads any text");
                (r.position().expect("a position").line(), r.iter().map(str::to_string).collect())
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Every text of commas, quotes, line breaks, spaces and letters reads as the csv
        /// crate reads it: the same records and fields, and the same lines where the csv
        /// crate counts them right. It names the line before for a record after `\r\n`
        /// (Excel's line break) or after blank lines, and does not count a lone `\r`; the
        /// unit test above checks those lines.
        #[test]
        fn reads_as_the_csv_crate(text in "[ab é,\"\n\r]{0,40}") {
            let ours = read(&text);
            let theirs = csv_crate(&text);
            let fields = |r: &[Record]| r.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>();
            prop_assert_eq!(fields(&ours), fields(&theirs));
            if !text.contains('\r') && !text.starts_with('\n') && !text.contains("\n\n") {
                prop_assert_eq!(ours, theirs);
            }
        }
    }
}
