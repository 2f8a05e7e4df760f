"""Files of every input format, written for the tests (geo.formats, geo.acled, the dashboard).

Each is modelled on what people keep: a saved news page with its navigation, cookie banner and
reader comments around the story; a page whose date is only in the visible byline; RSS and Atom
feeds with one broken item each; a spreadsheet export of headlines (missing date, quoted new
lines, Windows-1252); rows of an ACLED export in ACLED's columns.
"""

from __future__ import annotations

# A saved page: the date in a meta tag, the story inside navigation, a cookie banner, reader
# comments and a footer that name other places (none of which may become a claim).
PAGE_META_DATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Taliban take Kunduz after days of fighting | Kabul Herald</title>
<meta property="og:title" content="Taliban take Kunduz after days of fighting">
<meta property="og:site_name" content="Kabul Herald">
<meta property="og:url" content="https://kabulherald.example/2021/08/kunduz">
<meta property="article:published_time" content="2021-08-08T14:20:00+04:30">
<script>window.dataLayer = [{"page": "Herat falls"}];</script>
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
Accept all cookies? <button>Accept</button></div>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/herat">Herat news</a></li>
<li><a href="/ghazni">Ghazni: Taliban seize the city</a></li><li><a href="/sport">Sport</a></li>
</ul></nav>
<main><article>
<h1>Taliban take Kunduz after days of fighting</h1>
<p class="byline">By Staff Reporter</p>
<p>KUNDUZ, Afghanistan — Taliban fighters captured the northern city of Kunduz on Sunday after
days of heavy fighting, officials said, the biggest prize so far in the insurgents' offensive.</p>
<p>A provincial council member said the fighters raised their flag over the governor's compound
and the police headquarters in the centre of the city.</p>
<p>Fighting also raged near Lashkar Gah in Helmand province, residents said.</p>
</article></main>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader99: Herat fell yesterday, I heard it from my cousin.</p></div>
<div class="comment"><p>Anon: the Taliban captured Mazar-i-Sharif already.</p></div>
</section>
<footer><p>© 2021 Kabul Herald. All rights reserved. Our Farah office is closed.</p></footer>
</body></html>
"""

# The date only in the visible byline: no meta tag, no time element, no date in the URL.
PAGE_BYLINE_DATE = """<html><head><title>Fighting reaches Farah</title></head><body>
<nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
<div class="story">
<h1>Fighting reaches Farah</h1>
<div class="meta">By Jane Doe · August 10, 2021</div>
<p>Taliban forces entered the city of Farah late Tuesday, a lawmaker said, as clashes continued
around the governor's compound through the night.</p>
<p>Residents described heavy gunfire and said many families had fled toward the border.</p>
</div>
</body></html>
"""

PAGE_NO_DATE = """<html><head><title>Kunduz</title></head><body><article><h1>Kunduz falls</h1>
<p>Taliban fighters captured the northern city of Kunduz after days of heavy fighting, officials
said, the biggest prize so far in the insurgents' offensive.</p></article></body></html>
"""

# RSS 2.0: item 1 dated 02:30 in Kabul (the day before in UTC), item 2 a date nobody can read,
# item 3 a bare "&" that makes the file not well-formed XML (feedparser reads it leniently).
RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Pajhwok Afghan News</title>
<link>https://pajhwok.example</link><description>News</description>
<item><title>Taliban capture Kunduz</title><link>https://pajhwok.example/kunduz</link>
<pubDate>Mon, 09 Aug 2021 02:30:00 +0430</pubDate>
<description>&lt;p&gt;Taliban fighters captured the city of Kunduz on Sunday, officials
said.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Fighting near Farah</title><pubDate>sometime last week</pubDate>
<description>Clashes near Farah continued.</description></item>
<item><title>Herat & Badghis</title><link>https://pajhwok.example/herat</link>
<pubDate>Tue, 10 Aug 2021 08:00:00 GMT</pubDate>
<description>Heavy clashes in Herat & Qala-i-Naw continued on Tuesday.</description></item>
</channel></rss>
"""

# Atom 1.0: entry 2 has neither title nor content.
ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tolo News</title><id>tolo</id>
<updated>2021-08-04T10:00:00Z</updated>
<entry><title>Government forces retake Lashkar Gah district</title>
<link href="https://tolo.example/lashkar-gah"/><id>e1</id>
<published>2021-08-03T23:00:00+04:30</published>
<content type="html">&lt;p&gt;Afghan government forces retook Lashkar Gah on Tuesday, the
defence ministry said.&lt;/p&gt;</content></entry>
<entry><title></title><id>e2</id><updated>2021-08-04T10:00:00Z</updated></entry>
</feed>
"""

# A spreadsheet of headlines saved as CSV in Windows-1252: row 2 has a quoted new line, row 3 no
# date, row 4 curly quotes and an en dash; "Section" is an extra column (kept as metadata).
HEADLINES_CSV = (
    "Date,Text,Title,Source,URL,Section\r\n"
    '2021-08-08,"Taliban fighters captured Sheberghan on Sunday.\r\nIt was the second capital '
    'in two days.",Sheberghan falls,AP,https://ap.example/sheberghan,World\r\n'
    ",Fighting raged near Ghazni.,Ghazni,Reuters,,World\r\n"
    "2021-08-12,\u201cGovernment forces still hold Herat\u201d \u2013 a spokesman said on "
    "Thursday.,,Reuters,,Asia\r\n"
).encode("cp1252")

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)


def acled_row(
    event_id: str,
    date: str,
    event_type: str,
    sub: str,
    actor1: str,
    actor2: str,
    admin1: str,
    location: str,
    lat: str,
    lon: str,
    source: str,
    notes: str,
    *,
    precision: str = "1",
    tags: str = "",
) -> str:
    """One row in ACLED's column order (quotes doubled, every text cell quoted)."""

    def q(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    year = date[:4] if date[:4].isdigit() else date[-4:]
    cells = [event_id, date, year, precision, "Political violence", q(event_type), q(sub),
             q(actor1), "", "2", q(actor2), "", "1", "12", "", "4", "Caucasus and Central Asia",
             "Afghanistan", q(admin1), "", "", q(location), lat, lon, "1", q(source), "National",
             q(notes), "0", q(tags), "1629000000"]
    return ",".join(cells)


ACLED_CSV = "\n".join([
    ACLED_HEADER,
    acled_row("AFG61001", "2021-08-08", "Battles", "Non-state actor overtakes territory",
              "Taliban", "Military Forces of Afghanistan (2004-2021)", "Kunduz", "Kunduz",
              "36.7290", "68.8570", "Pajhwok Afghan News",
              "On 8 August 2021, Taliban fighters took control of Kunduz city, the capital of "
              "Kunduz province, after days of clashes."),
    acled_row("AFG61002", "10 August 2021", "Battles", "Government regains territory",
              "Military Forces of Afghanistan (2004-2021)", "Taliban", "Helmand", "Lashkar Gah",
              "31.5938", "64.3716", "Tolo News",
              "Afghan forces retook two districts of Lashkar Gah city from the Taliban."),
    acled_row("AFG61003", "2021-08-09", "Battles", "Armed clash", "Taliban",
              "Police Forces of Afghanistan (2004-2021)", "Paktya", "Zurmat", "33.4400",
              "69.0300", "Xinhua", "Taliban and police clashed in Zurmat district."),
    acled_row("AFG61004", "2021-08-07", "Explosions/Remote violence", "Air/drone strike",
              "Military Forces of Afghanistan (2004-2021)", "Taliban", "Sar-e-Pul", "Sar-e Pul",
              "36.2150", "65.9320", "Bakhtar News", "Air strikes hit Taliban positions.",
              precision="2"),
    acled_row("AFG61005", "2021-08-09", "Battles", "Armed clash", "Taliban",
              "Military Forces of Afghanistan (2004-2021)", "Atlantis", "Nowhere", "", "",
              "Unknown", "A row with an admin1 that is not an Afghan province."),
    acled_row("AFG61006", "2021-13-45", "Battles", "Armed clash", "Taliban", "", "Ghazni",
              "Ghazni", "33.55", "68.42", "AP", "A row with an impossible date."),
]) + "\n"
"""Six ACLED rows: four good ones (taliban, government, contested, reported), one with an unknown
admin1 (row 6), one with an impossible date (row 7)."""
