//! Human formatting of quantities: three significant digits with units.
//!
//! Shared by the table output and the TUI so both show `1.08e27 FLOP`, `$10.5 B`, `270 MW`.
//! Every function returns readable text for every `f64`: non-finite values become "—" so a NaN
//! can never reach the screen, and negative zero is printed as zero.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Shown in place of a number that is not finite.
pub const NOT_A_NUMBER: &str = "—";

/// Rounds to `sig` significant digits. Scales by an exact power of ten in the direction that
/// keeps the result exact for integers (9.996e11 → 1e12 exactly, never 999999999999.9999).
pub fn round_sig(x: f64, sig: u32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let e = decade(x);
    let k = e + 1 - sig as i32;
    let r = if k >= 0 {
        let p = 10f64.powi(k);
        (x / p).round() * p
    } else {
        let p = 10f64.powi(-k);
        (x * p).round() / p
    };
    if r.is_finite() { r } else { x }
}

/// The decade of a finite, non-zero `x`: `floor(log10(|x|))`, the power of ten its first digit
/// stands for. Every number a screen shows asks for it twice or more, and `log10` was a tenth
/// of the formatting's time; here it is the binary exponent's estimate corrected against exact
/// powers of ten, so a value just under a power of ten (999.9999999999999) is never taken for
/// the power itself, as rounding in `log10` can. Subnormals take `log10`.
fn decade(x: f64) -> i32 {
    /// 10^-22 ..= 10^22, every one exact in binary64 (10^k for k ≤ 22; the negative ones are
    /// the nearest doubles, which is what a value read or printed as 1e-5 is).
    const POW10: [f64; 45] = [
        1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10,
        1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
        1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
        1e22,
    ];
    let a = x.abs();
    let binary = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    // floor(b × log10 2) for |b| < 1024, with log10 2 ≈ 78913 / 2^18 (Warren, Hacker's
    // Delight, 11-4): at most one below the decade, never above.
    let e = (binary * 78_913) >> 18;
    match usize::try_from(e + 22) {
        Ok(i) if i + 1 < POW10.len() => e + i32::from(a >= POW10[i + 1]),
        _ => a.log10().floor() as i32,
    }
}

/// `x` to `sig` significant digits in positional notation, keeping trailing zeros: 28.3, 3.00, 756.
pub fn sig(x: f64, sig: u32) -> String {
    build(|out| push_sig(out, x, sig))
}

/// Each public function builds its text in one `String` sized for any number it prints: a
/// frame formats dozens of numbers, and nested `format!`s cost four allocations apiece.
fn build(f: impl FnOnce(&mut String)) -> String {
    let mut out = String::with_capacity(24);
    f(&mut out);
    out
}

/// Appends [`sig`].
fn push_sig(out: &mut String, x: f64, sig: u32) {
    if !x.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    let r = round_sig(x, sig);
    if r == 0.0 {
        out.push('0');
        return;
    }
    if r.abs() < 1e-4 || r.abs() >= 1e15 {
        // Positional notation would print up to 320 digits: tiny and huge values read as
        // 1.23e-300 and 9.19e299.
        push_sci(out, x, sig);
        return;
    }
    let e = decade(r);
    let decimals = (sig as i32 - 1 - e).max(0) as usize;
    if !push_fixed(out, r, decimals) {
        let _ = write!(out, "{r:.decimals$}");
    }
}

/// Appends `format!("{x:.decimals$}")` for a number with at most six significant digits, by
/// integer arithmetic: the screen shows dozens of numbers per frame and float formatting was a
/// tenth of a frame. Returns false, appending nothing, when `x` is not such a number; the caller
/// then formats as before.
///
/// Exact: `x × 10^decimals` lies within 1e-3 of an integer `n` below 1e6, and `x`'s binary
/// value differs from `n / 10^decimals` by far less than half a unit in the last place shown,
/// so rounding its exact expansion (what `format!` does) gives the digits of `n`.
fn push_fixed(out: &mut String, x: f64, decimals: usize) -> bool {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let Some(p) = POW10.get(decimals) else {
        return false;
    };
    let scaled = x * p;
    let n = scaled.round();
    // NaN fails both comparisons, so it is declined too.
    let near = n.abs() < 1e6 && (scaled - n).abs() <= 1e-3;
    if !near {
        return false;
    }
    // The digits of n (below 1e6), most significant first.
    let mut digits = [0u8; 6];
    let mut len = 0;
    let mut v = n.abs() as u32;
    loop {
        digits[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    digits[..len].reverse();
    let digits = &digits[..len];
    if n < 0.0 || (n == 0.0 && x.is_sign_negative()) {
        out.push('-');
    }
    let push = |out: &mut String, d: &[u8]| d.iter().for_each(|&b| out.push(char::from(b)));
    if decimals == 0 {
        push(out, digits);
    } else if len > decimals {
        let (int, frac) = digits.split_at(len - decimals);
        push(out, int);
        out.push('.');
        push(out, frac);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', decimals - len));
        push(out, digits);
    }
    true
}

/// Scientific notation with `sig` significant digits: 1.08e27.
pub fn sci(x: f64, sig: u32) -> String {
    build(|out| push_sci(out, x, sig))
}

fn push_sci(out: &mut String, x: f64, sig: u32) {
    if !x.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    if x.abs() < 1e-290 {
        // Powers of ten this small lose precision (subnormals): let the standard library
        // round it.
        let _ = write!(out, "{x:.prec$e}", prec = (sig - 1) as usize);
        return;
    }
    let r = round_sig(x, sig);
    let e = decade(r);
    let m = r / 10f64.powi(e);
    let decimals = (sig - 1) as usize;
    if !push_fixed(out, m, decimals) {
        let _ = write!(out, "{m:.decimals$}");
    }
    out.push('e');
    // A power of ten of a finite double: three digits at most, so always written here.
    if !push_fixed(out, f64::from(e), 0) {
        let _ = write!(out, "{e}");
    }
}

/// Count and dollar suffixes. Nothing past T: "P" reads as peta to some and as nothing to others,
/// so 1e15 and up print as 1.00e15.
const SUFFIXES: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];

/// A count with a k/M/B/T suffix: `350 k`, `756 M`, `3.00 T`; small counts plain: `90`.
pub fn count(x: f64) -> String {
    build(|out| push_count(out, x))
}

fn push_count(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    let r = round_sig(x, 3);
    let a = r.abs();
    if a >= 1e15 {
        return push_sci(out, x, 3);
    }
    for (scale, suffix) in SUFFIXES {
        if a >= scale {
            push_sig(out, r / scale, 3);
            out.push(' ');
            out.push_str(suffix);
            return;
        }
    }
    if a >= 1.0 && r.fract() == 0.0 {
        if !push_fixed(out, r, 0) {
            let _ = write!(out, "{r:.0}");
        }
    } else {
        push_sig(out, r, 3);
    }
}

/// Dollars: `$30.0 k`, `$10.5 B`, `$0.0771`.
pub fn usd(x: f64) -> String {
    build(|out| push_usd(out, x))
}

fn push_usd(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    let r = round_sig(x, 3);
    let a = r.abs();
    if r < 0.0 {
        out.push('-');
    }
    out.push('$');
    if a >= 1e15 {
        return push_sci(out, a, 3);
    }
    for (scale, suffix) in SUFFIXES {
        if a >= scale {
            push_sig(out, a / scale, 3);
            out.push(' ');
            out.push_str(suffix);
            return;
        }
    }
    push_sig(out, a, 3);
}

/// SI prefixes for physical units: `270 MW`, `583 GWh`, `700 W`.
pub fn si(x: f64, unit: &str) -> String {
    build(|out| push_si(out, x, unit))
}

fn push_si(out: &mut String, x: f64, unit: &str) {
    if !x.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    const PREFIXES: [(f64, &str); 7] = [
        (1e18, "E"),
        (1e15, "P"),
        (1e12, "T"),
        (1e9, "G"),
        (1e6, "M"),
        (1e3, "k"),
        (1.0, ""),
    ];
    let r = round_sig(x, 3);
    let a = r.abs();
    let prefix = if a >= 1e21 {
        None
    } else if let Some((scale, prefix)) = PREFIXES.iter().find(|(scale, _)| a >= *scale) {
        push_sig(out, r / scale, 3);
        Some(*prefix)
    } else if a >= 1e-3 {
        push_sig(out, r * 1e3, 3);
        Some("m")
    } else {
        None
    };
    match prefix {
        Some(p) => {
            out.push(' ');
            out.push_str(p);
        }
        None => {
            push_sci(out, r, 3);
            out.push(' ');
        }
    }
    out.push_str(unit);
}

/// An amount of work: `1.08e27 FLOP`.
pub fn flop(x: f64) -> String {
    build(|out| {
        push_sci(out, x, 3);
        out.push_str(" FLOP");
    })
}

/// A rate of work: `1.38e20 FLOP/s`.
pub fn flop_per_s(x: f64) -> String {
    build(|out| {
        push_sci(out, x, 3);
        out.push_str(" FLOP/s");
    })
}

/// A duration given in days, in the unit that reads best: `45 min`, `3.18 days`, `2.4 years`.
pub fn days(d: f64) -> String {
    build(|out| push_days(out, d))
}

fn push_days(out: &mut String, d: f64) {
    if !d.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    let hours = d * 24.0;
    if hours < 1.0 {
        push_sig(out, hours * 60.0, 2);
        out.push_str(" min");
    } else if d < 1.0 {
        push_sig(out, hours, 2);
        out.push_str(" h");
    } else if d < 365.25 * 2.0 {
        // Three significant digits like every other number; only a whole number drops its
        // zeros ("90 days", but "1.50 days" beside "1.76 days").
        let start = out.len();
        push_sig(out, d, 3);
        let shown = &out[start..];
        if let Some(dot) = shown.find('.')
            && shown[dot + 1..].bytes().all(|b| b == b'0')
        {
            out.truncate(start + dot);
        }
        if &out[start..] == "1" {
            out.push_str(" day");
        } else {
            out.push_str(" days");
        }
    } else {
        push_count(out, d / 365.25);
        out.push_str(" years");
    }
}

/// Drops trailing zeros after a decimal point: "90.0" → "90", "3.50" → "3.5".
pub fn trim_zeros(s: &str) -> &str {
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Text with its invisible and terminal-driving characters (C0 and C1 controls, DEL, bidi
/// controls) written as `\u{…}`, so a hostile name cannot drive the terminal it is printed to
/// and a user still sees that something was there. The one sanitiser of every human-readable
/// output; `keep_newlines` leaves line breaks of multi-line output alone.
pub fn sanitise(text: &str, keep_newlines: bool) -> String {
    sanitised(text, keep_newlines).into_owned()
}

/// [`sanitise`], lending `text` back when there is nothing to escape (as in almost every
/// output): a whole report is then written without a copy of it.
pub fn sanitised(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let allowed: &[u8] = if keep_newlines { b"\n" } else { b"" };
    escape_controls(text, allowed, |c, out| out.extend(c.escape_unicode()))
}

/// `text` with every character [`next_control`] finds written by `escape`, the text between
/// copied as it is; `text` itself when there is none.
fn escape_controls<'a>(
    text: &'a str,
    allowed: &[u8],
    escape: impl Fn(char, &mut String),
) -> Cow<'a, str> {
    let mut found = next_control(text, 0, allowed);
    if found.is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    while let Some((at, c)) = found {
        out.push_str(&text[start..at]);
        escape(c, &mut out);
        start = at + c.len_utf8();
        found = next_control(text, start, allowed);
    }
    out.push_str(&text[start..]);
    Cow::Owned(out)
}

/// The first control character (C0, DEL, C1) or bidi control of `text` at or after byte `from`
/// (a character boundary), with its byte offset; the ASCII controls in `allowed` pass. Every
/// output and every preset string goes through here, so it looks at bytes: only an ASCII
/// control or the lead byte of a block that holds C1 or bidi controls (0xC2, 0xD8, 0xE2) is
/// decoded as a character, and other text costs a compare per byte.
pub fn next_control(text: &str, from: usize, allowed: &[u8]) -> Option<(usize, char)> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        // Eight bytes at a time while they are printable ASCII: no byte below a space (a byte
        // less than n shows in `(w - n) & !w & HIGH`), none DEL (a zero byte of `w ^ DEL`), none
        // above 0x7F.
        if let Some(&chunk) = b.get(i..).and_then(|r| r.first_chunk::<8>()) {
            let w = u64::from_le_bytes(chunk);
            let del = w ^ (ONES * 0x7f);
            let below_space = w.wrapping_sub(ONES * 0x20) & !w;
            let is_del = del.wrapping_sub(ONES) & !del;
            if (below_space | is_del | w) & HIGH == 0 {
                i += 8;
                continue;
            }
        }
        let x = b[i];
        if (x >= 0x20 && !matches!(x, 0x7f | 0xc2 | 0xd8 | 0xe2)) || allowed.contains(&x) {
            i += 1;
            continue;
        }
        // An ASCII byte or a lead byte: a character starts here.
        let c = text[i..].chars().next()?;
        if c.is_control() || is_bidi_control(c) {
            return Some((i, c));
        }
        i += c.len_utf8();
    }
    None
}

/// [`sanitise`] for one line of text quoted in a message.
pub fn visible(text: &str) -> String {
    sanitise(text, false)
}

/// Longest piece of typed or read text a message quotes, in characters.
pub const MAX_QUOTED: usize = 60;

/// Typed or read text quoted in a message ("no card '…'"): [`visible`], and clipped, so a 100 KB
/// argument does not come back as a 100 KB error.
pub fn quoted(text: &str) -> String {
    visible(&clip(text, MAX_QUOTED))
}

/// Bidirectional marks, embeddings, overrides and isolates: they reorder how text reads.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// JSON text with the characters `serde_json` leaves raw but a terminal acts on (DEL, C1
/// controls, bidi controls) written as `\uXXXX` escapes: still valid JSON, the same
/// strings; `json` itself, lent back, when there is none.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    // serde_json escapes C0 controls inside strings itself, so a raw line break is layout and
    // anything else found here stands inside a string.
    escape_controls(json, b"\n", |c, out| {
        out.push_str(&format!("\\u{:04x}", c as u32));
    })
}

/// One CSV text cell, by the one rule every CSV writer follows. A cell a spreadsheet would take
/// for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, as a title,
/// source or label read from a file can) gets a leading apostrophe, which spreadsheets show as
/// text; then the cell is quoted when it holds a comma, a quote or a line break (RFC 4180).
/// Numbers never come through here (see [`csv_number`]), so they stay numbers.
pub fn csv_cell(text: &str) -> String {
    let inert = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if inert.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", inert.replace('"', "\"\""))
    } else {
        inert
    }
}

/// One CSV number cell: the value as Rust writes it, or empty for an infinite or NaN value
/// (JSON writes null, tables "—"), so a sheet never reads `inf` or `NaN` as a number.
pub fn csv_number(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

/// A Markdown table cell: pipes escaped, HTML inert, one line.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Cuts a string to `n` characters with an ellipsis.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// [`clip`] for prose: a cut inside a word moves back to the space before it (when one lies in
/// the last third), so no fragment reads as a word of its own ("is inf…" for "is infeasible").
pub fn clip_words(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return s.to_string();
    }
    let keep = n.saturating_sub(1);
    let mid_word = keep > 0 && chars[keep - 1].is_alphanumeric() && chars[keep].is_alphanumeric();
    let cut = match chars[..keep].iter().rposition(|c| *c == ' ') {
        Some(space) if mid_word && space >= keep * 2 / 3 => space,
        _ => keep,
    };
    let mut t: String = chars[..cut].iter().collect();
    t.push('…');
    t
}

/// A range of two formatted values, the unit said once: "1.06e20–1.47e20 FLOP/s",
/// "$8.83–$10.4 B" ("1.01 TWh–1.10 TWh" keeps both where the units differ: "980 GWh–1.10 TWh").
pub fn range(low: &str, high: &str) -> String {
    let unit = |s: &str| s.rfind(' ').map(|i| s[i..].to_string());
    match (unit(low), unit(high)) {
        (Some(a), Some(b)) if a == b => format!("{}–{high}", &low[..low.len() - a.len()]),
        _ => format!("{low}–{high}"),
    }
}

/// A ratio as a multiplier: `×28.3`, `×0.0413`, `×2.15e-11`, `×1.50 k`.
pub fn ratio(x: f64) -> String {
    build(|out| {
        out.push('×');
        let a = x.abs();
        if a != 0.0 && a < 1e-3 {
            push_sci(out, x, 3);
        } else if a >= 1e4 {
            push_count(out, x);
        } else {
            push_sig(out, x, 3);
        }
    })
}

/// A fraction as a percentage: `40 %` for 0.4, `34.6 %`.
pub fn percent(x: f64) -> String {
    build(|out| push_percent(out, x))
}

fn push_percent(out: &mut String, x: f64) {
    let p = x * 100.0;
    if !x.is_finite() || !p.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    // Three significant digits at most, one decimal at most: 34.6 %, 40 %, 15600 %; a tiny
    // share in scientific notation rather than as "0 %" or hundreds of zeros.
    let a = p.abs();
    if a != 0.0 && a < 0.05 {
        push_sci(out, p, 2);
        out.push_str(" %");
        return;
    }
    // A goal seek's impossible answer can be 1e300 times the fleet: not 300 digits.
    if a >= 1e6 {
        push_sci(out, p, 3);
        out.push_str(" %");
        return;
    }
    // `+ 0.0` turns a negative zero into a plain zero.
    let r = if a >= 100.0 {
        round_sig(p, 3)
    } else {
        (p * 10.0).round() / 10.0
    } + 0.0;
    let decimals = if r.fract() == 0.0 { 0 } else { 1 };
    if !push_fixed(out, r, decimals) {
        let _ = write!(out, "{r:.decimals$}");
    }
    out.push_str(" %");
}

/// An input value in its display unit, as the sliders and the table show it.
pub fn field_value(field: crate::model::Field, v: f64) -> String {
    use crate::model::Field;
    build(|out| match field {
        Field::Gpus => push_count(out, v),
        Field::Price => push_usd(out, v),
        Field::Tflops => {
            push_sig(out, v, 3);
            out.push_str(" TFLOP/s");
        }
        Field::Mfu
        | Field::Share
        | Field::ShareExperiments
        | Field::ShareInference
        | Field::InferenceMfu => push_percent(out, v),
        Field::Days => push_days(out, v),
        // A whole year reads as one ("2028"), a fraction with one decimal ("2027.5").
        Field::Year => {
            let r = (v * 10.0).round() / 10.0;
            let _ = if !r.is_finite() {
                write!(out, "{NOT_A_NUMBER}")
            } else if r.abs() >= 1e6 {
                // A year no one will see: three digits, not hundreds.
                push_sig(out, v, 3);
                Ok(())
            } else {
                let decimals = if r.fract() == 0.0 { 0 } else { 1 };
                if !push_fixed(out, r, decimals) {
                    let _ = write!(out, "{r:.decimals$}");
                }
                Ok(())
            };
        }
        Field::Params | Field::ActiveParams => push_count(out, v),
        Field::Watts => push_si(out, v, "W"),
        Field::Pue => push_sig(out, v, 3),
        Field::KwhPrice => {
            push_usd(out, v);
            out.push_str("/kWh");
        }
        Field::Co2 => {
            push_sig(out, v, 3);
            out.push_str(" kg/kWh");
        }
        Field::Rent => {
            push_usd(out, v);
            out.push_str("/GPU-h");
        }
        Field::AmortYears => {
            let start = out.len();
            push_sig(out, v, 2);
            if &out[start..] == "1.0" {
                out.truncate(start);
                out.push_str("1 year");
            } else {
                out.push_str(" years");
            }
        }
        Field::FailureRate | Field::PlannedRate => {
            push_sig(out, v, 3);
            out.push_str(" /M GPU-h");
        }
        Field::StorageBandwidth => {
            push_sig(out, v, 3);
            out.push_str(" TB/s");
        }
        Field::Checkpoint | Field::Restart => push_days(out, v / 1440.0),
        Field::Batch | Field::PromptTokens | Field::GenerateTokens => {
            push_count(out, v);
            out.push_str(" tokens");
        }
        Field::ServeBatch => {
            push_count(out, v);
            out.push_str(if v == 1.0 { " sequence" } else { " sequences" });
        }
        Field::ReplicaGpus => {
            push_count(out, v);
            out.push_str(" GPUs");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_by_bytes_matches_escaping_char_by_char() {
        // The character-by-character definitions the byte scan replaced.
        let bad = |c: char, newline_ok: bool| {
            (c.is_control() && !(newline_ok && c == '\n')) || is_bidi_control(c)
        };
        let sanitise_chars = |t: &str, keep: bool| -> String {
            t.chars()
                .map(|c| {
                    if bad(c, keep) {
                        c.escape_unicode().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        };
        let json_chars = |t: &str| -> String {
            t.chars()
                .map(|c| {
                    if bad(c, true) {
                        format!("\\u{:04x}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        };
        // Every control and bidi control, their neighbours, and characters that share their
        // lead bytes (the em dash, the no-break space) or not (ASCII, é, an emoji).
        let chars: Vec<char> = (0u32..0x300)
            .chain(0x600..0x640)
            .chain(0x2000..0x2080)
            .chain([0x1f600, 0xfeff])
            .filter_map(char::from_u32)
            .collect();
        let mut texts: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
        texts.push(chars.iter().collect());
        texts.push(chars.iter().rev().collect());
        texts.push("plain — text, \u{2014} é \u{1b}[31m red \u{9b}\n\t\u{202e}end".into());
        texts.push(String::new());
        // Each character at every offset of a run of printable ASCII, in and out of the
        // eight-byte steps.
        for c in [
            '\u{0}', '\n', '\t', '\u{1f}', '\u{7f}', '\u{9b}', '\u{202e}', '—', 'é',
        ] {
            for k in 0..20 {
                texts.push(format!("{}{c}{}", "a".repeat(k), "~ ".repeat(10)));
            }
        }
        for t in &texts {
            assert_eq!(sanitise(t, true), sanitise_chars(t, true), "{t:?}");
            assert_eq!(sanitise(t, false), sanitise_chars(t, false), "{t:?}");
            assert_eq!(json_safe(t), json_chars(t), "{t:?}");
        }
    }

    #[test]
    fn every_formatter_is_short_for_every_magnitude() {
        let mut xs = vec![
            0.0,
            -0.0,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for e in -320..=308 {
            xs.push(10f64.powi(e) * 3.72);
            xs.push(-(10f64.powi(e) * 1.5));
        }
        let fields = crate::model::Field::ALL;
        let mut bad = Vec::new();
        for x in xs {
            let mut texts = vec![
                sig(x, 3),
                sci(x, 3),
                count(x),
                usd(x),
                si(x, "W"),
                flop(x),
                flop_per_s(x),
                days(x),
                ratio(x),
                percent(x),
            ];
            texts.extend(fields.iter().map(|&f| field_value(f, x)));
            for t in texts {
                if t.chars().count() > 32 || t.contains("inf") || t.contains("NaN") {
                    bad.push(format!("{x:e}: {t:?}"));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn csv_cells_are_never_formulas_and_numbers_stay_numbers() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("-20 %"), "'-20 %");
        assert_eq!(csv_cell("@SUM(A1),x"), "\"'@SUM(A1),x\"");
        assert_eq!(csv_cell("+a\"b"), "\"'+a\"\"b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("a\rb"), "\"a\rb\"");
        assert_eq!(csv_cell("H100"), "H100");
        assert_eq!(csv_number(-2.5), "-2.5");
        assert_eq!(csv_number(f64::INFINITY), "");
        assert_eq!(csv_number(f64::NAN), "");
    }

    #[test]
    fn prose_is_cut_between_words() {
        let s = "a training run exceeding about 1e31 FLOP is infeasible even at low utilization";
        assert_eq!(
            clip_words(s, 48),
            "a training run exceeding about 1e31 FLOP is…"
        );
        assert_eq!(clip_words("short", 10), "short");
        // No space near the end: cut where it falls, like clip.
        assert_eq!(clip_words("abcdefghijkl", 6), "abcde…");
    }

    fn fixed(x: f64, decimals: usize) -> Option<String> {
        let mut out = String::new();
        push_fixed(&mut out, x, decimals).then_some(out)
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(flop(1.0766e27), "1.08e27 FLOP");
        assert_eq!(usd(10.5e9), "$10.5 B");
        assert_eq!(usd(30_000.0), "$30.0 k");
        assert_eq!(si(269.5e6, "W"), "270 MW");
        assert_eq!(si(582.12e9, "Wh"), "582 GWh");
        assert_eq!(ratio(28.33), "×28.3");
        assert_eq!(count(350_000.0), "350 k");
        assert_eq!(count(756e6), "756 M");
        assert_eq!(count(90.0), "90");
        assert_eq!(percent(0.4), "40 %");
        assert_eq!(percent(0.346), "34.6 %");
        assert_eq!(percent(156.195), "15600 %");
        assert_eq!(percent(5e-324), "4.9e-322 %");
        assert_eq!(percent(0.0), "0 %");
        // Tiny values in scientific notation, never hundreds of zeros.
        assert_eq!(sig(1e-300, 3), "1.00e-300");
        assert_eq!(sig(9.19e299, 3), "9.19e299");
        assert_eq!(usd(3.55e-318), "$3.55e-318");
        assert_eq!(days(5e-324), "7.1e-321 min");
        assert_eq!(count(1.19e-318), "1.19e-318");
        assert_eq!(usd(1e15), "$1.00e15");
        assert_eq!(count(2e15), "2.00e15");
    }

    #[test]
    fn decades_by_hand_and_against_log10() {
        for (x, want) in [
            (1.0, 0),
            (9.99, 0),
            (10.0, 1),
            (999.999_999_999_999_9, 2),
            (1000.0, 3),
            (-350_000.0, 5),
            (1e-5, -5),
            (9.999_999_999_999_999e-6, -6),
            (1e22, 22),
            (1.08e27, 27),
            (f64::MAX, 308),
            (5e-324, -324),
        ] {
            assert_eq!(decade(x), want, "{x:e}");
        }
        // Everywhere else it is log10's floor: random values over all 616 decades, away from the
        // last few units of a power of ten, where log10 may round up to it.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Every normal binary exponent (1..=2046), a random mantissa.
            let exponent = 1 + (state >> 52) % 2046;
            let x = f64::from_bits((state & ((1 << 52) - 1)) | (exponent << 52));
            let e = x.log10().floor();
            let near = (x / 10f64.powf(e.round())).log10().abs() < 1e-14
                || (x / 10f64.powf(e + 1.0)).log10().abs() < 1e-14;
            if !near {
                assert_eq!(decade(x), e as i32, "{x:e}");
            }
        }
    }

    #[test]
    fn rounding_carries_into_the_next_digit() {
        assert_eq!(sig(9.996, 3), "10.0");
        assert_eq!(sci(9.996e26, 3), "1.00e27");
        assert_eq!(usd(999_999.0), "$1.00 M");
        assert_eq!(count(999.9), "1.00 k");
    }

    #[test]
    fn never_nan_inf_or_negative_zero() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for s in [
                sig(x, 3),
                sci(x, 3),
                count(x),
                usd(x),
                si(x, "W"),
                days(x),
                percent(x),
            ] {
                assert_eq!(s, NOT_A_NUMBER);
            }
        }
        assert_eq!(sig(-0.0, 3), "0");
        assert_eq!(usd(-0.0), "$0");
        assert_eq!(sci(-0.0, 3), "0");
        assert_eq!(percent(-0.0), "0 %");
    }

    #[test]
    fn hostile_text_is_escaped_not_deleted() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(visible("\u{9b}2J\u{202e}"), "\\u{9b}2J\\u{202e}");
        assert_eq!(sanitise("row\nrow", true), "row\nrow");
        assert_eq!(sanitise("row\nrow", false), "row\\u{a}row");
        assert_eq!(json_safe("{\"a\":\"\u{9b}\"}"), "{\"a\":\"\\u009b\"}");
        assert_eq!(
            markdown_cell("a|b<img onerror=x>"),
            "a\\|b&lt;img onerror=x&gt;"
        );
    }

    #[test]
    fn ranges_say_the_unit_once() {
        assert_eq!(
            range(&flop(1.06e27), &flop(1.47e27)),
            "1.06e27–1.47e27 FLOP"
        );
        assert_eq!(range(&usd(8.83e9), &usd(10.4e9)), "$8.83–$10.4 B");
        assert_eq!(
            range(&si(980e9, "Wh"), &si(1.1e12, "Wh")),
            "980 GWh–1.10 TWh"
        );
        assert_eq!(range("3", "4"), "3–4");
    }

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(days(3.1765), "3.18 days");
        assert_eq!(days(1.0), "1 day");
        assert_eq!(days(0.5), "12 h");
        assert_eq!(days(0.01), "14 min");
        assert_eq!(days(3650.0), "9.99 years");
        assert_eq!(days(90.0), "90 days");
        assert_eq!(days(3.5), "3.50 days");
        assert_eq!(days(1.5), "1.50 days");
        assert_eq!(days(90.0), "90 days");
    }

    #[test]
    fn fixed_point_matches_float_formatting() {
        // The integer path must print exactly what `format!("{x:.d$}")` prints, wherever it
        // applies: rounded values of every magnitude, signs, and numbers it must decline.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let bits = next();
            let mantissa = (bits >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (bits % 60) as i32 - 30;
            let sign = if bits & 1 == 0 { 1.0 } else { -1.0 };
            let raw = sign * (1.0 + 9.0 * mantissa) * 10f64.powi(exp);
            for sig_digits in 1..=6 {
                for x in [raw, round_sig(raw, sig_digits)] {
                    if x == 0.0 {
                        continue;
                    }
                    let e = x.abs().log10().floor() as i32;
                    for d in [(sig_digits as i32 - 1 - e).max(0) as usize, 0, 3] {
                        if let Some(got) = fixed(x, d) {
                            assert_eq!(got, format!("{x:.d$}"), "{x:e} to {d} decimals");
                        }
                    }
                }
            }
        }
        assert_eq!(fixed(0.0771, 4).as_deref(), Some("0.0771"));
        // A tie at the last digit shown is left to `format!` (round half to even).
        assert_eq!(fixed(-2.5, 0), None);
        assert_eq!(fixed(1e300, 0), None);
        assert_eq!(fixed(0.1, 30), None);
    }
}
