//! Token streams to source text: prettyplease, a preamble, and a blank line between items.

use proc_macro2::TokenStream;

/// The first line of every generated file; the xtask recognises generated files by it.
pub const GENERATED_MARKER: &str = "// @generated";

/// Formats `tokens` as a Rust file with the `@generated` preamble naming `source`.
///
/// # Errors
/// When the tokens do not parse as a file, which is a bug in the emitters, not in the spec.
pub fn format_file(tokens: TokenStream, source: &str) -> Result<String, syn::Error> {
    let mut file: syn::File = syn::parse2(tokens)?;
    let mut out = format!("{GENERATED_MARKER} by cargo xtask codegen from {source}; do not edit\n");
    let items = std::mem::take(&mut file.items);
    if !file.attrs.is_empty() {
        out.push('\n');
        out.push_str(&prettyplease::unparse(&file));
        file.attrs.clear();
    }
    // prettyplease separates items with no blank line; one item at a time gives us one.
    for item in items {
        file.items = vec![item];
        out.push('\n');
        out.push_str(&prettyplease::unparse(&file));
    }
    Ok(out)
}
