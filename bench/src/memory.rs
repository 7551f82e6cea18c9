//! The peak resident memory of this process.

/// `VmHWM` (the high-water mark of the resident set) from `/proc/self/status`, in KiB, or
/// `None` where there is no procfs.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
