//! The generator's settings: open or closed enums, chrono or time, which modules.

use codegen::{DateTimeCrate, EnumStyle, Options, Outputs, Settings, generate};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Settings, version: "1"}
paths:
  /events:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Event'}
      responses:
        "200":
          description: the event
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Event'}
components:
  schemas:
    Level:
      type: string
      enum: [low, high]
    Event:
      type: object
      required: [at, level, day]
      properties:
        at: {type: string, format: date-time}
        ended: {type: string, format: date-time, nullable: true}
        day: {type: string, format: date}
        level: {$ref: '#/components/schemas/Level'}
        mode:
          allOf: [{$ref: '#/components/schemas/Level'}]
          default: high
"#;

fn generate_with(settings: Settings) -> codegen::Generated {
    let options = Options {
        settings,
        ..Options::new("settings", "settings.yaml")
    };
    generate(SPEC, &options).unwrap_or_else(|d| panic!("{}", d.render("settings.yaml")))
}

#[test]
fn open_enums_keep_unknown_values_by_default() {
    let out = generate_with(Settings::default());
    let types = out.file("src/types.rs").expect("types");
    assert!(types.contains("Unknown(::std::string::String)"), "{types}");
    assert!(
        types.contains("::chrono::DateTime<::chrono::FixedOffset>"),
        "{types}"
    );
    // A listed default is its variant.
    assert!(types.contains("Level::High"), "{types}");
}

#[test]
fn closed_enums_have_only_the_listed_values() {
    let out = generate_with(Settings {
        enums: EnumStyle::Closed,
        ..Settings::default()
    });
    let types = out.file("src/types.rs").expect("types");
    assert!(!types.contains("Unknown(::std::string::String)"), "{types}");
    assert!(types.contains("#[serde(rename = \"low\")]"), "{types}");
    assert!(types.contains("type Err = UnknownEnumValue;"), "{types}");
    assert!(
        types.contains("pub struct UnknownEnumValue(pub ::std::string::String);"),
        "{types}"
    );
    assert!(types.contains("::std::marker::Copy"), "{types}");
}

#[test]
fn the_time_crate_replaces_chrono() {
    let out = generate_with(Settings {
        date_time: DateTimeCrate::Time,
        ..Settings::default()
    });
    let types = out.file("src/types.rs").expect("types");
    assert!(
        types.contains(
            "#[serde(with = \"::time::serde::rfc3339\")]\n    pub at: ::time::OffsetDateTime,"
        ),
        "{types}"
    );
    assert!(
        types.contains("with = \"::time::serde::rfc3339::option\""),
        "{types}"
    );
    assert!(types.contains("pub day: ::time::Date,"), "{types}");
    assert!(!types.contains("chrono"), "{types}");
    assert!(
        out.file("Cargo.toml").expect("manifest").contains("time"),
        "the manifest depends on time"
    );
}

#[test]
fn the_time_crate_refuses_date_times_it_cannot_write() {
    let spec = SPEC.replace(
        "at: {type: string, format: date-time}",
        "at: {type: array, items: {type: string, format: date-time}}",
    );
    let options = Options {
        settings: Settings {
            date_time: DateTimeCrate::Time,
            ..Settings::default()
        },
        ..Options::new("settings", "settings.yaml")
    };
    let errors = generate(&spec, &options).expect_err("a date-time in an array");
    assert!(
        errors
            .0
            .iter()
            .any(|d| d.pointer == "/components/schemas/Event"
                && d.message.contains("`time` setting")),
        "{errors}"
    );
}

#[test]
fn outputs_can_leave_out_the_client_and_the_server() {
    let out = generate_with(Settings {
        outputs: Outputs {
            client: false,
            server: false,
        },
        ..Settings::default()
    });
    let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/lib.rs",
            "src/types.rs",
            "api-surface.txt"
        ]
    );
    let manifest = out.file("Cargo.toml").expect("manifest");
    assert!(
        !manifest.contains("reqwest") && !manifest.contains("axum"),
        "{manifest}"
    );
    assert!(
        !out.file("src/lib.rs")
            .expect("lib")
            .contains("pub mod client")
    );

    let client_only = generate_with(Settings {
        outputs: Outputs {
            client: true,
            server: false,
        },
        ..Settings::default()
    });
    let paths: Vec<&str> = client_only.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/lib.rs",
            "src/types.rs",
            "src/client.rs",
            "api-surface.txt"
        ]
    );
}
