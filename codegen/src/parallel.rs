//! Emit and format in parts, on as many threads as there are cores.
//!
//! Emitting and formatting take most of a large spec's generation time, and every item is
//! formatted on its own (see [`crate::format`]), so a module can be cut into parts whose texts
//! are joined afterwards, byte for byte the text the whole module gives. The types module is
//! cut into runs of [`TYPES_PER_PART`] types; the other modules are one part each. Token
//! streams are not `Send`, so each part is emitted and formatted on the thread that formats it.
//! Workers get the pipeline's stack size (see [`crate::stack`]), as emitters recurse into nested
//! schemas.

use std::panic;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::model::Api;
use crate::settings::Outputs;
use crate::stack::PIPELINE_STACK;
use crate::{Options, emit, format};

/// Types per part of the types module: enough that a part outweighs its own parse, few
/// enough that two threads finish close together.
pub const TYPES_PER_PART: usize = 200;

/// One part of one generated module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// `src/lib.rs`.
    Lib,
    /// The types module's doc and types `start..end` (the first part: `start` is 0)…
    TypesHead { end: usize },
    /// …types `start..end` of a later part…
    TypesMiddle { start: usize, end: usize },
    /// …and the last part: types from `start` and the support items.
    TypesTail { start: usize },
    /// `src/client.rs`.
    Client,
    /// `src/server.rs`.
    Server,
    /// `src/stub.rs` (with the server).
    Stub,
    /// `src/webhooks.rs` (with the server, when the spec has webhooks).
    Webhooks,
}

impl Part {
    /// The file the part belongs to.
    pub fn path(&self) -> &'static str {
        match self {
            Part::Lib => "src/lib.rs",
            Part::TypesHead { .. } | Part::TypesMiddle { .. } | Part::TypesTail { .. } => {
                "src/types.rs"
            }
            Part::Client => "src/client.rs",
            Part::Server => "src/server.rs",
            Part::Stub => "src/stub.rs",
            Part::Webhooks => "src/webhooks.rs",
        }
    }

    /// Whether the part begins its file (with the `@generated` preamble and module doc).
    pub fn starts_file(&self) -> bool {
        !matches!(self, Part::TypesMiddle { .. } | Part::TypesTail { .. })
    }

    /// The part's text: emitted, then formatted.
    ///
    /// # Errors
    /// When the emitted tokens do not parse (a bug in the emitters).
    pub fn emit_and_format(&self, api: &Api, options: &Options) -> Result<String, syn::Error> {
        let settings = &options.settings;
        let tokens: TokenStream = match self {
            Part::Lib => emit::emit_lib(api, settings.outputs),
            Part::TypesHead { end } => {
                let doc = emit::types_module_doc(api);
                let items = emit::emit_type_items(api, settings, &api.types[..*end]);
                quote::quote! { #doc #items }
            }
            Part::TypesMiddle { start, end } => {
                emit::emit_type_items(api, settings, &api.types[*start..*end])
            }
            Part::TypesTail { start } => {
                let items = emit::emit_type_items(api, settings, &api.types[*start..]);
                let support = emit::emit_types_support(api, settings);
                quote::quote! { #items #support }
            }
            Part::Client => {
                let doc = emit::client_module_doc(api);
                let body = emit::emit_client(api);
                quote::quote! { #doc #body }
            }
            Part::Server => {
                let doc = emit::server_module_doc(api);
                let body = emit::emit_server(api);
                quote::quote! { #doc #body }
            }
            Part::Stub => {
                let doc = emit::stub_module_doc(api);
                let body = emit::emit_stub(api);
                quote::quote! { #doc #body }
            }
            Part::Webhooks => {
                let doc = emit::webhooks_module_doc(api);
                let body = emit::emit_webhooks(api).unwrap_or_default();
                quote::quote! { #doc #body }
            }
        };
        if self.starts_file() {
            format::format_file(tokens, &options.source_name)
        } else {
            format::format_items(tokens)
        }
    }
}

/// The parts of a crate's modules, in file order (lib, types, client, server) and, within a
/// file, in text order.
pub fn parts(api: &Api, outputs: Outputs) -> Vec<Part> {
    let mut parts = vec![Part::Lib];
    let count = api.types.len();
    let first_end = count.min(TYPES_PER_PART);
    if first_end == count {
        parts.push(Part::TypesHead { end: count });
        parts.push(Part::TypesTail { start: count });
    } else {
        parts.push(Part::TypesHead { end: first_end });
        let mut start = first_end;
        while count - start > TYPES_PER_PART {
            parts.push(Part::TypesMiddle {
                start,
                end: start + TYPES_PER_PART,
            });
            start += TYPES_PER_PART;
        }
        parts.push(Part::TypesTail { start });
    }
    if outputs.client {
        parts.push(Part::Client);
    }
    if outputs.server {
        parts.push(Part::Server);
        parts.push(Part::Stub);
        if !api.webhooks.is_empty() {
            parts.push(Part::Webhooks);
        }
    }
    parts
}

/// A rough cost of `part`, in generated lines (per type and per operation, as measured on
/// Plaid's spec), to start the largest parts first.
pub fn weight(part: &Part, api: &Api) -> usize {
    let operations = api.operations.len();
    let types = api.types.len();
    match part {
        Part::Lib => 1,
        Part::TypesHead { end } => 40 * end,
        Part::TypesMiddle { start, end } => 40 * (end - start),
        Part::TypesTail { start } => 40 * (types - start.min(&types)) + 1,
        Part::Client => 25 * operations,
        Part::Server => 135 * operations,
        Part::Stub => 30 * operations,
        Part::Webhooks => 135 * api.webhook_operations().count(),
    }
}

/// Runs `jobs` on up to as many threads as there are cores and returns their results in
/// the jobs' order (`None` for a job that did not finish, which only a panic, resumed here,
/// can cause). The jobs are started largest first as `weight` estimates them. A panic in
/// a job is resumed on the calling thread; a thread that cannot be started leaves its share
/// to the calling thread.
pub fn run<T, F>(jobs: Vec<F>, weight: impl Fn(usize) -> usize) -> Vec<Option<T>>
where
    T: Send,
    F: FnOnce() -> T + Send,
{
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = cores.min(jobs.len());
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(i)));
    let jobs: Vec<Mutex<Option<F>>> = jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<Option<T>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let job = jobs[index].lock().ok().and_then(|mut j| j.take());
            if let Some(job) = job {
                let result = job();
                if let Ok(mut slot) = results[index].lock() {
                    *slot = Some(result);
                }
            }
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(PIPELINE_STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        work();
        for helper in helpers {
            if let Err(payload) = helper.join() {
                panic::resume_unwind(payload);
            }
        }
    });
    results
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec with `n` small object schemas and one operation.
    fn spec_with_types(n: usize) -> String {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n  /a:\n    get:\n      responses:\n        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/T0' } } } }\ncomponents:\n  schemas:\n",
        );
        for i in 0..n {
            text.push_str(&format!(
                "    T{i}:\n      type: object\n      required: [id]\n      properties:\n        id: {{ type: string }}\n        kind: {{ type: string, enum: [a, b] }}\n"
            ));
        }
        text
    }

    #[test]
    fn parts_join_into_the_text_of_whole_modules() {
        let options = Options::new("t", "t.yaml");
        for n in [
            0,
            1,
            TYPES_PER_PART,
            TYPES_PER_PART + 1,
            2 * TYPES_PER_PART + 7,
        ] {
            let text = spec_with_types(n.max(1));
            let doc = crate::load::load(&text).unwrap();
            let (api, _) = crate::lower::lower_with(&doc, &options.settings);
            let whole = crate::format_crate(crate::emit_crate(&api, &options), "t.yaml").unwrap();
            let generated = crate::generate(&text, &options).unwrap();
            assert_eq!(generated.files, whole, "{n} types");
        }
    }

    #[test]
    fn cuts_the_types_into_runs() {
        let api = |n: usize| {
            let text = spec_with_types(n);
            let doc = crate::load::load(&text).unwrap();
            crate::lower::lower(&doc).0
        };
        let outputs = Outputs::default();
        let api = api(2 * TYPES_PER_PART + 1);
        let parts = parts(&api, outputs);
        let types: Vec<&Part> = parts
            .iter()
            .filter(|p| p.path() == "src/types.rs")
            .collect();
        assert_eq!(types.len(), api.types.len().div_ceil(TYPES_PER_PART));
        assert!(types.len() >= 3);
        assert!(types[0].starts_file() && !types[2].starts_file());
    }
}
