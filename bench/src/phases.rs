//! The generator's phases one at a time, as [`codegen::generate`] runs them, so that each can
//! be timed on its own; and the floor every phase is compared with, parsing the YAML alone.

use std::path::Path;

use codegen::model::Api;
use codegen::{EmittedCrate, GeneratedFile, Options};

/// The floor: the spec text into a `serde_yaml` value, nothing more.
///
/// # Errors
/// When the text is not YAML.
pub fn parse_yaml(text: &str) -> Result<serde_yaml::Value, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// Load: text into `openapiv3::OpenAPI`.
///
/// # Errors
/// The load diagnostics, rendered.
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, String> {
    codegen::load::load(text).map_err(|d| d.render("spec"))
}

/// Lower: the document into the model (diagnostics are counted, not rendered).
pub fn lower(doc: &openapiv3::OpenAPI, options: &Options) -> Api {
    codegen::lower::lower_with(doc, &options.settings).0
}

/// Emit: the model into token streams.
pub fn emit(api: &Api, options: &Options) -> EmittedCrate {
    codegen::emit_crate(api, options)
}

/// Format: token streams into files.
///
/// # Errors
/// When the emitted tokens do not parse (a generator bug).
pub fn format(emitted: EmittedCrate, options: &Options) -> Result<Vec<GeneratedFile>, String> {
    codegen::format_crate(emitted, &options.source_name).map_err(|e| e.to_string())
}

/// Write: the files into `dir` as `cargo xtask codegen` does (atomically, only what changed).
///
/// # Errors
/// The first I/O error.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let changes = xtask::write::plan(dir, files).map_err(|e| e.to_string())?;
    xtask::write::apply(dir, files, &changes).map_err(|e| e.to_string())
}

/// End to end: generate and write, the work of `cargo xtask codegen --spec … --out DIR`
/// once the spec is read.
///
/// # Errors
/// When the spec has errors or a file cannot be written.
pub fn generate_and_write(text: &str, options: &Options, dir: &Path) -> Result<usize, String> {
    let generated = codegen::generate(text, options).map_err(|d| d.render("spec"))?;
    write(dir, &generated.files)?;
    Ok(generated.stats.lines)
}

/// The options `cargo xtask codegen --spec … --out DIR` uses for a standalone crate.
pub fn standalone_options(crate_name: &str, source: &str) -> Options {
    Options::new(crate_name, source)
}
