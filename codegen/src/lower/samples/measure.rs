//! How many schemas of real specs get a conforming value: an ignored test over the corpus
//! (test input only, read at run time), printing the figures per spec.
//!
//! `SAMPLES_CORPUS=/work/shared/corpus cargo test --release -p codegen --lib measure_corpus
//! -- --ignored --nocapture`; `SAMPLES_SPEC=path` measures one spec (and times it).

use std::path::{Path, PathBuf};
use std::time::Instant;

use openapiv3::{OpenAPI, ReferenceOr, Response};
use serde_json::{Value, json};

use super::Sampler;

/// What one spec gave.
#[derive(Default)]
struct Figures {
    components: usize,
    components_ok: usize,
    responses: usize,
    responses_ok: usize,
    /// The response schemas (operation, status, media type) and the component schemas
    /// (pointer) that got no value.
    failed: Vec<String>,
    millis: f64,
}

/// Samples every component schema and every JSON response schema of the spec at `path`.
fn measure(path: &Path) -> Result<Figures, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let doc = crate::load::load(&text).map_err(|e| format!("{} errors", e.0.len()))?;
    let started = Instant::now();
    let mut sampler = Sampler::new(&doc);
    let mut figures = Figures::default();
    for (pointer, schema) in response_schemas(&doc) {
        figures.responses += 1;
        if sampler.synthesize(&schema).is_some() {
            figures.responses_ok += 1;
        } else {
            if std::env::var_os("SAMPLES_EXPLAIN").is_some() {
                for (candidate, errors) in sampler.explain(&schema) {
                    println!("{pointer}: tried {candidate}");
                    for error in errors.iter().take(5) {
                        println!("    {}", error.chars().take(300).collect::<String>());
                    }
                }
            }
            figures.failed.push(pointer);
        }
    }
    figures.millis = started.elapsed().as_secs_f64() * 1000.0;
    let names: Vec<String> = doc
        .components
        .iter()
        .flat_map(|c| c.schemas.keys().cloned())
        .collect();
    for name in names {
        figures.components += 1;
        let pointer = crate::pointer::join("#/components/schemas", [&name]);
        if sampler.synthesize(&json!({ "$ref": pointer })).is_some() {
            figures.components_ok += 1;
        } else {
            figures.failed.push(pointer);
        }
    }
    Ok(figures)
}

/// The schemas of every JSON response of every operation, with where they are.
fn response_schemas(doc: &OpenAPI) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (path, method, operation) in doc.operations() {
        let responses = operation
            .responses
            .default
            .iter()
            .map(|r| ("default".to_owned(), r))
            .chain(
                operation
                    .responses
                    .responses
                    .iter()
                    .map(|(status, r)| (status.to_string(), r)),
            );
        for (status, response) in responses {
            let Some(response) = resolve(doc, response) else {
                continue;
            };
            for (media, content) in &response.content {
                let Some(schema) = &content.schema else {
                    continue;
                };
                if !media.contains("json") {
                    continue;
                }
                let Ok(schema) = serde_json::to_value(schema) else {
                    continue;
                };
                out.push((format!("{method} {path} {status} {media}"), schema));
            }
        }
    }
    out
}

/// The response a `$ref` names (one level, as the normalized document has them).
fn resolve<'a>(doc: &'a OpenAPI, response: &'a ReferenceOr<Response>) -> Option<&'a Response> {
    match response {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            match doc.components.as_ref()?.responses.get(name)? {
                ReferenceOr::Item(r) => Some(r),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// The specs to measure: `SAMPLES_SPEC`, else every file of `SAMPLES_CORPUS`'s `v2`, `v30`
/// and `v31`.
fn specs() -> Vec<PathBuf> {
    if let Ok(one) = std::env::var("SAMPLES_SPEC") {
        return vec![PathBuf::from(one)];
    }
    let root = std::env::var("SAMPLES_CORPUS").unwrap_or_else(|_| "/work/shared/corpus".into());
    let mut out = Vec::new();
    for dir in ["v2", "v30", "v31"] {
        let Ok(entries) = std::fs::read_dir(Path::new(&root).join(dir)) else {
            continue;
        };
        out.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
    }
    out.sort();
    out
}

#[test]
#[ignore = "reads the corpus; prints figures"]
fn measure_corpus() {
    let run = || {
        let (mut responses, mut responses_ok, mut components, mut components_ok) = (0, 0, 0, 0);
        for spec in specs() {
            let name = spec.display().to_string();
            match measure(&spec) {
                Ok(f) => {
                    println!(
                        "{name}: responses {}/{} ({:.0} ms), components {}/{}",
                        f.responses_ok, f.responses, f.millis, f.components_ok, f.components
                    );
                    for failed in &f.failed {
                        println!("    no value: {failed}");
                    }
                    responses += f.responses;
                    responses_ok += f.responses_ok;
                    components += f.components;
                    components_ok += f.components_ok;
                }
                Err(e) => println!("{name}: not loaded ({e})"),
            }
        }
        println!(
            "all: responses {responses_ok}/{responses}, components {components_ok}/{components}"
        );
    };
    crate::stack::on_pipeline_stack(run);
}
