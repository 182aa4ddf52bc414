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
from sys import intern

from generator.content.release import Release

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


# The longest particle that leaves a stem of two or more syllables (the lazy stem finds it).
_PARTICLE_END = re.compile("(..+?)(?:" + "|".join(map(re.escape, PARTICLES_KO)) + ")")


def title_terms(title: str, lang: str) -> frozenset[str]:
    """The words of a title that can tie two releases together."""
    text = title.lower()
    terms = {word.split("'")[0].split("’")[0] for word in LATIN_WORD.findall(text)}
    terms = {t for t in terms if len(t) > 1 and not t.isdigit() and t not in STOP_WORDS_EN}
    if lang == "ko":
        for word in HANGUL_WORD.findall(text):
            stem = _PARTICLE_END.fullmatch(word)
            if stem is not None:
                word = stem.group(1)
            if len(word) >= 2 and word not in STOP_WORDS_KO:
                terms.add(word)
    return frozenset(terms)


def features(release: Release) -> tuple[str, ...]:
    """What a release can share with another: its tags and its title terms. Interned, so that a
    pickled table of them (the build state keeps one) stores each name once."""
    own = [intern(f"tag:{tag}") for tag in dict.fromkeys(release.tags)]
    return (*own, *(intern(f"term:{term}") for term in sorted(title_terms(release.title, release.lang))))


@dataclass
class Stats:
    """How much work a run did: the scaling test counts comparisons rather than timing them."""

    comparisons: int = 0
    releases: int = 0
    capped_postings: set[str] = field(default_factory=set)


class RelatedIndex:
    """One language's releases in date order, their features, and each feature's postings and
    weight: enough to rank the related releases of any of them, or of only a few."""

    def __init__(self, releases: Iterable[Release], cap: int = POSTING_CAP,
                 known: dict[str, tuple[str, ...]] | None = None) -> None:
        """`known`: features by path, of releases that did not change since they were taken."""
        self.ordered = sorted(releases, key=lambda r: (r.date, r.path))  # postings come out in this order
        self.cap = cap
        self.features: list[tuple[str, ...]] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        known = known or {}
        for index, release in enumerate(self.ordered):
            own = known.get(release.path) or features(release)
            self.features.append(own)
            for feature in own:
                self.postings[feature].append(index)
        total = len(self.ordered)
        self.weights = {
            # log(N/df): a feature every release has says nothing, one on two releases says much
            feature: (TAG_WEIGHT if feature.startswith("tag:") else TERM_WEIGHT) * math.log(total / len(post))
            for feature, post in self.postings.items()
        }

    def sharing(self, feature_names: Iterable[str]) -> set[str]:
        """The paths of the releases that have any of these features."""
        return {self.ordered[i].path for name in feature_names for i in self.postings.get(name, ())}

    def ranked(self, count: int = RELATED_COUNT, only: set[str] | None = None,
               stats: Stats | None = None) -> dict[str, tuple[Release, ...]]:
        """Path → related releases, best first, for every release or for those in `only`."""
        stats = stats or Stats()
        ordered, cap, half = self.ordered, self.cap, self.cap // 2
        postings, weights, features_of = self.postings, self.weights, self.features
        result: dict[str, tuple[Release, ...]] = {}
        for index, release in enumerate(ordered):
            if only is not None and release.path not in only:
                continue
            stats.releases += 1
            scores: dict[int, float] = {}
            get = scores.get  # the innermost loop of the build's slowest step: keep it bare
            for feature in features_of[index]:
                post = postings[feature]
                if len(post) > cap:
                    stats.capped_postings.add(feature)
                    middle = bisect_left(post, index)
                    post = post[max(0, middle - half): middle + half + 1]
                stats.comparisons += len(post)
                weight = weights[feature]
                for other in post:
                    scores[other] = get(other, 0.0) + weight
            scores.pop(index, None)
            # The date bonus is at most DATE_WEIGHT, so only candidates within DATE_WEIGHT of the
            # count-th best shared-feature score can reach the top: rank just those in full.
            best = heapq.nlargest(count, scores.values())
            floor = best[-1] - DATE_WEIGHT - 1e-9 if best else 0.0
            contenders = [(other, score) for other, score in scores.items() if score >= floor]
            ranked = sorted(contenders, key=lambda item: _rank_key(release, ordered[item[0]], item[1]))
            result[release.path] = tuple(ordered[other] for other, _score in ranked[:count])
        return result


def related_releases(releases: Iterable[Release], count: int = RELATED_COUNT,
                     cap: int = POSTING_CAP, stats: Stats | None = None) -> dict[str, tuple[Release, ...]]:
    """Release path → its related releases, best first; the same input always gives the same lists."""
    per_lang: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        per_lang[release.lang].append(release)
    result: dict[str, tuple[Release, ...]] = {}
    for lang in sorted(per_lang):
        result.update(RelatedIndex(per_lang[lang], cap).ranked(count, stats=stats or Stats()))
    return result


def _rank_key(release: Release, other: Release, score: float) -> tuple[float, int, str]:
    days = abs((release.date - other.date).days)
    total = score + DATE_WEIGHT * math.exp(-days / DATE_SCALE_DAYS)
    # Rounded so that float noise never decides an order; then newest first, then path.
    return (-round(total, 9), -other.date.toordinal(), other.path)
