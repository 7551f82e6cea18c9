//! What schemathesis found, per operation, read from its JUnit report; and which findings are
//! gaps of the spec rather than faults of the server.
//!
//! A server must refuse an invalid request with a 4xx (`negative_data_rejection`) and a
//! request without credentials with 401 or 403 (`ignored_auth`); `status_code_conformance`
//! wants every status documented. When an operation documents no response that covers such a
//! refusal, no server can pass both: the refusal's "undocumented status code" (ST103) is then
//! reported as a gap of the spec, not counted as a failure.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use codegen::model::ResponseStatus;

use super::limits::{CaseText, Limit, OperationFacts, limit_of};

/// One kind of failure schemathesis found in an operation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The failure code, e.g. `ST103`.
    pub code: String,
    /// Its title, e.g. `Undocumented status code`.
    pub title: String,
    /// The response status of the failing test cases, when the report gives one.
    pub status: Option<u16>,
}

/// The findings of one operation, counted by failing test case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperationFindings {
    /// Failures of the server, with how many test cases showed each.
    pub failures: BTreeMap<Finding, u32>,
    /// Refusals with a status the spec documents nothing for, with how many test cases.
    pub spec_gaps: BTreeMap<Finding, u32>,
    /// Findings no server of the generated types can avoid ([`Limit`]), with how many test
    /// cases.
    pub limits: BTreeMap<(Finding, Limit), u32>,
}

/// The findings of every operation that has some, by label (`GET /pets/{id}`).
pub type Findings = BTreeMap<String, OperationFindings>;

/// Reads the JUnit report; `facts` gives what the rules need of each operation by label
/// (its documented statuses, its form properties).
///
/// # Errors
/// When the text is not XML.
pub fn read_junit(
    text: &str,
    facts: &BTreeMap<String, OperationFacts>,
) -> Result<Findings, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("the JUnit report: {e}"))?;
    let mut out = Findings::new();
    let none = OperationFacts::default();
    for case in doc.descendants().filter(|n| n.has_tag_name("testcase")) {
        let label = case.attribute("name").unwrap_or("?").to_owned();
        let facts = facts.get(&label).unwrap_or(&none);
        for failure in case.children().filter(|n| n.has_tag_name("failure")) {
            let text = failure.text().unwrap_or("");
            for (finding, case) in read_failure_text(text) {
                let entry = out.entry(label.clone()).or_default();
                if is_spec_gap(&finding, &facts.documented) {
                    *entry.spec_gaps.entry(finding).or_default() += 1;
                } else if let Some(limit) = limit_of(&case, facts) {
                    *entry.limits.entry((finding, limit)).or_default() += 1;
                } else {
                    *entry.failures.entry(finding).or_default() += 1;
                }
            }
        }
    }
    Ok(out)
}

/// The findings of a `<failure>` text: numbered test cases, each with `- STxxx Title` lines
/// (and their `Invalid component:` lines), the response's `[status] Reason:` line and the
/// `curl` line that reproduces the request.
fn read_failure_text(text: &str) -> Vec<(Finding, CaseText)> {
    let mut out = Vec::new();
    let mut case: Vec<(String, String, Option<String>)> = Vec::new();
    let mut status = None;
    let mut request = String::new();
    let mut response = String::new();
    let mut flush = |case: &mut Vec<(String, String, Option<String>)>,
                     status: Option<u16>,
                     request: &str,
                     response: &str| {
        for (code, title, component) in case.drain(..) {
            let text = CaseText {
                code: code.clone(),
                status,
                component,
                request: request.to_owned(),
                response: response.to_owned(),
            };
            out.push((
                Finding {
                    code,
                    title,
                    status,
                },
                text,
            ));
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if is_case_start(line) {
            flush(&mut case, status, &request, &response);
            status = None;
            request.clear();
            response.clear();
        } else if let Some(rest) = line.strip_prefix("- ST") {
            let (number, title) = rest.split_once(' ').unwrap_or((rest, ""));
            case.push((format!("ST{number}"), title.to_owned(), None));
        } else if let Some(rest) = line.strip_prefix("Invalid component: ") {
            if let Some(last) = case.last_mut() {
                last.2 = Some(rest.to_owned());
            }
        } else if line.starts_with("curl ") {
            line.clone_into(&mut request);
        } else if status.is_some() && response.is_empty() && line.starts_with('`') {
            line.trim_matches('`').clone_into(&mut response);
        } else if let Some(rest) = line.strip_prefix('[') {
            if status.is_none() {
                status = rest.get(..3).and_then(|s| s.parse().ok());
            }
        }
    }
    flush(&mut case, status, &request, &response);
    out
}

/// `1. Test Case ID: abc`.
fn is_case_start(line: &str) -> bool {
    line.split_once(". Test Case ID:")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Whether `finding` is an undocumented refusal the spec leaves no documented status for: a
/// 401 (missing credentials, which `ignored_auth` wants as 401 whatever the spec says) where
/// the operation documents none of 401, `4XX` and `default`, a 403 where it documents none of
/// 401, 403, `4XX` and `default`, or another
/// 4xx where it documents none of the statuses the server refuses invalid requests with (400,
/// 422, `4XX`, `default`): documenting only 404 or 409, say, says nothing of invalid input.
fn is_spec_gap(finding: &Finding, documented: &[ResponseStatus]) -> bool {
    let Some(status) = finding.status else {
        return false;
    };
    if finding.code != "ST103" || !(400..500).contains(&status) {
        return false;
    }
    let covers = |wanted: &dyn Fn(u16) -> bool| {
        documented.iter().any(|s| match *s {
            ResponseStatus::Code(c) => wanted(c),
            ResponseStatus::Range(r) => r == 4,
            ResponseStatus::Default => true,
        })
    };
    if status == 401 {
        !covers(&|c| c == 401)
    } else if status == 403 {
        !covers(&|c| c == 401 || c == 403)
    } else {
        !covers(&|c| c == 400 || c == 422)
    }
}

/// The findings as a Markdown report: a line per operation and finding.
pub fn render(findings: &Findings) -> String {
    let mut out = String::from("| operation | finding | status | test cases | counted |\n");
    out.push_str("|---|---|---|---|---|\n");
    for (label, op) in findings {
        let limits = op.limits.iter().map(|((finding, limit), cases)| {
            (finding, cases, format!("limit: {}", limit.reason()))
        });
        let rows = op
            .failures
            .iter()
            .map(|(f, n)| (f, n, "failure".to_owned()))
            .chain(
                op.spec_gaps
                    .iter()
                    .map(|(f, n)| (f, n, "spec gap".to_owned())),
            )
            .chain(limits);
        for (finding, cases, counted) in rows {
            let status = finding.status.map_or("-".to_owned(), |s| s.to_string());
            let _ = writeln!(
                out,
                "| `{label}` | {} {} | {status} | {cases} | {counted} |",
                finding.code, finding.title
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="schemathesis">
<testcase name="POST /pets"><failure type="failure" message="ST103">1. Test Case ID: a1

- ST103 Undocumented status code

    Received: 400
    Documented: 201

[400] Bad Request:

2. Test Case ID: b2

- ST103 Undocumented status code
- ST105 Undocumented Content-Type

[401] Unauthorized:
</failure></testcase>
<testcase name="GET /pets/{id}"><failure type="failure" message="ST103">1. Test Case ID: c3

- ST103 Undocumented status code

[422] Unprocessable Entity:
</failure></testcase>
<testcase name="GET /things/{id}"><failure type="failure" message="ST103">1. Test Case ID: d4

- ST103 Undocumented status code

[400] Bad Request:
</failure></testcase>
<testcase name="GET /secrets"><failure type="failure" message="ST103">1. Test Case ID: e5

- ST103 Undocumented status code

[401] Unauthorized:
</failure></testcase>
<testcase name="GET /pages"><failure type="failure" message="ST202">1. Test Case ID: f6

- ST202 Schema-valid request rejected

    Valid data should have been accepted

[400] Bad Request:

    `{}`

Reproduce with:

    curl -X GET 'http://127.0.0.1:1/pages?page=494871346047458947891200'
</failure></testcase>
<testcase name="POST /buckets"><failure type="failure" message="ST202">1. Test Case ID: g7

- ST202 Schema-valid request rejected

    Valid data should have been accepted

[400] Bad Request:

    `{"message":": invalid type: null, expected struct Bucket"}`

Reproduce with:

    curl -X POST -H 'Content-Type: application/json' -d null http://127.0.0.1:1/buckets
</failure></testcase>
<testcase name="GET /ok" />
</testsuite></testsuites>"#;

    #[test]
    fn counts_findings_per_operation_and_tells_spec_gaps_apart() {
        let facts = |documented: Vec<ResponseStatus>| OperationFacts {
            documented,
            ..OperationFacts::default()
        };
        let documented = BTreeMap::from([
            (
                "POST /pets".to_owned(),
                facts(vec![ResponseStatus::Code(201)]),
            ),
            (
                "GET /pets/{id}".to_owned(),
                facts(vec![ResponseStatus::Code(200), ResponseStatus::Code(400)]),
            ),
            (
                "GET /things/{id}".to_owned(),
                facts(vec![ResponseStatus::Code(200), ResponseStatus::Code(404)]),
            ),
            (
                "GET /secrets".to_owned(),
                facts(vec![ResponseStatus::Code(200), ResponseStatus::Code(403)]),
            ),
        ]);
        let findings = read_junit(REPORT, &documented).unwrap_or_default();
        let undocumented = |status| Finding {
            code: "ST103".to_owned(),
            title: "Undocumented status code".to_owned(),
            status: Some(status),
        };
        let pets = &findings["POST /pets"];
        // The operation documents no 4xx at all: its refusals are the spec's gaps.
        assert_eq!(pets.spec_gaps.get(&undocumented(400)), Some(&1));
        assert_eq!(pets.spec_gaps.get(&undocumented(401)), Some(&1));
        // A content type is never excused.
        assert_eq!(pets.failures.len(), 1);
        assert!(pets.failures.keys().all(|f| f.code == "ST105"));
        // 400 is documented, so a 422 is the server's fault.
        let pet = &findings["GET /pets/{id}"];
        // 404 alone says nothing of invalid input: a 400 there is the spec's gap.
        let things = &findings["GET /things/{id}"];
        assert_eq!(things.spec_gaps.get(&undocumented(400)), Some(&1));
        assert!(things.failures.is_empty());
        assert_eq!(pet.failures.get(&undocumented(422)), Some(&1));
        assert!(pet.spec_gaps.is_empty());
        // Missing credentials are refused with 401, which `ignored_auth` wants, though the
        // spec documents only 403.
        assert_eq!(
            findings["GET /secrets"].spec_gaps.get(&undocumented(401)),
            Some(&1)
        );
        // An integer no i64 holds is refused: a limit of the type, not a failure.
        let pages = &findings["GET /pages"];
        assert!(pages.failures.is_empty());
        let rejected = Finding {
            code: "ST202".to_owned(),
            title: "Schema-valid request rejected".to_owned(),
            status: Some(400),
        };
        assert_eq!(
            pages.limits.get(&(rejected.clone(), Limit::WideInteger)),
            Some(&1)
        );
        assert!(
            render(&findings).contains("| 400 | 1 | limit: an integer beyond the 64-bit range")
        );
        // `null` where the schema gives properties but no type: a limit of the struct.
        let buckets = &findings["POST /buckets"];
        assert!(buckets.failures.is_empty());
        assert_eq!(
            buckets.limits.get(&(rejected.clone(), Limit::NotAnObject)),
            Some(&1)
        );
        assert!(!findings.contains_key("GET /ok"));
        assert!(
            render(&findings)
                .contains("| `POST /pets` | ST103 Undocumented status code | 401 | 1 | spec gap |")
        );
    }
}
