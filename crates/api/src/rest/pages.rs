//! Page envelopes of list responses.

use opora_domain::Page;
use serde::Serialize;
use utoipa::ToSchema;

use crate::cursor;
use crate::views::{MunicipalityView, OrganizationView, RegionView};

macro_rules! page_type {
    ($name:ident, $item:ty) => {
        /// One page of a list; pass `nextCursor` back as `cursor` for the next one.
        #[derive(Debug, Serialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub(crate) struct $name {
            pub items: Vec<$item>,
            /// Absent on the last page.
            pub next_cursor: Option<String>,
        }

        impl<T: Into<$item>> From<Page<T>> for $name {
            fn from(page: Page<T>) -> Self {
                Self {
                    items: page.items.into_iter().map(Into::into).collect(),
                    next_cursor: page.next.map(cursor::encode),
                }
            }
        }
    };
}

page_type!(RegionPage, RegionView);
page_type!(MunicipalityPage, MunicipalityView);
page_type!(OrganizationPage, OrganizationView);
