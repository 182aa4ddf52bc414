"""A synthetic bilingual archive in the dump format, for the benchmark.

N English and N Korean releases, built from the seed dumps' sentences (seeds/en, seeds/ko) and a
small bilingual word list (countries, sectors, agencies). Each Korean record is a rendering of one
English record: same date, same category line (or none), the same figures and acronyms in title
and body, and body sentences drawn from the Korean rendering of the same seed release; so the
importer's pairing has real work to do and should pair them all. Deterministic for a seed.

Output: <out>/en/synth_NNNN.txt and <out>/ko/synth_NNNN.ko.txt, ~1,000 records per file, newest
first like the real dumps, plus <out>/manifest.jsonl (one line per release: what the record means)
so the peers can be fed the same releases even before Pressroom's importer exists.

    python benchmarks/synth.py --releases 1000 --out benchmarks/work/dumps-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from slugify import slugify

REPO = Path(__file__).resolve().parent.parent
RECORDS_PER_FILE = 1000


def _words(table: str) -> list[tuple[str, str, str]]:
    """Rows of `English|Korean|id`."""
    return [tuple(line.split("|")) for line in table.strip().splitlines()]  # type: ignore[misc]


# (English, Korean, tag id): the vocabulary words the titles and extra sentences are made of.
COUNTRIES = _words("""
Japan|일본|japan
the United States|미국|united-states
China|중국|china
Germany|독일|germany
Vietnam|베트남|vietnam
Indonesia|인도네시아|indonesia
India|인도|india
Australia|호주|australia
Canada|캐나다|canada
the United Kingdom|영국|united-kingdom
France|프랑스|france
Saudi Arabia|사우디아라비아|saudi-arabia
the Philippines|필리핀|philippines
Thailand|태국|thailand
Mexico|멕시코|mexico
Brazil|브라질|brazil
Poland|폴란드|poland
the Netherlands|네덜란드|netherlands
Chile|칠레|chile
Kazakhstan|카자흐스탄|kazakhstan
Uzbekistan|우즈베키스탄|uzbekistan
Singapore|싱가포르|singapore
Malaysia|말레이시아|malaysia
Egypt|이집트|egypt
Spain|스페인|spain
Italy|이탈리아|italy
Sweden|스웨덴|sweden
Norway|노르웨이|norway
the UAE|아랍에미리트|uae
Peru|페루|peru
""")
SECTORS = _words("""
semiconductor|반도체|semiconductors
battery|이차전지|batteries
steel|철강|steel
shipbuilding|조선|shipbuilding
automobile|자동차|automobiles
hydrogen|수소|hydrogen
nuclear power|원전|nuclear
LNG|LNG|lng
petrochemical|석유화학|petrochemicals
display|디스플레이|displays
biohealth|바이오헬스|biohealth
defense|방산|defense
aerospace|항공우주|aerospace
robotics|로봇|robotics
AI|인공지능(AI)|ai
critical minerals|핵심광물|critical-minerals
renewable energy|재생에너지|renewables
textile|섬유|textiles
machinery|기계|machinery
power grid|전력망|power-grid
ICT|ICT|ict
advanced materials|첨단소재|advanced-materials
""")
ACRONYMS = ["KATS", "KOTRA", "KEPCO", "KOGAS", "KITA", "KIAT", "KEIT", "KEA", "IPEF", "RCEP", "CPTPP",
            "WTO", "APEC", "OECD", "KOSMO", "KSA", "KTL", "KETEP"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DEFAULT_CATEGORIES = _words("Industry|산업|industry\nTrade|통상|trade\nEnergy|에너지|energy")

# (English title, Korean title): {c}/{ck} country, {s}/{sk} sector, {a} acronym, figures {n} {p} {m} {y} {mo}
TITLES = [
    ("Korea and {c} hold {n}th {s} dialogue", "한-{ck}, 제{n}차 {sk} 대화 개최"),
    ("Korea's {s} exports climb {p}% in {moe}", "{mo}월 {sk} 수출 {p}% 증가"),
    ("{C} companies pledge USD {m} million {s} investment in Korea",
     "{ck} 기업, 한국에 {m}백만 달러(USD {m} million) {sk} 투자 약속"),
    ("Minister meets {c} delegation on {s} supply chains ({a} {n})",
     "장관, {ck} 대표단과 {sk} 공급망 논의({a} {n})"),
    ("{a} to host {n}th forum on {s} standards in {y}", "{a}, {y}년 제{n}차 {sk} 표준 포럼 개최"),
    ("Korea and {c} sign {n} MOUs on {s} cooperation", "한-{ck}, {sk} 협력 MOU {n}건 체결"),
    ("{s} output rises {p}% on year, says {a}", "{a}, {sk} 생산 전년 대비 {p}% 증가"),
    ("Trade ministers of Korea and {c} agree to expand {s} trade to USD {m} million",
     "한-{ck} 통상장관, {sk} 교역 {m}백만 달러(USD {m} million)로 확대 합의"),
]


@dataclass(frozen=True)
class Seed:
    """One seed release in both languages, as sentences."""

    en: list[str]
    ko: list[str]


def split_records(text: str) -> list[list[str]]:
    """Records of a dump as lists of lines (category?, title, body)."""
    records = []
    for chunk in re.split(r"(?m)^-[ \t]*\n", text.replace("\r\n", "\n")):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines:
            records.append(lines)
    return records


def sentences(body: str, lang: str) -> list[str]:
    body = re.sub(r"\s*date\d{4}-\d{2}-\d{2}\s*$", "", body).strip()
    boundary = r"(?<=[.!?”])\s+(?=[A-Z“\"(])" if lang == "en" else r"(?<=다\.)\s+"
    return [s for s in re.split(boundary, body) if s.strip()]


def load_seeds(seeds_dir: Path) -> list[Seed]:
    """Pair seed records by file stem and position: the Korean seed dumps mirror the English ones."""
    seeds = []
    for en_file in sorted((seeds_dir / "en").glob("*.txt")):
        ko_file = seeds_dir / "ko" / f"{en_file.stem}.ko.txt"
        if not ko_file.is_file():
            continue
        en_records = split_records(en_file.read_text(encoding="utf-8"))
        ko_records = split_records(ko_file.read_text(encoding="utf-8"))
        for en, ko in zip(en_records, ko_records, strict=False):
            seeds.append(Seed(sentences(en[-1], "en"), sentences(ko[-1], "ko")))
    if not seeds:
        raise SystemExit(f"no paired seed dumps under {seeds_dir}/en and {seeds_dir}/ko")
    return seeds


def load_categories(vocabulary: Path | None) -> list[tuple[str, str, str]]:
    """Category lines (English, Korean, id) that the project's vocabulary knows, if it has one."""
    if vocabulary is None or not vocabulary.is_file():
        return DEFAULT_CATEGORIES
    data = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    found = [(entry["en"], entry["ko"], term_id) for term_id, entry in (data.get("categories") or {}).items()]
    return found or DEFAULT_CATEGORIES


def _dates(rng: random.Random, count: int, start: dt.date, years: int) -> list[dt.date]:
    span = (dt.date(start.year + years, 1, 1) - start).days
    return sorted((start + dt.timedelta(days=rng.randrange(span)) for _ in range(count)), reverse=True)


def _with(word: str) -> str:
    """The Korean particle 'with' after `word`: 과 after a final consonant, 와 after a vowel."""
    last = word[-1]
    has_final = "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0
    return "과" if has_final else "와"


def make_release(rng: random.Random, index: int, date: dt.date, seeds: list[Seed],
                 categories: list[tuple[str, str, str]], used_slugs: set[str]) -> dict:
    """One release in both languages, sharing date, category, figures and acronym."""
    while True:
        country, sector, acronym = rng.choice(COUNTRIES), rng.choice(SECTORS), rng.choice(ACRONYMS)
        en_title, ko_title = rng.choice(TITLES)
        figures = {
            "n": rng.randint(2, 60), "p": f"{rng.randint(1, 60)}.{rng.randint(0, 9)}",
            "m": rng.randint(11, 2400), "y": date.year + rng.randint(0, 1), "mo": date.month,
            "moe": MONTHS[date.month - 1], "a": acronym,
            "c": country[0], "C": country[0][0].upper() + country[0][1:], "ck": country[1],
            "s": sector[0], "sk": sector[1],
        }
        title_en = en_title.format(**figures)
        title_en = title_en[0].upper() + title_en[1:]
        slug = slugify(title_en, max_length=80, word_boundary=True)
        if slug not in used_slugs:  # distinct slugs, so no release shadows another in any generator
            used_slugs.add(slug)
            break
    title_ko = ko_title.format(**figures)
    seed = seeds[rng.randrange(len(seeds))]
    # The same selection of the same seed release in both languages keeps the two renderings close.
    keep = max(3, round(len(seed.en) * rng.uniform(0.6, 1.0)))
    en_body = seed.en[:keep]
    ko_body = seed.ko[: max(2, round(len(seed.ko) * keep / len(seed.en)))]
    extra_en = (f"According to {acronym}, trade with {country[0]} in the {sector[0]} sector reached "
                f"USD {figures['m']} million, up {figures['p']}% from a year earlier.")
    extra_ko = (f"{acronym}에 따르면 {country[1]}{_with(country[1])}의 {sector[1]} 분야 교역액은 "
                f"{figures['m']}백만 달러(USD {figures['m']} million)로 전년 대비 {figures['p']}% 늘었다.")
    category = rng.choice(categories) if rng.random() < 0.7 else None
    return {
        "key": f"synth-{index:06d}",
        "date": date.isoformat(),
        "category": category,
        "tags": [country[2], sector[2]],
        "en": {"title": title_en, "body": " ".join([en_body[0], extra_en, *en_body[1:]])},
        "ko": {"title": title_ko, "body": " ".join([ko_body[0], extra_ko, *ko_body[1:]])},
        "slug": slug,
    }


def dump_record(release: dict, lang: str) -> str:
    lines = ["-"]
    if release["category"] is not None:
        lines.append(release["category"][0 if lang == "en" else 1])
    lines.append(release[lang]["title"])
    lines.append(f"{release[lang]['body']} date{release['date']}")
    return "\n".join(lines) + "\n"


def generate(releases: int, out: Path, seed: int = 7, years: int = 8, start: dt.date = dt.date(2017, 1, 1),
             seeds_dir: Path = REPO / "seeds", vocabulary: Path | None = None) -> list[dict]:
    """Write the dumps and manifest under `out`; return the releases (newest first)."""
    rng = random.Random(seed)
    seed_releases = load_seeds(seeds_dir)
    categories = load_categories(vocabulary)
    used: set[str] = set()
    made = [make_release(rng, i, date, seed_releases, categories, used)
            for i, date in enumerate(_dates(rng, releases, start, years))]
    for lang in ("en", "ko"):
        (out / lang).mkdir(parents=True, exist_ok=True)
        for old in (out / lang).glob("synth_*.txt"):
            old.unlink()
    for number, first in enumerate(range(0, len(made), RECORDS_PER_FILE)):
        chunk = made[first : first + RECORDS_PER_FILE]
        (out / "en" / f"synth_{number:04d}.txt").write_text(
            "".join(dump_record(r, "en") for r in chunk), encoding="utf-8")
        (out / "ko" / f"synth_{number:04d}.ko.txt").write_text(
            "".join(dump_record(r, "ko") for r in chunk), encoding="utf-8")
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for release in made:
            manifest.write(json.dumps(release, ensure_ascii=False) + "\n")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000, help="releases per language")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--years", type=int, default=8, help="dates spread over this many years from 2017")
    parser.add_argument("--vocabulary", type=Path, default=REPO / "content" / "vocabulary.yaml",
                        help="take category lines from this vocabulary, if it exists")
    args = parser.parse_args()
    made = generate(args.releases, args.out, args.seed, args.years, vocabulary=args.vocabulary)
    print(f"{len(made)} releases per language written to {args.out}")


if __name__ == "__main__":
    main()
