//! base64url without padding (RFC 4648 §5), as share links carry their data: the base64
//! crate's engine cost the page 3 KiB (gzip) for these two dozen lines.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not base64url.
#[derive(Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A character base64url does not use.
    Character,
    /// A length or last character no encoded data ends on (the text was cut).
    End,
}

/// `bytes` as base64url, without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group =
            chunk.iter().enumerate().fold(0u32, |group, (i, &b)| group | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// The bytes base64url `text` (without padding) encodes. Refused as the base64 crate
/// refuses it: any other character, a length of 4n + 1, or a last character with bits
/// that encode nothing (each set of bytes has exactly one encoding).
pub fn decode(text: &str) -> Result<Vec<u8>, Invalid> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut bits, mut held) = (0u32, 0u32);
    for &c in text.as_bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(Invalid::Character),
        };
        bits = bits << 6 | u32::from(value);
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
            bits &= (1 << held) - 1;
        }
    }
    if text.len() % 4 == 1 || bits != 0 {
        return Err(Invalid::End);
    }
    Ok(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use proptest::prelude::*;

    #[test]
    fn known_texts() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg");
        assert_eq!(encode(b"fo"), "Zm8");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("Zm9vYg").unwrap(), b"foob");
        assert_eq!(decode("Zm9vY"), Err(Invalid::End));
        assert_eq!(decode("Zh"), Err(Invalid::End), "the last character's spare bits must be 0");
        assert_eq!(decode("Zm9v+"), Err(Invalid::Character));
    }

    /// What the base64 crate says of `text`, in our terms.
    fn theirs(text: &str) -> Result<Vec<u8>, Invalid> {
        URL_SAFE_NO_PAD.decode(text).map_err(|e| match e {
            base64::DecodeError::InvalidByte(..) | base64::DecodeError::InvalidPadding => Invalid::Character,
            _ => Invalid::End,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn encodes_as_the_base64_crate(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let ours = encode(&bytes);
            prop_assert_eq!(&ours, &URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert_eq!(decode(&ours).unwrap(), bytes);
        }

        /// Texts of base64url's characters and a few others (cut, altered or padded links)
        /// are read or refused as the base64 crate reads or refuses them.
        #[test]
        fn decodes_as_the_base64_crate(text in "[A-Za-z0-9_-]{0,24}[A-Za-z0-9_=+/$ -]{0,3}") {
            prop_assert_eq!(decode(&text), theirs(&text));
        }
    }
}
