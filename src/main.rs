//! Community Harm Map: the browser app. Built for WebAssembly by Trunk; the
//! native build is empty so that native test runs compile no web crates.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(community_harm_map::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
