//! Build script: the embedded preset files, rewritten as JSON for a fast start.
//!
//! Every start reads the whole built-in catalog (runs, cards, fleets, Epoch's cost inputs,
//! limits), and RON's parser takes several milliseconds over it, most of a short command's run.
//! serde_json reads the same values into the same types about seven times faster. So this
//! script rewrites each `presets/**/*.ron` as JSON into `OUT_DIR`, and `presets::embedded`
//! hands that text to the loader in place of the RON when, and only when, the loader is given
//! the embedded file's exact text. The RON files stay the one source of the data; user files
//! never take this path; a test checks that both paths give equal values.
//!
//! The rewrite is syntactic and knows only what the preset files use: comments, named and
//! unnamed structs (`Name(key: v)`, `(key: v)`), tuples, lists, maps with string keys, strings
//! (raw ones too), numbers, booleans, `Some`/`None` and unit enum variants (written as their
//! name, which serde_json reads as the variant). Anything else (a `#![enable]` attribute, `inf`,
//! a character) leaves a file without JSON, and the loader parses its RON as before, with the
//! full messages.

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
        "/// (embedded path, RON text, its JSON or \"\" when the rewrite does not apply).\n\
         pub(crate) const EMBEDDED_JSON: &[(&str, &str, &str)] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .expect("under the manifest dir")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let json = to_json(&text).unwrap_or_default();
        let name = format!("{}.json", rel.replace('/', "__"));
        std::fs::write(out.join(&name), json).expect("write JSON");
        writeln!(
            table,
            "    (\"embedded:{rel}\", include_str!({:?}), include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),",
            file.display().to_string()
        )
        .expect("write to a string");
    }
    table.push_str("];\n");
    std::fs::write(out.join("embedded_json.rs"), table).expect("write table");
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

/// The RON text as JSON, or `None` where it uses anything the rewrite does not know.
fn to_json(text: &str) -> Option<String> {
    let mut r = Reader {
        b: text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes(),
        i: 0,
        out: String::with_capacity(text.len()),
    };
    r.value(0)?;
    r.trivia()?;
    (r.i == r.b.len()).then_some(r.out)
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    out: String,
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
                    "true" | "false" => self.out.push_str(&id),
                    "None" => self.out.push_str("null"),
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
                    // A unit enum variant: serde_json reads a string as one.
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

    /// `[a, b,]` (or a tuple's `(a, b)`) as a JSON array.
    fn list(&mut self, open: u8, close: u8, depth: usize) -> Option<()> {
        self.expect(open)?;
        self.out.push('[');
        let mut first = true;
        loop {
            self.trivia()?;
            if self.eat(close) {
                break;
            }
            if !first {
                self.out.push(',');
            }
            first = false;
            self.value(depth + 1)?;
            self.trivia()?;
            if !self.eat(b',') {
                self.trivia()?;
                self.expect(close)?;
                break;
            }
        }
        self.out.push(']');
        Some(())
    }

    /// `{"key": v}` with string keys as a JSON object.
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
    /// written as a JSON object: a RON map and a named struct differ only in these two.
    fn members(
        &mut self,
        close: u8,
        depth: usize,
        key: fn(&mut Self) -> Option<String>,
    ) -> Option<()> {
        self.out.push('{');
        let mut first = true;
        loop {
            self.trivia()?;
            if self.eat(close) {
                break;
            }
            if !first {
                self.out.push(',');
            }
            first = false;
            let k = key(self)?;
            self.push_string(&k);
            self.trivia()?;
            self.expect(b':')?;
            self.out.push(':');
            self.value(depth + 1)?;
            self.trivia()?;
            if !self.eat(b',') {
                self.trivia()?;
                self.expect(close)?;
                break;
            }
        }
        self.out.push('}');
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

    /// A decimal number, written back as JSON: integers as they are, floats in Rust's shortest
    /// round-trip form (serde_json reads it back to the same bits).
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
            // JSON has no leading zeros; RON reads `007` as 7.
            let n: i128 = token.parse().ok()?;
            write!(self.out, "{n}").ok()?;
        } else {
            let x: f64 = token.parse().ok()?;
            if !x.is_finite() {
                return None;
            }
            write!(self.out, "{x:?}").ok()?;
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
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    write!(self.out, "\\u{:04x}", c as u32).expect("write to a string");
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}
