"""A release and its file: the Release type with its page and content path rules (release),
its text read and written (frontmatter), the files content/ holds (files) and what a page bundle
holds besides its release (bundles), the vocabulary and its
compiled rules (vocabulary, rules), what the build and `check` both validate (validation), and
Markdown bodies (markup, bodies)."""
