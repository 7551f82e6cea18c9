//! OpenAPI 3.0 to Rust.
//!
//! ```text
//! spec text ──load──▶ openapiv3::OpenAPI ──lower──▶ model ──emit──▶ tokens ──format──▶ files
//! ```
//!
//! [`generate`] runs the whole pipeline and returns the files of a crate, or every problem it
//! found in the spec, each with a JSON pointer, a line where known, and a hint. It does no I/O:
//! the `xtask` writes the files.
//!
//! ```
//! let spec = r#"
//! openapi: 3.0.3
//! info: { title: Pets, version: "1" }
//! paths: {}
//! components:
//!   schemas:
//!     Pet:
//!       type: object
//!       required: [name]
//!       properties:
//!         name: { type: string }
//! "#;
//! let out = codegen::generate(spec, &codegen::Options::new("pets", "pets.yaml")).unwrap();
//! let types = out.file("src/types.rs").unwrap();
//! assert!(types.contains("pub struct Pet {"));
//! ```

pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod format;
pub mod load;
mod location;
pub mod lower;
pub mod media_type;
pub mod model;
mod parallel;
pub mod pointer;
pub mod settings;
mod stack;
pub mod surface;

use std::time::Instant;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use emit::DependencyStyle;
pub use settings::{DateTimeCrate, EnumStyle, Outputs, Settings};

/// What to generate, and how the crate refers to its dependencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The generated crate's package name.
    pub crate_name: String,
    /// How the spec is named in `@generated` headers (a path relative to the workspace, say).
    pub source_name: String,
    /// Workspace-inherited or standalone dependencies.
    pub dependencies: DependencyStyle,
    /// Which modules, open or closed enums, chrono or time.
    pub settings: Settings,
}

impl Options {
    /// A standalone crate named `crate_name`, generated from `source_name`.
    pub fn new(crate_name: impl Into<String>, source_name: impl Into<String>) -> Self {
        Options {
            crate_name: crate_name.into(),
            source_name: source_name.into(),
            dependencies: DependencyStyle::Standalone,
            settings: Settings::default(),
        }
    }
}

/// One generated file, by its path relative to the crate root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// E.g. `src/types.rs`, always with `/`.
    pub path: String,
    /// The whole file.
    pub contents: String,
}

/// A generated crate and what it took.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Every file of the crate, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Warnings: things renamed or left untyped, and spec text read with a plain meaning it
    /// was not written in (an OpenAPI 3.1 form, say). Never errors.
    pub warnings: Diagnostics,
    /// Counts for the summary line.
    pub stats: Stats,
    /// The model the files were emitted from: which Rust type each schema became, and the
    /// operations (tools such as `cargo xtask corpus` map examples to types with it).
    pub api: model::Api,
}

impl Generated {
    /// The contents of the file at `path`.
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.as_str())
    }
}

/// Counts and timings of one generation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    /// Named types generated.
    pub types: usize,
    /// Operations in the spec.
    pub operations: usize,
    /// Lines in all generated files.
    pub lines: usize,
    /// Wall time of the whole pipeline, in milliseconds.
    pub millis: f64,
}

/// Runs the pipeline on spec text (YAML or JSON), on a thread of its own with a stack large
/// enough for the deepest nesting the YAML reader accepts.
///
/// # Errors
/// Every problem found, when at least one is an error; nothing is generated then.
pub fn generate(text: &str, options: &Options) -> Result<Generated, Diagnostics> {
    stack::on_pipeline_stack(|| generate_here(text, options))
}

/// [`generate`] on the calling thread's stack.
fn generate_here(text: &str, options: &Options) -> Result<Generated, Diagnostics> {
    let started = Instant::now();
    let loaded = load::load_document(text).map_err(|d| locate_diagnostics(text, d))?;
    let (mut api, mut lowered) = lower::lower_with(&loaded.document, &options.settings);
    // Lowering names places of the document as loading rewrote it; the user wrote others.
    loaded.source_map.restore(&mut lowered);
    for t in &mut api.types {
        t.pointer = loaded.source_map.original(&t.pointer);
    }
    for webhook in &mut api.webhooks {
        webhook.pointer = loaded.source_map.original(&webhook.pointer);
        for op in &mut webhook.operations {
            op.pointer = loaded.source_map.original(&op.pointer);
        }
    }
    let mut found = loaded.warnings;
    found.extend(lowered);
    let found = locate_diagnostics(text, Diagnostics(found));
    if found.has_errors() {
        let (mut errors, warnings): (Vec<_>, Vec<_>) =
            found.0.into_iter().partition(Diagnostic::is_error);
        errors.extend(warnings);
        return Err(Diagnostics(errors));
    }
    let files = emit_files(&api, options).map_err(|e| {
        Diagnostics(vec![
            Diagnostic::error(
                "",
                format!("internal error: generated code did not parse: {e}"),
            )
            .with_hint("this is a bug in the generator; please report it with the spec"),
        ])
    })?;
    let stats = Stats {
        types: api.types.len(),
        operations: api.operations.len(),
        lines: files.iter().map(|f| f.contents.lines().count()).sum(),
        millis: started.elapsed().as_secs_f64() * 1000.0,
    };
    Ok(Generated {
        files,
        warnings: found,
        stats,
        api,
    })
}

/// Emit and format, the modules split into parts that run on threads of their own (see
/// [`parallel`]); the same files as `format_crate(emit_crate(..))`, in less wall time.
fn emit_files(api: &model::Api, options: &Options) -> Result<Vec<GeneratedFile>, syn::Error> {
    let parts = parallel::parts(api, options.settings.outputs);
    let jobs = parts
        .iter()
        .map(|part| move || part.emit_and_format(api, options))
        .collect();
    let texts = parallel::run(jobs, |i| parallel::weight(&parts[i], api));
    let mut files = vec![emit_manifest(api, options)];
    for (part, text) in parts.iter().zip(texts) {
        let text = text.ok_or_else(|| {
            syn::Error::new(
                proc_macro2::Span::call_site(),
                "a part of a module was not generated",
            )
        })??;
        match files.last_mut() {
            Some(file) if file.path == part.path() && !part.starts_file() => {
                file.contents.push_str(&text);
            }
            _ => files.push(GeneratedFile {
                path: part.path().to_owned(),
                contents: text,
            }),
        }
    }
    files.push(emit_surface(api, options));
    Ok(files)
}

/// A crate as the emitters leave it: the manifest as text, each Rust module as tokens not yet
/// formatted. [`emit_crate`] and [`format_crate`] are the emit and format phases of
/// [`generate`], public so that benchmarks can time each phase on its own.
#[derive(Clone, Debug)]
pub struct EmittedCrate {
    /// `Cargo.toml`, already text.
    pub manifest: GeneratedFile,
    /// Each module's path (e.g. `src/types.rs`) and tokens, in file order.
    pub modules: Vec<(String, proc_macro2::TokenStream)>,
    /// `api-surface.txt`, already text (see [`surface`]).
    pub surface: GeneratedFile,
}

/// The emit phase of [`generate`]: the model to token streams, one per module.
pub fn emit_crate(api: &model::Api, options: &Options) -> EmittedCrate {
    let outputs = options.settings.outputs;
    let mut modules = vec![
        module("src/lib.rs", quote::quote! {}, emit::emit_lib(api, outputs)),
        module(
            "src/types.rs",
            emit::types_module_doc(api),
            emit::emit_types(api, &options.settings),
        ),
    ];
    if outputs.client {
        modules.push(module(
            "src/client.rs",
            emit::client_module_doc(api),
            emit::emit_client(api),
        ));
    }
    if outputs.server {
        modules.push(module(
            "src/server.rs",
            emit::server_module_doc(api),
            emit::emit_server(api),
        ));
        modules.push(module(
            "src/stub.rs",
            emit::stub_module_doc(api),
            emit::emit_stub(api),
        ));
        if let Some(body) = emit::emit_webhooks(api) {
            modules.push(module(
                "src/webhooks.rs",
                emit::webhooks_module_doc(api),
                body,
            ));
        }
    }
    EmittedCrate {
        manifest: emit_manifest(api, options),
        modules,
        surface: emit_surface(api, options),
    }
}

/// `api-surface.txt`: the generated API, a line per item (see [`surface`]).
fn emit_surface(api: &model::Api, options: &Options) -> GeneratedFile {
    GeneratedFile {
        path: surface::SURFACE_FILE.to_owned(),
        contents: surface::render(api, options.settings.enums, &options.source_name),
    }
}

fn module(
    path: &str,
    doc: proc_macro2::TokenStream,
    body: proc_macro2::TokenStream,
) -> (String, proc_macro2::TokenStream) {
    (path.to_owned(), quote::quote! { #doc #body })
}

/// `Cargo.toml` of the generated crate.
fn emit_manifest(api: &model::Api, options: &Options) -> GeneratedFile {
    let source = &options.source_name;
    let parts = match (
        options.settings.outputs.client,
        options.settings.outputs.server,
    ) {
        (true, true) => "Rust types, client and server",
        (true, false) => "Rust types and client",
        (false, true) => "Rust types and server",
        (false, false) => "Rust types",
    };
    let description = format!("{parts} for {}, generated from {source}", api.title);
    let uses = emit::CrateUses::of(api, &options.settings);
    GeneratedFile {
        path: "Cargo.toml".to_owned(),
        contents: emit::emit_manifest(
            &options.crate_name,
            source,
            &description,
            uses,
            options.dependencies,
        ),
    }
}

/// The format phase of [`generate`]: every module through [`format::format_file`], with
/// `source` in the `@generated` headers; the manifest first, the API surface last.
///
/// # Errors
/// When a module's tokens do not parse as a file (a bug in the emitters).
pub fn format_crate(emitted: EmittedCrate, source: &str) -> Result<Vec<GeneratedFile>, syn::Error> {
    let mut files = vec![emitted.manifest];
    for (path, tokens) in emitted.modules {
        files.push(GeneratedFile {
            path,
            contents: format::format_file(tokens, source)?,
        });
    }
    files.push(emitted.surface);
    Ok(files)
}

/// Fills in the line and column of every diagnostic that has a pointer but no position.
pub fn locate_diagnostics(text: &str, mut diagnostics: Diagnostics) -> Diagnostics {
    let wanted: Vec<String> = diagnostics
        .0
        .iter()
        .filter(|d| d.position.is_none())
        .map(|d| d.pointer.clone())
        .collect();
    if wanted.is_empty() {
        return diagnostics;
    }
    let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let found = location::locate(text, &refs);
    for d in &mut diagnostics.0 {
        if d.position.is_none() {
            d.position = found.get(&d.pointer).copied();
        }
    }
    diagnostics
}

/// Whether [`generate`] reads documents that declare `openapi: <version>` (or
/// `swagger: <version>`): Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x.
///
/// ```
/// assert!(codegen::reads_openapi_version("3.0.3"));
/// assert!(codegen::reads_openapi_version("3.1.0"));
/// assert!(codegen::reads_openapi_version("2.0"));
/// assert!(!codegen::reads_openapi_version("4.0.0"));
/// ```
pub fn reads_openapi_version(version: &str) -> bool {
    load::reads_version(version)
}
