//! What `harm-prep bench` measures beyond time.

/// The process's peak resident memory in kB (`VmHWM` of /proc/self/status),
/// or `None` where there is no such file.
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time the calling thread has used, in seconds (the first field of
/// /proc/thread-self/schedstat, in nanoseconds); `None` where there is no
/// such file. On a shared machine this measures work per core where wall
/// time cannot.
pub fn thread_cpu_seconds() -> Option<f64> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: u64 = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds as f64 / 1e9)
}
