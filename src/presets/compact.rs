//! Reads the compact binary form the build script writes of the built-in preset files (the form
//! is described in `build.rs`): tagged values with their lengths up front and numbers as their
//! bits, so reading is copying, with no scanning of strings for their end or of digits for a
//! number. Strings are lent from the form's text, checked as UTF-8 when the binary was built;
//! a [`Text`](super::text::Text) field keeps the slice itself (the text is compiled into the
//! binary), other string fields copy it.
//!
//! The values are those a JSON reader would see (objects, lists, strings, numbers, booleans,
//! null), read into the same serde types the same way: an integer reads into a float field, a
//! string as a unit enum variant, null as `None`. Anything out of place is an error, never a
//! panic; the loader then reads the file's RON and says why.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, Visitor};
use std::fmt;

/// What went wrong reading the form (it was truncated, or does not fit the type).
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, Error>;

/// Reads one `T` from `values`, which must hold that value and nothing after it, and its
/// strings from `strings`.
pub(crate) fn read<T: DeserializeOwned>(values: &[u8], strings: &str) -> Result<T> {
    let mut r = Reader { b: values, strings };
    let value = T::deserialize(&mut r)?;
    if r.b.is_empty() {
        Ok(value)
    } else {
        Err(Error(format!("{} bytes after the value", r.b.len())))
    }
}

struct Reader<'de> {
    /// What is left to read.
    b: &'de [u8],
    /// The text the strings are slices of.
    strings: &'de str,
}

impl<'de> Reader<'de> {
    fn take(&mut self, n: usize) -> Result<&'de [u8]> {
        if self.b.len() < n {
            return Err(Error("the form ends early".into()));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    fn peek(&self) -> Result<u8> {
        self.b
            .first()
            .copied()
            .ok_or_else(|| Error("the form ends early".into()))
    }

    fn tag(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn eight(&mut self) -> Result<[u8; 8]> {
        let mut a = [0; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(a)
    }

    fn count(&mut self) -> Result<usize> {
        let mut a = [0; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a) as usize)
    }

    /// A string (after its tag): its offset and length in the text.
    fn str(&mut self) -> Result<&'de str> {
        let b = self.eight()?;
        let at = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let len = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
        at.checked_add(len)
            .and_then(|end| self.strings.get(at..end))
            .ok_or_else(|| Error(format!("no string at {at}..+{len}")))
    }

    /// Reads past one value of any kind. A string's place is passed over unread: only a
    /// string that is read needs to be in the text.
    fn skip(&mut self) -> Result<()> {
        match self.tag()? {
            b'n' | b'f' | b't' => {}
            b'u' | b'i' | b'd' | b's' => {
                self.take(8)?;
            }
            // A list or an object at once, by the byte length after its count.
            b'[' | b'{' => {
                self.count()?;
                let len = self.count()?;
                self.take(len)?;
            }
            t => return Err(Error(format!("unknown tag {t}"))),
        }
        Ok(())
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.tag()? {
            b'n' => visitor.visit_unit(),
            b'f' => visitor.visit_bool(false),
            b't' => visitor.visit_bool(true),
            b'u' => visitor.visit_u64(u64::from_le_bytes(self.eight()?)),
            b'i' => visitor.visit_i64(i64::from_le_bytes(self.eight()?)),
            b'd' => visitor.visit_f64(f64::from_le_bytes(self.eight()?)),
            b's' => visitor.visit_borrowed_str(self.str()?),
            b'[' => {
                let mut items = Items::new(self)?;
                let value = visitor.visit_seq(&mut items)?;
                items.end(value)
            }
            b'{' => {
                let mut items = Items::new(self)?;
                let value = visitor.visit_map(&mut items)?;
                items.end(value)
            }
            t => Err(Error(format!("unknown tag {t}"))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? == b'n' {
            self.tag()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // Only unit variants, written as their name.
        match self.tag()? {
            b's' => visitor.visit_enum(BorrowedStrDeserializer::new(self.str()?)),
            t => Err(Error(format!("expected a variant's name, found tag {t}"))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The elements of a list, or the key–value pairs of an object, still to read.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    left: usize,
}

impl<'a, 'de> Items<'a, 'de> {
    /// The items after a list's or an object's tag: its count, then them.
    fn new(r: &'a mut Reader<'de>) -> Result<Self> {
        let left = r.count()?;
        // The items' byte length serves only to pass over them (`Reader::skip`).
        r.count()?;
        Ok(Items { r, left })
    }

    /// `value`, when the type read every item (as a JSON reader refuses extra ones).
    fn end<T>(self, value: T) -> Result<T> {
        match self.left {
            0 => Ok(value),
            n => Err(Error(format!("{n} items more than the type reads"))),
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        // A hint only: a count that runs past the form fails on reading, not on allocating.
        Some(self.left.min(self.r.b.len()))
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.r)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left.min(self.r.b.len()))
    }
}
