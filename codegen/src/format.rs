//! Token streams to source text: prettyplease, a preamble, and a blank line between items.
//!
//! Each item is printed on its own, so the text of a file is the text of its parts joined:
//! [`format_file`] prints the preamble, the inner attributes and the first items, and
//! [`format_items`] the items of a later part (emitted and formatted on another thread).

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
    push_items(&mut out, file, items);
    Ok(out)
}

/// Formats `tokens` (items only, no inner attributes) as the continuation of a file that
/// [`format_file`] began: each item after a blank line.
///
/// # Errors
/// When the tokens do not parse as items, which is a bug in the emitters.
pub fn format_items(tokens: TokenStream) -> Result<String, syn::Error> {
    let mut file: syn::File = syn::parse2(tokens)?;
    let items = std::mem::take(&mut file.items);
    file.attrs.clear();
    let mut out = String::new();
    push_items(&mut out, file, items);
    Ok(out)
}

/// prettyplease separates items with no blank line; one item at a time gives us one.
fn push_items(out: &mut String, mut file: syn::File, items: Vec<syn::Item>) {
    for item in items {
        file.items = vec![item];
        out.push('\n');
        out.push_str(&prettyplease::unparse(&file));
    }
}
