//! The summary of a finished schemathesis run, read from its JSON report.

use std::fmt;

use super::{Context, Error};

/// The numbers of a finished schemathesis run, read from its JSON report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Operations tested.
    pub operations: u64,
    /// Test cases generated and sent.
    pub test_cases: u64,
    /// Test cases with at least one failed check.
    pub failed_cases: u64,
    /// Distinct failures, e.g. `ST201 Schema-violating request accepted (1)`.
    pub failures: Vec<String>,
    /// Errors (network errors, timeouts, ...) of requests to the server.
    pub errors: u64,
    /// Seconds the run took, as schemathesis measured it.
    pub seconds: f64,
    /// Test-case findings that are gaps of the spec rather than failures of the server (see
    /// [`super::findings`]); not counted in `failed_cases`.
    pub spec_gaps: u64,
    /// Operations schemathesis could not generate requests for ("Schema Error": a part of
    /// the schema it does not support); not counted in `errors`.
    pub untestable: u64,
    /// Test-case findings that are known limitations of the generator (see
    /// [`super::known`]); not counted in `failed_cases`.
    pub known: u64,
    /// Errors inside schemathesis that sent no request: exceptions ("Runtime Error", with
    /// their traceback in its log) and media types it cannot write ("Serialization not
    /// possible"); not counted in `errors`.
    pub tool_errors: u64,
}

impl Summary {
    /// Whether the run found nothing wrong.
    pub fn passed(&self) -> bool {
        self.failed_cases == 0 && self.failures.is_empty() && self.errors == 0
    }

    /// Reads the summary out of a schemathesis JSON run report (`--report json`).
    ///
    /// # Errors
    /// When the text is not JSON or lacks the `test_cases` counts.
    pub fn from_json_report(text: &str) -> Result<Summary, Error> {
        let report: serde_json::Value =
            serde_json::from_str(text).context(|| "the JSON report is not JSON".to_owned())?;
        let count = |pointer: &str| report.pointer(pointer).and_then(serde_json::Value::as_u64);
        let test_cases = count("/test_cases/generated")
            .ok_or_else(|| Error("the JSON report has no test_cases.generated".to_owned()))?;
        let failures = report["failures"]
            .as_array()
            .map(|list| list.iter().map(describe_failure).collect())
            .unwrap_or_default();
        let errors_titled = |wanted: &dyn Fn(Option<&str>) -> bool| -> u64 {
            report["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| wanted(e["title"].as_str()))
                .map(|e| e["count"].as_u64().unwrap_or(1))
                .sum()
        };
        // Errors of schemathesis's own, where no request reached the server: a schema part it
        // does not support, an exception, a media type it has no serializer for.
        const TOOL: [Option<&str>; 3] = [
            Some("Schema Error"),
            Some("Runtime Error"),
            Some("Serialization not possible"),
        ];
        let errors = errors_titled(&|title| !TOOL.contains(&title));
        let untestable = errors_titled(&|title| title == TOOL[0]);
        let tool_errors = errors_titled(&|title| TOOL[1..].contains(&title));
        Ok(Summary {
            operations: count("/operations/tested").unwrap_or(0),
            test_cases,
            failed_cases: count("/test_cases/with_failures").unwrap_or(0),
            failures,
            // Test cases that errored count schemathesis's own errors too.
            errors: errors.max(
                count("/test_cases/errored")
                    .unwrap_or(0)
                    .saturating_sub(tool_errors),
            ),
            seconds: report["running_time"].as_f64().unwrap_or(0.0),
            spec_gaps: 0,
            untestable,
            known: 0,
            tool_errors,
        })
    }
}

/// `ST201 Schema-violating request accepted (1)` from one entry of the report's `failures`.
fn describe_failure(failure: &serde_json::Value) -> String {
    let text = |key: &str| failure[key].as_str().unwrap_or("?");
    format!(
        "{} {} ({})",
        text("code"),
        text("title"),
        failure["count"].as_u64().unwrap_or(0)
    )
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} operation(s), {} test cases, {} failing, {} unique failure(s), {} error(s) in {:.1}s",
            self.operations,
            self.test_cases,
            self.failed_cases,
            self.failures.len(),
            self.errors,
            self.seconds
        )?;
        if self.known > 0 {
            write!(f, "; {} finding(s) of known limitations", self.known)?;
        }
        if self.untestable > 0 {
            write!(
                f,
                "; {} operation(s) schemathesis could not generate requests for",
                self.untestable
            )?;
        }
        if self.spec_gaps > 0 {
            write!(
                f,
                "; {} finding(s) where the spec documents no status for a refusal",
                self.spec_gaps
            )?;
        }
        if self.tool_errors > 0 {
            write!(
                f,
                "; {} error(s) inside schemathesis that sent no request (see schemathesis.log)",
                self.tool_errors
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_numbers_of_a_json_report() {
        let text = r#"{"running_time": 2.5, "operations": {"tested": 1},
            "test_cases": {"generated": 564, "with_failures": 1, "errored": 0},
            "failures": [{"code": "ST201", "title": "Schema-violating request accepted", "count": 1}],
            "errors": [{"title": "Runtime Error", "count": 1}, {"title": "Schema Error", "count": 3},
                {"title": "Serialization not possible", "count": 1}]}"#;
        let summary = Summary::from_json_report(text).ok();
        let expected = Summary {
            operations: 1,
            test_cases: 564,
            failed_cases: 1,
            failures: vec!["ST201 Schema-violating request accepted (1)".to_owned()],
            errors: 0,
            seconds: 2.5,
            spec_gaps: 0,
            untestable: 3,
            known: 0,
            tool_errors: 2,
        };
        assert_eq!(summary, Some(expected));
        assert!(Summary::from_json_report("{}").is_err());
        let network = r#"{"test_cases": {"generated": 1}, "errors": [{"title": "Network Error", "count": 1}]}"#;
        let summary = Summary::from_json_report(network).ok();
        assert_eq!(summary.map(|s| (s.errors, s.passed())), Some((1, false)));
    }
}
