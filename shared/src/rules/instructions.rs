//! Leaders' 批示 on an item: a text, nothing else.

use super::{text, Refusal};

/// A 批示 says something, within the common text limit.
pub fn write(text_: &str) -> Result<(), Refusal> {
    text("text", text_, true)
}
