//! Findings of a stub server's conformance run that are known limitations of the generator,
//! each with its reason (`xtask/conformance-known-findings.txt`): reported, not counted as
//! failures, so that the command fails on anything new. An entry that matches nothing is
//! reported as stale.

use super::findings::{Finding, Findings};

/// The list's path, relative to the workspace root.
pub const KNOWN_FINDINGS: &str = "xtask/conformance-known-findings.txt";

/// One entry: `SPEC | OPERATION | CODE | STATUS | REASON`, where SPEC is the spec's file name,
/// OPERATION a label (`GET /pets/{id}`) or `*`, STATUS a number or `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    spec: String,
    operation: Option<String>,
    code: String,
    status: Option<u16>,
    /// Why the generated server cannot do better.
    pub reason: String,
}

impl Known {
    fn matches(&self, spec: &str, label: &str, finding: &Finding) -> bool {
        self.spec == spec
            && self.operation.as_deref().is_none_or(|op| op == label)
            && self.code == finding.code
            && (self.status.is_none() || self.status == finding.status)
    }
}

/// Reads the list; blank lines and `#` comments are skipped.
///
/// # Errors
/// A line that is not five `|`-separated fields, with its number.
pub fn parse(text: &str) -> Result<Vec<Known>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(5, '|').map(str::trim).collect();
        let [spec, operation, code, status, reason] = fields[..] else {
            return Err(format!(
                "{KNOWN_FINDINGS}:{}: expected SPEC | OPERATION | CODE | STATUS | REASON",
                i + 1
            ));
        };
        let status = match status {
            "-" => None,
            s => Some(
                s.parse()
                    .map_err(|_| format!("{KNOWN_FINDINGS}:{}: bad status {s:?}", i + 1))?,
            ),
        };
        out.push(Known {
            spec: spec.to_owned(),
            operation: (operation != "*").then(|| operation.to_owned()),
            code: code.to_owned(),
            status,
            reason: reason.to_owned(),
        });
    }
    Ok(out)
}

/// A failure set aside: the operation, the finding, its test cases, and the list's reason.
pub type SetAside<'k> = (String, Finding, u32, &'k str);

/// Moves the failures of `spec` that `known` lists out of `findings`; returns them and the
/// entries for `spec` that matched nothing.
pub fn set_aside<'k>(
    findings: &mut Findings,
    spec: &str,
    known: &'k [Known],
) -> (Vec<SetAside<'k>>, Vec<&'k Known>) {
    let mut aside = Vec::new();
    let mut used = vec![false; known.len()];
    for (label, op) in findings.iter_mut() {
        op.failures.retain(|finding, cases| {
            let Some(i) = known.iter().position(|k| k.matches(spec, label, finding)) else {
                return true;
            };
            used[i] = true;
            aside.push((
                label.clone(),
                finding.clone(),
                *cases,
                known[i].reason.as_str(),
            ));
            false
        });
    }
    let stale = known
        .iter()
        .zip(used)
        .filter(|(k, used)| k.spec == spec && !used)
        .map(|(k, _)| k)
        .collect();
    (aside, stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::findings::OperationFindings;

    #[test]
    fn sets_aside_the_listed_failures_and_names_stale_entries() {
        let known = parse(
            "# comment\n\
             a.yaml | * | ST202 | 400 | integers beyond 64 bits\n\
             a.yaml | GET /x | ST201 | - | why\n\
             b.yaml | * | ST202 | 400 | other spec\n",
        )
        .unwrap_or_default();
        assert_eq!(known.len(), 3);
        assert!(parse("a.yaml | * | ST202").is_err());
        let finding = |code: &str, status| Finding {
            code: code.to_owned(),
            title: String::new(),
            status,
        };
        let mut findings = Findings::new();
        let mut op = OperationFindings::default();
        op.failures.insert(finding("ST202", Some(400)), 2);
        op.failures.insert(finding("ST105", Some(400)), 1);
        findings.insert("GET /y".to_owned(), op);
        let (aside, stale) = set_aside(&mut findings, "a.yaml", &known);
        assert_eq!(aside.len(), 1);
        assert_eq!(aside[0].3, "integers beyond 64 bits");
        assert_eq!(findings["GET /y"].failures.len(), 1);
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].reason, "why");
    }
}
