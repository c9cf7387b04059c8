//! Build script: the embedded preset files, rewritten in a compact binary form for a fast start.
//!
//! Every start reads the whole built-in catalog (runs, cards, fleets, Epoch's cost inputs,
//! limits), and RON's parser takes several milliseconds over it, most of a short command's run;
//! even as JSON, most of the reading was scanning strings for their end and escapes and turning
//! digits into numbers. So this script rewrites each `presets/**/*.ron` into `OUT_DIR` as
//! tagged values with their lengths up front and numbers as their bits (read by
//! `presets::compact`), and `presets::embedded` hands that form to the loader in place of the
//! RON when, and only when, the loader is given the embedded file's exact text. The RON files
//! stay the one source of the data; user files never take this path; a test checks that both
//! paths give equal values.
//!
//! The form is two files. One holds the values, every number little-endian: `n` none, `f`/`t` a
//! boolean, `u` a u64 and `i` a negative i64 (8 bytes), `d` an f64 (its 8 bytes), `s` a string
//! (u32 offset and u32 length in the other file), `[` a list (u32 count, u32 byte length of the
//! values, the values), `{` an object (u32 count, u32 byte length, then each key as a string
//! and its value; the length lets a reader pass over a value it does not want at once). The
//! other, one for all the files, holds the strings' text, each once, and is compiled in with
//! `include_str!`: checked as UTF-8 when the binary is built, not at every start, and lent to
//! the catalog's strings rather than copied (`presets::text`).
//!
//! The rewrite is syntactic and knows only what the preset files use: comments, named and
//! unnamed structs (`Name(key: v)`, `(key: v)`, both objects), tuples, lists, maps with string
//! keys, strings (raw ones too), numbers, booleans, `Some`/`None` and unit enum variants
//! (written as their name, read as the variant). Anything else (a `#![enable]` attribute, `inf`,
//! a character) leaves a file without a compact form, and the loader parses its RON as before,
//! with the full messages.

// The bands' generator and design points, shared with the library (see `strata`): the build
// works the program's own points out with the very code the library runs. `from_state` and
// `next_f64` serve only the library.
#[allow(dead_code)]
#[path = "src/model/uncertainty/rng.rs"]
mod rng;
#[path = "src/model/uncertainty/strata.rs"]
mod strata;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("out dir"));
    let presets = root.join("presets");
    println!("cargo:rerun-if-changed=presets");
    let mut files = Vec::new();
    collect(&presets, &mut files);
    files.sort();
    let mut table = String::from(
        "/// (embedded path, RON text, its compact form's values, empty when the rewrite does\n\
         /// not apply).\n\
         pub(crate) const EMBEDDED_COMPACT: &[(&str, &str, &[u8])] = &[\n",
    );
    let mut strings = Strings::default();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .expect("under the manifest dir")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let values = to_compact(&text, &mut strings).unwrap_or_default();
        let name = rel.replace('/', "__");
        std::fs::write(out.join(format!("{name}.bin")), values).expect("write the compact form");
        // The RON text lives in a static of its own, and every constant that names the file
        // takes its text from this table (`presets::embedded::builtin`): one copy at one
        // address, so telling the built-in text from a user's is a pointer comparison.
        writeln!(
            table,
            "    (\"embedded:{rel}\", \
             {{ static TEXT: [u8; {len}] = *include_bytes!({:?}); ron_text(&TEXT) }}, \
             include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.bin\"))),",
            file.display().to_string(),
            len = text.len(),
        )
        .expect("write to a string");
    }
    table.push_str("];\n");
    // A static, so its text has one address that every reader takes from it: the catalog's
    // types tell a string lent from here from any other by that address (`presets::text`).
    table.push_str(
        "/// The strings of every built-in file's compact form, in one text.\n\
         pub(crate) static EMBEDDED_STRINGS: &str = \
         include_str!(concat!(env!(\"OUT_DIR\"), \"/strings.txt\"));\n",
    );
    std::fs::write(out.join("strings.txt"), strings.text).expect("write the strings");
    std::fs::write(out.join("embedded_compact.rs"), table).expect("write table");
    println!("cargo:rerun-if-changed=src/model/uncertainty/rng.rs");
    println!("cargo:rerun-if-changed=src/model/uncertainty/strata.rs");
    std::fs::write(out.join("strata.bin"), built_points()).expect("write the points");
}

/// The bands' design points for the program's sample count and seed, as `draws::built` reads
/// them: every dimension's points (32-bit little-endian numbers), then every dimension's
/// generator state where the bits below its points begin, from the library's own walk of the
/// generator (`strata::walk`).
fn built_points() -> Vec<u8> {
    let (mut points, mut states) = (Vec::new(), Vec::new());
    strata::walk(
        strata::DEFAULT_SAMPLES,
        strata::DEFAULT_SEED,
        strata::BUILT_DIMENSIONS,
        |p, start| {
            for &v in p {
                points.extend(v.to_le_bytes());
            }
            for word in start.state() {
                states.extend(word.to_le_bytes());
            }
        },
    );
    points.extend(states);
    points
}

/// Every `.ron` file under `dir`, recursively.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(&p, files);
        } else if p.extension().is_some_and(|x| x == "ron") {
            files.push(p);
        }
    }
}

/// The RON text in the compact form (its values and its strings), or `None` where it uses
/// anything the rewrite does not know.
fn to_compact(text: &str, strings: &mut Strings) -> Option<Vec<u8>> {
    let mut r = Reader {
        b: text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes(),
        i: 0,
        out: Vec::with_capacity(text.len() / 4),
        strings,
    };
    r.value(0)?;
    r.trivia()?;
    (r.i == r.b.len()).then_some(r.out)
}

/// The strings of every file's compact form, in one text.
#[derive(Default)]
struct Strings {
    /// Every distinct string's text, one after another.
    text: String,
    /// Where each string already in `text` starts.
    placed: HashMap<String, u32>,
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    out: Vec<u8>,
    strings: &'a mut Strings,
}

/// Far deeper than any preset; the loader's own limit is 64.
const MAX_DEPTH: usize = 64;

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips whitespace and comments (block comments nest, as in RON).
    fn trivia(&mut self) -> Option<()> {
        loop {
            match (self.peek(), self.b.get(self.i + 1)) {
                (Some(c), _) if c.is_ascii_whitespace() => self.i += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    let mut level = 0usize;
                    loop {
                        match (self.peek()?, self.b.get(self.i + 1)) {
                            (b'/', Some(b'*')) => (level, self.i) = (level + 1, self.i + 2),
                            (b'*', Some(b'/')) => (level, self.i) = (level - 1, self.i + 2),
                            _ => self.i += 1,
                        }
                        if level == 0 {
                            break;
                        }
                    }
                }
                _ => return Some(()),
            }
        }
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.i;
        if self.b[self.i..].starts_with(b"r#") {
            self.i += 2;
        }
        let body = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        if self.i == body || self.b[body].is_ascii_digit() {
            self.i = start;
            return None;
        }
        std::str::from_utf8(&self.b[body..self.i]).ok()
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.trivia()?;
        match self.peek()? {
            b'"' => {
                let s = self.string()?;
                self.push_string(&s);
            }
            b'r' if matches!(self.b.get(self.i + 1), Some(b'"' | b'#'))
                && !self.raw_ident_ahead() =>
            {
                let s = self.raw_string()?;
                self.push_string(&s);
            }
            b'[' => self.list(b'[', b']', depth)?,
            b'{' => self.map(depth)?,
            b'(' => self.parens(depth)?,
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number()?,
            _ => {
                let id = self.ident()?.to_string();
                self.trivia()?;
                match id.as_str() {
                    "true" => self.out.push(b't'),
                    "false" => self.out.push(b'f'),
                    "None" => self.out.push(b'n'),
                    "Some" => {
                        self.expect(b'(')?;
                        self.value(depth + 1)?;
                        self.trivia()?;
                        self.eat(b',');
                        self.trivia()?;
                        self.expect(b')')?;
                    }
                    "inf" | "NaN" | "inff32" | "inff64" | "NaNf32" | "NaNf64" => return None,
                    _ if self.peek() == Some(b'(') => self.parens(depth)?,
                    // A unit enum variant: read from a string as one.
                    _ => self.push_string(&id),
                }
            }
        }
        Some(())
    }

    /// Whether a raw identifier (`r#name`) starts here, rather than a raw string.
    fn raw_ident_ahead(&self) -> bool {
        self.b[self.i..].starts_with(b"r#")
            && self
                .b
                .get(self.i + 2)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        self.eat(c).then_some(())
    }

    /// `[a, b,]` (or a tuple's `(a, b)`) as a list.
    fn list(&mut self, open: u8, close: u8, depth: usize) -> Option<()> {
        self.expect(open)?;
        let count = self.open(b'[');
        let mut n = 0u32;
        loop {
            self.trivia()?;
            if self.eat(close) {
                break;
            }
            n += 1;
            self.value(depth + 1)?;
            self.trivia()?;
            if !self.eat(b',') {
                self.trivia()?;
                self.expect(close)?;
                break;
            }
        }
        self.close(count, n);
        Some(())
    }

    /// Writes `tag` and room for the count and the byte length of what follows;
    /// [`Reader::close`] fills them in.
    fn open(&mut self, tag: u8) -> usize {
        self.out.push(tag);
        self.out.extend_from_slice(&[0; 8]);
        self.out.len() - 8
    }

    fn close(&mut self, at: usize, n: u32) {
        let len = u32::try_from(self.out.len() - (at + 8)).expect("a preset file under 4 GiB");
        self.out[at..at + 4].copy_from_slice(&n.to_le_bytes());
        self.out[at + 4..at + 8].copy_from_slice(&len.to_le_bytes());
    }

    /// `{"key": v}` with string keys as an object.
    fn map(&mut self, depth: usize) -> Option<()> {
        self.expect(b'{')?;
        self.members(b'}', depth, |p| {
            if p.peek()? != b'"' {
                return None;
            }
            p.string()
        })
    }

    /// The members of an object up to `close`, each `key: value` with the key read by `key`,
    /// written as an object: a RON map and a named struct differ only in these two.
    fn members(
        &mut self,
        close: u8,
        depth: usize,
        key: fn(&mut Self) -> Option<String>,
    ) -> Option<()> {
        let count = self.open(b'{');
        let mut n = 0u32;
        loop {
            self.trivia()?;
            if self.eat(close) {
                break;
            }
            n += 1;
            let k = key(self)?;
            self.push_string(&k);
            self.trivia()?;
            self.expect(b':')?;
            self.value(depth + 1)?;
            self.trivia()?;
            if !self.eat(b',') {
                self.trivia()?;
                self.expect(close)?;
                break;
            }
        }
        self.close(count, n);
        Some(())
    }

    /// `(key: v, …)` as an object, `(a, b)` as an array; `()` is not rewritten.
    fn parens(&mut self, depth: usize) -> Option<()> {
        let open = self.i;
        self.expect(b'(')?;
        self.trivia()?;
        let is_struct = {
            let at = self.i;
            let named = self.ident().is_some() && {
                self.trivia()?;
                self.peek() == Some(b':')
            };
            self.i = at;
            named
        };
        if !is_struct {
            if self.peek()? == b')' {
                return None;
            }
            self.i = open;
            return self.list(b'(', b')', depth);
        }
        self.members(b')', depth, |p| p.ident().map(str::to_string))
    }

    /// A decimal number: an integer as a u64 (or a negative one as an i64), anything else as
    /// the f64 Rust reads from it.
    fn number(&mut self) -> Option<()> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.' | b'_'))
        {
            // A sign only at the start or after an exponent.
            if matches!(self.peek(), Some(b'+' | b'-'))
                && self.i > start
                && !matches!(self.b[self.i - 1], b'e' | b'E')
            {
                break;
            }
            self.i += 1;
        }
        let token: String = std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let token = token.strip_prefix('+').unwrap_or(&token);
        let digits = token.strip_prefix('-').unwrap_or(token);
        if digits.is_empty()
            || !digits
                .bytes()
                .all(|c| c.is_ascii_digit() || b".eE+-".contains(&c))
        {
            return None;
        }
        if digits.bytes().all(|c| c.is_ascii_digit()) {
            // RON reads `007` as 7.
            let n: i128 = token.parse().ok()?;
            if let Ok(n) = u64::try_from(n) {
                self.out.push(b'u');
                self.out.extend_from_slice(&n.to_le_bytes());
            } else {
                self.out.push(b'i');
                self.out
                    .extend_from_slice(&i64::try_from(n).ok()?.to_le_bytes());
            }
        } else {
            let x: f64 = token.parse().ok()?;
            if !x.is_finite() {
                return None;
            }
            self.out.push(b'd');
            self.out.extend_from_slice(&x.to_le_bytes());
        }
        Some(())
    }

    /// A `"…"` string with RON's escapes, decoded.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut s = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    let ch = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'0' => '\0',
                        b'\\' => '\\',
                        b'"' => '"',
                        b'\'' => '\'',
                        b'x' => {
                            let hex = std::str::from_utf8(self.b.get(self.i..self.i + 2)?).ok()?;
                            self.i += 2;
                            char::from(u8::from_str_radix(hex, 16).ok().filter(|&v| v < 0x80)?)
                        }
                        b'u' => {
                            self.expect(b'{')?;
                            let end = self.b[self.i..].iter().position(|&c| c == b'}')?;
                            let hex = std::str::from_utf8(&self.b[self.i..self.i + end]).ok()?;
                            self.i += end + 1;
                            char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                        }
                        // A line continuation or anything rarer: leave it to the RON parser.
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    s.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => s.push(c),
            }
        }
        String::from_utf8(s).ok()
    }

    /// `r"…"` or `r#"…"#`: no escapes, ends at a quote followed by as many hashes.
    fn raw_string(&mut self) -> Option<String> {
        self.expect(b'r')?;
        let hashes = self.b[self.i..].iter().take_while(|&&c| c == b'#').count();
        self.i += hashes;
        self.expect(b'"')?;
        let start = self.i;
        loop {
            if self.peek()? == b'"'
                && self.b[self.i + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&c| c == b'#')
                    .count()
                    == hashes
            {
                let s = std::str::from_utf8(&self.b[start..self.i])
                    .ok()?
                    .to_string();
                self.i += 1 + hashes;
                return Some(s);
            }
            self.i += 1;
        }
    }

    fn push_string(&mut self, s: &str) {
        let at = match self.strings.placed.get(s) {
            Some(&at) => at,
            None => {
                let at = u32::try_from(self.strings.text.len()).expect("preset text under 4 GiB");
                self.strings.text.push_str(s);
                self.strings.placed.insert(s.to_string(), at);
                at
            }
        };
        let len = u32::try_from(s.len()).expect("a preset string under 4 GiB");
        self.out.push(b's');
        self.out.extend_from_slice(&at.to_le_bytes());
        self.out.extend_from_slice(&len.to_le_bytes());
    }
}
