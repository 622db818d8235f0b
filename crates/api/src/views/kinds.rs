//! The registry's vocabularies on the wire. Values are the domain's stable codes, identical in
//! REST, GraphQL and the database.

use opora_domain::schools as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident => $domain:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum)]
        #[serde(rename_all = "snake_case")]
        #[graphql(rename_items = "snake_case")]
        pub(crate) enum $name {
            $($variant,)+
        }

        impl From<domain::$domain> for $name {
            fn from(value: domain::$domain) -> Self {
                match value {
                    $(domain::$domain::$variant => Self::$variant,)+
                }
            }
        }

        impl From<$name> for domain::$domain {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => Self::$variant,)+
                }
            }
        }
    };
}

wire_enum!(
    /// district (муниципальный район), municipal_okrug (муниципальный округ), urban_okrug
    /// (городской округ).
    MunicipalityKind => MunicipalityKind { District, MunicipalOkrug, UrbanOkrug }
);

wire_enum!(
    /// secondary_school (СОШ), basic_school (ООШ), primary_school (НОШ), lyceum (лицей),
    /// gymnasium (гимназия), evening_school (вечерняя школа), kindergarten (детский сад),
    /// education_authority (управление/отдел/департамент образования), methodological_service
    /// (ЦОКО, ИМЦ, ТМС), other.
    OrganizationKind => OrganizationKind {
        SecondarySchool, BasicSchool, PrimarySchool, Lyceum, Gymnasium, EveningSchool, Kindergarten,
        EducationAuthority, MethodologicalService, Other,
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_values_are_the_domain_codes() {
        for kind in domain::OrganizationKind::ALL {
            let wire = serde_json::to_value(OrganizationKind::from(*kind)).unwrap();
            assert_eq!(wire, kind.code());
        }
        for kind in domain::MunicipalityKind::ALL {
            let wire = serde_json::to_value(MunicipalityKind::from(*kind)).unwrap();
            assert_eq!(wire, kind.code());
        }
    }
}
