"""Categories and tags: the index of all of them with counts, and each one's paginated list."""

from __future__ import annotations

from generator.site.archive import paginate
from generator.site.families.shared import FamilyContext
from generator.site.outfiles import OutputFile, html_file, page_url, term_path, url_of
from generator.site.pages import TermIndexPage, TermPage


def _plural(kind: str) -> str:
    return "categories" if kind == "category" else "tags"


def term_index_page(ctx: FamilyContext, lang: str, kind: str) -> OutputFile:
    t = ctx.strings[lang]
    plural = _plural(kind)
    vocab = ctx.archive.vocabulary
    terms = vocab.categories if kind == "category" else vocab.tags
    index = (ctx.archive.by_category if kind == "category" else ctx.archive.by_tag)[lang]
    listing = tuple(ctx.term(kind, term_id, lang, len(index[term_id]))
                    for term_id in terms if term_id in index)
    if kind == "tag":  # grouped by kind (country, sector …), each group in vocabulary order
        kinds = list(dict.fromkeys(term.kind for term in terms.values()))
        listing = tuple(sorted(listing, key=lambda view: kinds.index(view.group)))
    url = f"{lang}/{plural}/"
    # literal build string keys (generator/site/buildstrings.py; a test reads these calls)
    title = t("title_categories") if kind == "category" else t("title_tags")
    description = t("description_categories") if kind == "category" else t("description_tags")
    page = TermIndexPage(**ctx.common(lang, url, title, description,
                                      {c: f"{c}/{plural}/" for c in ctx.archive.languages}, (),
                                      json_ld=ctx.breadcrumbs(lang, (title, url))),
                         kind=kind, terms=listing)
    return html_file(page, url, "taxonomy.html")


def term_list_pages(ctx: FamilyContext, lang: str, kind: str) -> list[OutputFile]:
    """Each term's list, page by page, for the terms with releases in the language."""
    t = ctx.strings[lang]
    languages = ctx.archive.languages
    vocab = ctx.archive.vocabulary
    terms = vocab.categories if kind == "category" else vocab.tags
    index = ctx.archive.by_category if kind == "category" else ctx.archive.by_tag
    files = []
    for term_id, term in terms.items():
        if term_id not in index[lang]:
            continue
        base = term_path(lang, kind, term_id)
        label = term.label(lang)
        category = kind == "category"
        feed = ctx.feed_link(lang, kind, base, label)
        index_title = t("title_categories") if category else t("title_tags")
        index_path = f"{lang}/{_plural(kind)}/"
        description = t("description_category", name=label) if category else t("description_tag", name=label)
        chunks = paginate(index[lang][term_id], ctx.settings.page_size)
        counts = {c: len(index[c].get(term_id, ())) for c in languages}
        present = {c: term_path(c, kind, term_id) for c in languages if counts[c]}
        view = ctx.term(kind, term_id, lang, counts[lang])
        for number, chunk in enumerate(chunks, 1):
            group = f"{kind}:{term_id}:{lang}:{number}"
            if not ctx.wants(group):
                continue
            url = page_url(base, number)
            title = t("title_category", name=label) if category else t("title_tag", name=label)
            if number > 1:
                title = t("title_paged", title=title, number=number)
            alternates = ctx.list_alternates(present, counts, number)
            crumbs = ctx.breadcrumbs(lang, (index_title, index_path), (title, url))
            page = TermPage(**ctx.common(lang, url, title, description, alternates, (feed,), json_ld=crumbs),
                            kind=kind, term=view, total=counts[lang], releases=ctx.views(chunk),
                            pagination=ctx.pagination(base, number, len(chunks)),
                            index_url=url_of(index_path))
            files.append(html_file(page, url, "list.html", group))
    return files
