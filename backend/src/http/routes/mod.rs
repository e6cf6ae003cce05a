//! One file per resource; each handler parses, checks, calls the data layer and answers.

pub mod health;
pub mod items;
pub mod plans;
