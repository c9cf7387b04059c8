//! [`Text`]: a preset's string, lent from the built-in catalog or owned.
//!
//! Every start reads the built-in catalog, and most of its strings (a value's source and note,
//! above all) are never shown by the command that runs. Copying each into a `String` of its own
//! was some 2,600 allocations a start, more page faults than the reading itself, and again on
//! every clone of a run or a card. A string read from the built-in files' compact form is
//! instead lent from the text compiled into the binary (the compact reader hands out slices of
//! it, [`super::embedded::lend`] tells them by their address); anything else (a user file, an
//! edit, a saved scenario) owns its text, as before. Reading, comparing, printing and saving
//! see only the text, never where it lives.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

/// A string of the preset types: lent from the binary's built-in catalog, or owned.
#[derive(Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Cow<'static, str>);

/// By hand so that `clone_from` reaches the `Cow`'s own, which copies an owned text into the
/// owned buffer already there: a derived `Clone` replaces the value, and the evaluation copies
/// every input's source and note into kept values on each keypress ([`super::Sourced`]'s
/// `clone_from`), where a user file's sources are owned.
impl Clone for Text {
    fn clone(&self) -> Text {
        Text(self.0.clone())
    }

    fn clone_from(&mut self, source: &Text) {
        self.0.clone_from(&source.0);
    }
}

impl Text {
    /// Text that lives as long as the program: lent, never copied.
    pub const fn lent(s: &'static str) -> Text {
        Text(Cow::Borrowed(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

/// As a `String` shows: the text, quoted.
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Cow::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Cow::Owned(s.to_owned()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.into_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(super::embedded::lend(v).map_or_else(|| Text::from(v), Text::lent))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text::from(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalog_s_strings_are_lent_and_others_owned() {
        use super::super::catalog::EMBEDDED_MILESTONES;
        use super::super::schema::Milestone;
        let (values, strings) =
            super::super::embedded::compact_for(EMBEDDED_MILESTONES.0, EMBEDDED_MILESTONES.1)
                .expect("a compact form");
        let lent: Vec<Milestone> = super::super::compact::read(values, strings).expect("reads");
        assert!(
            lent.iter()
                .all(|m| matches!(m.flop.source.0, Cow::Borrowed(_)))
        );
        let text = EMBEDDED_MILESTONES.1.to_string();
        let owned: Vec<Milestone> =
            super::super::read::parse_ron("user.ron", &text).expect("reads");
        assert!(
            owned
                .iter()
                .all(|m| matches!(m.flop.source.0, Cow::Owned(_)))
        );
        assert_eq!(lent, owned);
    }

    #[test]
    fn copying_owned_text_into_owned_text_keeps_its_buffer() {
        let mut kept = Text::from(String::with_capacity(64));
        let at = kept.as_ptr();
        kept.clone_from(&Text::from("a user file's source"));
        assert_eq!(kept, "a user file's source");
        assert_eq!(kept.as_ptr(), at);
        // Lent text is lent again, whatever was there.
        kept.clone_from(&Text::lent("built in"));
        assert!(matches!(kept.0, Cow::Borrowed("built in")));
    }
}
