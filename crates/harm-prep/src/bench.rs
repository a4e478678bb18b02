//! What `harm-prep bench` measures beyond time.

/// The process's peak resident memory in kB (`VmHWM` of /proc/self/status),
/// or `None` where there is no such file.
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user and system, every thread) the process has used, in
/// seconds, from /proc/self/stat; `None` where there is no such file. On a
/// shared machine this measures work per core where wall time cannot.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces), from field 3.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // utime and stime are fields 14 and 15, in USER_HZ (100 per second on Linux).
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}
