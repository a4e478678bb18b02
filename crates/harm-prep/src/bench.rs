//! What `harm-prep bench` measures beyond time.

/// The process's peak resident memory in kB (`VmHWM` of /proc/self/status),
/// or `None` where there is no such file.
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
