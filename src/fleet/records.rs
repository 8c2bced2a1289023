//! The records of a CSV text, as the csv crate reads them (leniently: stray quotes are
//! kept as written), each with the line it starts on.

/// One record: the line it starts on (counting from 1) and its fields, as written.
pub type Record = (u64, Vec<String>);

/// The records of `text`: fields split at commas, quoted fields as RFC 4180 writes them,
/// records ending at `\n`, `\r\n` or `\r`, empty lines skipped. Reading never fails. A
/// record's line is the one its first character is on (the csv crate's own count names
/// the line before for a record after `\r\n` or blank lines, so an Excel file's problems
/// were a line off; it is counted here from the record's byte offset).
pub fn records(text: &str) -> impl Iterator<Item = Record> + '_ {
    let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.into_records().filter_map(Result::ok).map(move |record| {
        let at = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
        let start = at + text[at..].bytes().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        (count_lines(&text[..start]) + 1, record.iter().map(str::to_owned).collect())
    })
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
}
