//! Word (.docx) files.
use crate::source::Item;
use crate::ImportError;
pub fn items(_bytes: &[u8]) -> Result<Vec<Item>, ImportError> {
    Err(ImportError::new("todo"))
}
