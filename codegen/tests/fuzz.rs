//! Fuzzing the whole pipeline (load → lower → emit → format) with proptest: whatever the spec
//! text, `codegen::generate` returns files or diagnostics, and never panics.
//!
//! Four properties, each with its own fixed seed, so that a run is reproducible:
//!
//! - `text_mutations`: seed specs (a few inline ones, `spec/auth_get.yaml`, and every `.yaml`
//!   and `.json` under `tests/fixtures/` but `tests/fixtures/fuzz/`) with lines deleted,
//!   duplicated, swapped, moved and re-indented, characters and YAML tokens inserted, values
//!   replaced, text truncated, and lines of another seed spliced in.
//! - `tree_mutations`: the seeds parsed into a JSON tree, whose nodes are replaced by random
//!   values, deleted, renamed (to keywords, digits, names that collide after case conversion)
//!   and copied under respelled keys, with `$ref`s (to components and to any node, some
//!   percent-encoded), reference cycles and schema keywords (of OpenAPI 3.0, 3.1 and Swagger
//!   2.0) added; the seeds include the Swagger 2.0 and OpenAPI 3.1 fixtures;
//!   written back as YAML or JSON.
//! - `generated_documents`: random well-formed OpenAPI 3.0 documents (components, refs between
//!   them and into them, operations with parameters, bodies and responses). When one generates, every `.rs`
//!   file must parse with `syn`, and a second run must give the same files. The same documents
//!   are written as OpenAPI 3.1 (`generated_documents_as_openapi_3_1`: each must generate
//!   exactly the files of its 3.0 form) and as Swagger 2.0 (`generated_documents_as_swagger_2`).
//! - `deep_nesting`: schemas nested up to 260 levels (properties, items, allOf, …, mixed),
//!   deep flow and block collections, and long `$ref` and allOf chains; the loader must reject
//!   them or the generator handle them.
//!
//! `fuzz_fixtures` runs every spec in `tests/fixtures/fuzz/` (what fuzzing found) on a 2 MiB
//! thread, and `fuzz_findings_end_as_they_should` checks how each ends.
//!
//! ```sh
//! cargo test -p codegen --test fuzz -- --nocapture            # about 30 s in a debug build
//! PROPTEST_CASES=20000 cargo test -p codegen --test fuzz -- --nocapture text_mutations
//! PROPTEST_RNG_SEED=7 cargo test -p codegen --test fuzz       # another seed
//! ```
//!
//! `PROPTEST_CASES` sets the number of cases of every property run (so name one for long
//! runs). `FUZZ_VERBOSE=1` prints a line for each case, `FUZZ_CASE_TIMEOUT=<seconds>` (120)
//! bounds one case. Each property prints how many cases ran and how they ended. On a panic the
//! property fails with the message, the location, the `codegen` frames of the backtrace and the
//! shrunk spec cut down to the lines it needs; the specs are written to `target/fuzz-failures/`.
//! A case that runs too long aborts the process, after writing its spec there.
//!
//! The properties run on a thread with an 8 MiB stack (a main thread's), for their own recursion
//! over nested documents; `codegen::generate` runs on a thread of its own, so a panic in it is
//! recorded by a hook that looks for that thread's name.

use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, Once, PoisonError};
use std::time::{Duration, Instant};

use codegen::{Diagnostics, Generated, Options};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------------
// Running the pipeline and catching panics

/// A panic caught inside `codegen::generate`.
#[derive(Debug)]
struct Panicked {
    message: String,
    location: String,
    /// The `codegen` frames of the backtrace, when one was asked for.
    backtrace: Option<String>,
}

/// Panics on `codegen::generate`'s own thread (named `codegen`), recorded by the hook instead of
/// printed, until the caller whose `generate` resumed them takes theirs (by message, as the
/// caller only gets the payload back).
static CAUGHT: Mutex<Vec<Panicked>> = Mutex::new(Vec::new());

/// How many callers want a backtrace with their next caught panic (slow; only for the report).
static WANT_BACKTRACE: AtomicUsize = AtomicUsize::new(0);

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some("codegen") {
                previous(info);
                return;
            }
            let message = payload_message(info.payload());
            let location = info
                .location()
                .map_or_else(|| "unknown".to_owned(), ToString::to_string);
            let backtrace = (WANT_BACKTRACE.load(Ordering::Relaxed) > 0).then(|| {
                let full = std::backtrace::Backtrace::force_capture().to_string();
                codegen_frames(&full)
            });
            if let Ok(mut caught) = CAUGHT.lock() {
                caught.push(Panicked {
                    message,
                    location,
                    backtrace,
                });
            }
        }));
    });
}

/// The message of a panic payload.
fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic payload that is not a string)".to_owned()
    }
}

/// The frames of a rendered backtrace that are in `codegen` (each with its source line).
fn codegen_frames(full: &str) -> String {
    let lines: Vec<&str> = full.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if line.contains("codegen::") && !line.contains("fuzz::") {
            out.push_str(line.trim());
            out.push('\n');
            if let Some(at) = lines
                .get(i + 1)
                .filter(|l| l.trim_start().starts_with("at "))
            {
                out.push_str("      ");
                out.push_str(at.trim());
                out.push('\n');
            }
        }
    }
    if out.is_empty() { full.to_owned() } else { out }
}

fn options() -> Options {
    Options::new("x", "x.yaml")
}

/// Runs the pipeline on `text`, turning a panic into `Err`.
fn generate(text: &str, backtrace: bool) -> Result<Result<Generated, Diagnostics>, Panicked> {
    install_panic_hook();
    if backtrace {
        WANT_BACKTRACE.fetch_add(1, Ordering::Relaxed);
    }
    let result = panic::catch_unwind(AssertUnwindSafe(|| codegen::generate(text, &options())));
    if backtrace {
        WANT_BACKTRACE.fetch_sub(1, Ordering::Relaxed);
    }
    result.map_err(|payload| {
        let message = payload_message(payload.as_ref());
        let recorded = CAUGHT.lock().ok().and_then(|mut caught| {
            let at = caught.iter().position(|p| p.message == message)?;
            Some(caught.swap_remove(at))
        });
        recorded.unwrap_or(Panicked {
            message,
            location: "unknown (the panic was not recorded)".to_owned(),
            backtrace: None,
        })
    })
}

/// How the cases of one property ended.
#[derive(Default)]
struct Tally {
    cases: Cell<u64>,
    generated: Cell<u64>,
    rejected: Cell<u64>,
}

impl Tally {
    fn record(&self, outcome: &Result<Generated, Diagnostics>) {
        self.cases.set(self.cases.get() + 1);
        if self.cases.get() % 5000 == 0 {
            println!("  … {} cases", self.cases.get());
        }
        let which = if outcome.is_ok() {
            &self.generated
        } else {
            &self.rejected
        };
        which.set(which.get() + 1);
    }
}

/// Checks `text`: no panic, and (for `strict`) that generated Rust parses and is deterministic.
fn check(text: &str, tally: &Tally, strict: bool) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let outcome = match generate(text, false) {
        Ok(outcome) => outcome,
        Err(p) => {
            return Err(TestCaseError::fail(format!(
                "generate panicked at {}: {}",
                p.location, p.message
            )));
        }
    };
    tally.record(&outcome);
    if std::env::var_os("FUZZ_VERBOSE").is_some() {
        let what = match &outcome {
            Ok(out) => format!("generated {} types", out.stats.types),
            Err(d) => d.0.first().map_or_else(String::new, |d| d.message.clone()),
        };
        let what: String = what.chars().take(160).collect();
        println!(
            "  {:>5} bytes, {:>7.1} ms: {what}",
            text.len(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    if let (true, Ok(out)) = (strict, &outcome) {
        for file in out.files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&file.contents) {
                return Err(TestCaseError::fail(format!(
                    "generated {} does not parse: {e}\n{}",
                    file.path, file.contents
                )));
            }
        }
        match generate(text, false) {
            Ok(Ok(again)) if again.files == out.files => {}
            Ok(Ok(_)) => return Err(TestCaseError::fail("a second run generated other files")),
            Ok(Err(_)) => return Err(TestCaseError::fail("a second run failed")),
            Err(p) => {
                return Err(TestCaseError::fail(format!(
                    "generate panicked on the second run at {}: {}",
                    p.location, p.message
                )));
            }
        }
    }
    Ok(())
}

/// The config of one property: `default_cases` and a fixed seed, unless `PROPTEST_CASES` or
/// `PROPTEST_RNG_SEED` say otherwise; no failure persistence files.
fn config(default_cases: u32, seed: u64) -> Config {
    let base = Config::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    Config {
        cases: if set("PROPTEST_CASES") {
            base.cases
        } else {
            default_cases
        },
        rng_seed: if set("PROPTEST_RNG_SEED") {
            base.rng_seed
        } else {
            RngSeed::Fixed(seed)
        },
        failure_persistence: None,
        // Shrinking a spec of a few hundred lines takes many runs; bound it.
        max_shrink_time: if set("PROPTEST_MAX_SHRINK_TIME") {
            base.max_shrink_time
        } else {
            300_000
        },
        ..base
    }
}

/// The stack the properties run on: that of a main thread on Linux, whatever the test
/// harness gives its threads (2 MiB, or `RUST_MIN_STACK`). `generate` itself runs on a stack of
/// its own (see `fuzz_fixtures`, which runs on 2 MiB); the properties' own recursion (building
/// and mutating nested documents) is what this is for.
const STACK: usize = 8 << 20;

/// Runs `f` on a thread with a stack of `size` bytes, passing its panic on.
fn on_stack<T: Send>(size: usize, f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .stack_size(size)
            .spawn_scoped(scope, f)
            .expect("a thread");
        thread
            .join()
            .unwrap_or_else(|payload| panic::resume_unwind(payload))
    })
}

/// Runs one property: `render` makes spec text from a value of `strategy`.
/// The strategy is made on that thread (proptest's boxed strategies are not `Send`).
fn fuzz<S: Strategy>(
    name: &str,
    default_cases: u32,
    seed: u64,
    strategy: impl FnOnce() -> S + Send,
    render: impl Fn(&S::Value) -> String + Send,
    strict: bool,
) {
    on_stack(STACK, || {
        run_property(name, default_cases, seed, &strategy(), render, strict);
    });
}

fn run_property<S: Strategy>(
    name: &str,
    default_cases: u32,
    seed: u64,
    strategy: &S,
    render: impl Fn(&S::Value) -> String,
    strict: bool,
) {
    let config = config(default_cases, seed);
    let (cases, seed) = (config.cases, config.rng_seed);
    let mut runner = TestRunner::new(config);
    let tally = Tally::default();
    let started = Instant::now();
    let watchdog = Watchdog::start(name);
    let result = runner.run(strategy, |value| {
        let text = render(&value);
        watchdog.begin(&text);
        let checked = check(&text, &tally, strict);
        watchdog.end();
        checked
    });
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "fuzz {name}: {} cases run ({cases} asked, seed {seed}): {} generated, {} rejected with diagnostics; {seconds:.1} s",
        tally.cases.get(),
        tally.generated.get(),
        tally.rejected.get(),
    );
    let failure = match result {
        Ok(()) => None,
        Err(TestError::Abort(why)) => Some(format!("fuzz {name} aborted: {why}")),
        Err(TestError::Fail(why, value)) => {
            let report = report(name, &render(&value), &watchdog);
            Some(format!("fuzz {name} failed: {why}\n{report}"))
        }
    };
    watchdog.stop();
    if let Some(failure) = failure {
        panic!("{failure}");
    }
}

/// How long one case may take (`FUZZ_CASE_TIMEOUT`, in seconds) before the watchdog reports a
/// hang. Generous: the slowest cases take a few seconds in a debug build.
fn case_timeout() -> Duration {
    let seconds = std::env::var("FUZZ_CASE_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(seconds)
}

/// Aborts the process when one case runs too long (a hang cannot be caught like a panic),
/// after writing its spec to `target/fuzz-failures/<property>.hang.txt`.
struct Watchdog {
    state: Arc<(Mutex<WatchState>, Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[derive(Default)]
struct WatchState {
    current: Option<(Instant, String)>,
    stopped: bool,
}

impl Watchdog {
    fn start(name: &str) -> Watchdog {
        let state = Arc::new((Mutex::new(WatchState::default()), Condvar::new()));
        let (shared, name, limit) = (Arc::clone(&state), name.to_owned(), case_timeout());
        let thread = std::thread::spawn(move || {
            let (lock, wake) = &*shared;
            let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
            while !state.stopped {
                if let Some((since, text)) = &state.current {
                    if since.elapsed() > limit {
                        let dir = workspace().join("target/fuzz-failures");
                        let file = dir.join(format!("{name}.hang.txt"));
                        let _ = std::fs::create_dir_all(&dir);
                        let _ = std::fs::write(&file, text);
                        eprintln!(
                            "fuzz {name}: one case has run for more than {} s; its spec is in {}\n{text}",
                            limit.as_secs(),
                            file.display()
                        );
                        std::process::abort();
                    }
                }
                state = wake
                    .wait_timeout(state, Duration::from_millis(500))
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
        });
        Watchdog {
            state,
            thread: Some(thread),
        }
    }

    fn with(&self, f: impl FnOnce(&mut WatchState)) {
        let (lock, _) = &*self.state;
        f(&mut lock.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn begin(&self, text: &str) {
        self.with(|s| s.current = Some((Instant::now(), text.to_owned())));
    }

    fn end(&self) {
        self.with(|s| s.current = None);
    }

    fn stop(mut self) {
        self.with(|s| s.stopped = true);
        self.state.1.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The spec and, for a panic, the backtrace and the spec cut down to the lines the panic needs.
/// Both specs are also written to `target/fuzz-failures/<property>.txt` and `….min.txt`.
fn report(name: &str, text: &str, watchdog: &Watchdog) -> String {
    let mut out = String::new();
    let dir = workspace().join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let write = |suffix: &str, text: &str, out: &mut String| {
        let file = dir.join(format!("{name}{suffix}"));
        if std::fs::write(&file, text).is_ok() {
            let _ = writeln!(out, "spec written to {}", file.display());
        }
    };
    write(".txt", text, &mut out);
    let mut shown = text.to_owned();
    if let Err(p) = generate(text, true) {
        let _ = writeln!(out, "panic at {}: {}", p.location, p.message);
        let _ = writeln!(out, "codegen frames:\n{}", p.backtrace.unwrap_or_default());
        shown = minimize(text, &p.location, watchdog);
        write(".min.txt", &shown, &mut out);
    }
    let _ = writeln!(
        out,
        "---- spec ({} bytes of {}) ----\n{shown}\n---- end of spec ----",
        shown.len(),
        text.len()
    );
    out
}

/// Deletes runs of lines, halving their length, as long as the spec still panics at `location`;
/// for at most a minute.
fn minimize(text: &str, location: &str, watchdog: &Watchdog) -> String {
    let started = Instant::now();
    let budget = Duration::from_secs(60);
    let mut kept = lines(text);
    let mut run = kept.len().div_ceil(2);
    while run > 0 && started.elapsed() < budget {
        let mut deleted = false;
        let mut at = 0;
        while at < kept.len() && started.elapsed() < budget {
            let end = (at + run).min(kept.len());
            let candidate = kept[..at].concat() + &kept[end..].concat();
            watchdog.begin(&candidate);
            let panics = matches!(generate(&candidate, false), Err(p) if p.location == location);
            watchdog.end();
            if panics {
                kept.drain(at..end);
                deleted = true;
            } else {
                at += run;
            }
        }
        if !deleted {
            run /= 2;
        }
    }
    kept.concat()
}

// ---------------------------------------------------------------------------------------------
// Seeds

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen is in the workspace")
        .to_path_buf()
}

/// Small valid specs, first so that shrinking prefers them.
const INLINE_SEEDS: &[&str] = &[
    r"openapi: 3.0.3
info: {title: Pets, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {type: string, nullable: true}
        kind: {$ref: '#/components/schemas/Kind'}
    Kind:
      type: string
      enum: [dog, cat, '529', cash isa]
",
    r"openapi: 3.0.3
info:
  title: Shop
  version: 1.0.0
paths:
  /orders/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema: {type: integer, format: int64}
    get:
      operationId: getOrder
      parameters:
        - name: X-Trace
          in: header
          schema: {type: string}
        - name: expand
          in: query
          schema:
            type: array
            items: {type: string}
      responses:
        '200':
          description: an order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
        default:
          description: an error
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
    put:
      operationId: putOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '204': {description: stored}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string, format: uuid}
        created: {type: string, format: date-time}
    Order:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [lines]
          properties:
            lines:
              type: array
              items: {$ref: '#/components/schemas/Line'}
            notes:
              type: object
              additionalProperties: {type: string}
            total: {type: number, format: double, minimum: 0}
    Line:
      type: object
      properties:
        sku: {type: string, pattern: '^[A-Z]+$'}
        qty: {type: integer, format: int32, default: 1}
        next: {$ref: '#/components/schemas/Line'}
    Error:
      type: object
      required: [code, message]
      properties:
        code: {type: integer}
        message: {type: string}
        details: {nullable: true}
",
    r##"{
  "openapi": "3.0.0",
  "info": {"title": "Json", "version": "2"},
  "paths": {
    "/things": {
      "post": {
        "operationId": "createThing",
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "responses": {"201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
      }
    }
  },
  "components": {
    "schemas": {
      "Thing": {
        "type": "object",
        "required": ["type", "self"],
        "properties": {
          "type": {"type": "string", "enum": ["a-b", "a_b", "A B"]},
          "self": {"type": "boolean"},
          "fooBar": {"type": "string"},
          "foo_bar": {"type": "string", "format": "byte"},
          "2x": {"type": "number", "format": "float"}
        }
      }
    }
  }
}
"##,
    r"openapi: 3.0.3
info: {title: Anchors, version: '1'}
paths: {}
components:
  schemas:
    Common: &common
      type: object
      properties:
        id: {type: string}
    WithMerge:
      <<: *common
      description: merged
    Secret:
      type: object
      properties:
        password: {type: string, format: password}
        client_secret: {type: string}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
",
    r"swagger: '2.0'
info: {title: Old, version: '1'}
host: api.example.test
basePath: /v1
schemes: [https]
consumes: [application/json]
produces: [application/json]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: pipes}
      responses:
        '200':
          description: pets
          schema: {type: array, items: {$ref: '#/definitions/Pet'}}
    post:
      operationId: addPet
      parameters:
        - {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
      responses:
        '201': {description: added}
  /pets/{id}/photo:
    put:
      consumes: [multipart/form-data]
      parameters:
        - {name: id, in: path, required: true, type: integer, format: int64}
        - {name: file, in: formData, type: file, required: true}
        - {name: caption, in: formData, type: string}
      responses:
        '204': {description: stored}
definitions:
  Pet:
    type: object
    required: [name]
    discriminator: kind
    properties:
      name: {type: string}
      kind: {type: string}
      tag: {type: string, x-nullable: true}
securityDefinitions:
  key: {type: apiKey, in: header, name: X-Key}
",
    r"openapi: 3.1.0
info: {title: New, version: '1', summary: a 3.1 seed, license: {name: MIT, identifier: MIT}}
paths:
  /points:
    post:
      operationId: addPoint
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Point'}
      responses:
        '200':
          description: the point
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Point', description: beside a ref}
webhooks:
  pointAdded:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Point'}
      responses:
        '200': {description: received}
components:
  schemas:
    Point:
      type: object
      required: [at, kind]
      properties:
        at: {type: array, prefixItems: [{type: number}, {type: number}], items: false}
        kind: {const: point}
        label: {type: [string, 'null'], examples: [a, null]}
        size: {type: [integer, string]}
        tags: {type: object, patternProperties: {'^x-': {type: string}}}
        extra: {$ref: '#/components/schemas/Point/$defs/Extra'}
      $defs:
        Extra: {type: boolean}
",
];

/// Every seed spec: the inline ones, then `spec/auth_get.yaml`, then each fixture (but those of
/// `tests/fixtures/fuzz/`), sorted.
static SEEDS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut seeds: Vec<(String, String)> = INLINE_SEEDS
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("inline #{i}"), (*s).to_owned()))
        .collect();
    let root = workspace();
    let mut files = vec![root.join("spec/auth_get.yaml")];
    let mut fixtures = Vec::new();
    collect_specs(&root.join("tests/fixtures"), &mut fixtures);
    // The fuzz fixtures are run by `fuzz_fixtures`; some hang or nest deep by design.
    fixtures.retain(|f| !f.starts_with(root.join("tests/fixtures/fuzz")));
    fixtures.sort();
    files.extend(fixtures);
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let name = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        seeds.push((name, text));
    }
    seeds
});

fn collect_specs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_specs(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// The index of `spec/auth_get.yaml` in [`SEEDS`].
fn auth_get_seed() -> usize {
    INLINE_SEEDS.len()
}

/// A seed index: `spec/auth_get.yaml` (the richest, and slowest) and the inline specs (valid,
/// unlike most fixtures) two fifths of the time each.
fn seed_index(count: usize) -> impl Strategy<Value = usize> {
    prop_oneof![
        2 => Just(auth_get_seed()),
        2 => 0..INLINE_SEEDS.len(),
        1 => 0..count,
    ]
}

/// Mostly a few changes, so that many cases get past the parser.
fn changes<S: Strategy + Clone>(op: S) -> impl Strategy<Value = Vec<S::Value>> {
    prop_oneof![
        3 => proptest::collection::vec(op.clone(), 1..3),
        1 => proptest::collection::vec(op, 1..10),
    ]
}

// ---------------------------------------------------------------------------------------------
// Interesting strings

const TOKENS: &[&str] = &[
    ":",
    ": ",
    "-",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "&a ",
    "*a",
    "&",
    "*",
    "!",
    "!!str ",
    "!!binary ",
    "!foo ",
    "!!map ",
    "<<: *a",
    "<<",
    "? ",
    "|",
    ">",
    "#",
    "\t",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "~",
    "null",
    "true",
    "1e999",
    "-0",
    "0x1F",
    "0o17",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "2001-12-14",
    ",",
    "\\",
    "\\u0000",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "\u{feff}",
    "\0",
    "\u{85}",
    "\u{2028}",
    "é",
    "🦀",
    "\u{200b}",
    "名前",
    "$ref",
    "$ref: '#/components/schemas/X'",
    "{$ref: '#/a/b'}",
    "[]",
    "{}",
    "''",
    "\"\"",
    "@",
    "`",
    "%",
    "=",
];

const REF_STRINGS: &[&str] = &[
    "#/components/schemas/X",
    "#/components/schemas/",
    "#/components/schemas",
    "#/components/schemas/Pet/properties/name",
    "#/components/schemas/a~1b",
    "#/components/schemas/a~0b",
    "#/components/schemas/~2",
    "#/components/schemas/%20x",
    "#/components/schemas/🦀",
    "#/components/parameters/X",
    "#/components/responses/X",
    "#/components/requestBodies/X",
    "#/paths/~1pets",
    "#/components/schemas/Pet/allOf/0",
    "#/components/schemas/Pet/properties/name/items",
    "#/components/schemas/Pet/properties/owner/properties/pet",
    "#/components/parameters/X/schema",
    "#/components/responses/X/content/application~1json/schema",
    "#/paths/~1pets/get/parameters/0",
    "#/paths/~1pets/get/responses/200",
    "#/paths/~1pets~1%7Bid%7D/get/responses/200/content/application~1json/schema",
    "#/components/schemas/%ZZ",
    "#/components/schemas/%ff/x",
    "#/x-definitions/A",
    "#/definitions/X",
    "#/definitions/Pet/properties/name",
    "#/parameters/X",
    "#/responses/X",
    "#/$defs/X",
    "#/components/schemas/Pet/$defs/X",
    "#/components/pathItems/X",
    "#/webhooks/X",
    "#name",
    "#/a/b",
    "#/",
    "#",
    "",
    "other.yaml#/x",
    "other.yaml",
    "http://example.com/spec.yaml#/components/schemas/X",
    "components/schemas/X",
];

const WEIRD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "async",
    "await",
    "r#type",
    "try",
    "dyn",
    "union",
    "gen",
    "macro_rules",
    "_",
    "__",
    "0",
    "1",
    "123abc",
    "2x",
    "",
    " ",
    "-",
    "$",
    "@type",
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "FOO_BAR",
    "foo bar",
    "foo__bar",
    "Pet",
    "pet",
    "PET",
    "pet_",
    "Pet2",
    "café",
    "名前",
    "🦀",
    "a/b",
    "a~b",
    "x-foo",
    "SecretString",
    "Option",
    "String",
    "Vec",
    "Box",
    "Result",
    "serde",
    "std",
    "Error",
    "Client",
    "Value",
    "types",
];

const FORMATS: &[&str] = &[
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "uuid",
    "email",
    "uri",
    "decimal",
    "",
    "int8",
    "uint64",
    "🦀",
];

const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null", "file", "", "String",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    proptest::sample::select(list).prop_map(str::to_owned)
}

/// Short strings: interesting ones, and arbitrary characters.
fn short_string() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        pick(WEIRD_NAMES),
        pick(REF_STRINGS),
        pick(TOKENS),
        "\\PC{0,10}",
        ".{0,6}",
        proptest::collection::vec(any::<char>(), 0..5).prop_map(|c| c.into_iter().collect()),
    ]
}

// ---------------------------------------------------------------------------------------------
// 1. Text mutations

#[derive(Clone, Debug)]
enum TextOp {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    MoveLine(Index, Index),
    /// Adds (positive) or removes (negative) leading spaces, or (0) swaps them for a tab.
    Indent(Index, i8),
    InsertAt(Index, String),
    /// Replaces what follows the first `:` of a line.
    ReplaceValue(Index, String),
    ReplaceChar(Index, char),
    DeleteRange(Index, u8),
    Truncate(Index),
    /// Lines `from..from+count` of another seed, inserted at a line.
    Splice {
        seed: usize,
        from: Index,
        count: u8,
        at: Index,
    },
}

fn insertion() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => pick(TOKENS),
        1 => pick(REF_STRINGS),
        1 => pick(WEIRD_NAMES),
        2 => proptest::collection::vec(any::<char>(), 1..4).prop_map(|c| c.into_iter().collect()),
        1 => proptest::collection::vec(0u8..0x80, 1..6)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn text_op(seeds: usize) -> impl Strategy<Value = TextOp> + Clone {
    prop_oneof![
        3 => any::<Index>().prop_map(TextOp::DeleteLine),
        2 => any::<Index>().prop_map(TextOp::DuplicateLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| TextOp::SwapLines(a, b)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| TextOp::MoveLine(a, b)),
        2 => (any::<Index>(), -6i8..=6).prop_map(|(l, d)| TextOp::Indent(l, d)),
        4 => (any::<Index>(), insertion()).prop_map(|(p, s)| TextOp::InsertAt(p, s)),
        3 => (any::<Index>(), insertion()).prop_map(|(l, s)| TextOp::ReplaceValue(l, s)),
        2 => (any::<Index>(), any::<char>()).prop_map(|(p, c)| TextOp::ReplaceChar(p, c)),
        1 => (any::<Index>(), 1u8..40).prop_map(|(p, n)| TextOp::DeleteRange(p, n)),
        1 => any::<Index>().prop_map(TextOp::Truncate),
        1 => (0..seeds, any::<Index>(), 1u8..30, any::<Index>())
            .prop_map(|(seed, from, count, at)| TextOp::Splice { seed, from, count, at }),
    ]
}

/// Lines with their terminators, so that joining gives the text back.
fn lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_owned).collect()
}

fn apply_text_op(text: String, op: &TextOp) -> String {
    let mut ls = lines(&text);
    let line = |i: &Index, ls: &Vec<String>| (!ls.is_empty()).then(|| i.index(ls.len()));
    match op {
        TextOp::DeleteLine(i) => {
            if let Some(i) = line(i, &ls) {
                ls.remove(i);
            }
        }
        TextOp::DuplicateLine(i) => {
            if let Some(i) = line(i, &ls) {
                let mut copy = ls[i].clone();
                if !copy.ends_with('\n') {
                    copy.push('\n');
                }
                ls.insert(i, copy);
            }
        }
        TextOp::SwapLines(a, b) => {
            if let (Some(a), Some(b)) = (line(a, &ls), line(b, &ls)) {
                ls.swap(a, b);
            }
        }
        TextOp::MoveLine(a, b) => {
            if let (Some(a), Some(b)) = (line(a, &ls), line(b, &ls)) {
                let l = ls.remove(a);
                ls.insert(b.min(ls.len()), l);
            }
        }
        TextOp::Indent(i, delta) => {
            if let Some(i) = line(i, &ls) {
                let l = &ls[i];
                let body = l.trim_start_matches(' ');
                let indent = l.len() - body.len();
                let new = match *delta {
                    0 => format!("\t{body}"),
                    d if d > 0 => format!("{}{l}", " ".repeat(d.unsigned_abs().into())),
                    d => {
                        let keep = indent.saturating_sub(d.unsigned_abs().into());
                        format!("{}{body}", " ".repeat(keep))
                    }
                };
                ls[i] = new;
            }
        }
        TextOp::ReplaceValue(i, s) => {
            if let Some(i) = line(i, &ls) {
                if let Some(colon) = ls[i].find(':') {
                    let end = if ls[i].ends_with('\n') { "\n" } else { "" };
                    ls[i] = format!("{}: {s}{end}", &ls[i][..colon]);
                }
            }
        }
        TextOp::Splice {
            seed,
            from,
            count,
            at,
        } => {
            let other = lines(&SEEDS[*seed % SEEDS.len()].1);
            if !other.is_empty() {
                let from = from.index(other.len());
                let to = (from + usize::from(*count)).min(other.len());
                let mut piece: Vec<String> = other[from..to].to_vec();
                if let Some(last) = piece.last_mut().filter(|l| !l.ends_with('\n')) {
                    last.push('\n');
                }
                let at = at.index(ls.len() + 1);
                ls.splice(at..at, piece);
            }
        }
        TextOp::InsertAt(..)
        | TextOp::ReplaceChar(..)
        | TextOp::DeleteRange(..)
        | TextOp::Truncate(_) => {
            return apply_char_op(text, op);
        }
    }
    ls.concat()
}

fn apply_char_op(text: String, op: &TextOp) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let pos = |i: &Index, extra: usize| i.index(chars.len() + extra);
    match op {
        TextOp::InsertAt(i, s) => {
            let p = pos(i, 1);
            chars.splice(p..p, s.chars());
        }
        TextOp::ReplaceChar(i, c) if !chars.is_empty() => {
            let p = pos(i, 0);
            chars[p] = *c;
        }
        TextOp::DeleteRange(i, n) if !chars.is_empty() => {
            let p = pos(i, 0);
            let end = (p + usize::from(*n)).min(chars.len());
            chars.drain(p..end);
        }
        TextOp::Truncate(i) => {
            let p = pos(i, 1);
            chars.truncate(p);
        }
        _ => {}
    }
    chars.into_iter().collect()
}

fn render_text_case((seed, ops): &(usize, Vec<TextOp>)) -> String {
    ops.iter().fold(SEEDS[*seed].1.clone(), apply_text_op)
}

#[test]
fn text_mutations() {
    let n = SEEDS.len();
    fuzz(
        "text_mutations",
        1000,
        0x5eed_0001,
        || (seed_index(n), changes(text_op(n))),
        render_text_case,
        false,
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Tree mutations

/// The seeds that parse as a JSON-compatible tree.
static TREES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    SEEDS
        .iter()
        .filter_map(|(_, text)| serde_yaml::from_str::<Value>(text).ok())
        .filter(Value::is_object)
        .collect()
});

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    At(usize),
}

/// Every node's path, in document order (the root first).
fn node_paths(v: &Value) -> Vec<Vec<Seg>> {
    fn walk(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        out.push(path.clone());
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    path.push(Seg::Key(k.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    path.push(Seg::At(i));
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn node_mut<'v>(v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::At(i) => v.get_mut(*i),
    })
}

/// The path of a mapping entry (its last step is a key).
fn pick_entry(v: &Value, i: &Index) -> Option<Vec<Seg>> {
    let paths: Vec<Vec<Seg>> = node_paths(v)
        .into_iter()
        .filter(|p| matches!(p.last(), Some(Seg::Key(_))))
        .collect();
    (!paths.is_empty()).then(|| paths[i.index(paths.len())].clone())
}

/// The path of a mapping.
fn pick_map(v: &Value, i: &Index) -> Option<Vec<Seg>> {
    fn walk(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        match v {
            Value::Object(m) => {
                out.push(path.clone());
                for (k, child) in m {
                    path.push(Seg::Key(k.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (n, child) in a.iter().enumerate() {
                    path.push(Seg::At(n));
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    (!out.is_empty()).then(|| out[i.index(out.len())].clone())
}

#[derive(Clone, Debug)]
enum RefTarget {
    /// A component that exists (of any section), by index.
    Existing(Index),
    /// A component of `section` that does not exist.
    Missing(String),
    Literal(String),
    /// Any node of the document, by index among them (a `$ref` into a schema, a response, a
    /// list, a scalar: what real specs point at, and what they must not); some characters
    /// percent-encoded when `percent` is set.
    Node(Index, bool),
}

#[derive(Clone, Copy, Debug)]
enum Via {
    Property { required: bool },
    Items,
    AllOf,
    AdditionalProperties,
    Alias,
    Nullable,
}

#[derive(Clone, Debug)]
enum TreeOp {
    Replace(Index, Value),
    DeleteKey(Index),
    RenameKey(Index, String),
    AddRef(Index, RefTarget),
    AddKeyword(Index, &'static str, Value),
    Cycle(Index, Index, Via),
    AddSchema(String, Value),
    /// Copies a mapping entry to a key that differs only in case or separators.
    CloneKey(Index, Respell),
}

#[derive(Clone, Copy, Debug)]
enum Respell {
    Upper,
    Lower,
    FirstCaseSwapped,
    SnakeCase,
    Underscored,
    DashesForUnderscores,
    UnderscoresForDashes,
    SpacesForSeparators,
    TrailingDigit,
}

fn respell(name: &str, how: Respell) -> String {
    match how {
        Respell::Upper => name.to_uppercase(),
        Respell::Lower => name.to_lowercase(),
        Respell::FirstCaseSwapped => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |c| {
                let swapped: String = if c.is_uppercase() {
                    c.to_lowercase().collect()
                } else {
                    c.to_uppercase().collect()
                };
                swapped + chars.as_str()
            })
        }
        Respell::SnakeCase => {
            let mut out = String::new();
            for c in name.chars() {
                if c.is_uppercase() {
                    out.push('_');
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            out
        }
        Respell::Underscored => format!("{name}_"),
        Respell::DashesForUnderscores => name.replace('_', "-"),
        Respell::UnderscoresForDashes => name.replace('-', "_"),
        Respell::SpacesForSeparators => name.replace(['_', '-'], " "),
        Respell::TrailingDigit => format!("{name}2"),
    }
}

fn json_leaf() -> impl Strategy<Value = Value> + Clone {
    let float = prop_oneof![
        Just(1e308),
        Just(-1e308),
        Just(0.5),
        Just(-0.0),
        Just(1e-300),
        Just(f64::MIN_POSITIVE),
        any::<f64>(),
    ];
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(1),
            Just(i64::MIN),
            Just(i64::MAX),
            any::<i64>()
        ]
        .prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        float.prop_map(Value::from),
        short_string().prop_map(Value::String),
        pick(TYPES).prop_map(Value::String),
    ]
}

/// Small schema-shaped values.
fn schema_leaf() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        pick(TYPES).prop_map(|t| json!({ "type": t })),
        (pick(TYPES), pick(FORMATS)).prop_map(|(t, f)| json!({ "type": t, "format": f })),
        pick(REF_STRINGS).prop_map(|r| json!({ "$ref": r })),
        Just(json!({})),
        Just(json!({ "type": "object", "properties": { "a": { "type": "string" } } })),
        Just(json!({ "type": "array", "items": {} })),
        Just(json!({ "nullable": true })),
        Just(json!({ "enum": ["a", "A", "a-", null, 1] })),
        Just(json!(true)),
        Just(json!(false)),
        Just(json!({ "type": ["string", "null"] })),
        Just(json!({ "type": ["integer", "string"] })),
        Just(json!({ "const": "a" })),
        Just(
            json!({ "prefixItems": [{ "type": "string" }, { "type": "integer" }], "items": false })
        ),
    ]
}

fn json_value() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![json_leaf(), schema_leaf()].prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((short_string(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

const KEYWORDS: &[&str] = &[
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "enum",
    "required",
    "additionalProperties",
    "items",
    "properties",
    "format",
    "type",
    "default",
    "minimum",
    "maximum",
    "pattern",
    "description",
    "readOnly",
    "writeOnly",
    "discriminator",
    "$ref",
    "x-codegen-rejections",
    "example",
    "in",
    "schema",
    "content",
    "responses",
    // OpenAPI 3.1 (JSON Schema 2020-12) keywords.
    "const",
    "examples",
    "prefixItems",
    "$defs",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "unevaluatedProperties",
    "contentEncoding",
    "if",
    "then",
    "$dynamicRef",
    "webhooks",
    // Swagger 2.0 members.
    "definitions",
    "x-nullable",
    "collectionFormat",
    "consumes",
    "produces",
];

/// A value that suits `keyword` half the time, and any value otherwise.
fn keyword_value(keyword: &'static str) -> BoxedStrategy<Value> {
    let typical: BoxedStrategy<Value> = match keyword {
        "allOf" | "oneOf" | "anyOf" => proptest::collection::vec(schema_leaf(), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        "not" | "items" | "if" | "then" | "propertyNames" => schema_leaf().boxed(),
        "prefixItems" | "examples" => proptest::collection::vec(schema_leaf(), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        "$defs" | "patternProperties" | "definitions" | "webhooks" => {
            proptest::collection::vec((pick(WEIRD_NAMES), schema_leaf()), 0..3)
                .prop_map(|kv| Value::Object(kv.into_iter().collect()))
                .boxed()
        }
        "dependentRequired" => proptest::collection::vec(
            (
                pick(WEIRD_NAMES),
                proptest::collection::vec(pick(WEIRD_NAMES), 0..3),
            ),
            0..3,
        )
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k, json!(v))).collect()))
        .boxed(),
        "unevaluatedProperties" | "x-nullable" => any::<bool>().prop_map(Value::from).boxed(),
        "collectionFormat" => pick(&["csv", "ssv", "tsv", "pipes", "multi", "x"])
            .prop_map(Value::String)
            .boxed(),
        "consumes" | "produces" => proptest::collection::vec(
            pick(&[
                "application/json",
                "multipart/form-data",
                "text/plain",
                "*/*",
                "",
            ]),
            0..3,
        )
        .prop_map(|v| json!(v))
        .boxed(),
        "additionalProperties" => {
            prop_oneof![any::<bool>().prop_map(Value::from), schema_leaf()].boxed()
        }
        "nullable" | "readOnly" | "writeOnly" => any::<bool>().prop_map(Value::from).boxed(),
        "enum" => proptest::collection::vec(json_leaf(), 0..5)
            .prop_map(Value::Array)
            .boxed(),
        "required" => proptest::collection::vec(pick(WEIRD_NAMES), 0..4)
            .prop_map(|v| json!(v))
            .boxed(),
        "format" => pick(FORMATS).prop_map(Value::String).boxed(),
        "type" => pick(TYPES).prop_map(Value::String).boxed(),
        "pattern" => prop_oneof![Just("("), Just("^[a-z]+$"), Just("\\"), Just("")]
            .prop_map(Value::from)
            .boxed(),
        "properties" => proptest::collection::vec((pick(WEIRD_NAMES), schema_leaf()), 0..4)
            .prop_map(|kv| Value::Object(kv.into_iter().collect()))
            .boxed(),
        "$ref" => pick(REF_STRINGS).prop_map(Value::String).boxed(),
        _ => json_leaf().boxed(),
    };
    prop_oneof![typical, json_value()].boxed()
}

fn tree_op() -> impl Strategy<Value = TreeOp> + Clone {
    let target = prop_oneof![
        3 => any::<Index>().prop_map(RefTarget::Existing),
        1 => pick(WEIRD_NAMES).prop_map(RefTarget::Missing),
        1 => pick(REF_STRINGS).prop_map(RefTarget::Literal),
        3 => (any::<Index>(), any::<bool>()).prop_map(|(i, p)| RefTarget::Node(i, p)),
    ];
    let via = prop_oneof![
        any::<bool>().prop_map(|required| Via::Property { required }),
        Just(Via::Items),
        Just(Via::AllOf),
        Just(Via::AdditionalProperties),
        Just(Via::Alias),
        Just(Via::Nullable),
    ];
    let respelling = proptest::sample::select(
        &[
            Respell::Upper,
            Respell::Lower,
            Respell::FirstCaseSwapped,
            Respell::SnakeCase,
            Respell::Underscored,
            Respell::DashesForUnderscores,
            Respell::UnderscoresForDashes,
            Respell::SpacesForSeparators,
            Respell::TrailingDigit,
        ][..],
    );
    let keyword = proptest::sample::select(KEYWORDS)
        .prop_flat_map(|k| keyword_value(k).prop_map(move |v| (k, v)));
    prop_oneof![
        3 => (any::<Index>(), json_value()).prop_map(|(i, v)| TreeOp::Replace(i, v)),
        3 => any::<Index>().prop_map(TreeOp::DeleteKey),
        2 => (any::<Index>(), pick(WEIRD_NAMES)).prop_map(|(i, n)| TreeOp::RenameKey(i, n)),
        3 => (any::<Index>(), target).prop_map(|(i, t)| TreeOp::AddRef(i, t)),
        4 => (any::<Index>(), keyword).prop_map(|(i, (k, v))| TreeOp::AddKeyword(i, k, v)),
        2 => (any::<Index>(), any::<Index>(), via).prop_map(|(a, b, v)| TreeOp::Cycle(a, b, v)),
        1 => (pick(WEIRD_NAMES), schema_leaf()).prop_map(|(n, s)| TreeOp::AddSchema(n, s)),
        2 => (any::<Index>(), respelling).prop_map(|(i, r)| TreeOp::CloneKey(i, r)),
    ]
}

/// `#/components/<section>/<name>` for every component.
fn component_refs(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Value::Object(sections)) = doc.get("components") {
        for (section, items) in sections {
            if let Value::Object(items) = items {
                for name in items.keys() {
                    out.push(format!(
                        "#/components/{section}/{}",
                        name.replace('~', "~0").replace('/', "~1")
                    ));
                }
            }
        }
    }
    out
}

fn schemas_mut(doc: &mut Value) -> &mut Map<String, Value> {
    if !doc.is_object() {
        *doc = json!({});
    }
    let root = doc.as_object_mut().expect("an object");
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let schemas = components
        .as_object_mut()
        .expect("an object")
        .entry("schemas")
        .or_insert_with(|| json!({}));
    if !schemas.is_object() {
        *schemas = json!({});
    }
    schemas.as_object_mut().expect("an object")
}

/// The local `$ref` of the node at `path`, with `{`, `}`, ` ` and `%` percent-encoded when
/// `percent` is set (a URI fragment may be written either way).
fn node_reference(path: &[Seg], percent: bool) -> String {
    let mut out = "#".to_owned();
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(k) => {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                if percent {
                    for c in escaped.chars() {
                        match c {
                            '%' => out.push_str("%25"),
                            '{' => out.push_str("%7B"),
                            '}' => out.push_str("%7D"),
                            ' ' => out.push_str("%20"),
                            c => out.push(c),
                        }
                    }
                } else {
                    out.push_str(&escaped);
                }
            }
            Seg::At(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1")) })
}

fn apply_tree_op(doc: &mut Value, op: &TreeOp) {
    match op {
        TreeOp::Replace(i, value) => {
            let paths = node_paths(doc);
            let path = &paths[i.index(paths.len())];
            if let Some(node) = node_mut(doc, path) {
                *node = value.clone();
            }
        }
        TreeOp::DeleteKey(i) | TreeOp::RenameKey(i, _) | TreeOp::CloneKey(i, _) => {
            let Some(path) = pick_entry(doc, i) else {
                return;
            };
            let (Some(Seg::Key(key)), parent) = (path.last(), &path[..path.len() - 1]) else {
                return;
            };
            let Some(Value::Object(map)) = node_mut(doc, parent) else {
                return;
            };
            match op {
                TreeOp::CloneKey(_, how) => {
                    let value = map[key].clone();
                    map.insert(respell(key, *how), value);
                }
                TreeOp::RenameKey(_, name) => {
                    // Keep the key's place, so that only the name changes.
                    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
                    for (k, v) in entries {
                        map.insert(if &k == key { name.clone() } else { k }, v);
                    }
                }
                _ => {
                    map.remove(key);
                }
            }
        }
        TreeOp::AddRef(i, target) => {
            let reference = match target {
                RefTarget::Existing(which) => {
                    let refs = component_refs(doc);
                    if refs.is_empty() {
                        "#/components/schemas/Missing".to_owned()
                    } else {
                        refs[which.index(refs.len())].clone()
                    }
                }
                RefTarget::Missing(name) => format!("#/components/schemas/{name}"),
                RefTarget::Literal(r) => r.clone(),
                RefTarget::Node(which, percent) => {
                    let paths = node_paths(doc);
                    node_reference(&paths[which.index(paths.len())], *percent)
                }
            };
            if let Some(path) = pick_map(doc, i) {
                if let Some(Value::Object(m)) = node_mut(doc, &path) {
                    m.insert("$ref".to_owned(), Value::String(reference));
                }
            }
        }
        TreeOp::AddKeyword(i, keyword, value) => {
            if let Some(path) = pick_map(doc, i) {
                if let Some(Value::Object(m)) = node_mut(doc, &path) {
                    m.insert((*keyword).to_owned(), value.clone());
                }
            }
        }
        TreeOp::Cycle(a, b, via) => {
            let schemas = schemas_mut(doc);
            if schemas.is_empty() {
                schemas.insert("A".to_owned(), json!({ "type": "object" }));
            }
            let names: Vec<String> = schemas.keys().cloned().collect();
            let a = names[a.index(names.len())].clone();
            let b = names[b.index(names.len())].clone();
            link(schemas, &a, &b, *via);
            link(schemas, &b, &a, *via);
        }
        TreeOp::AddSchema(name, schema) => {
            schemas_mut(doc).insert(name.clone(), schema.clone());
        }
    }
}

/// Makes schema `from` refer to schema `to` through `via`.
fn link(schemas: &mut Map<String, Value>, from: &str, to: &str, via: Via) {
    let target = schema_ref(to);
    let Some(schema) = schemas.get_mut(from) else {
        return;
    };
    if !schema.is_object() || matches!(via, Via::Alias) {
        *schema = json!({});
    }
    let m = schema.as_object_mut().expect("an object");
    match via {
        Via::Property { required } => {
            m.insert("type".to_owned(), json!("object"));
            let props = m.entry("properties").or_insert_with(|| json!({}));
            if !props.is_object() {
                *props = json!({});
            }
            let field = format!("to_{to}");
            props
                .as_object_mut()
                .expect("an object")
                .insert(field.clone(), target);
            if required {
                m.insert("required".to_owned(), json!([field]));
            }
        }
        Via::Items => {
            m.clear();
            m.insert("type".to_owned(), json!("array"));
            m.insert("items".to_owned(), target);
        }
        Via::AllOf => {
            m.insert("allOf".to_owned(), json!([target]));
        }
        Via::AdditionalProperties => {
            m.insert("type".to_owned(), json!("object"));
            m.insert("additionalProperties".to_owned(), target);
        }
        Via::Alias => {
            m.insert("$ref".to_owned(), target["$ref"].clone());
        }
        Via::Nullable => {
            m.clear();
            m.insert("nullable".to_owned(), json!(true));
            m.insert("allOf".to_owned(), json!([target]));
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Syntax {
    Yaml,
    Json,
    JsonCompact,
}

fn render_tree_case((tree, ops, syntax): &(usize, Vec<TreeOp>, Syntax)) -> String {
    let mut doc = TREES[*tree].clone();
    for op in ops {
        apply_tree_op(&mut doc, op);
    }
    write_doc(&doc, *syntax)
}

fn write_doc(doc: &Value, syntax: Syntax) -> String {
    match syntax {
        Syntax::Yaml => serde_yaml::to_string(doc).expect("a JSON value is YAML"),
        Syntax::Json => serde_json::to_string_pretty(doc).expect("a JSON value"),
        Syntax::JsonCompact => serde_json::to_string(doc).expect("a JSON value"),
    }
}

fn syntax() -> impl Strategy<Value = Syntax> {
    prop_oneof![
        3 => Just(Syntax::Yaml),
        1 => Just(Syntax::Json),
        1 => Just(Syntax::JsonCompact),
    ]
}

#[test]
fn tree_mutations() {
    let trees = TREES.len();
    assert!(trees > 10, "most seeds parse as trees ({trees} did)");
    // spec/auth_get.yaml is the first tree after the inline seeds.
    fuzz(
        "tree_mutations",
        1000,
        0x5eed_0002,
        || {
            // The inline seeds and spec/auth_get.yaml come first among the trees too.
            (seed_index(trees), changes(tree_op()), syntax())
        },
        render_tree_case,
        false,
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Generated documents

const COMPONENT_NAMES: &[&str] = &[
    "Pet", "Owner", "Tag", "Status", "Error", "Node", "Kind", "Address", "pet_kind", "PetKind",
    "type", "Self", "Option", "String", "Item2", "a-b",
];

const PROPERTY_NAMES: &[&str] = &[
    "id",
    "name",
    "type",
    "self",
    "fooBar",
    "foo_bar",
    "FooBar",
    "2x",
    "ref",
    "async",
    "r#type",
    "value",
    "items",
    "next",
    "password",
    "created_at",
    "createdAt",
    "_",
    "é",
    "a b",
];

const ENUM_VALUES: &[&str] = &[
    "a", "b", "A", "a-b", "a_b", "a b", "529", "cash isa", "", "Self", "type", "ÄÖ", "🦀", "1.5",
];

/// A schema of a document with `count` components, which refers to those in `forward` anywhere
/// and to any component through optional properties: recursion is then always through an
/// `Option`, and no component is defined in terms of itself only.
fn gen_schema(forward: std::ops::Range<usize>, count: usize) -> impl Strategy<Value = Value> {
    let reference = if forward.is_empty() {
        Just(json!({ "type": "string", "format": "uuid" })).boxed()
    } else {
        forward.prop_map(|i| schema_ref(COMPONENT_NAMES[i])).boxed()
    };
    let back = (0..count).prop_map(|i| schema_ref(COMPONENT_NAMES[i]));
    let string = (
        proptest::option::of(pick(&[
            "date-time",
            "date",
            "uuid",
            "byte",
            "binary",
            "email",
            "password",
            "unknown",
        ])),
        any::<bool>(),
    )
        .prop_map(|(format, nullable)| {
            let mut s = json!({ "type": "string" });
            if let Some(f) = format {
                s["format"] = json!(f);
            }
            if nullable {
                s["nullable"] = json!(true);
            }
            s
        });
    let leaf = prop_oneof![
        3 => string,
        1 => proptest::collection::btree_set(pick(ENUM_VALUES), 1..6)
            .prop_map(|v| json!({ "type": "string", "enum": v })),
        1 => (proptest::option::of(pick(&["int32", "int64"])), proptest::option::of(-5i64..5))
            .prop_map(|(f, min)| {
                let mut s = json!({ "type": "integer" });
                if let Some(f) = f { s["format"] = json!(f); }
                if let Some(m) = min { s["minimum"] = json!(m); }
                s
            }),
        1 => proptest::option::of(pick(&["float", "double"]))
            .prop_map(|f| match f { Some(f) => json!({ "type": "number", "format": f }), None => json!({ "type": "number" }) }),
        1 => Just(json!({ "type": "boolean" })),
        1 => Just(json!({})),
        4 => reference,
    ];
    leaf.prop_recursive(4, 32, 5, move |inner| {
        let property = prop_oneof![
            4 => (inner.clone(), any::<bool>()),
            1 => (back.clone(), Just(false)),
        ];
        let props = proptest::collection::vec(
            (pick(PROPERTY_NAMES), property).prop_map(|(n, (s, r))| (n, s, r)),
            0..5,
        );
        let object = (props, any::<bool>(), proptest::option::of(any::<bool>())).prop_map(
            |(props, nullable, extra)| {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for (name, schema, req) in props {
                    if req && !required.contains(&name) {
                        required.push(name.clone());
                    }
                    properties.insert(name, schema);
                }
                let mut s = json!({ "type": "object", "properties": properties });
                if !required.is_empty() {
                    s["required"] = json!(required);
                }
                if nullable {
                    s["nullable"] = json!(true);
                }
                if let Some(extra) = extra {
                    s["additionalProperties"] = json!(extra);
                }
                s
            },
        );
        prop_oneof![
            4 => object.clone(),
            2 => inner.clone().prop_map(|items| json!({ "type": "array", "items": items })),
            1 => inner.clone().prop_map(|v| json!({ "type": "object", "additionalProperties": v })),
            2 => proptest::collection::vec(object.clone(), 1..3)
                .prop_map(|parts| json!({ "allOf": parts })),
            1 => object.prop_map(|s| json!({ "nullable": true, "allOf": [s] })),
        ]
    })
}

const PATHS: &[&str] = &[
    "/pets",
    "/pets/{id}",
    "/owners/{owner}/pets/{id}",
    "/a-b/c_d",
    "/",
];
const METHODS: &[&str] = &["get", "post", "put", "delete", "patch"];

fn gen_operation(refs: usize, path: &'static str) -> impl Strategy<Value = Value> {
    let query = proptest::collection::vec(
        (
            pick(PROPERTY_NAMES),
            prop_oneof![Just("query"), Just("header")],
            any::<bool>(),
            prop_oneof![
                Just(json!({ "type": "string" })),
                Just(json!({ "type": "integer", "format": "int32" })),
                Just(json!({ "type": "boolean" })),
                Just(json!({ "type": "array", "items": { "type": "string" } })),
            ],
        ),
        0..3,
    );
    let body = proptest::option::of((gen_schema(0..refs, refs), any::<bool>()));
    let responses = proptest::collection::vec(
        (
            pick(&["200", "201", "204", "400", "404", "default"]),
            proptest::option::of(gen_schema(0..refs, refs)),
        ),
        1..3,
    );
    (
        proptest::option::of(pick(&["getPet", "listPets", "do_it", "type", "Create Pet", "x"])),
        query,
        body,
        responses,
    )
        .prop_map(move |(id, params, body, responses)| {
            let mut parameters: Vec<Value> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
                .collect();
            for (name, location, required, schema) in params {
                let name = if location == "header" { format!("X-{name}") } else { name };
                parameters.push(json!({ "name": name, "in": location, "required": required, "schema": schema }));
            }
            let mut op = json!({ "parameters": parameters, "responses": {} });
            if let Some(id) = id {
                op["operationId"] = json!(id);
            }
            if let Some((schema, required)) = body {
                op["requestBody"] = json!({ "required": required, "content": { "application/json": { "schema": schema } } });
            }
            for (status, schema) in responses {
                let mut r = json!({ "description": "a response" });
                if let Some(schema) = schema {
                    r["content"] = json!({ "application/json": { "schema": schema } });
                }
                op["responses"][status] = r;
            }
            op
        })
}

fn gen_document() -> impl Strategy<Value = Value> {
    (1..7usize)
        .prop_flat_map(|count| {
            let schemas: Vec<_> = (0..count)
                .map(|i| gen_schema(i + 1..count, count).boxed())
                .collect();
            let operations = proptest::collection::vec(
                proptest::sample::select(PATHS).prop_flat_map(move |path| {
                    (Just(path), pick(METHODS), gen_operation(count, path))
                }),
                0..4,
            );
            (
                schemas,
                operations,
                proptest::option::of(pick(&["3.0.0", "3.0.3"])),
                proptest::collection::vec((any::<Index>(), any::<Index>(), any::<bool>()), 0..4),
            )
        })
        .prop_map(|(schemas, operations, version, deepen)| {
            let mut components = Map::new();
            for (i, schema) in schemas.into_iter().enumerate() {
                components.insert(COMPONENT_NAMES[i].to_owned(), schema);
            }
            let mut paths = Map::new();
            for (path, method, op) in operations {
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = op;
            }
            let mut doc = json!({
                "openapi": version.unwrap_or_else(|| "3.0.3".to_owned()),
                "info": { "title": "Generated", "version": "1" },
                "paths": paths,
                "components": { "schemas": components },
            });
            for (reference, target, percent) in &deepen {
                deepen_ref(&mut doc, reference, target, *percent);
            }
            doc
        })
}

/// Points one `$ref` to a component at a schema inside that component instead (a property,
/// `items`, `additionalProperties` or an `allOf` part), as real specs do. The component is
/// one the referrer may refer to, so the document stays free of alias cycles.
fn deepen_ref(doc: &mut Value, reference: &Index, target: &Index, percent: bool) {
    const PREFIX: &str = "#/components/schemas/";
    let refs: Vec<(Vec<Seg>, String)> = node_paths(doc)
        .into_iter()
        .filter_map(|p| {
            let r = node_mut(doc, &p)?
                .get("$ref")?
                .as_str()?
                .strip_prefix(PREFIX)?;
            Some((p, r.replace("~1", "/").replace("~0", "~")))
        })
        .collect();
    if refs.is_empty() {
        return;
    }
    let (at, name) = &refs[reference.index(refs.len())];
    let component = vec![
        Seg::Key("components".to_owned()),
        Seg::Key("schemas".to_owned()),
        Seg::Key(name.clone()),
    ];
    let Some(schema) = node_mut(doc, &component) else {
        return;
    };
    let inner: Vec<Vec<Seg>> = node_paths(schema)
        .into_iter()
        .filter(|p| match p.as_slice() {
            [.., Seg::Key(k), Seg::Key(_)] => k == "properties",
            [.., Seg::Key(k)] => k == "items" || k == "additionalProperties",
            [.., Seg::Key(k), Seg::At(_)] => k == "allOf",
            _ => false,
        })
        // Not a `$ref` itself: a back reference is through an optional property only, and
        // pointing a required one at it would make a cycle of required properties.
        .filter(|p| node_mut(schema, p).is_some_and(|v| v.is_object() && v.get("$ref").is_none()))
        .collect();
    if inner.is_empty() {
        return;
    }
    let mut path = component;
    path.extend(inner[target.index(inner.len())].iter().cloned());
    if at.starts_with(&path) {
        // A `$ref` to a node that holds it would be a cycle, not a deep reference.
        return;
    }
    let deep = node_reference(&path, percent);
    if let Some(Value::Object(m)) = node_mut(doc, at) {
        m.insert("$ref".to_owned(), Value::String(deep));
    }
}

#[test]
fn generated_documents() {
    fuzz(
        "generated_documents",
        300,
        0x5eed_0003,
        || (gen_document(), syntax()),
        |(doc, syntax)| write_doc(doc, *syntax),
        true,
    );
}

/// The documents of `generated_documents` written as OpenAPI 3.1 (type lists, `null` in enums,
/// `$ref` beside other keywords): each must generate exactly the files its 3.0 form generates.
#[test]
fn generated_documents_as_openapi_3_1() {
    let compared = AtomicUsize::new(0);
    run_property_with(
        "generated_documents_as_openapi_3_1",
        150,
        0x5eed_0031,
        &(gen_document(), syntax()),
        |(doc, syntax)| {
            let as_30 = write_doc(doc, *syntax);
            let as_31 = write_doc(&as_openapi_3_1(doc), *syntax);
            check(&as_31, &Tally::default(), true)?;
            let (Ok(Ok(a)), Ok(Ok(b))) = (generate(&as_30, false), generate(&as_31, false)) else {
                return Ok(());
            };
            compared.fetch_add(1, Ordering::Relaxed);
            for (x, y) in a.files.iter().zip(&b.files) {
                prop_assert_eq!(&x.path, &y.path);
                prop_assert!(
                    x.contents == y.contents,
                    "{} differs between the 3.0 and the 3.1 form:\n{}\n---\n{}",
                    x.path,
                    as_30,
                    as_31
                );
            }
            prop_assert_eq!(a.files.len(), b.files.len());
            Ok(())
        },
    );
    let compared = compared.into_inner();
    println!(
        "fuzz generated_documents_as_openapi_3_1: {compared} documents generated in both forms"
    );
    assert!(
        compared > 0,
        "no document generated in both forms: nothing was compared"
    );
}

/// The documents of `generated_documents` written as Swagger 2.0 (`definitions`, body
/// parameters, `produces`, `x-nullable`): generated code parses and is deterministic.
#[test]
fn generated_documents_as_swagger_2() {
    fuzz(
        "generated_documents_as_swagger_2",
        150,
        0x5eed_0020,
        || (gen_document(), syntax()),
        |(doc, syntax)| write_doc(&as_swagger_2(doc), *syntax),
        true,
    );
}

/// Runs `test` on `default_cases` values of `strategy` (with a fixed seed, as `fuzz` does) on a
/// stack of `STACK` bytes, and fails with the shrunk value's failure.
fn run_property_with<S: Strategy + Sync>(
    name: &str,
    default_cases: u32,
    seed: u64,
    strategy: &S,
    test: impl Fn(&S::Value) -> Result<(), TestCaseError> + Sync,
) {
    on_stack(STACK, || {
        let mut runner = TestRunner::new(config(default_cases, seed));
        let started = Instant::now();
        let result = runner.run(strategy, |value| test(&value));
        println!("fuzz {name}: {:.1} s", started.elapsed().as_secs_f64());
        if let Err(e) = result {
            panic!("fuzz {name} failed: {e}");
        }
    });
}

/// Calls `mapping` on every JSON object in `value`, parents first.
fn each_object(value: &mut Value, mapping: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(m) => {
            mapping(m);
            for v in m.values_mut() {
                each_object(v, mapping);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_object(v, mapping)),
        _ => {}
    }
}

/// `doc` (a generated 3.0 document) in the OpenAPI 3.1 form of the same meaning.
fn as_openapi_3_1(doc: &Value) -> Value {
    let mut doc = doc.clone();
    doc["openapi"] = json!("3.1.0");
    each_object(&mut doc, &mut |m| {
        // A generated document holds no data, so any `nullable: true` beside a type name is
        // the keyword (a property named `nullable` would hold a schema, not a boolean).
        let typed = matches!(m.get("type"), Some(Value::String(_)));
        if m.get("nullable") == Some(&json!(true)) && typed {
            m.remove("nullable");
            let t = m.remove("type").unwrap_or_default();
            m.insert("type".to_owned(), json!([t, "null"]));
            if let Some(Value::Array(values)) = m.get_mut("enum") {
                values.push(Value::Null);
            }
        }
    });
    doc
}

/// `doc` (a generated 3.0 document) in the Swagger 2.0 form of the same meaning.
fn as_swagger_2(doc: &Value) -> Value {
    let mut doc = doc.clone();
    let Value::Object(root) = &mut doc else {
        return doc;
    };
    root.remove("openapi");
    root.insert("swagger".to_owned(), json!("2.0"));
    if let Some(mut components) = root.remove("components") {
        if let Some(schemas) = components.get_mut("schemas").map(Value::take) {
            root.insert("definitions".to_owned(), schemas);
        }
    }
    root.insert("produces".to_owned(), json!(["application/json"]));
    root.insert("consumes".to_owned(), json!(["application/json"]));
    let mut paths = root.remove("paths").unwrap_or_else(|| json!({}));
    if let Value::Object(items) = &mut paths {
        for operation in items
            .values_mut()
            .filter_map(Value::as_object_mut)
            .flat_map(|item| item.values_mut())
        {
            swagger_2_operation(operation);
        }
    }
    root.insert("paths".to_owned(), paths);
    each_object(&mut doc, &mut |m| {
        if let Some(Value::String(r)) = m.get_mut("$ref") {
            if let Some(rest) = r.strip_prefix("#/components/schemas/") {
                *r = format!("#/definitions/{rest}");
            }
        }
        if matches!(m.get("nullable"), Some(Value::Bool(_))) && m.contains_key("type") {
            let nullable = m.remove("nullable").unwrap_or_default();
            m.insert("x-nullable".to_owned(), nullable);
        }
    });
    doc
}

/// One generated 3.0 operation in the Swagger 2.0 form: parameters with their schema's members,
/// the request body as a body parameter, responses with a `schema`.
fn swagger_2_operation(operation: &mut Value) {
    let Value::Object(op) = operation else { return };
    if let Some(Value::Array(parameters)) = op.get_mut("parameters") {
        for p in parameters.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(Value::Object(schema)) = p.remove("schema") {
                p.extend(schema);
            }
        }
    }
    if let Some(body) = op.remove("requestBody") {
        let schema = body["content"]["application/json"]["schema"].clone();
        let parameter =
            json!({ "name": "body", "in": "body", "required": body["required"], "schema": schema });
        match op.get_mut("parameters") {
            Some(Value::Array(parameters)) => parameters.push(parameter),
            _ => {
                op.insert("parameters".to_owned(), json!([parameter]));
            }
        }
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for response in responses.values_mut().filter_map(Value::as_object_mut) {
            if let Some(content) = response.remove("content") {
                response.insert(
                    "schema".to_owned(),
                    content["application/json"]["schema"].clone(),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Deep nesting

/// One level of a nested schema.
#[derive(Clone, Copy, Debug)]
enum Level {
    Properties,
    Items,
    AllOf,
    AdditionalProperties,
    Not,
    OneOf,
    NullableAllOf,
}

#[derive(Clone, Debug)]
enum Deep {
    /// A schema nested level by level (innermost last), as a component or as a request body.
    Schema {
        levels: Vec<Level>,
        json: bool,
        in_body: bool,
    },
    /// `[[[…]]]` as a schema's `default`.
    FlowSequence(usize),
    /// `{a: {a: …}}` as a schema's `example`.
    FlowMapping(usize),
    /// Block mappings indented one more level each.
    BlockMapping(usize),
    /// `A0 → A1 → … → An` through required properties.
    RefChain(usize),
    /// `A0` allOf `A1` allOf … `An`.
    AllOfChain(usize),
}

fn nested_schema(levels: &[Level]) -> Value {
    let mut s = json!({ "type": "string" });
    for level in levels.iter().rev() {
        s = match level {
            Level::Properties => json!({ "type": "object", "properties": { "a": s } }),
            Level::Items => json!({ "type": "array", "items": s }),
            Level::AllOf => json!({ "allOf": [s] }),
            Level::AdditionalProperties => json!({ "type": "object", "additionalProperties": s }),
            Level::Not => json!({ "not": s }),
            Level::OneOf => json!({ "oneOf": [s, { "type": "integer" }] }),
            Level::NullableAllOf => json!({ "nullable": true, "allOf": [s] }),
        };
    }
    s
}

fn document(schemas: Map<String, Value>, paths: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Deep", "version": "1" },
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

fn deep_document(deep: &Deep) -> String {
    let head =
        "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";
    match deep {
        Deep::Schema {
            levels,
            json,
            in_body,
        } => {
            let schema = nested_schema(levels);
            let doc = if *in_body {
                let body = json!({ "content": { "application/json": { "schema": schema } } });
                let paths = json!({ "/deep": { "post": {
                    "operationId": "deep",
                    "requestBody": body,
                    "responses": { "204": { "description": "done" } },
                } } });
                document(Map::new(), paths)
            } else {
                document(Map::from_iter([("Deep".to_owned(), schema)]), json!({}))
            };
            write_doc(&doc, if *json { Syntax::Json } else { Syntax::Yaml })
        }
        Deep::FlowSequence(depth) => format!(
            "{head}    S:\n      type: array\n      default: {}{}\n",
            "[".repeat(*depth),
            "]".repeat(*depth)
        ),
        Deep::FlowMapping(depth) => format!(
            "{head}    S:\n      type: object\n      example: {}1{}\n",
            "{a: ".repeat(*depth),
            "}".repeat(*depth)
        ),
        Deep::BlockMapping(depth) => {
            let mut text = format!("{head}    S:\n");
            for level in 0..*depth {
                let indent = " ".repeat(6 + 4 * level);
                let _ = writeln!(
                    text,
                    "{indent}type: object\n{indent}properties:\n{indent}  p{level}:"
                );
            }
            let _ = writeln!(text, "{}type: string", " ".repeat(6 + 4 * depth));
            text
        }
        Deep::RefChain(n) | Deep::AllOfChain(n) => {
            let mut schemas = Map::new();
            for i in 0..*n {
                let next = schema_ref(&format!("A{}", i + 1));
                let schema = if matches!(deep, Deep::RefChain(_)) {
                    json!({ "type": "object", "required": ["next"], "properties": { "next": next } })
                } else {
                    let own = json!({ "type": "object", "properties": { format!("p{i}"): { "type": "string" } } });
                    json!({ "allOf": [next, own] })
                };
                schemas.insert(format!("A{i}"), schema);
            }
            schemas.insert(format!("A{n}"), json!({ "type": "object" }));
            write_doc(&document(schemas, json!({})), Syntax::Yaml)
        }
    }
}

fn deep() -> impl Strategy<Value = Deep> {
    let level = prop_oneof![
        Just(Level::Properties),
        Just(Level::Items),
        Just(Level::AllOf),
        Just(Level::AdditionalProperties),
        Just(Level::Not),
        Just(Level::OneOf),
        Just(Level::NullableAllOf),
    ];
    let depth = prop_oneof![0..40usize, 40..130usize, 130..260usize, Just(150usize)];
    let mixed = proptest::collection::vec(level.clone(), 0..130);
    let uniform = (level, depth.clone()).prop_map(|(l, d)| vec![l; d]);
    prop_oneof![
        6 => (prop_oneof![mixed, uniform], any::<bool>(), any::<bool>())
            .prop_map(|(levels, json, in_body)| Deep::Schema { levels, json, in_body }),
        1 => depth.clone().prop_map(Deep::FlowSequence),
        1 => depth.clone().prop_map(Deep::FlowMapping),
        1 => depth.prop_map(Deep::BlockMapping),
        1 => (0..400usize).prop_map(Deep::RefChain),
        1 => (0..150usize).prop_map(Deep::AllOfChain),
    ]
}

#[test]
fn deep_nesting() {
    fuzz("deep_nesting", 100, 0x5eed_0004, deep, deep_document, false);
}

// ---------------------------------------------------------------------------------------------
// Regression fixtures

/// The specs of `tests/fixtures/fuzz/` whose name starts with `hang_` (or not).
fn fuzz_fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect_specs(&workspace().join("tests/fixtures/fuzz"), &mut files);
    files.sort();
    files
}

/// Runs `generate` on each file, on a thread with a stack of `stack` bytes, and gives up on one
/// after `limit` (its thread is left running until the test process ends).
/// Returns a line for each panic or timeout.
fn run_fixtures(files: &[PathBuf], stack: usize, limit: Duration) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let text = std::fs::read_to_string(file).expect("fixture is readable");
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn(move || {
                let started = Instant::now();
                let outcome = generate(&text, true).map(|_| started.elapsed());
                let _ = send.send(outcome);
            })
            .expect("a thread");
        match receive.recv_timeout(limit) {
            Ok(Ok(took)) => println!("{name}: no panic, {:.2} s", took.as_secs_f64()),
            Ok(Err(p)) => problems.push(format!(
                "{name}: panicked at {}: {}\n{}",
                p.location,
                p.message,
                p.backtrace.unwrap_or_default()
            )),
            Err(_) => problems.push(format!("{name}: still running after {} s", limit.as_secs())),
        }
    }
    problems
}

/// Every spec in `tests/fixtures/fuzz/` generates or is rejected, without a panic and within a
/// minute, on the 2 MiB stack a spawned thread gets by default (`generate` runs on a stack of
/// its own).
#[test]
fn fuzz_fixtures() {
    let files = fuzz_fixture_files();
    assert!(!files.is_empty(), "tests/fixtures/fuzz has fixtures");
    let problems = run_fixtures(&files, 2 << 20, Duration::from_secs(60));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What each fuzz finding must end in, now that it is fixed.
#[test]
fn fuzz_findings_end_as_they_should() {
    let read = |name: &str| {
        let path = workspace().join("tests/fixtures/fuzz").join(name);
        std::fs::read_to_string(path).expect("fixture is readable")
    };
    // A wrong value 30 levels down is reported at its own pointer.
    let errors = codegen::generate(&read("deep_nested_items_bad_type.yaml"), &options())
        .expect_err("`type: 1` is not a type");
    let pointers: Vec<&str> = errors.0.iter().map(|d| d.pointer.as_str()).collect();
    let deep = format!("/components/schemas/Deep{}/type", "/items".repeat(30));
    assert_eq!(pointers, [deep.as_str()]);
    // Deep nesting within the YAML reader's limit generates.
    for name in [
        "stack_overflow_allof_60.yaml",
        "stack_overflow_items_100.yaml",
    ] {
        let out = codegen::generate(&read(name), &options());
        assert!(out.is_ok(), "{name}: {:?}", out.err());
    }
    // An inline allOf that extends its enclosing schema is one recursive type.
    let out = codegen::generate(&read("inline_allof_extends_enclosing.yaml"), &options())
        .expect("generates");
    let types = out.file("src/types.rs").expect("types.rs");
    assert!(
        types.contains("pub a: ::std::option::Option<PetA>,"),
        "{types}"
    );
    assert!(
        types.contains("pub a: ::std::option::Option<::std::boxed::Box<PetA>>,"),
        "{types}"
    );
}
