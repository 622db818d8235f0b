//! Roles.

/// What a principal may do; where is its [`super::Scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, everywhere.
    Admin,
    /// Reads and writes one region, and manages the principals inside it.
    Regional,
    /// Reads and writes one municipality.
    Municipal,
    /// Reads its organization's territory and writes its own organization.
    School,
    /// Reads only, within its scope.
    Analyst,
    /// A machine: imports and writes within its scope; never manages principals.
    Importer,
}

impl Role {
    pub const ALL: &'static [Self] =
        &[Self::Admin, Self::Regional, Self::Municipal, Self::School, Self::Analyst, Self::Importer];

    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Regional => "regional",
            Self::Municipal => "municipal",
            Self::School => "school",
            Self::Analyst => "analyst",
            Self::Importer => "importer",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.code() == code)
    }
}
