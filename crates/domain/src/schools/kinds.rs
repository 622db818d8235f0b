//! Closed vocabularies of the registry. Machine codes are English; labels stay Russian.

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// The Russian term as documents write it.
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary!(
    /// The kind of a municipality (вид муниципального образования).
    MunicipalityKind {
        District => "district", "муниципальный район";
        MunicipalOkrug => "municipal_okrug", "муниципальный округ";
        UrbanOkrug => "urban_okrug", "городской округ";
    }
);

vocabulary!(
    /// The kind of an organization: the school types and the bodies that run the programme.
    OrganizationKind {
        SecondarySchool => "secondary_school", "СОШ";
        BasicSchool => "basic_school", "ООШ";
        PrimarySchool => "primary_school", "НОШ";
        Lyceum => "lyceum", "лицей";
        Gymnasium => "gymnasium", "гимназия";
        EveningSchool => "evening_school", "вечерняя школа";
        Kindergarten => "kindergarten", "детский сад";
        EducationAuthority => "education_authority", "орган управления образованием";
        MethodologicalService => "methodological_service", "методическая служба";
        Other => "other", "иная организация";
    }
);

impl OrganizationKind {
    /// Schools teach students; the bodies and kindergartens do not appear in ШНОР lists.
    pub fn is_school(self) -> bool {
        matches!(
            self,
            Self::SecondarySchool
                | Self::BasicSchool
                | Self::PrimarySchool
                | Self::Lyceum
                | Self::Gymnasium
                | Self::EveningSchool
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_variant() {
        for kind in OrganizationKind::ALL {
            assert_eq!(OrganizationKind::from_code(kind.code()), Some(*kind));
        }
        for kind in MunicipalityKind::ALL {
            assert_eq!(MunicipalityKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(OrganizationKind::from_code("school"), None);
    }
}
