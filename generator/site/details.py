"""The theme contract, part three: what a release page shows besides the release's text and
terms (its photo, its attachments, whom to ask, how to cite it) and the open dataset's fields.

Frozen, documented dataclasses like those of generator/site/model.py (which names them in its
views); docs/themes.md documents them with the rest. URLs are relative to the site root.
"""

from __future__ import annotations

from dataclasses import dataclass

# the theme contract of this module
__all__ = ["AttachmentView", "Citation", "ContactView", "DataField", "ImageView"]


@dataclass(frozen=True, slots=True)
class ImageView:
    """An image: a release's photo (a file of its page bundle that its body shows) or the site's
    preview image (the `image` setting); link previews use it (`og:image`, `twitter:image`,
    JSON-LD `image`)."""

    url: str
    """The image's URL relative to the site root (`en/2024/04/chips-act/photo.jpg`,
    `static/og.png`); `absolute(url)` for metadata."""
    width: int
    """Its width in pixels (`og:image:width`)."""
    height: int
    """Its height in pixels (`og:image:height`)."""
    alt: str
    """Its text alternative, as the body or the setting gives it (may be empty for a photo)."""


@dataclass(frozen=True, slots=True)
class AttachmentView:
    """A file of a release's page bundle that its body does not show or link to (a PDF, an HWP
    file, a photo): listed under "Attachments"."""

    url: str
    """The file's URL, beside the release's page (`en/2024/04/chips-act/report.pdf`)."""
    name: str
    """Its file name below the bundle folder (`report.pdf`, `files/annex.hwp`)."""
    type: str
    """Its MIME type (`application/pdf`; `application/octet-stream` when unknown), for a link's
    `type` attribute and a feed's `<enclosure>`."""
    size_text: str
    """Its size in the page's language ("1.2 MB", "12 KB", "512 bytes" / "512바이트")."""
    bytes: int
    """Its size in bytes (an `<enclosure>`'s `length`)."""


@dataclass(frozen=True, slots=True)
class ContactView:
    """Who answers questions about a release (its front matter's `contact`). Each field is `""`
    where the front matter leaves it out; label them with the strings `contact`,
    `contact_department`, `contact_person`, `contact_phone` and `contact_email`."""

    department: str = ""
    """The department or office, e.g. "Trade Policy Division"."""
    person: str = ""
    """The person to ask."""
    phone: str = ""
    """A phone number, as written (for a `tel:` link, keep its digits and `+`)."""
    email: str = ""
    """An e-mail address (for a `mailto:` link)."""


@dataclass(frozen=True, slots=True)
class Citation:
    """How to cite a release (the "Cite this release" block), made in Python so every theme cites
    alike. The date the reader accessed the page is theirs to add."""

    text: str
    """A plain-text reference, APA-like: publisher (the site's title in the release's language),
    `(YYYY-MM-DD)`, title, absolute URL: `MOTIE Press Releases. (2024-04-23). Title. https://…`."""
    bibtex: str
    """The same as a BibTeX `@misc` entry (title, author and organization, year, month, url,
    language, note), `{}%&$#_^~\\` escaped; several lines, for a `<pre>`."""
    key: str
    """The BibTeX key, stable and unique in the site: from the translation key and the language
    (`2024-04-23-chips-act-en`)."""


@dataclass(frozen=True, slots=True)
class DataField:
    """One column of the open dataset, as the data page explains it (its meaning is the theme's
    `data_field_<name>` string)."""

    name: str
    """The column's name in the files; `page.fields` gives every column in order:
    `translation_key`, `lang`, `date`, `updated`, `title`, `category`, `category_label`, `tags`,
    `url`, `translations`, `summary`, then, in releases.jsonl only, `text` and `markdown`. A theme
    that explains them (the default theme's data.html) needs its own string per name, such as
    `data_field_title`; those are theme strings, not build strings."""
    type: str
    """Its Frictionless Table Schema type in the CSV: `string` or `date`."""
    jsonl_only: bool = False
    """Whether only releases.jsonl has it (the full text, as plain text and as Markdown)."""
