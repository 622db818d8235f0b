//! What every versioned document shares: a withdrawal states why.

use super::validation::ValidationErrors;

/// The longest reason a withdrawal may give.
pub const MAX_REASON_CHARS: usize = 2_000;

/// A withdrawal's reason, trimmed: 1 to [`MAX_REASON_CHARS`] characters.
pub fn reason(text: &str) -> Result<String, ValidationErrors> {
    let reason = text.trim();
    let code = match reason.chars().count() {
        0 => "required",
        n if n > MAX_REASON_CHARS => "too_long",
        _ => return Ok(reason.to_owned()),
    };
    Err(ValidationErrors::single("reason", code, format!("say why, in 1 to {MAX_REASON_CHARS} characters")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_said_in_words_of_bounded_length() {
        assert_eq!(reason("  загружена по ошибке ").unwrap(), "загружена по ошибке");
        for bad in ["", "   ", &"я".repeat(MAX_REASON_CHARS + 1)] {
            assert_eq!(reason(bad).unwrap_err().errors()[0].field, "reason");
        }
        assert!(reason(&"я".repeat(MAX_REASON_CHARS)).is_ok());
    }
}
