//! The supervision office's pages (督查室): review, notices, extensions, milestones,
//! briefings, exports.

pub mod briefing_editor;
pub mod briefings;
pub mod chase;
pub mod evaluations;
pub mod exports;
pub mod extensions;
pub mod milestones;
pub mod notices;
pub mod reviews;
