//! Who is calling. Every service method takes the caller first and decides there what it may do.

/// The caller of a service method.
///
/// Authentication (tokens, roles scoped by territory) builds on this type; until it exists every
/// caller acts as an operator with full rights, which is why the variants already separate the
/// machine caller from a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A person or API client calling over HTTP.
    Operator { subject: String },
    /// The process itself: CLI commands run by somebody with access to the host.
    System,
}

impl Actor {
    /// The caller used by the command-line tools.
    pub fn system() -> Self {
        Self::System
    }

    /// A stable label for logs and, later, the audit trail.
    pub fn subject(&self) -> &str {
        match self {
            Self::Operator { subject } => subject,
            Self::System => "system",
        }
    }
}
