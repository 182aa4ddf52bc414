# Pelican settings for the benchmark: the features Pressroom's build has, nothing more.
# English is the main site; i18n_subsites builds the Korean one under ko/ in the same run.
SITENAME = "MOTIE Press Releases"
SITEURL = "http://127.0.0.1:8000"  # absolute links in feeds; pages stay relative
TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %d, %Y"

PLUGINS = ["i18n_subsites"]
I18N_SUBSITES = {"ko": {"SITENAME": "산업통상자원부 보도자료"}}
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}

# Every list paginated by 20: latest, categories, tags.
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None, "period_archives": None}

ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""

# RSS only (as Pressroom), full text, newest 50: site, per category, per tag.
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = False
FEED_ALL_ATOM = None
FEED_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_ALL_RSS = "feed.xml"
CATEGORY_FEED_RSS = "category/{slug}/feed.xml"
TAG_FEED_RSS = "tag/{slug}/feed.xml"

# A cold build every time: the benchmark times the work, not a cache.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = True
