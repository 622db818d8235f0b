//! What an authority configures for the notes it issues: who approves them («Утверждаю …»),
//! who signs them, and the place written under the title.

mod model;
pub mod ports;
mod service;

pub use model::{Signatory, Signature};
pub use service::{NotesService, SignatureDraft};
