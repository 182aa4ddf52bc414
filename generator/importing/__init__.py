"""`pressroom import`: dumps → one Markdown file per release."""
