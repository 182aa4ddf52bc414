"""Related releases: up to five per release, in its own language, by shared tags, shared title
terms and closeness in date.

Linear in the archive's size: an inverted index maps each tag and title term to the releases
that have it (sorted by date), and a release is only ever compared with releases found through
its own tags and terms. A posting longer than POSTING_CAP (a tag like `industry` on half the
archive) contributes only the POSTING_CAP releases nearest in date, so the work per release is
bounded by (its tags + its terms) × POSTING_CAP whatever the archive's size. Rare features weigh
more (inverse document frequency), so sharing `hydrogen` says more than sharing `korea`.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .content import Release

RELATED_COUNT = 5
POSTING_CAP = 100
TAG_WEIGHT = 2.0  # a tag is a person's (or the vocabulary's) judgement; a title word is a hint
TERM_WEIGHT = 1.0
DATE_WEIGHT = 0.5  # at most half of one rare shared feature: closeness orders, it never decides alone
DATE_SCALE_DAYS = 180.0



def _words(text: str) -> list[str]:
    return text.split()


STOP_WORDS_EN = frozenset(_words("""
a about after against all also am an and any are as at be been before being between both but by
can could did do does during each for from further had has have he her here his how i if in into
is it its more most new no not of on once only or other our out over own same she should so some
such than that the their them then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your
"""))
# Korean particles and endings a title word may carry: 반도체가, 반도체를, 반도체의 → 반도체.
PARTICLES_KO = tuple(sorted(_words("""
은 는 이 가 을 를 의 에 와 과 도 로 으로 만 에서 에게 까지 부터 에는 에서는 으로는 로는 과의 와의
이며 이고 에도 에서의 으로의 로의 보다 처럼 하고 했다 한다 하는 위한 위해 대한 관한
"""), key=len, reverse=True))
STOP_WORDS_KO = frozenset(_words("위한 위해 대한 관한 및 등 통해 따른 관련 개최 발표"))
LATIN_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


def title_terms(title: str, lang: str) -> frozenset[str]:
    """The words of a title that can tie two releases together."""
    text = title.lower()
    terms = {word.split("'")[0].split("’")[0] for word in LATIN_WORD.findall(text)}
    terms = {t for t in terms if len(t) > 1 and not t.isdigit() and t not in STOP_WORDS_EN}
    if lang == "ko":
        for word in HANGUL_WORD.findall(text):
            for particle in PARTICLES_KO:
                if word.endswith(particle) and len(word) - len(particle) >= 2:
                    word = word[: -len(particle)]
                    break
            if len(word) >= 2 and word not in STOP_WORDS_KO:
                terms.add(word)
    return frozenset(terms)


@dataclass
class Stats:
    """How much work a run did: the scaling test counts comparisons rather than timing them."""

    comparisons: int = 0
    releases: int = 0
    capped_postings: set[str] = field(default_factory=set)


def related_releases(releases: Iterable[Release], count: int = RELATED_COUNT,
                     cap: int = POSTING_CAP, stats: Stats | None = None) -> dict[str, tuple[Release, ...]]:
    """Release path → its related releases, best first; the same input always gives the same lists."""
    per_lang: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        per_lang[release.lang].append(release)
    result: dict[str, tuple[Release, ...]] = {}
    for lang in sorted(per_lang):
        result.update(_related_in(per_lang[lang], lang, count, cap, stats or Stats()))
    return result


def _related_in(releases: list[Release], lang: str, count: int, cap: int,
                stats: Stats) -> dict[str, tuple[Release, ...]]:
    ordered = sorted(releases, key=lambda r: (r.date, r.path))  # postings come out in this order
    features: list[list[str]] = []
    postings: dict[str, list[int]] = defaultdict(list)
    for index, release in enumerate(ordered):
        own = [f"tag:{tag}" for tag in dict.fromkeys(release.tags)]
        own += [f"term:{term}" for term in sorted(title_terms(release.title, lang))]
        features.append(own)
        for feature in own:
            postings[feature].append(index)
    total = len(ordered)
    weights = {
        # log(N/df): a feature every release has says nothing, one on two releases says much
        feature: (TAG_WEIGHT if feature.startswith("tag:") else TERM_WEIGHT) * math.log(total / len(post))
        for feature, post in postings.items()
    }
    result: dict[str, tuple[Release, ...]] = {}
    for index, release in enumerate(ordered):
        stats.releases += 1
        scores: dict[int, float] = defaultdict(float)
        for feature in features[index]:
            post = postings[feature]
            if len(post) > cap:
                stats.capped_postings.add(feature)
                middle = bisect_left(post, index)
                post = post[max(0, middle - cap // 2): middle + cap // 2 + 1]
            stats.comparisons += len(post)
            weight = weights[feature]
            for other in post:
                scores[other] += weight
        scores.pop(index, None)
        # The date bonus is at most DATE_WEIGHT, so only candidates within DATE_WEIGHT of the
        # count-th best shared-feature score can reach the top: rank just those in full.
        best = heapq.nlargest(count, scores.values())
        floor = best[-1] - DATE_WEIGHT - 1e-9 if best else 0.0
        contenders = [(other, score) for other, score in scores.items() if score >= floor]
        ranked = sorted(contenders, key=lambda item: _rank_key(release, ordered[item[0]], item[1]))
        result[release.path] = tuple(ordered[other] for other, _score in ranked[:count])
    return result


def _rank_key(release: Release, other: Release, score: float) -> tuple[float, int, str]:
    days = abs((release.date - other.date).days)
    total = score + DATE_WEIGHT * math.exp(-days / DATE_SCALE_DAYS)
    # Rounded so that float noise never decides an order; then newest first, then path.
    return (-round(total, 9), -other.date.toordinal(), other.path)
