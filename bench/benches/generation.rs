//! Generation of `spec/auth_get.yaml` and of Plaid's spec: end to end and per phase, against
//! the floor of parsing the same YAML into a `serde_yaml` value; and end to end for 1, 10,
//! 100 and all of Plaid's operations.
//!
//! Criterion ids: `generation_<spec>/<phase>` and `scaling/operations_<n>`.

use std::hint::black_box;
use std::path::Path;

use bench::{phases, specs, subset};
use codegen::Options;
use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};

/// The operation counts of the scaling table (`usize::MAX` is all of them).
const SCALING_OPERATIONS: [usize; 4] = [1, 10, 100, usize::MAX];

fn generation(c: &mut Criterion) {
    let auth_get = specs::auth_get_path();
    match specs::read(&auth_get) {
        Ok(text) => phase_group(c, "generation_auth_get", &text, &auth_get, 30),
        Err(e) => eprintln!("skipped generation_auth_get: {e}"),
    }
    let plaid = specs::plaid_path().and_then(|path| Ok((specs::read(&path)?, path)));
    match plaid {
        Ok((text, path)) => {
            phase_group(c, "generation_plaid", &text, &path, 10);
            scaling_group(c, &text, &path);
        }
        Err(e) => eprintln!("skipped generation_plaid and scaling: {e}"),
    }
}

/// Every phase of one spec, each timed on the previous phase's output.
fn phase_group(c: &mut Criterion, name: &str, text: &str, path: &Path, samples: usize) {
    let options = phases::standalone_options("bench-api", &path.display().to_string());
    let Some(prepared) = prepare(text, &options) else {
        eprintln!("skipped {name}: {} does not generate", path.display());
        return;
    };
    let mut group = c.benchmark_group(name);
    group.sampling_mode(SamplingMode::Flat).sample_size(samples);
    group.bench_function("yaml_parse_floor", |b| {
        b.iter(|| phases::parse_yaml(black_box(text)))
    });
    group.bench_function("load", |b| b.iter(|| phases::load(black_box(text))));
    group.bench_function("lower", |b| {
        b.iter(|| phases::lower(black_box(&prepared.doc), &options))
    });
    group.bench_function("emit", |b| {
        b.iter(|| phases::emit(black_box(&prepared.api), &options))
    });
    group.bench_function("format", |b| {
        b.iter_batched(
            || phases::emit(&prepared.api, &options),
            |emitted| phases::format(emitted, &options),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("write", |b| {
        b.iter_batched(
            fresh_dir,
            |dir| phases::write(dir.path(), black_box(&prepared.files)),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("end_to_end", |b| {
        b.iter_batched(
            fresh_dir,
            |dir| phases::generate_and_write(black_box(text), &options, dir.path()),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// End to end for the first 1, 10, 100 and all operations of Plaid's spec.
fn scaling_group(c: &mut Criterion, text: &str, path: &Path) {
    let options = phases::standalone_options("bench-api", &path.display().to_string());
    let mut group = c.benchmark_group("scaling");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for operations in SCALING_OPERATIONS {
        let spec = if operations == usize::MAX {
            Ok(text.to_owned())
        } else {
            subset::first_operations(text, operations)
        };
        let Ok(spec) = spec else {
            eprintln!("skipped scaling with {operations} operations: the spec cannot be cut");
            continue;
        };
        let id = if operations == usize::MAX {
            "operations_all".to_owned()
        } else {
            format!("operations_{operations}")
        };
        group.bench_function(id, |b| {
            b.iter_batched(
                fresh_dir,
                |dir| phases::generate_and_write(black_box(&spec), &options, dir.path()),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Each phase's input, made once.
struct Prepared {
    doc: openapiv3::OpenAPI,
    api: codegen::model::Api,
    files: Vec<codegen::GeneratedFile>,
}

fn prepare(text: &str, options: &Options) -> Option<Prepared> {
    let doc = phases::load(text).ok()?;
    let api = phases::lower(&doc, options);
    let files = phases::format(phases::emit(&api, options), options).ok()?;
    Some(Prepared { doc, api, files })
}

fn fresh_dir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("cannot make a temporary directory: {e}"),
    }
}

criterion_group!(benches, generation);
criterion_main!(benches);
