"""The prose of docs/themes.md around the generated tables (generator/site/themedocs.py).

It lives here, not in the page model, because it describes the rules of the renderer and the
loader (generator/site/render.py, generator/site/loader.py) rather than any one class.
"""

from __future__ import annotations

INTRODUCTION = """
# Writing a Pressroom theme

<!-- Generated from the page model (generator/site/model.py, generator/site/pages.py) by
     `pressroom docs` (generator/site/themedocs.py); do not edit.
     A test fails when this file and the model disagree: run `pressroom docs` (or `make docs`). -->

A theme turns Pressroom's page objects into HTML and RSS. This file is everything a theme author
needs: the folder layout, the rules templates follow, the names every template receives, and,
per template, the page object it is given, with every attribute's type and meaning.

## A theme's folder

```
themes/<name>/
  templates/        Jinja2 templates, one per page kind (listed below), plus any you extend or import
  static/           copied as it is to static/ at the site root (style.css, scripts, images)
  strings/en.yaml   the UI strings of each language: flat `key: text`, `{name}` placeholders
  strings/ko.yaml
```

A site picks its theme with `theme = "<name>"` in `[tool.pressroom]` (themes are looked up in
`themes_dir`, default `themes/`; a relative `themes_dir` is read from the folder that holds
`pyproject.toml`, not from the current directory). A site whose `image` setting names a
preview image (`image = "static/og.png"`, the default project's) needs that file in the theme's
`static/` folder: the build stops with the setting's line until it is there. The build needs
exactly the templates listed under [Templates](#templates); any other file in `templates/` (a
`base.html` they extend, a `macros.html` they import) is yours to organise, and an error in it
names its file and line when a page uses it.

## The rules

- **Autoescape is on** in every template, feeds included: `{{ value }}` is HTML-escaped. Values
  that are already HTML (a release's rendered content) are `Markup` and print as they are. The
  one plain string to print with `|safe` is a stats chart's drawing, `StatsChart.svg`, which the
  build makes from numbers and escapes itself; never add `|safe` to anything else.
- **An undefined name is an error** (Jinja's `StrictUndefined`): a misspelt variable or attribute
  fails the build with the template's file and line, e.g.
  `themes/mine/templates/release.html:12: template error while rendering en/2024/04/x/index.html: …`.
  Test an optional value with `is not none` (attributes documented as `… | None`), never with
  `is defined`.
- **UI text comes from the string tables**: `t("key")` is the page language's string,
  `t("key", name=value)` fills its `{name}` placeholders, and `strings["ko"]("key")` reads another
  language's table. A key missing from a table is an error naming the key and the language, and
  a placeholder the call does not fill is an error naming the file, line and key. Keep the same
  keys in every language's file. Besides your own keys, every table needs the
  [build strings](#build-strings): the build checks them all when it loads the tables.
- **URLs are relative to the site root**, without a leading slash (`en/2024/04/a-release/`), and
  percent-encoded. Print them after `root`, the way from the current page to the site root
  (`../../../`), so the site works under any base path and from a copy on disk:
  `<a href="{{ root }}{{ page.release.url }}">`. Only the 404 page, served at any depth, gets the base
  path (`/pressroom/`) as its `root`. Check a theme built for a sub-path
  (`pressroom build --base-url https://example.org/some/sub/path/`, then `pressroom check`): at
  a root base URL a link written `/en/…` still resolves, and only there.
- **Feeds and metadata use absolute URLs**: `absolute(url)` prefixes a root-relative URL with
  the site's base URL (`https://example.github.io/pressroom/en/…`). Use it for the canonical
  link, hreflang alternates and `og:url` (`<link rel="canonical" href="{{ absolute(page.url) }}">`)
  and everywhere in feeds.
- **A release's HTML in a feed**: write
  `<content:encoded>{{ release.content|absolutize(absolute(release.url)) }}</content:encoded>`
  (or the same in `<description>`). `absolutize` makes the links inside the HTML absolute and
  returns plain text, never Markup, so autoescape escapes the HTML exactly once, as RSS
  requires; add no `|e`, `|forceescape` or `|safe`.
- **Plain text in a feed**: readers show an RSS `<title>` and `<description>` as HTML, so text
  escaped once would reach them as markup (a title `T <img src=x onerror=…>` as an image). Write
  every title, and a summary in `<description>`, through `feedtext`:
  `<title>{{ release.title|feedtext }}</title>`, `<description>{{ release.summary|feedtext }}</description>`,
  and the channel's `{{ page.title|feedtext }}` and `{{ page.description|feedtext }}`.
- **Dates are formatted for you** in the page's language (`date_text`, a feed item's `date`);
  format a date in a template only for machines (`{{ release.date }}` is ISO, for `datetime=`).
- A template receives `page` and the names in the next section, and nothing else. Links to a
  language's home, indexes, search page and feed are on `site` (`site.home_url`,
  `site.categories_url`, `site.tags_url`, `site.search_url`, `site.feed_url`).
"""

SEARCH = """
## Search

`pressroom build` writes a static search index to `search-index/` at the site root: per
language (`<html lang>` lowercased), a list of the indexed pages and the terms found in them,
split into small files the browser fetches as a query needs them, beside the search page's
script and style sheet (`pressroom-search.js`, `pressroom-search.css`). The search page
(`search.html`) puts one container where the search goes and includes those two files:

```html
{% block head %}
<link rel="stylesheet" href="{{ root }}search-index/pressroom-search.css">
{% endblock %}
…
<div class="search" data-pressroom-search data-root="{{ root }}" data-language="{{ page.lang }}"
     data-texts="{{ page.ui }}"></div>
<script src="{{ root }}search-index/pressroom-search.js" defer></script>
```

- **The container** (`data-pressroom-search`) is filled by the script: a search form (a label,
  a search box, a clear button), a status message, the results as an ordered list, five at a
  time, and a button for more. `data-root` is `root`: every address the script fetches or
  links to starts from it, so the site works under any base path. `data-language` chooses
  the index (`search-index/<lang>/`), so each language's search finds its own releases.
  `data-texts` is `page.ui`. A `?q=` in the page's address runs that query on load (OpenSearch
  links there), and searching keeps `?q=` up to date.
- **Restyling**: the script's elements have the classes `pressroom-search__form`, `__label`,
  `__input`, `__clear`, `__message`, `__results`, `__result`, `__link`, `__excerpt` and
  `__more`; matches in an excerpt are `<mark>`. `pressroom-search.css` gives them neutral
  styles that weigh nothing (`:where()`), so any rule of the theme's own style sheet wins; or
  set its custom properties (`--pressroom-search-border`, `--pressroom-search-rule`,
  `--pressroom-search-muted`, `--pressroom-search-focus`, `--pressroom-search-mark`) on `.search`.
- **`page.ui`** is a JSON object of the texts, from the `search_*`
  [build strings](#build-strings): `placeholder`, `search_label`, `clear_search`, `load_more`,
  `zero_results`, `many_results`, `one_result`, `searching` and `unavailable`. The script
  fills in `[SEARCH_TERM]` (the typed query) and `[COUNT]`.
- **What is indexed**: the element marked `data-pagefind-body` (the attribute keeps
  Pagefind's name, so themes written for it keep working). Mark a release's article
  (`<article data-pagefind-body>` in `release.html`) and nothing else, so lists and navigation
  never show up in results; `data-pagefind-ignore` on an element inside it leaves that element
  out (the date line), as are `<script>` and `<style>`. A result's title is the first `<h1>`
  inside the marked element (else the page's `<title>`); its excerpt is read from the same text.
  Pages without the mark are not indexed, unless no page of the site has it: then every
  page's `<body>` is.
- **Add no script of your own for search**, and nothing from another host: the page needs only
  the two files. Without JavaScript the container stays empty; say so in a `<noscript>`.
- **`build --no-search`** writes no `search-index/` folder, so the search page finds nothing.
  `pressroom check` then does not report links into `search-index/` (for any theme); when the
  folder exists, they are checked like every other link. A later build without `--no-search`
  adds the index.
"""

OVERRIDES = """
## Overriding a template or one block

A site can change a theme without copying it. Templates are looked up first in the site's own
`templates/` folder (setting `templates_dir`), then in the theme's `templates/`; the theme's
templates are also always reachable under the prefix `theme/`.

- **Replace a template**: put a file of the same name in the site's `templates/`
  (`templates/home.html`). It may still `{% extends "base.html" %}` and import `macros.html` from
  the theme.
- **Replace one block**: a site template can extend the theme's own version of itself and
  override only the blocks it changes. A site's `templates/release.html` can be just:

  ```jinja
  {% extends "theme/release.html" %}
  {% block release_footer %}
  <footer class="release-footer">{{ t("tags") }}:
  {% for tag in page.release.tags %}<a href="{{ root }}{{ tag.url }}">{{ tag.label }}</a> {% endfor %}
  </footer>
  {% endblock %}
  ```

  `{{ super() }}` inside the block prints the theme's version of it. Extending `"release.html"`
  instead would find the site's file itself again; always extend `"theme/<name>"`.
- A `{% set %}` inside a block is not visible inside the blocks nested in it, nor in a site's
  override of them: each block renders with the template's context alone (standard Jinja; the
  default theme's `release_footer` sits inside `content`, so it reads `page.release`, not the
  `release` that `content` sets). Set the name again inside the nested block, or at the top of
  the template, outside every block, where every block sees it.
- The default theme's blocks: `base.html` has `head`, `og_type`, `content` and `footer`;
  `release.html` has `release_footer` (the tags under a release), `cite` (the reference and
  BibTeX) and `related` (related releases).
- A block must be one the template it extends has, somewhere up the chain: Jinja would render a
  misspelt `{% block contnet %}` nowhere, without a word, so the build stops at its line
  (`release.html:4: template error: block 'contnet' is in no template this one extends
  ('base.html' and up), so it would never show; did you mean 'content'?`). A block nested inside
  another block is the template's own and needs no parent.
- Editing a site template re-renders every page: the build's fingerprint covers the theme and the
  site's `templates/` folder.
"""
