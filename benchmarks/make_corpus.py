"""Generate a synthetic news-wire corpus for benchmarks and tests: N dated articles, reproducible.

Every article is built from sentences written for this script in the style of wire copy (AP, AFP,
Reuters): captures, fighting, repelled attacks, recaptures, denials, threats and mere mentions of
the 34 provincial capitals and provinces, under several spellings, with attributions and event
dates given as weekdays, explicit dates and relative words. Article dates are spread over
2021-05-01..2021-09-15. Nothing is copied from ``seeds/``.

Article ``i`` depends only on ``(seed, i)``: the first 1,000 articles of a 100,000-article corpus
are the 1,000-article corpus. Texts are unique (a repeated text is regenerated).

Usage::

    python benchmarks/make_corpus.py 100000 /tmp/corpus              # a folder of .txt files
    python benchmarks/make_corpus.py 100000 /tmp/corpus.jsonl --format jsonl --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

FIRST_DATE = dt.date(2021, 5, 1)
LAST_DATE = dt.date(2021, 9, 15)

# (capital spellings, province spellings); the first spelling of each is the usual one.
PLACES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Mazar-i-Sharif", "Mazar-e-Sharif", "Mazar-i-Sharif"), ("Balkh",)),
    (("Bamyan", "Bamiyan"), ("Bamyan", "Bamiyan")),
    (("Qala-i-Naw", "Qala-e-Naw"), ("Badghis",)),
    (("Fayzabad", "Faizabad"), ("Badakhshan",)),
    (("Pul-e Khumri", "Pol-e Khomri", "Puli Khumri"), ("Baghlan",)),
    (("Nili",), ("Daykundi", "Daikundi")),
    (("Farah",), ("Farah",)),
    (("Maymana", "Maimana"), ("Faryab",)),
    (("Ghazni",), ("Ghazni",)),
    (("Chaghcharan", "Firozkoh"), ("Ghor",)),
    (("Lashkar Gah", "Lashkargah"), ("Helmand",)),
    (("Herat",), ("Herat",)),
    (("Sheberghan", "Shiberghan"), ("Jowzjan", "Jawzjan")),
    (("Kabul",), ("Kabul",)),
    (("Kandahar",), ("Kandahar",)),
    (("Mahmud-i-Raqi", "Mahmud Raqi"), ("Kapisa",)),
    (("Kunduz", "Konduz"), ("Kunduz",)),
    (("Khost", "Khowst"), ("Khost",)),
    (("Asadabad",), ("Kunar", "Konar")),
    (("Mehtarlam", "Mehtar Lam"), ("Laghman",)),
    (("Pul-e Alam", "Puli Alam"), ("Logar",)),
    (("Jalalabad",), ("Nangarhar",)),
    (("Zaranj",), ("Nimroz", "Nimruz")),
    (("Parun",), ("Nuristan",)),
    (("Bazarak",), ("Panjshir", "Panjsher")),
    (("Charikar",), ("Parwan",)),
    (("Gardez", "Gardiz"), ("Paktia", "Paktiya")),
    (("Sharana",), ("Paktika",)),
    (("Aybak", "Aibak"), ("Samangan",)),
    (("Sar-e Pol", "Sar-i-Pul"), ("Sar-e Pol", "Sar-i-Pul")),
    (("Taloqan", "Taluqan"), ("Takhar",)),
    (("Tarinkot", "Tarin Kowt"), ("Uruzgan", "Oruzgan")),
    (("Maidan Shahr", "Maidan Shar"), ("Wardak", "Maidan Wardak")),
    (("Qalat",), ("Zabul",)),
)

AGENCIES: tuple[tuple[str, str, str], ...] = (
    # (agency, dateline dash, sign-off template)
    ("AP", "\u2014", "Associated Press writers {a} in {b} and {c} in Islamabad contributed."),
    ("Reuters", "-", "(Reporting by {a} in {b}; Writing by {c}; Editing by {d})"),
    ("AFP", "-", "{ia}/{ic}/{id}"),
)
DATELINES: tuple[str, ...] = (
    "KABUL", "ISLAMABAD", "KANDAHAR", "MAZAR-I-SHARIF", "HERAT", "DOHA", "JALALABAD", "NEW DELHI",
)  # fmt: skip
REPORTERS: tuple[str, ...] = (
    "Rahim Faiez", "Kathy Gannon", "Tameem Akhgar", "Hamid Shalizi", "Abdul Qadir Sediqi",
    "Orooj Hakimi", "Gibran Peshimam", "Jibran Ahmad", "Mushtaq Mojaddidi", "Emma Farge",
    "Jane Wardell", "Nick Macfie", "Jon Boyle", "Asad Hashim", "Sayed Salahuddin",
)  # fmt: skip

CLAIMANTS_TALIBAN: tuple[str, ...] = (
    "Taliban spokesman Zabihullah Mujahid",
    "a Taliban spokesman",
    "Taliban spokesman Qari Yousuf Ahmadi",
    "a Taliban commander in the area",
)
CLAIMANTS_GOVERNMENT: tuple[str, ...] = (
    "the provincial governor",
    "a provincial council member",
    "Interior Ministry spokesman Mirwais Stanikzai",
    "a security official who asked not to be named",
    "Defence Ministry spokesman Fawad Aman",
    "a local lawmaker",
    "the provincial police chief",
)
CLAIMANTS_OTHER: tuple[str, ...] = (
    "a resident reached by telephone",
    "a doctor at the city hospital",
    "two residents",
    "a tribal elder",
)
SAID = ("said", "told {agency}", "said in a statement", "told reporters")

# Status sentences. Slots: {city} a capital, {prov} its province, {when} an event date phrase,
# {who} an attribution, {said} a speech verb, {n} a number. Each list is one status.
CAPTURE: tuple[str, ...] = (
    "Taliban fighters captured {city}, the capital of {prov} province, {when}, {who} {said}.",
    "{city} fell to the Taliban {when} after government forces withdrew to the airport, {who} "
    "{said}.",
    "The insurgents overran {city} {when} and freed hundreds of prisoners from the city's jail, "
    "according to {who}.",
    "Security forces in {city} surrendered without a fight {when}, handing their weapons and "
    "vehicles to the Taliban, {who} {said}.",
    "Taliban fighters planted their white flag in the main square of {city} {when}.",
    "The Taliban took control of {city} {when}, the {nth} provincial capital to fall in a week.",
    "{city} is now under Taliban control, {who} {said} {when}.",
    "Insurgents seized the governor's compound and the police headquarters in {city} {when}, "
    "completing their takeover of the city.",
)
FIGHTING: tuple[str, ...] = (
    "Fierce clashes erupted in {city} {when} as Taliban fighters pushed into the outskirts, {who} "
    "{said}.",
    "Taliban fighters entered {city} {when} and were seen near the governor's office, {who} "
    "{said}.",
    "{city}, the capital of {prov} province, has been besieged for days, with insurgents "
    "surrounding the city on three sides.",
    "Afghan and U.S. airstrikes hit Taliban positions around {city} {when} in an effort to slow "
    "the onslaught.",
    "Heavy fighting continued in {city} {when}, {who} {said}, adding that at least {n} civilians "
    "had been wounded.",
    "The insurgents launched a coordinated assault on {city} {when} from three directions.",
)
REPELLED: tuple[str, ...] = (
    "Government forces repelled a Taliban attack on {city} {when}, killing dozens of insurgents, "
    "{who} {said}.",
    "Afghan security forces fought off a fresh assault on {city} {when}, {who} {said}.",
    "{city} remains under government control, {who} {said} {when}.",
    "Commandos beat back a Taliban offensive on {city} {when} after hours of fighting, according "
    "to {who}.",
)
RETOOK: tuple[str, ...] = (
    "Afghan commandos retook {city} {when} after {n} hours of street fighting, {who} {said}.",
    "Government forces recaptured {city}, the capital of {prov} province, {when}, {who} {said}.",
    "Security forces drove the Taliban out of {city} {when} with the help of airstrikes, {who} "
    "{said}.",
)
DENIAL: tuple[str, ...] = (
    "{twho} said the group had captured {city} {when}, but {gwho} denied the city had fallen.",
    "{gwho} dismissed reports that {city} had fallen, saying government forces were still "
    "fighting in the city.",
    "The Taliban claimed {when} to have seized {city}, a claim {gwho} rejected as propaganda.",
)
THREAT: tuple[str, ...] = (
    "The Taliban are closing in on {city}, residents who fled the area {said}.",
    "Insurgents are now setting their sights on {city}, {who} warned.",
    "Analysts say {city} could fall within weeks if reinforcements do not arrive.",
    "Taliban fighters are moving in on {city} from the north, {who} {said}.",
    "{who} warned that the insurgents were threatening {city}, the capital of {prov}.",
)
MENTION: tuple[str, ...] = (
    "Thousands of families have fled to {city} from surrounding districts in recent weeks.",
    "A convoy carrying food and medicine reached {city} {when}, aid workers said.",
    "The governor of {prov} flew to the capital for talks with senior officials {when}.",
    "Hospitals in {city} are struggling to cope with the number of wounded, {who} {said}.",
    "Many of those displaced are sleeping in parks and mosques in {city}.",
)
FILLER: tuple[str, ...] = (
    "The United States is due to complete the withdrawal of its troops by the end of August.",
    "The United Nations said civilian casualties had reached record levels in the first half of "
    "the year.",
    "Peace talks between the two sides in Doha, Qatar, have made little progress for months.",
    "Washington has said it will continue to support Afghan forces with airstrikes where it can.",
    "The speed of the insurgents' advance has surprised Western officials.",
    "Aid agencies warned of a looming humanitarian crisis as food prices soared.",
    "The Taliban have said they want a negotiated settlement but have kept up their offensive.",
    "Neighbouring countries have reinforced their borders, fearing a new wave of refugees.",
    "The government has rushed special forces units to the most threatened areas.",
    "Officials in the capital have appealed to regional strongmen to raise militias.",
)

STATUS_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("capture", CAPTURE),
    ("fighting", FIGHTING),
    ("repelled", REPELLED),
    ("retook", RETOOK),
    ("denial", DENIAL),
    ("threat", THREAT),
    ("mention", MENTION),
)
HEADLINES: dict[str, tuple[str, ...]] = {
    "capture": ("Taliban seize {city} as offensive gathers pace", "{city} falls to the Taliban"),
    "fighting": ("Fighting rages in {city}", "Taliban push into {city}, residents flee"),
    "repelled": ("Afghan forces hold {city} after Taliban assault", "Attack on {city} repelled"),
    "retook": ("Afghan forces retake {city}", "Government claims recapture of {city}"),
    "denial": ("Conflicting claims over {city}", "Kabul denies fall of {city}"),
    "threat": ("Taliban close in on {city}", "Fears grow for {city} as insurgents advance"),
    "mention": ("Displaced families pour into {city}", "Aid trickles into {city}"),
}
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "10th")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec.")  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {agency} World News</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{agency}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{date}T09:30:00+04:30">
<link rel="canonical" href="{url}">
<style>body {{ font-family: sans-serif; }} .ad {{ height: 250px; }}</style>
<script>window.analytics = {{"section": "world", "id": {n}}};</script>
</head><body>
<div class="cookie-banner" id="consent">We use cookies to personalise content and ads. By
continuing you agree to our cookie policy. <button>Accept all</button> <button>Settings</button>
</div>
<header><a class="logo" href="/">{agency}</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/asia">Asia</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/video">Video</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By {agency} staff</p>
{paragraphs}
</article>
<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Markets rally as rates fall</a></li>
<li><a href="/b">Storm season begins early</a></li><li><a href="/c">Ten recipes for summer</a></li>
</ul></aside>
<div class="ad">Advertisement</div>
<section class="comments"><h3>{n} comments</h3>
<div class="comment"><p>reader{n}: Who can believe anything anyone says any more?</p></div>
<div class="comment"><p>watcher: Praying for everyone there. Stay safe.</p></div></section>
</main>
<footer><p>&copy; 2021 {agency}. All rights reserved.</p><p><a href="/privacy">Privacy</a> |
<a href="/terms">Terms</a> | <a href="/contact">Contact us</a></p></footer>
</body></html>
"""
"""A saved news page around a story (`SyntheticArticle.as_html`)."""


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    """One generated article: ``text`` starts with the headline; no date line."""

    index: int
    date: dt.date
    title: str
    text: str
    agency: str

    def as_txt(self) -> str:
        """The article file: ``date YYYY-MM-DD``, then the text."""
        return f"date {self.date.isoformat()}\n{self.text}"

    def as_html(self) -> str:
        """The article as a saved news page: the story inside the boilerplate of a real site
        (navigation, a cookie banner, a sidebar, reader comments, a footer), dated in a meta tag,
        with its outlet in Open Graph."""
        slug = f"{self.date:%Y/%m}/story-{self.index:07d}"
        paragraphs = "\n".join(
            f"<p>{html.escape(p)}</p>" for p in self.text.split("\n")[1:] if p.strip()
        )
        return HTML_PAGE.format(
            title=html.escape(self.title),
            agency=html.escape(self.agency),
            date=self.date.isoformat(),
            url=f"https://news.example/{slug}",
            paragraphs=paragraphs,
            n=self.index % 97,
        )

    def as_record(self) -> dict[str, str]:
        """The JSON Lines record (``id``, ``date``, ``title``, ``text``, ``source``)."""
        return {
            "id": f"syn-{self.index:07d}",
            "date": self.date.isoformat(),
            "title": self.title,
            "text": self.text,
            "source": f"synthetic:{self.agency}",
        }


def _when(rng: random.Random, date: dt.date) -> str:
    """An event date phrase on or before ``date``: weekday, explicit or relative."""
    back = rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6))
    day = date - dt.timedelta(days=back)
    form = rng.randrange(9)
    if form <= 2:
        prefix = rng.choice(("on ", "on ", "late ", "early "))
        return prefix + WEEKDAYS[day.weekday()]
    if form == 3:
        return f"on {AP_MONTHS[day.month - 1]} {day.day}"
    if form == 4:
        return f"on {day.day} {MONTHS[day.month - 1]}"
    if form == 5:
        return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"
    if form == 6:
        return "yesterday" if back else "today"
    if form == 7:
        return rng.choice(("last night", "overnight", "in recent hours", "earlier this week"))
    if back > 1:
        return f"{NUMBER_WORDS[back]} days ago"
    return "on " + WEEKDAYS[day.weekday()]


def _kind_weights(date: dt.date) -> tuple[int, ...]:
    """Capture, fighting, repelled, retook, denial, threat, mention: captures late, holds early."""
    if date < dt.date(2021, 8, 1):
        return (2, 6, 5, 2, 1, 4, 4)
    if date < dt.date(2021, 8, 16):
        return (7, 5, 2, 1, 2, 3, 3)
    return (6, 2, 1, 1, 1, 2, 5)


def _sentence(rng: random.Random, kind: str, templates: Sequence[str], date: dt.date,
              agency: str) -> tuple[str, str]:
    """One status sentence about a random place; returns ``(sentence, capital spelling)``."""
    capitals, provinces = rng.choice(PLACES)
    city = rng.choice(capitals)
    prov = rng.choice(provinces)
    if kind in ("capture", "denial"):
        who = rng.choice(CLAIMANTS_TALIBAN + CLAIMANTS_GOVERNMENT)
    elif kind in ("repelled", "retook"):
        who = rng.choice(CLAIMANTS_GOVERNMENT)
    else:
        who = rng.choice(CLAIMANTS_GOVERNMENT + CLAIMANTS_OTHER)
    template = rng.choice(templates)
    text = template.format(
        city=city,
        prov=prov,
        when=_when(rng, date),
        who=who,
        said=rng.choice(SAID).format(agency=agency),
        n=rng.randrange(3, 90),
        nth=rng.choice(ORDINALS),
        twho=rng.choice(CLAIMANTS_TALIBAN),
        gwho=rng.choice(CLAIMANTS_GOVERNMENT),
    )
    return text[0].upper() + text[1:], city


def make_article(seed: int, index: int, *, attempt: int = 0) -> SyntheticArticle:
    """Article ``index`` of the corpus with this seed (pure: the same arguments, the same text).

    Parameters
    ----------
    seed
        The corpus seed.
    index
        The article's position in the corpus.
    attempt
        Bumped by `generate` when a text repeats an earlier one.

    Returns
    -------
    SyntheticArticle
        Dated between 2021-05-01 and 2021-09-15.
    """
    rng = random.Random(f"{seed}:{index}:{attempt}")
    span = (LAST_DATE - FIRST_DATE).days
    date = FIRST_DATE + dt.timedelta(days=rng.randrange(span + 1))
    agency, dash, signoff = rng.choice(AGENCIES)
    weights = _kind_weights(date)
    kinds = rng.choices(range(len(STATUS_KINDS)), weights=weights, k=rng.randrange(3, 9))
    lead_kind, lead_templates = STATUS_KINDS[kinds[0]]
    lead, lead_city = _sentence(rng, lead_kind, lead_templates, date, agency)
    title = rng.choice(HEADLINES[lead_kind]).format(city=lead_city)
    place = rng.choice(DATELINES)
    dateline = (
        f"{place}, Afghanistan ({agency}) {dash} "
        if place not in ("ISLAMABAD", "DOHA", "NEW DELHI")
        else f"{place} ({agency}) {dash} "
    )
    if agency == "AFP":
        dateline = f"{place.title()} (AFP) - "
    paragraphs = [dateline + lead]
    fillers = rng.sample(FILLER, k=rng.randrange(1, 4))
    for k in kinds[1:]:
        kind, templates = STATUS_KINDS[k]
        sentence, _ = _sentence(rng, kind, templates, date, agency)
        if rng.random() < 0.3 and fillers:
            sentence += " " + fillers.pop()
        paragraphs.append(sentence)
    paragraphs.extend(fillers)
    a, c, d = rng.sample(REPORTERS, k=3)
    initials = {f"i{k}": "".join(w[0] for w in v.split()).lower()
                for k, v in (("a", a), ("c", c), ("d", d))}
    paragraphs.append(signoff.format(a=a, b=rng.choice(("Kabul", "Doha", "Washington")), c=c,
                                     d=d, **initials))
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return SyntheticArticle(index=index, date=date, title=title, text=text, agency=agency)


def generate(n: int, *, seed: int = 0) -> Iterator[SyntheticArticle]:
    """Yield ``n`` distinct articles, lazily.

    Parameters
    ----------
    n
        How many.
    seed
        The corpus seed; the same seed gives the same corpus, and a longer corpus extends a
        shorter one.

    Yields
    ------
    SyntheticArticle
        Articles ``0 .. n-1``; a text identical to an earlier one (same date and text, so the
        same article id) is regenerated with the next ``attempt``.
    """
    seen: set[bytes] = set()
    for index in range(n):
        attempt = 0
        while True:
            article = make_article(seed, index, attempt=attempt)
            key = hashlib.blake2b(article.as_txt().encode(), digest_size=12).digest()
            if key not in seen:
                seen.add(key)
                break
            attempt += 1
        yield article


def write_corpus(n: int, out: Path, *, fmt: str = "txt", seed: int = 0) -> Path:
    """Write ``n`` articles as a folder of ``.txt`` or ``.html`` files, or one ``.jsonl`` file.

    Parameters
    ----------
    n
        How many articles.
    out
        The folder (``txt``, ``html``: created, files ``0000000.txt`` ...) or the file
        (``jsonl``).
    fmt
        ``"txt"``, ``"html"`` (saved news pages, `SyntheticArticle.as_html`) or ``"jsonl"``.
    seed
        The corpus seed.

    Returns
    -------
    Path
        ``out``.
    """
    if fmt == "txt":
        out.mkdir(parents=True, exist_ok=True)
        width = max(7, len(str(n - 1)))
        for article in generate(n, seed=seed):
            (out / f"{article.index:0{width}d}.txt").write_text(article.as_txt(), encoding="utf-8")
    elif fmt == "html":
        out.mkdir(parents=True, exist_ok=True)
        width = max(7, len(str(n - 1)))
        for article in generate(n, seed=seed):
            (out / f"{article.index:0{width}d}.html").write_text(article.as_html(),
                                                                 encoding="utf-8")
    elif fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for article in generate(n, seed=seed):
                fh.write(json.dumps(article.as_record(), ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"fmt={fmt!r}; use 'txt', 'html' or 'jsonl'")
    return out


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``make_corpus.py N OUT [--format txt|html|jsonl] [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=_positive, help="number of articles")
    parser.add_argument("out", type=Path, help="folder (txt, html) or file (jsonl) to write")
    parser.add_argument("--format", choices=("txt", "html", "jsonl"), default="txt")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    write_corpus(args.n, args.out, fmt=args.format, seed=args.seed)
    seconds = time.perf_counter() - start
    print(f"wrote {args.n} articles to {args.out} ({args.format}) in {seconds:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
