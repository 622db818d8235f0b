//! Typed identifiers, so that a municipality id is never passed where a region id belongs.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(::uuid::Uuid);

        impl $name {
            /// A new time-ordered id (UUIDv7): creation order is id order, which cursors rely on.
            pub fn generate() -> Self {
                Self(::uuid::Uuid::now_v7())
            }

            pub fn from_uuid(id: ::uuid::Uuid) -> Self {
                Self(id)
            }

            pub fn as_uuid(&self) -> ::uuid::Uuid {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

pub(crate) use id_type;

id_type!(
    /// Identifies a region (субъект РФ).
    RegionId
);
id_type!(
    /// Identifies a municipality (район, округ).
    MunicipalityId
);
id_type!(
    /// Identifies an educational organization or a body that runs the programme.
    OrganizationId
);
