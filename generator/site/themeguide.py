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
`themes_dir`, default `themes/`). The build renders exactly the templates listed under
[Templates](#templates); any other file in `templates/` (a `base.html` they extend, a
`macros.html` they import) is yours to organise.

## The rules

- **Autoescape is on** in every template, feeds included: `{{ value }}` is HTML-escaped. Values
  that are already HTML (a release's rendered content) are `Markup` and print as they are; never
  add `|safe` to anything else.
- **An undefined name is an error** (Jinja's `StrictUndefined`): a misspelt variable or attribute
  fails the build with the template's file and line, e.g.
  `themes/mine/templates/release.html:12: template error while rendering en/2024/04/x/index.html: …`.
  Test an optional value with `is not none` (attributes documented as `… | None`), never with
  `is defined`.
- **UI text comes from the string tables**: `t("key")` is the page language's string,
  `t("key", name=value)` fills its `{name}` placeholders, and `strings["ko"]("key")` reads another
  language's table. A key missing from a table is an error naming the key and the language. Keep
  the same keys in every language's file.
- **URLs are relative to the site root**, without a leading slash (`en/2024/04/a-release/`), and
  percent-encoded. Print them after `root`, the way from the current page to the site root
  (`../../../`), so the site works under any base path and from a copy on disk:
  `<a href="{{ root }}{{ page.release.url }}">`. Only the 404 page, served at any depth, gets the base
  path (`/pressroom/`) as its `root`.
- **Feeds use absolute URLs**: `absolute(url)` prefixes a root-relative URL with the site's base
  URL (`https://example.github.io/pressroom/en/…`); links inside a release's content in a feed
  are made absolute with the `absolutize(base)` filter.
- **Dates are formatted for you** in the page's language (`date_text`, a feed item's `date`);
  format a date in a template only for machines (`{{ release.date }}` is ISO, for `datetime=`).
- A template receives `page` and the names in the next section, and nothing else.
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
- The default theme's blocks: `base.html` has `head`, `og_type`, `content` and `footer`;
  `release.html` has `release_footer` (the tags under a release) and `related` (related releases).
- Editing a site template re-renders every page: the build's fingerprint covers the theme and the
  site's `templates/` folder.
"""
