"""The words of the bilingual archive benchmark: one release's title and sentences in English
and Korean, from templates filled with the vocabulary's words (content/vocabulary.yaml: countries,
sectors, themes, agencies), company names, people and figures in each language's own units.

Korean slots carry their particles (`{agency:은}` writes 산업통상자원부는), Korean texts quote a
Latin acronym or company name only sometimes (`산업통상자원부(MOTIE)`), and each release draws its
own figures, so bodies are never identical even where templates repeat.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bilingual_figures import MONTHS, Figure, Ko, count, english, korean, money, percent


def _rows(table: str) -> list[tuple[str, ...]]:
    return [tuple(line.split("|")) for line in table.strip().splitlines()]


COUNTRIES = _rows("""Japan|일본
the United States|미국
China|중국
the European Union|유럽연합
the United Kingdom|영국
Germany|독일
the Philippines|필리핀
Vietnam|베트남
Indonesia|인도네시아
Saudi Arabia|사우디아라비아
the UAE|아랍에미리트
Australia|호주
Canada|캐나다
Poland|폴란드
Chile|칠레""")
SECTORS = _rows("""semiconductor|반도체|industry
battery|이차전지|industry
defense|방산|industry
aerospace|항공우주|industry
shipbuilding|조선|industry
steel|철강|industry
automobile|자동차|industry
AI|인공지능|technology
chemical|화학|industry
advanced materials|첨단소재|industry
biohealth|바이오|technology
display|디스플레이|industry
robotics|로봇|technology
hydrogen|수소|energy
nuclear power|원전|energy
renewable energy|재생에너지|energy
LNG|액화천연가스|energy""")
THEMES = _rows("""supply chains|공급망
carbon neutrality|탄소중립
critical minerals|핵심광물
economic security|경제안보
R&D|연구개발
SMEs|중소기업
free trade agreements|자유무역협정
standards|표준
exports|수출
design|디자인
logistics|물류""")
AGENCIES = _rows("""the Ministry of Trade, Industry and Energy (MOTIE)|산업통상자원부|MOTIE
the Korean Agency for Technology and Standards (KATS)|국가기술표준원|KATS
KOTRA|코트라|KOTRA
the Defense Acquisition Program Administration (DAPA)|방위사업청|DAPA
the Korea Electric Power Corporation (KEPCO)|한국전력|KEPCO
the Korea Institute for Advancement of Technology (KIAT)|한국산업기술진흥원|KIAT
the Korea Energy Agency (KEA)|한국에너지공단|KEA
the Korea International Trade Association (KITA)|한국무역협회|KITA""")
COMPANIES = _rows("""Samsung Electronics|삼성전자
SK hynix|SK하이닉스
Hyundai Motor|현대자동차
LG Energy Solution|LG에너지솔루션
POSCO|포스코
Hanwha Aerospace|한화에어로스페이스
HD Hyundai Heavy Industries|HD현대중공업
Korea Aerospace Industries (KAI)|한국항공우주산업(KAI)
Doosan Enerbility|두산에너빌리티
Toray Industries|도레이
Boeing|보잉
Siemens|지멘스
Air Liquide|에어리퀴드
Tokyo Electron|도쿄일렉트론
Micron|마이크론
Umicore|유미코아
Lockheed Martin|록히드마틴
Aramco|아람코
Rio Tinto|리오틴토""")
PEOPLE = _rows("""Minister Ahn Duk-geun|안덕근 장관
Trade Minister Cheong In-kyo|정인교 통상교섭본부장
First Vice Minister Park Sung-taek|박성택 1차관
Second Vice Minister Choi Nam-ho|최남호 2차관""")
CITIES = _rows("""Seoul|서울
Busan|부산
Ulsan|울산
Changwon|창원
Daejeon|대전
Tokyo|도쿄
Washington|워싱턴
Jakarta|자카르타
Riyadh|리야드
Berlin|베를린
Hanoi|하노이
Brussels|브뤼셀""")
SAID = (["said", "announced", "noted", "stated"], ["밝혔다", "발표했다", "전했다"])
# Titles two different releases of one day may share (two activities of the minister …).
SHARED_TITLES = _rows("""Minister's activities|장관 동정
Clarification on press report|언론 보도 해명
Results of public-private meeting|민관 합동 회의 결과
Correction notice|보도자료 정정 안내""")
RECURRING = {"ict": ("Monthly ICT export results", "월간 ICT 수출입 동향"),
             "fdi": ("Foreign direct investment trends", "외국인직접투자 동향")}

# kind: (category, English title, Korean title, English lead, Korean lead)
KINDS: dict[str, tuple[str, str, str, str, str]] = {
    "pledge": ("investment", "Companies from {c} pledge {usd} investment in Korea's {s} sector",
               "{c} 기업, 한국 {s} 분야에 {usd} 투자 약속",
               "{A} {said} on {day} that {k} companies from {c} including {co} pledged a combined "
               "investment of {usd} in Korea's {s} industry.",
               "{a:은} {co:을} 비롯한 {c} 기업 {k}개사가 한국 {s} 산업에 총 {usd} 규모의 투자를 "
               "약속했다고 {day} {said}."),
    "dialogue": ("trade", "Korea and {c} hold {ord} {s} dialogue", "한-{c}, {ord} {s} 대화 개최",
                 "{A} held the {ord} Korea-{cn} {s} dialogue in {city} on {day}, attended by {n} "
                 "government and industry officials.",
                 "{a:은} {day} {city}에서 {ord} 한-{c} {s} 대화를 개최했으며, "
                 "정부와 업계 관계자 {n}명이 참석했다."),
    "forum": ("standards", "{Ag} hosts international forum on {s} standards",
              "{ag}, {s} 국제표준 포럼 개최",
              "{A} hosted the {ord} international forum on {s} standards in {city} on {day}, "
              "bringing together {n} experts from {k} countries.",
              "{a:은} {day} {city}에서 {ord} {s} 국제표준 포럼을 열었으며, {k}개국 전문가 {n}명이 참석했다."),
    "mou": ("trade", "Korea and {c} sign MOU on {t} cooperation", "한-{c}, {t} 협력 MOU 체결",
            "{P} and his counterpart from {c} signed a memorandum of understanding on {t} cooperation "
            "in {city} on {day}.",
            "{p:은} {day} {city}에서 {c} 측 카운터파트와 {t} 협력에 관한 양해각서(MOU)를 체결했다."),
    "budget": ("technology", "Government to spend {krw} on {s} R&D through {y}",
               "정부, {y}까지 {s} 연구개발에 {krw} 투입",
               "{A} {said} on {day} that the government will invest {krw} in {s} research and "
               "development through {y}, up {pct} from the previous plan.",
               "{a:은} 정부가 {y}까지 {s} 연구개발에 {krw:을} 투입하며, 이는 기존 계획보다 {pct} "
               "늘어난 규모라고 {day} {said}."),
    "contract": ("industry", "{Co} wins {usd} {s} order from {c}", "{co}, {c}에서 {usd} 규모 {s} 수주",
                 "{Co} has won a {usd} order in the {s} sector from {c}, {a} {said} on {day}.",
                 "{co:이} {c}에서 {usd} 규모의 {s} 분야 사업을 수주했다고 {a:이} {day} {said}."),
    "visit": ("trade", "{P} visits {city} to discuss {t}", "{p}, {city} 방문해 {t} 논의",
              "{P} visited {city} on {day} and met {co} executives to discuss {t} and {s} cooperation.",
              "{p:은} {day} {city:을} 방문해 {co} 경영진과 {t} 및 {s} 협력 방안을 논의했다."),
    "exports": ("trade", "Korea's {s} exports rise {pct} in {month}", "{mo}월 {s} 수출 {pct} 증가",
                "Korea's {s} exports in {month} rose {pct} from a year earlier to {usd}, {a} {said}.",
                "{a:은} {mo}월 {s} 수출이 전년 동월 대비 {pct} 증가한 {usd:을} 기록했다고 {said}."),
    "ict": ("trade", "", "",
            "Korea's exports of information and communications technology (ICT) in {month} {y0} "
            "reached {usd}, up {pct} year-on-year, while imports stood at {usd2}.",
            "{y0} {mo}월 정보통신기술(ICT) 수출은 {usd:으로} 전년 동월 대비 {pct} 증가했으며, "
            "수입은 {usd2:을} 기록했다."),
    "fdi": ("investment", "", "",
            "Foreign direct investment (FDI) pledged to Korea in the quarter to {month} {y0} came to "
            "{usd}, up {pct} from a year earlier, with {n} new projects.",
            "{y0} {mo}월까지 분기 외국인직접투자 신고액은 {usd:으로} 전년 동기 대비 {pct} 증가했으며, "
            "신규 투자 프로젝트는 {n}건이었다."),
    "shared": ("general", "", "",
               "{P} met {co} executives in {city} on {day} to discuss {t} and cooperation in {s}.",
               "{p:은} {day} {city}에서 {co} 경영진과 만나 {t:과} {s} 협력을 논의했다."),
}
# Sentences after the lead; an English version keeps most of them, in the same order.
SUPPORT = [
    ('{Co} plans to invest {krw2} in new {s} facilities by {y2}.',
     '{co:은} {y2}까지 {s} 신규 시설에 {krw2:을} 투자할 계획이다.'),
    ('Exports of {s} products to {c} rose {pct2} to {usd2} last year.',
     '지난해 {c:으로}의 {s} 제품 수출은 {pct2} 증가한 {usd2:을} 기록했다.'),
    ('The two sides agreed to strengthen cooperation on {t} and to hold the next meeting in {y2}.',
     '양측은 {t} 협력을 강화하고 {y2} 차기 회의를 개최하기로 합의했다.'),
    ('{A} will provide {krw2} to {n2} small and medium-sized companies in the {s} sector.',
     '{a:은} {s} 분야 중소기업 {n2}곳에 {krw2:을} 지원할 예정이다.'),
    ('The {s} industry employs about {n3} people, and its output reached {krw3} in {y3}.',
     '{s} 산업 종사자는 약 {n3}명이며, {y3} 생산액은 {krw3}에 달했다.'),
    ("{C} accounts for {pct3} of Korea's {s} imports, or about {tons} a year.",
     '{c:은} 한국 {s} 수입의 {pct3:을} 차지하며, 연간 물량은 약 {tons:이다}.'),
    ('{P} said the government will closely monitor {t} risks and respond swiftly together with industry.',
     '{p:은} 정부가 업계와 함께 {t} 리스크를 면밀히 점검하고 신속히 대응하겠다고 말했다.'),
    ('The agreement is expected to help Korean companies enter the market in {c}, worth {usd3} a year.',
     '이번 합의는 연간 {usd3} 규모의 {c} 시장에 우리 기업이 진출하는 데 도움이 될 것으로 기대된다.'),
    ('Participants discussed {s} {t} and ways to expand joint projects worth {usd2}.',
     '참석자들은 {s} {t:과} {usd2} 규모의 공동 프로젝트 확대 방안을 논의했다.'),
    ('The government will draw up a roadmap for {t} by {month2}, with {krw2} set aside for it.',
     '정부는 {mo2}월까지 {t:을} 위한 로드맵을 마련하고 이를 위해 {krw2:을} 배정할 계획이다.'),
    ('A follow-up meeting will be held in {city2} in {month2}.',
     '후속 회의는 {mo2}월 {city2}에서 열릴 예정이다.'),
    ('{Co} also signed a memorandum of understanding with {co2} on {s} technology.',
     '{co:은} 또한 {co2:과} {s} 기술 협력 양해각서(MOU)를 체결했다.'),
    ('According to {a}, the {s} sector attracted {usd3} in foreign investment in {y3}, '
     'up {pct3} from the previous year.',
     '{a:에} 따르면 {y3} {s} 분야 외국인투자는 {usd3:으로} 전년 대비 {pct3} 늘었다.'),
    ('The ministry will also expand support for {t}, including {krw3} in policy loans for {n2} companies.',
     '산업부는 기업 {n2}곳에 대한 {krw3} 규모의 정책금융을 포함해 {t} 지원도 확대할 계획이다.'),
    ('Production capacity is set to reach {tons} by {y2}, {pct2} more than today.',
     '생산능력은 {y2}까지 현재보다 {pct2} 늘어난 {tons}에 이를 전망이다.'),
]


@dataclass(frozen=True)
class ReleaseText:
    """One release in both languages: the Korean original and the English rendering of it."""

    kind: str
    category: str  # a vocabulary category id
    title_en: str
    title_ko: str
    body_en: list[str]  # sentences
    body_ko: list[str]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _korean_name(rng: random.Random, korean_name: str, latin: str) -> str:
    """Korean texts quote the Latin name or acronym only sometimes."""
    quoted = latin and "(" not in korean_name and rng.random() < 0.35
    return f"{korean_name}({latin})" if quoted else korean_name


def _slots(rng: random.Random, date: dt.date, country: tuple[str, ...]) -> tuple[dict, dict]:
    """The words and figures of one release: (English slots, Korean slots)."""
    sector, theme, agency = rng.choice(SECTORS), rng.choice(THEMES), rng.choice(AGENCIES)
    company, company2 = rng.sample(COMPANIES, 2)
    person, (city, city2) = rng.choice(PEOPLE), rng.sample(CITIES, 2)
    month2 = rng.randint(1, 12)
    words = {"c": country, "s": sector[:2], "t": theme, "co": company, "co2": company2, "p": person,
             "city": city, "city2": city2, "month": (MONTHS[date.month - 1], str(date.month)),
             "month2": (MONTHS[month2 - 1], str(month2)),
             "day": (f"{MONTHS[date.month - 1]} {date.day}", f"{date.month}월 {date.day}일"),
             "ag": (agency[2], agency[1])}
    en = {key: value[0] for key, value in words.items()}
    ko = {key: Ko(value[1]) for key, value in words.items()}
    en["a"], ko["a"] = agency[0], Ko(_korean_name(rng, agency[1], agency[2]))
    ko["co"], ko["co2"] = (Ko(_korean_name(rng, c[1], c[0])) for c in (company, company2))
    ko["mo"], ko["mo2"] = Ko(str(date.month)), Ko(str(month2))
    en["cn"] = country[0].removeprefix("the ")
    en["said"], ko["said"] = rng.choice(SAID[0]), rng.choice(SAID[1])
    figures = {"usd": money(rng, "usd"), "usd2": money(rng, "usd"), "usd3": money(rng, "usd"),
               "krw": money(rng, "krw"), "krw2": money(rng, "krw"), "krw3": money(rng, "krw"),
               "pct": percent(rng), "pct2": percent(rng), "pct3": percent(rng),
               "n": count(rng, sizes=("small",)), "n2": count(rng, sizes=("small", "thousands")),
               "n3": count(rng, sizes=("thousands", "millions")),
               "tons": count(rng, "tons", ("thousands", "millions")),
               "y0": Figure("year", date.year), "y": Figure("year", date.year + rng.randint(1, 6)),
               "y2": Figure("year", date.year + rng.randint(0, 3)),
               "y3": Figure("year", date.year - rng.randint(1, 3)),
               "ord": Figure("ordinal", rng.randint(2, 40))}
    for key, figure in figures.items():
        en[key], ko[key] = english(figure, rng), Ko(korean(figure, rng))
    en["k"] = ko["k"] = Ko(str(rng.randint(2, 9)))
    for key in ("c", "co", "a", "ag", "p"):
        en[key.upper() if len(key) == 1 else key[0].upper() + key[1:]] = _cap(en[key])
    return en, ko


def make_text(rng: random.Random, kind: str, date: dt.date, country: tuple[str, ...],
              shared_title: tuple[str, ...] | None = None, short: bool = False) -> ReleaseText:
    """One release of a kind on a date; `shared_title` for the titles several releases share;
    `short`: the lead and one sentence in Korean, the lead alone in English (little evidence)."""
    en, ko = _slots(rng, date, country)
    category, title_en, title_ko, lead_en, lead_ko = KINDS[kind]
    if kind in RECURRING:
        title_en, title_ko = RECURRING[kind]
    elif shared_title is not None:
        title_en, title_ko = shared_title[:2]
    support = rng.sample(SUPPORT, 1 if short else rng.randint(3, 6))
    body_ko = [lead_ko.format_map(ko), *(s[1].format_map(ko) for s in support)]
    kept = [] if short else [s for s in support if rng.random() < 0.8] or support[:1]
    body_en = [lead_en.format_map(en), *(s[0].format_map(en) for s in kept)]
    if category == "industry":
        category = sector_category(en["s"], category)
    return ReleaseText(kind, category, _cap(title_en.format_map(en)), title_ko.format_map(ko),
                       body_en, body_ko)


def sector_category(sector: str, default: str) -> str:
    """Energy and technology sectors file their releases under their own category."""
    for row in SECTORS:
        if row[0] == sector:
            return row[2] if row[2] != "industry" else default
    return default

