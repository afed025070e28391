//! What every rule is given.

use crate::config::Lang;
use crate::model::Report;

/// What every rule needs: the text, its model and the message language.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub report: &'a Report,
    pub lang: Lang,
}

impl Ctx<'_> {
    /// Picks the message in the configured language.
    pub fn say(&self, zh: String, en: String) -> String {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
