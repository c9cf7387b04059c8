//! Typed entry: whatever a person types or pastes, `parse_for` never panics and never
//! accepts a value outside the field's range, and what it accepts is a finite number (never
//! `-0`). Runs every string through every field of `Field::ALL`.

use agi_compute::model::Field;
use agi_compute::model::parse::{ParseError, parse_for, parse_quantity};
use proptest::prelude::*;

/// Checks the promises for one string on every field.
fn check(input: &str) {
    let quantity = parse_quantity(input);
    if let Ok(t) = &quantity {
        assert!(!t.value.is_nan(), "parse_quantity({input:?}) gave NaN");
    }
    for field in Field::ALL {
        match parse_for(field, input) {
            Ok(v) => {
                assert!(v.is_finite(), "{field:?} accepted {input:?} as {v}");
                assert!(
                    field.accepts(v),
                    "{field:?} accepted {input:?} as {v}, out of range"
                );
                assert!(
                    !v.is_sign_negative(),
                    "{field:?} accepted {input:?} as {v} (negative or -0)"
                );
                if field.counts() {
                    assert_eq!(
                        v.fract(),
                        0.0,
                        "{field:?} accepted {input:?} as a fraction {v}"
                    );
                }
                let t = quantity.as_ref().unwrap_or_else(|e| {
                    panic!("parse_for({field:?}, {input:?}) = {v} but parse_quantity refused: {e}")
                });
                assert!(
                    !t.percent || field.spec().percent,
                    "{field:?} took a % in {input:?}"
                );
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                if let ParseError::OutOfRange(r) = &e {
                    assert_eq!(r.field, field);
                }
            }
        }
    }
}

#[test]
fn nasty_inputs_are_refused_or_in_range() {
    let digits_10k = "9".repeat(10_000);
    let long_fraction = format!("0.{}1", "0".repeat(10_000));
    let long_exponent = format!("1e{}", "9".repeat(5_000));
    let nasty: Vec<&str> = vec![
        "1e999",
        "-1e999",
        "1e-999",
        "1e308k",
        "1e308T",
        "--5",
        "-+5",
        "+-5",
        "++5",
        "50%%",
        "%50",
        "50 %",
        "∞",
        "-∞",
        "12kk",
        "12kM",
        "k",
        "M",
        "$",
        "$$5",
        "$-5",
        "-$5",
        "NaN",
        "nan",
        "-NaN",
        "inf",
        "-inf",
        "+inf",
        "infinity",
        "Infinity",
        "-0",
        "-0.0",
        "+0",
        "0",
        "-0%",
        "-0k",
        "0x10",
        "0b101",
        "0o17",
        "1,5",
        "1 5",
        "1..5",
        ".",
        "..",
        "e",
        "e5",
        "1e",
        "1e+",
        "1e-",
        "1E5",
        ".5",
        "5.",
        "%",
        "-%",
        "$%",
        "٣",
        "٣٠٠",
        "５",
        "१२",
        "①",
        "½",
        "1½",
        "\u{0}",
        "5\u{0}",
        "\u{feff}5",
        "5\u{200b}",
        "\u{a0}5\u{a0}",
        " ",
        "\t\n\r",
        "\u{3000}",
        "",
        "_",
        "__5__",
        "5_",
        "1_000_000",
        "1e1_0",
        "0.4",
        "40%",
        "100%",
        "100.0000001%",
        "0.00000001%",
        "1e-320",
        "4.9e-324",
        "2.2250738585072014e-308",
        "1e7",
        "10000001",
        "10000000.4",
        "10000000.5",
        "9999999.5",
        "0.5",
        "0.49999999999999994",
        "1.5",
        "3",
        "3.0000000000000004",
        "2.0000000000000004",
        "20",
        "20.5",
        "3650",
        "3650.0000000001",
        "1e4",
        "1e5",
        "1e6",
        "100000.00000001",
        "350k",
        "$30k",
        "1.2M",
        "2.5G",
        "1B",
        "1T",
        "1P",
        "1p",
        "-1P",
        "0.0001P",
        "9.9999999e-16P",
        "💥",
        "1💥",
        "🔢5",
        "5\u{301}",
        "1e9999999999999999999",
        "0e999999",
        "-0e-999",
        "00000000000000000000005",
    ];
    for s in nasty.iter().copied().chain([
        digits_10k.as_str(),
        long_fraction.as_str(),
        long_exponent.as_str(),
    ]) {
        check(s);
    }
}

#[test]
fn refusals_named_in_the_issue() {
    for s in [
        "1e999", "--5", "50%%", "∞", "12kk", "NaN", "inf", "0x10", "%", "٣", "   ", "",
    ] {
        for field in Field::ALL {
            assert!(parse_for(field, s).is_err(), "{field:?} accepted {s:?}");
        }
    }
    let digits_10k = "9".repeat(10_000);
    for field in Field::ALL {
        assert!(
            parse_for(field, &digits_10k).is_err(),
            "{field:?} accepted 10 kB of digits"
        );
    }
}

/// Longest refusal accepted: a line of a wide terminal. Room for a hint that repeats a 17-digit
/// number three times, not for a number written out digit by digit.
const MAX_MESSAGE_CHARS: usize = 200;

/// Every refusal stays a short line: a pasted novel is cut, and a huge or tiny number is not
/// written out digit by digit (1e300 as 301 digits, 1e-300 as 300 zeros).
fn assert_short_messages(input: &str) {
    for field in Field::ALL {
        if let Err(e) = parse_for(field, input) {
            let message = e.to_string();
            assert!(
                message.chars().count() <= MAX_MESSAGE_CHARS,
                "{field:?}, {input:?}: message too long: {message}"
            );
        }
    }
}

#[test]
fn refusals_are_short() {
    let digits_10k = "9".repeat(10_000);
    for s in [
        "1e300",
        "-1e300",
        "1e-300",
        "4.9e-324",
        "1e308k",
        "1e20",
        "123456789012345678901234567890",
        &digits_10k,
    ] {
        assert_short_messages(s);
    }
    let e = parse_for(Field::Gpus, "1e300").unwrap_err().to_string();
    assert_eq!(e, "GPUs must be in [1, 1000000000] (got 1e300)");
    let e = parse_for(Field::Pue, "1e-300").unwrap_err().to_string();
    assert_eq!(e, "PUE must be in [1, 3] (got 1e-300)");
    // Ordinary values are still shown as typed.
    let e = parse_for(Field::Mfu, "150%").unwrap_err().to_string();
    assert_eq!(e, "MFU must be in (0, 100%] (got 150%)");
    let e = parse_for(Field::Gpus, "2G").unwrap_err().to_string();
    assert_eq!(e, "GPUs must be in [1, 1000000000] (got 2000000000)");
}

#[test]
fn minus_zero_reads_as_zero() {
    // "-0" is a valid price (the range starts at 0) and must come back as +0, not -0.
    let v = parse_for(Field::Price, "-0").expect("a price of 0 is valid");
    assert_eq!(v, 0.0);
    assert!(v.is_sign_positive());
    assert!(parse_for(Field::Gpus, "-0").is_err());
}

/// Strings that look like numbers, to reach the accepting paths often.
fn numberish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ $+-]{0,2}[0-9]{0,12}(\\.[0-9]{0,8})?([eE][+-]?[0-9]{1,4})?[ ]?[kKmMgGbBtTpP%]{0,2}[ ]?",
        "[-+$_.eE%kMGTP0-9 ]{0,24}",
        any::<f64>().prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| format!("{v:e}")),
        (any::<f64>(), "[kKmMgGbBtTpP%]").prop_map(|(v, s)| format!("{v}{s}")),
    ]
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic_or_leave_the_range(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn number_like_strings_never_panic_or_leave_the_range(s in numberish()) {
        check(&s);
    }

    #[test]
    fn refusals_of_number_like_strings_are_short(s in numberish()) {
        assert_short_messages(&s);
    }

    /// Values inside a field's range, written plainly, come back as themselves.
    #[test]
    fn in_range_values_are_accepted(i in 0usize..Field::ALL.len(), t in 0.0f64..=1.0) {
        let field = Field::ALL[i];
        let spec = field.spec();
        let mut v = spec.min + t * (spec.max - spec.min);
        if field.counts() {
            v = v.round();
        }
        prop_assume!(field.accepts(v));
        let typed = format!("{v}");
        prop_assert_eq!(parse_for(field, &typed), Ok(v));
    }
}
