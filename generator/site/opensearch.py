"""OpenSearch descriptions (https://github.com/dewitt/opensearch), one per language
(`en/opensearch.xml`), so a browser can add the archive's search: its URL template opens the
language's search page with the query in `q`, which the search page reads (searchclient.js).
Every URL is absolute, from the base URL, so it works under a GitHub Pages sub-path.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from generator.config import Settings
from generator.site.outfiles import OutputFile

SHORT_NAME = 16  # characters at most, says the specification
DESCRIPTION = 1024
QUERY_PARAMETER = "q"  # what the search page reads


def opensearch_files(settings: Settings) -> list[OutputFile]:
    """`<lang>/opensearch.xml` for every language; its data is all it shows."""
    return [OutputFile(f"{lang}/opensearch.xml", f"{lang}/opensearch.xml", "opensearch", lang, None,
                       (lang, settings.title[lang], settings.description[lang]))
            for lang in settings.languages]


def short_name(title: str) -> str:
    """The site's title cut to the specification's 16 characters, at a word where it can be."""
    if len(title) <= SHORT_NAME:
        return title
    words = title[:SHORT_NAME + 1].split(" ")
    kept = " ".join(words[:-1]).strip()
    return kept if kept else title[:SHORT_NAME]


def render_opensearch(base_url: str, data: tuple[str, str, str]) -> str:
    lang, title, description = data
    search = f"{base_url}{lang}/search/?{QUERY_PARAMETER}={{searchTerms}}"
    own = f"{base_url}{lang}/opensearch.xml"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
            f"<ShortName>{xml_escape(short_name(title))}</ShortName>\n"
            f"<LongName>{xml_escape(title[:48])}</LongName>\n"
            f"<Description>{xml_escape(description[:DESCRIPTION] or title)}</Description>\n"
            f"<Language>{xml_escape(lang)}</Language>\n"
            "<InputEncoding>UTF-8</InputEncoding>\n"
            "<OutputEncoding>UTF-8</OutputEncoding>\n"
            f'<Url type="text/html" method="get" template={quoteattr(search)}/>\n'
            f'<Url type="application/opensearchdescription+xml" rel="self" template={quoteattr(own)}/>\n'
            "</OpenSearchDescription>\n")
