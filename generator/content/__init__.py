"""A release and its file: front matter, vocabulary, Markdown."""
