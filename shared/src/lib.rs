//! Duban's shared vocabulary: the JSON shapes the API speaks, the error codes, the plan
//! data file format, and the rules that both the server and the browser must agree on.
//! Nothing here does IO, so it compiles for the server and for wasm32 alike.

/// Declares an enum whose names are snake_case words (the names the API, the database and
/// query strings use): serde and strum derive them, and `as_str` / `parse` read them, so
/// no enum spells its names out by hand.
#[macro_export]
macro_rules! named_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            strum::IntoStaticStr,
            strum::EnumString,
            strum::EnumIter,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),*
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            pub fn parse(s: &str) -> Option<Self> {
                s.parse().ok()
            }
        }
    };
}

pub mod api;
pub mod auth;
pub mod briefing;
pub mod cases;
pub mod co_notes;
pub mod error;
pub mod evaluation;
pub mod ids;
pub mod input;
pub mod lights;
pub mod messages;
pub mod notice;
pub mod numerals;
pub mod permissions;
pub mod plan_edit;
pub mod public;
pub mod quantity;
pub mod reminders;
pub mod reporting;
pub mod rules;
pub mod seed;
pub mod summary;
pub mod supervision;
pub mod year_end;

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    /// Each enum's names (strum, for the database and query strings) are its JSON names (serde).
    fn names_agree<T: IntoEnumIterator + serde::Serialize + Copy + Into<&'static str>>() {
        for v in T::iter() {
            let name: &'static str = v.into();
            assert_eq!(serde_json::to_value(v).unwrap(), name);
        }
    }

    #[test]
    fn enum_names_are_the_json_names() {
        names_agree::<crate::lights::Colour>();
        names_agree::<crate::auth::Role>();
        names_agree::<crate::supervision::ExtensionState>();
        names_agree::<crate::supervision::NoticeState>();
        names_agree::<crate::cases::Grade>();
        names_agree::<crate::reporting::ReportState>();
        names_agree::<crate::api::PlanStatus>();
        names_agree::<crate::api::IndicatorKind>();
        names_agree::<crate::messages::MessageKind>();
        names_agree::<crate::reminders::ReminderRule>();
        assert_eq!(
            crate::reporting::ReportState::parse("returned"),
            Some(crate::reporting::ReportState::Returned)
        );
        assert_eq!(crate::reporting::ReportState::parse("Returned"), None);
    }
}
