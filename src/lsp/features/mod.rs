//! What each request answers, as functions of the locked state and the
//! request's parameters. Each is a thin conversion around core queries.

pub mod code_actions;
pub mod code_lens;
pub mod commands;
pub mod completion;
pub mod definition;
pub mod hover;
pub mod inlay_hints;
pub mod references;
pub mod symbols;
