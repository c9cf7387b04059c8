//! Text → `parse_quantity` and `parse_for` for every field: no panic; never NaN; an accepted
//! value is finite, inside the field's range and not -0; a refusal explains itself in at most
//! 200 characters (no number written out in hundreds of digits).
#![no_main]

use agi_compute::model::Field;
use agi_compute::model::parse::{parse_for, parse_quantity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = parse_quantity(s) {
        assert!(!t.value.is_nan(), "{s:?}");
    }
    for field in Field::ALL {
        match parse_for(field, s) {
            Ok(v) => {
                assert!(
                    v.is_finite() && field.accepts(v),
                    "{field:?} accepted {s:?} as {v}"
                );
                assert!(!v.is_sign_negative(), "{field:?} accepted {s:?} as {v}");
            }
            Err(e) => {
                let message = e.to_string();
                assert!(
                    !message.is_empty() && message.chars().count() <= 200,
                    "{field:?}, {s:?}: {message}"
                );
            }
        }
    }
});
