//! The site says the data-availability thresholds in words from the
//! published recipe with a small reader in the core (no TOML library in the
//! WebAssembly); it must read the same thresholds the build rates with.

use std::path::Path;

#[test]
fn the_site_reads_the_thresholds_the_build_uses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for recipe in [root.join("data/recipe.toml"), root.join("crates/harm-prep/tests/fixtures/recipe.toml")] {
        let built = harm_prep::recipe::read_recipe(&recipe).unwrap().rag;
        let text = std::fs::read_to_string(&recipe).unwrap();
        let read = harm_core::availability::thresholds_from_recipe(&text).unwrap_or_else(|e| panic!("{}: {e}", recipe.display()));
        assert_eq!(read, built, "{}", recipe.display());
    }
}
