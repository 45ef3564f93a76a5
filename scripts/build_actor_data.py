"""Build the actor lexicon's data files from the field's dictionaries.

Writes three TSV files (read by :mod:`eventwire.lexicon`):

- ``countries.tsv``  phrase, iso3, kind (country | demonym | metonym), sector (metonyms only)
- ``agents.tsv``     phrase, sector (CAMEO agent codes: MIL, GOV, REB, CVL, COP, ...)
- ``actors.tsv``     phrase, code, start, end, name (named people and groups with role dates)

from the reference dictionaries (NGEC ``countries.csv`` and ``PLOVER_agents.txt``, the Phoenix
agents and actors dictionaries) plus the facts written in this file: short names, metonyms,
agent words the dictionaries lack, and the leaders and armed groups that came after Phoenix was
frozen in 2014. Usage::

    python scripts/build_actor_data.py --reference ../shared/reference --out src/eventwire/data

Conventions of the output: phrases are lowercased, ASCII-folded and space-separated, except
acronyms that collide with English words ("US", "IS"), which keep their capitals and so match
only when written in capitals. Dates are ISO (YYYY-MM-DD); an empty start or end is open; a row
with both empty is the actor's default role (it applies when no dated role covers a date).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from unidecode import unidecode

# ---------------------------------------------------------------- our own facts: countries

# Short names and variants the NGEC country list lacks (phrase, iso3, kind).
COUNTRY_ADDITIONS = """
america USA country|united states of america USA country|usa USA country|u.s.a. USA country
US USA country|u.s. USA country|britain GBR country|briton GBR demonym|britons GBR demonym
russian federation RUS country|burma MMR country|turkiye TUR country|czech CZE demonym
uae ARE country|emirates ARE country|vatican VAT country|holy see VAT country
south sudan SSD country|south sudanese SSD demonym|democratic republic of congo COD country
dr congo COD country|drc COD country|palestinian territories PSE country|dominica DMA country
republic of korea KOR country|dprk PRK country|north korea PRK country|south korea KOR country
"""

# Capitals and buildings used in news for a state's government or military.
METONYMS = """
moscow RUS GOV|kremlin RUS GOV|tehran IRN GOV|ankara TUR GOV|damascus SYR GOV
washington USA GOV|white house USA GOV|pentagon USA MIL|beijing CHN GOV|kyiv UKR GOV
kiev UKR GOV|riyadh SAU GOV|pyongyang PRK GOV|downing street GBR GOV|elysee FRA GOV
"""

# Items of NGEC's nationality column that are places, not demonyms (kind=country).
NATIONALITY_PLACES = {
    "cabo verde", "cape verde", "congo-brazzaville", "cote d'ivoire", "ivory coast", "drc",
    "dr congo", "zaire", "greenland", "guadeloupe", "mayotte", "martinique", "french guiana",
    "french polynesia", "new caledonia", "reunion", "saint barthelemy", "saint martin",
    "hong kong", "macedonia", "fyrom", "western sahara", "myanmar", "aruba", "bonaire",
    "curacao", "sint maarten", "niue", "tokelau", "dprk", "svalbard", "saudi arabia",
    "swaziland", "east timor", "england", "uk", "u.k.", "britain", "scotland", "wales",
    "great britain", "anguilla", "bermuda", "islas malvinas", "gibraltar", "guernsey",
    "montserrat", "saint helena", "us", "u.s.", "american samoa", "guam", "puerto rico",
    "palestine", "czech republic", "isle of man", "vatican city",
}
PLACE_WORDS = re.compile(r"\b(island|islands|republic|kingdom|territory|territories|states)\b")
# The EU and the UN are coded as IGO actors instead; Kinakuta is Phoenix's made-up test state.
NOT_COUNTRIES = {"EUR", "UNO", "KNT"}

# ---------------------------------------------------------------- our own facts: agents

# Agent words with the sector we want, whatever the dictionaries say. A phrase ending in "{}"
# has no plural; "{x}" gives an irregular plural. Choices: "security forces" -> COP (the
# CAMEO dictionaries list COP first); rescuers, civil defence and health workers -> CVL (MED
# stays CAMEO's code for the media); protesters and rioters -> PRO.
AGENT_ADDITIONS = """
MIL: warplane, jet, fighter jet, helicopter, aircraft{}, air force, army {armies}, troop,
     soldier, forces{}, military{}, artillery{}, navy {navies}, drone, government forces{},
     regime forces{}, government troop, pro-government forces{}, armed forces{}, airstrike,
     air strike
REB: rebel, insurgent, militant, fighter, jihadist, opposition fighter, gunman {gunmen},
     rebel forces{}, opposition forces{}, insurgent forces{}
CVL: civilian, resident, villager, child {children}, woman {women}, people{}, worshipper,
     worshiper, student, farmer, passenger, rescuer, rescue worker, civil defence{},
     civil defense{}, doctor, medic, white helmets{}, aid worker, health worker, nurse,
     firefighter
COP: police{}, policeman {policemen}, police officer, security forces{}, security force,
     riot police{}
PRO: protester, protestor, demonstrator, marcher, rioter
GOV: government, ministry {ministries}, minister, president, prime minister, official,
     authority {authorities}, regime
JUD: judge, court
MED: journalist, reporter
"""

# Codes of the NGEC/PLOVER agents file that differ from CAMEO's (CAMEO's MED is the media).
PLOVER_TO_CAMEO = {"MED": "HLH", "JRN": "MED", "SOC": "NGO"}
NOT_AGENTS = {"JNK", "NON", "UNK", "PRE"}  # not actors: disasters, weekdays, regions ...
# Places and buildings are where things happen, not who acts: "pounded towns" has no
# civilian target named. (The CAMEO dictionary codes some of them CVL.)
NOT_AGENT_WORDS = {
    "town", "towns", "city", "cities", "village", "villages", "province", "provinces",
    "capital", "capitals", "region", "regions", "district", "districts", "area", "areas",
    "home", "homes", "house", "houses", "neighbourhood", "neighborhood", "suburb", "suburbs",
}
RELIGIONS = {"MUS", "CHR", "JEW", "HIN", "BUD", "CTH", "REL", "SHI", "SUN", "SIK"}

# ---------------------------------------------------------------- our own facts: actors

# Leaders and groups after 2014, and leaders whose Phoenix roles are still open although they
# left office: "Name | CODE start..end; CODE start..; CODE | alias; alias" (a role without
# dates is the default, e.g. ELI for a former leader, as Phoenix codes them). The roles
# replace the Phoenix roles of every phrase listed and of the Phoenix phrases that name the
# same person (see Update.claims).
ACTOR_UPDATES = """
Recep Tayyip Erdogan | TURGOV 2003-03-14..2014-08-28; TURGOV 2014-08-28.. | erdogan; tayyip
  erdogan; recep erdogan; president erdogan; president recep tayyip erdogan; prime minister
  recep erdogan
Vladimir Putin | RUSGOV 1999-08-09.. | putin; vladimir v. putin; president putin; president
  vladimir putin
Bashar al-Assad | SYRGOV 2000-07-17..2024-12-08 | assad; al-assad; bashar assad; president
  assad; president bashar al-assad; mr assad; mr. assad; assad regime; assad government
Assad Forces | SYRMIL ..2024-12-08 | assad forces; assad's forces; pro-assad forces
Hassan Rouhani | IRNGOV 2013-08-03..2021-08-03 | rouhani; hassan rohani; rohani
Ebrahim Raisi | IRNGOV 2021-08-03..2024-05-19 | raisi; ebrahim raeesi
Masoud Pezeshkian | IRNGOV 2024-07-28.. | pezeshkian
Donald Trump | USAGOV 2017-01-20..2021-01-20; USAGOV 2025-01-20.. | trump; president trump;
  donald j. trump; president donald trump
Joe Biden | USAGOV 2009-01-20..2017-01-20; USAGOV 2021-01-20..2025-01-20 | biden; joseph
  biden; president biden; joe biden
Volodymyr Zelensky | UKRGOV 2019-05-20.. | zelensky; zelenskyy; volodymyr zelenskyy;
  zelenskiy; volodymyr zelenskiy; president zelensky
Narendra Modi | INDGOV 2014-05-26.. | modi; prime minister modi
Benjamin Netanyahu | ISRGOV 1996-06-18..1999-07-06; ISRGOV 2009-03-31..2021-06-13; ISRGOV
  2022-12-29.. | netanyahu; bibi netanyahu; binyamin netanyahu
Abiy Ahmed | ETHGOV 2018-04-02.. | abiy ahmed ali; abiy
Emmanuel Macron | FRAGOV 2017-05-14.. | macron; president macron
Olaf Scholz | DEUGOV 2018-03-14..2025-05-06 | scholz; chancellor scholz
Friedrich Merz | DEUGOV 2025-05-06.. | merz; chancellor merz
Xi Jinping | CHNGOV 2013-03-14.. | president xi; xi jinping
Abdel Fattah al-Sisi | EGYGOV 2014-06-08.. | sisi; el-sisi; al-sisi; abdel fattah el-sisi
Kim Jong Un | PRKGOV 2011-12-17.. | kim jong-un; kim jong un
Keir Starmer | GBRGOV 2024-07-05.. | starmer
Antonio Guterres | IGOUNO 2017-01-01.. | guterres
MONUSCO | IGOUNO 2010-07-01.. | monusco; u.n. mission in congo; united nations mission in congo
MINUSMA | IGOUNO 2013-04-25..2023-12-31 | minusma; u.n. mission in mali
UNMISS | IGOUNO 2011-07-09.. | unmiss
UNIFIL | IGOUNO 1978-03-19.. | unifil
African Union | IGOAFRAFU | african union; au; the african union
AMISOM | IGOAFRAFU 2007-01-19..2022-03-31 | amisom; african union mission in somalia
ATMIS | IGOAFRAFU 2022-04-01..2024-12-31 | atmis
ECOWAS | IGOWAFWAS | ecowas; economic community of west african states
CODECO | CODREB | codeco; cooperative for the development of congo
Ahmed al-Sharaa | SYRREB ..2024-12-08; SYRGOV 2024-12-08.. | al-sharaa; abu mohammad al-julani;
  abu mohammed al-jolani; al-julani; al-jolani; julani; jolani
Hayat Tahrir al-Sham | SYRREB 2017-01-28.. | hts; hayat tahrir al sham; tahrir al-sham
Islamic State | IMGMUSISI 2013-04-08.. | isis; isil; IS; daesh; daish; islamic state of iraq and
  syria; islamic state of iraq and the levant; islamic state group
Al-Shabaab | SOMREB | al-shabab; al shabaab; shabaab; harakat al-shabaab al-mujahideen
Boko Haram | NGAREB | jama'atu ahlis sunna lidda'awati wal-jihad; iswap; islamic state west
  africa province
Houthis | YEMREB | houthi; houthi rebels; ansar allah; ansarullah; huthis; huthi
Hezbollah | LBNREB | hizbollah; hizbullah; hizballah
Hamas | PSEREB | harakat al-muqawama al-islamiya; izz ad-din al-qassam brigades; qassam brigades
Taliban | AFGREB ..2021-08-15; AFGGOV 2021-08-15.. | the taliban; taleban
Wagner Group | RUSUAF 2014-05-01.. | wagner; wagner pmc; pmc wagner; wagner mercenaries
Rapid Support Forces | SDNMIL 2013-08-01..2023-04-15; SDNREB 2023-04-15.. | rsf; janjaweed
Syrian Democratic Forces | SYRREB 2015-10-10.. | sdf; kurdish-led syrian democratic forces
Free Syrian Army | SYRREB 2011-07-29.. | fsa; syrian national army; sna
Kurdistan Workers' Party | TURREB | pkk; kurdistan workers party; partiya karkeren kurdistane
People's Protection Units | SYRREB 2011-01-01.. | ypg; ypj; women's protection units
M23 | CODREB 2012-05-06.. | march 23 movement; m23 rebels; mouvement du 23 mars
JNIM | MLIREB 2017-03-02.. | jama'at nusrat al-islam wal-muslimin; group for the support of islam
  and muslims
Donetsk People's Republic | UKRREB 2014-04-07.. | dpr; donetsk people's republic
Luhansk People's Republic | UKRREB 2014-04-27.. | lpr; luhansk people's republic
Barack Obama | USAGOV 2009-01-20..2017-01-20; USAELI | obama; president obama; president barack
  obama; barack hussein obama
John Kerry | USALEG 1985-01-03..2013-02-01; USAGOV 2013-02-01..2017-01-20; USAELI |
  secretary of state john kerry; secretary kerry
Rex Tillerson | USAGOV 2017-02-01..2018-03-31 | tillerson; secretary of state rex tillerson
Mike Pompeo | USASPY 2017-01-23..2018-04-26; USAGOV 2018-04-26..2021-01-20 | pompeo
Antony Blinken | USAGOV 2021-01-26..2025-01-20 | blinken; secretary of state antony blinken
Marco Rubio | USALEG 2011-01-03..2025-01-20; USAGOV 2025-01-21.. | rubio
Angela Merkel | DEUGOV 2005-11-22..2021-12-08; DEUELI | merkel; chancellor merkel
Francois Hollande | FRAGOV 2012-05-15..2017-05-14; FRAELI | hollande; president hollande
David Cameron | GBRGOV 2010-05-11..2016-07-13; GBRGOV 2023-11-13..2024-07-05; GBRELI |
  prime minister david cameron
Theresa May | GBRGOV 2010-05-12..2019-07-24; GBRELI | prime minister theresa may
Boris Johnson | GBRGOV 2016-07-13..2018-07-09; GBRGOV 2019-07-24..2022-09-06; GBRELI |
  prime minister boris johnson
Rishi Sunak | GBRGOV 2020-02-13..2022-07-05; GBRGOV 2022-10-25..2024-07-05; GBRELI | sunak
Shinzo Abe | JPNGOV 2005-10-31..2007-09-26; JPNGOV 2012-12-26..2020-09-16; JPNELI | prime
  minister abe; prime minister shinzo abe
Hamid Karzai | AFGGOV 2001-12-22..2014-09-29; AFGELI | karzai; president karzai
Ashraf Ghani | AFGGOV 2002-06-02..2004-12-14; AFGGOV 2014-09-29..2021-08-15; AFGELI |
  president ghani; ashraf ghani ahmadzai
Haibatullah Akhundzada | AFGREB 2016-05-25..2021-08-15; AFGGOV 2021-08-15.. |
  hibatullah akhundzada; mullah haibatullah akhundzada
Petro Poroshenko | UKRGOV 2014-06-07..2019-05-20; UKRELI | poroshenko; president poroshenko
Ahmet Davutoglu | TURGOV 2009-05-01..2016-05-24; TURELI | davutoglu
Mohammad Javad Zarif | IRNGOV 2013-08-15..2021-08-25 | zarif; javad zarif
Nouri al-Maliki | IRQGOV 2006-05-20..2014-09-08; IRQELI | al-maliki; nuri al-maliki; nouri
  maliki; nuri kamil al-maliki; jawad al-maliki; prime minister maliki
Haider al-Abadi | IRQGOV 2014-09-08..2018-10-25; IRQELI | al-abadi; haidar al-abadi; prime
  minister abadi
Mustafa al-Kadhimi | IRQGOV 2020-05-07..2022-10-27 | al-kadhimi; kadhimi
Mohammed Shia al-Sudani | IRQGOV 2022-10-27.. | al-sudani; mohammed shia' al-sudani
Nawaz Sharif | PAKGOV 1990-11-06..1993-04-18; PAKGOV 1993-05-26..1993-07-18; PAKGOV
  1997-02-17..1999-10-12; PAKGOV 2013-06-05..2017-07-28; PAKELI | prime minister nawaz sharif
Imran Khan | PAKGOV 2018-08-18..2022-04-10; PAKELI | prime minister imran khan
Shehbaz Sharif | PAKGOV 2022-04-11..2023-08-14; PAKGOV 2024-03-04.. | shahbaz sharif
Abd Rabbuh Mansur Hadi | YEMGOV 1994-10-03..2022-04-07; YEMELI | president hadi; abd-rabbu
  mansour hadi; abdrabuh mansour hadi; abdrabuh mansur hadi; abdu rabbo mansour hadi; abed
  rabbo mansour hadi; abd al rab mansur al hadi; abdrabbuh mansur hadi
Omar al-Bashir | SDNGOV 1989-06-30..2019-04-11; SDNELI | al-bashir; umar al-bashir; omar
  hassan al-bashir; president bashir; president omar al-bashir
Abdel Fattah al-Burhan | SDNMIL 2019-04-11.. | al-burhan; general burhan
Mohamed Hamdan Dagalo | SDNMIL 2013-08-01..2023-04-15; SDNREB 2023-04-15.. | hemedti; hemeti;
  dagalo; mohamed hamdan daglo
Joseph Kabila | CODGOV 2001-01-26..2019-01-24; CODELI | president kabila
Felix Tshisekedi | CODGOV 2019-01-24.. | tshisekedi
Goodluck Jonathan | NGAGOV 2007-05-29..2015-05-29; NGAELI | president jonathan; president
  goodluck jonathan
Muhammadu Buhari | NGAGOV 1983-12-31..1985-08-27; NGAGOV 2015-05-29..2023-05-29; NGAELI |
  buhari; president buhari
Bola Tinubu | NGAGOV 2023-05-29.. | tinubu; bola ahmed tinubu
Jacob Zuma | ZAFGOV 2009-05-09..2018-02-14; ZAFELI | zuma; president zuma
Cyril Ramaphosa | ZAFGOV 2014-05-26.. | ramaphosa
Robert Mugabe | ZWEGOV 1980-04-18..2017-11-21; ZWEELI | mugabe; president mugabe
Emmerson Mnangagwa | ZWEGOV 2014-12-12..2017-11-06; ZWEGOV 2017-11-24.. | mnangagwa
Dilma Rousseff | BRAGOV 2011-01-01..2016-08-31; BRAELI | rousseff
Luiz Inacio Lula da Silva | BRAGOV 2003-01-01..2011-01-01; BRAGOV 2023-01-01..; BRAELI | lula;
  lula da silva; president lula; luiz inacio da silva
Jair Bolsonaro | BRAGOV 2019-01-01..2023-01-01; BRAELI | bolsonaro
Naftali Bennett | ISRGOV 2021-06-13..2022-06-30 | prime minister bennett
Yair Lapid | ISRGOV 2022-07-01..2022-12-29 | prime minister lapid
Ban Ki-moon | IGOUNO 2007-01-01..2016-12-31; KORELI | secretary-general ban ki-moon; un
  secretary-general ban ki-moon
Kim Jong Il | PRKGOV 1994-07-08..2011-12-17 | kim jong-il
Hassan Nasrallah | LBNREB ..2024-09-27 | nasrallah; sayyed hassan nasrallah
Yahya Sinwar | PSEREB ..2024-10-16 | sinwar
Ismail Haniyeh | PSEREB ..2024-07-31 | haniyeh; ismail haniya
"""

# Actor-code prefixes that are not countries; IMG (militarised groups) are coded as rebels.
NONSTATE_PREFIX_SECTOR = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "MNC": "BUS"}
ROLE_SECTORS = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "ELI", "CVL", "MED", "EDU",
    "BUS", "LAB", "REF", "HLH", "AGR", "ENV", "CRM", "UAF", "INS", "DEV", "HRI", "RAD", "MOD",
}
# Single words that are also common English nouns, verbs or titles and so not names by
# themselves; checked by hand on a sample of the single-word phrases that passed the filters.
COMMON_WORDS = set("""
army police party front union council court bank group forces force government state
people unity freedom justice peace liberty movement national central federal public royal
prime minister president chief general senate congress parliament assembly cabinet agency
ministry office commission committee league alliance coalition brigade legion guard guards
olive lightning phrase zero avengers aleph insula amit eyal muhannad hamzah
""".split())
# Words that make up the generic names of armed groups (see generic_group).
GENERIC_WORDS = set("""
revolutionary popular liberation islamic muslim people peoples national resistance holy war
armed action group army front movement forces brigade brigades commandos combatants fighters
justice solidarity left leftist international community party union order defense defence
command council organization organisation committee united federal democratic communist
""".split())
NO_PLURAL = {"police", "people", "personnel", "staff", "military", "aircraft", "children",
             "clergy", "media", "public", "infantry", "cavalry"}
PREPOSITIONS = {"of", "for", "in", "to", "on", "at", "from", "with", "without", "against"}
SMALL_NAME_WORDS = {"and", "of", "the", "de", "du", "des", "la", "le", "al", "el", "bin", "to",
                    "ibn", "van", "von", "der", "da", "for", "in", "on", "at", "wal", "fi", "wa"}
ACRONYMS = {"us", "uk", "un", "eu", "usa", "nato", "ngo", "pkk", "hts", "sdf", "rsf", "fsa"}


# ---------------------------------------------------------------- phrases


def clean_phrase(raw: str) -> str | None:
    """A dictionary phrase ("BASHAR_AL-ASSAD_", "ERDOĞAN") as a lexicon phrase, or None."""
    text = unidecode(raw).replace("_", " ").replace("\u2019", "'")
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    text = re.sub(r"\s+", " ", text.replace(",", " ")).strip(" -'")
    if not text or not re.fullmatch(r"[A-Za-z0-9 .'&/-]+", text):
        return None
    return text if text in ("US", "IS") else text.lower()


def title_name(phrase: str) -> str:
    """Title Case for a canonical name: "bashar al-assad" -> "Bashar al-Assad"."""
    words = phrase.split(" ")
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    out = []
    for i, word in enumerate(words):
        parts = word.split("-")
        for j, part in enumerate(parts):
            if (i or j) and part in SMALL_NAME_WORDS:
                continue
            if re.fullmatch(r"([a-z]\.)+", part) or part in ACRONYMS:
                parts[j] = part.upper()
            elif part.startswith("d'") and len(part) > 2:
                parts[j] = "d'" + part[2:].capitalize()
            else:
                parts[j] = part[:1].upper() + part[1:]
        out.append("-".join(parts))
    return " ".join(out)


def plural(phrase: str) -> str | None:
    """The regular plural of a noun phrase (its head: the word before a preposition)."""
    words = phrase.split(" ")
    head = next((i - 1 for i, w in enumerate(words) if i and w in PREPOSITIONS), len(words) - 1)
    word = words[head]
    if not word.isalpha() or word in NO_PLURAL or word.endswith("men"):
        return None
    if word.endswith("man"):
        new = word[:-3] + "men"
    elif word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        new = word[:-1] + "ies"
    elif word.endswith(("ss", "x", "z", "ch", "sh")):
        new = word + "es"
    elif word.endswith("s"):
        return None  # already a plural (or irregular): the dictionaries list these themselves
    else:
        new = word + "s"
    return " ".join(words[:head] + [new] + words[head + 1 :])


def strip_comment(line: str) -> str:
    """A dictionary line without its trailing '#' comment."""
    return line.split("#", 1)[0].rstrip()


# ---------------------------------------------------------------- countries


def nationality_kind(item: str) -> str:
    """'country' for a place name found in the nationality column, else 'demonym'."""
    if item in NATIONALITY_PLACES or PLACE_WORDS.search(item):
        return "demonym" if item.endswith(("islander", "islanders")) else "country"
    if " and " in item and not item.endswith(("islander", "an", "ian")):
        return "country"
    return "demonym"


def country_rows(reference: Path, phoenix_codes: dict[str, str]) -> list[tuple[str, ...]]:
    """(phrase, iso3, kind, sector) rows: NGEC countries, Phoenix-only states, our additions."""
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()

    def add(phrase: str | None, iso3: str, kind: str, sector: str = "") -> None:
        if phrase and phrase.lower() not in seen:
            seen.add(phrase.lower())
            rows.append((phrase, iso3, kind, sector))

    with open(reference / "ngec" / "countries.csv", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            iso3 = rec["CCA3"]
            if len(iso3) != 3 or iso3 in NOT_COUNTRIES:
                continue  # 'GEOPRE' and the like: unrecognised states, not countries
            add(clean_phrase(rec["Name"]), iso3, "country")
            for item in rec["Nationality"].split(","):
                phrase = clean_phrase(item)
                if phrase:
                    add(phrase, iso3, nationality_kind(phrase.lower()))
    known = {r[1] for r in rows}
    for code, name in phoenix_codes.items():
        if code not in known and code not in NOT_COUNTRIES:
            add(name, code, "country")
    for item in _items(COUNTRY_ADDITIONS):
        phrase, iso3, kind = item.rsplit(" ", 2)
        add(phrase, iso3, kind)
    for item in _items(METONYMS):
        phrase, iso3, sector = item.rsplit(" ", 2)
        add(phrase, iso3, "metonym", sector)
    return rows


def _items(block: str) -> Iterator[str]:
    for item in block.replace("\n", "|").split("|"):
        if item.strip():
            yield item.strip()


# ---------------------------------------------------------------- agents


def agent_records(path: Path) -> Iterator[tuple[str, str | None, str]]:
    """(phrase, plural or None for none/regular, code) for each record of an agents file."""
    subs: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = strip_comment(line)
        if not line.strip() or line.startswith("<"):
            continue
        if re.match(r"\s*!\w+!\s*=", line):
            name, items = line.split("=", 1)
            subs[name.strip()] = [i.strip() for i in items.split(",") if i.strip()]
            continue
        m = re.match(r"(.*?)(\{[^}]*\})?\s*\[\s*(~?)([A-Z]*)(~?)\s*[\]}]", line)
        if not m or not m.group(4):
            continue
        phrase, plur, code = m.group(1).strip(), m.group(2), m.group(4)
        marker = re.search(r"!\w+!", phrase)
        if marker:
            for sub in subs.get(marker.group(0), []):
                yield phrase.replace(marker.group(0), sub), "{}", code
        else:
            yield phrase, plur, code


def agent_sector(code: str, plover: bool) -> str | None:
    """The sector of a CAMEO (or PLOVER, translated) agent code: its first role."""
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if plover:
        chunks = [PLOVER_TO_CAMEO.get(c, c) for c in chunks]
        if chunks[:2] == ["CVL", "OPP"]:
            chunks = chunks[1:]  # PLOVER's "civilian opposition" is CAMEO's OPP
    chunks = [c for c in chunks if c not in ("UNK",)]
    if not chunks or chunks[0] in NOT_AGENTS:
        return None
    return "REL" if chunks[0] in RELIGIONS else chunks[0]


def agent_forms(phrase: str, plur: str | None) -> list[str]:
    """The singular and plural forms of an agent phrase."""
    base = clean_phrase(phrase)
    if base is None:
        return []
    if plur is None:
        more = plural(base)
    else:
        more = clean_phrase(plur.strip("{} ")) if plur.strip("{} ") else None
    return [base] + ([more] if more else [])


def agent_rows(reference: Path) -> list[tuple[str, str]]:
    """(phrase, sector) rows: our additions, then Phoenix (CAMEO), then NGEC/PLOVER."""
    rows: dict[str, str] = {}
    for block in AGENT_ADDITIONS.strip().split("\n"):
        if ":" in block[:5]:
            sector, block = block.split(":", 1)
        for item in (i.strip() for i in block.split(",") if i.strip()):
            m = re.fullmatch(r"(.*?)\s*(\{[^}]*\})?", item)
            for form in agent_forms(m.group(1), m.group(2)):
                if form not in NOT_AGENT_WORDS:
                    rows.setdefault(form, sector)
    sources = [(reference / "petrarch2" / "Phoenix.agents.txt", False),
               (reference / "ngec" / "PLOVER_agents.txt", True)]
    for path, plover in sources:
        for phrase, plur, code in agent_records(path):
            sector = agent_sector(code, plover)
            if sector:
                for form in agent_forms(phrase, plur):
                    if form not in NOT_AGENT_WORDS:
                        rows.setdefault(form, sector)
    return sorted(rows.items())


# ---------------------------------------------------------------- actors


@dataclass(frozen=True)
class Role:
    """One coded role of an actor: CAMEO-style code and ISO dates ('' when open)."""

    code: str
    start: str = ""
    end: str = ""


@dataclass
class ActorEntry:
    """One record of an actors dictionary: its phrases (the first is canonical) and roles."""

    phrases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


def parse_date(text: str) -> str | None:
    """A Phoenix date (YYMMDD or YYYYMMDD) as ISO, or None when it is not a valid date."""
    if len(text) == 6 and text.isdigit():
        text = ("20" if int(text[:2]) < 30 else "19") + text  # Phoenix was built in 2014
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return None


def parse_role(text: str) -> Role | None:
    """'[SYRGOV >000717]' content as a Role, or None for a null or malformed code."""
    parts = text.split()
    if not parts or not re.fullmatch(r"[A-Z0-9]{3,}", parts[0]):
        return None
    if len(parts) == 1:
        return Role(parts[0])
    limit = "".join(parts[1:])
    if limit[0] in "<>":
        date = parse_date(limit[1:])
        if date is None:
            return None
        return Role(parts[0], start=date) if limit[0] == ">" else Role(parts[0], end=date)
    start, _, end = limit.partition("-")
    start_iso, end_iso = parse_date(start), parse_date(end)
    if start_iso is None or end_iso is None or end_iso < start_iso:
        return None  # a typo in the dictionary (a 7-digit date, an end before the start)
    return Role(parts[0], start_iso, end_iso)


def actor_entries(path: Path) -> Iterator[ActorEntry]:
    """The records of a Phoenix actors file (name line, '+' synonyms, tab-indented roles)."""
    entry: ActorEntry | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = strip_comment(raw).strip()
        if not line or line.startswith("<"):
            continue
        roles = [r for r in map(parse_role, re.findall(r"\[([^\]]*)\]", line)) if r]
        names = line.split("[", 1)[0]
        if not names.startswith("+") and names.strip():
            if entry is not None:
                yield entry
            entry = ActorEntry()
        if entry is None:
            entry = ActorEntry()
        entry.phrases.extend(p for p in map(clean_phrase, names.split("+")) if p)
        entry.roles.extend(roles)
    if entry is not None:
        yield entry


def merge_roles(roles: Iterable[Role]) -> list[Role]:
    """Roles with the same code joined where their date ranges touch or overlap."""
    out: list[Role] = []
    for role in sorted(set(roles), key=lambda r: (r.code, r.start or "0000", r.end or "9999")):
        prev = out[-1] if out else None
        dated = role.start or role.end
        if prev and dated and prev.code == role.code and (prev.start or prev.end):
            limit = prev.end and dt.date.fromisoformat(prev.end) + dt.timedelta(days=1)
            if not prev.end or not role.start or role.start <= limit.isoformat():
                end = "" if not prev.end or not role.end else max(prev.end, role.end)
                out[-1] = Role(role.code, prev.start, end)
                continue
        out.append(role)
    return out


def keep_code(code: str, countries: set[str]) -> bool:
    """Whether a role code names a coded actor: an organisation, or a country's (or region's)
    government, military, party, group ... (not a territory such as GEOUNR or GBRVGB)."""
    if code[:3] in NONSTATE_PREFIX_SECTOR:
        return len(code) % 3 == 0
    if len(code) < 6 or len(code) % 3:
        return False
    if code[:3] in countries:
        return code[3:6] in ROLE_SECTORS or code[3:6] in RELIGIONS
    return code[3:6] in ROLE_SECTORS


def generic_group(phrase: str, roles: list[Role], common: set[str]) -> bool:
    """True for an armed group whose short name is only generic words ("islamic party",
    "popular resistance"): such a name says nothing about which group, or which country."""
    words = [w for w in key(phrase).replace("'s", "").split() if w != "the"]
    if len(words) > 2 or not all(w in common or w in GENERIC_WORDS for w in words):
        return False
    return any(code_is_group(r.code) for r in roles)


def code_is_group(code: str) -> bool:
    """Whether a code is that of a non-state armed group (IMG..., ...REB, ...INS)."""
    return code.startswith("IMG") or code[3:6] in ("REB", "INS", "UAF")


def single_word_ok(word: str, canonical: str, roles: list[Role], countries: set[str]) -> bool:
    """A one-word phrase of a person (a country-coded actor) must be their surname:
    "nixon" for Richard M. Nixon, but not "khalid" alone."""
    if " " in word or not all(r.code[:3] in countries for r in roles):
        return True
    names = key(canonical).split()
    return len(names) > 1 and names[-1] == key(word)


def is_common(phrase: str, common: set[str]) -> bool:
    """True for phrases that are ordinary words, not names: one word that is a stop word,
    an agent word or our hand list, or shorter than 4 letters; several words that are all
    stop words or in our hand list ("the army")."""
    words = phrase.lower().replace("-", " ").split()
    if len(words) == 1:
        word = words[0]
        return len(word) < 4 or word in common or not re.fullmatch(r"[a-z][a-z'.]+", word)
    return all(w in STOP_WORDS or w in COMMON_WORDS for w in words)


def phrase_variants(phrase: str) -> list[str]:
    """A phrase, and the same without a leading 'the'."""
    if phrase.startswith("the ") and len(phrase) > 4:
        return [phrase, phrase[4:]]
    return [phrase]


def key(phrase: str) -> str:
    """How the lexicon compares phrases: lowercase, hyphens as spaces."""
    return " ".join(phrase.lower().replace("-", " ").split())


@dataclass(frozen=True)
class Update:
    """An actor from ACTOR_UPDATES: canonical name, roles and aliases."""

    name: str
    roles: tuple[Role, ...]
    phrases: tuple[str, ...]

    def claims(self, phrase: str, codes: Iterable[str], titles: set[str]) -> bool:
        """Whether a Phoenix phrase names this person: their full name or its last words,
        with titles and initials around them ("prime minister tayyip erdogan", "vladimir v.
        putin", not "kim il" for Kim Jong Il), and coded for their country."""
        if not self.roles[0].code.endswith("GOV") or " " not in self.name:
            return False
        mine = key(self.name).split()
        names = [w for w in key(phrase).split() if w not in titles and len(w.strip(".")) > 1]
        if not names or names != mine[len(mine) - len(names) :]:
            return False
        return any(c[:3] == self.roles[0].code[:3] for c in codes)


def parse_updates(block: str) -> list[Update]:
    """ACTOR_UPDATES as Update records."""
    updates = []
    for record in re.split(r"\n(?=\S)", block.strip()):
        name, roles_text, aliases = (p.strip() for p in " ".join(record.split()).split("|"))
        roles = []
        for item in roles_text.split(";"):
            code, _, dates = item.strip().partition(" ")
            start, _, end = dates.partition("..")
            roles.append(Role(code, start.strip(), end.strip()))
        phrases = [clean_phrase(name)] + [clean_phrase(a) for a in aliases.split(";")]
        updates.append(Update(name, tuple(roles), tuple(dict.fromkeys(p for p in phrases if p))))
    return updates


def phoenix_country_codes(reference: Path) -> dict[str, str]:
    """Country code -> name from the country-level records of the Phoenix countries file."""
    out: dict[str, str] = {}
    for entry in actor_entries(reference / "petrarch2" / "Phoenix.Countries.actors.txt"):
        for role in entry.roles:
            if len(role.code) == 3 and not role.start and not role.end and entry.phrases:
                out.setdefault(role.code, entry.phrases[0])
    return out


def phoenix_actor_rows(
    reference: Path, countries: set[str], common: set[str]
) -> dict[str, tuple[str, dict[Role, str]]]:
    """key -> (phrase, {role: canonical name}) from the three Phoenix actors files."""
    rows: dict[str, tuple[str, dict[Role, str]]] = {}
    for name in ("Countries", "International", "MilNonState"):
        for entry in actor_entries(reference / "petrarch2" / f"Phoenix.{name}.actors.txt"):
            roles = merge_roles(r for r in entry.roles if keep_code(r.code, countries))
            if not roles or not entry.phrases:
                continue
            canonical = title_name(entry.phrases[0])
            for phrase in usable_phrases(entry, canonical, roles, common, countries):
                held = rows.setdefault(key(phrase), (phrase, {}))[1]
                for role in roles:
                    held.setdefault(role, canonical)
    return rows


def usable_phrases(
    entry: ActorEntry, canonical: str, roles: list[Role], common: set[str], countries: set[str]
) -> Iterator[str]:
    """The phrases of an entry (and their forms without 'the') that are names."""
    for phrase in entry.phrases:
        for variant in phrase_variants(phrase):
            if is_common(variant, common) or generic_group(variant, roles, common):
                continue
            if single_word_ok(variant, canonical, roles, countries):
                yield variant


def actor_rows(
    reference: Path, countries: set[str], common: set[str], titles: set[str]
) -> list[tuple[str, ...]]:
    """(phrase, code, start, end, name) rows: Phoenix, brought up to date by ACTOR_UPDATES."""
    rows = phoenix_actor_rows(reference, countries, common)
    by_word: dict[str, list[str]] = {}
    for k in rows:
        for word in set(k.split()):
            by_word.setdefault(word, []).append(k)
    updated: set[str] = set()  # phrases whose roles come from ACTOR_UPDATES
    for update in parse_updates(ACTOR_UPDATES):
        mine = {role: update.name for role in update.roles}
        for k in by_word.get(key(update.name).split()[-1], []):
            phrase, roles = rows[k]
            if update.claims(phrase, (r.code for r in roles), titles):
                # "prime minister sharif" names two people: keep the roles of both
                rows[k] = (phrase, {**roles, **mine} if k in updated else mine)
                updated.add(k)
        for phrase in update.phrases:
            rows[key(phrase)] = (phrase, mine)
            updated.add(key(phrase))
    out = []
    for phrase, roles in sorted(rows.values()):
        for role, name in sorted(roles.items(), key=lambda kv: (kv[0].start, kv[0].code)):
            out.append((phrase, role.code, role.start, role.end, name))
    return out


def common_words(agents: list[tuple[str, str]]) -> set[str]:
    """Words that are not names by themselves: stop words, agent words, our hand list."""
    words = {w for phrase, _ in agents for w in key(phrase).split()}
    return words | set(STOP_WORDS) | COMMON_WORDS


# ---------------------------------------------------------------- output


def write_tsv(path: Path, header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> int:
    """Write rows as TSV with a header line; returns the number of rows."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
            n += 1
    return n


def build(reference: Path, out: Path) -> dict[str, int]:
    """Build the three TSV files; returns the row count of each."""
    phoenix_codes = phoenix_country_codes(reference)
    countries = country_rows(reference, phoenix_codes)
    agents = agent_rows(reference)
    codes = {r[1] for r in countries} | set(phoenix_codes)
    common = common_words(agents)
    titles = common | {w for r in countries for w in key(r[0]).split()}
    actors = actor_rows(reference, codes, common, titles)
    out.mkdir(parents=True, exist_ok=True)
    return {
        "countries.tsv": write_tsv(out / "countries.tsv", ("phrase", "iso3", "kind", "sector"),
                                   countries),
        "agents.tsv": write_tsv(out / "agents.tsv", ("phrase", "sector"), agents),
        "actors.tsv": write_tsv(out / "actors.tsv", ("phrase", "code", "start", "end", "name"),
                                actors),
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: --reference DIR --out DIR."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, required=True, help="shared/reference folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for the TSV files")
    args = parser.parse_args(argv)
    for name, n in build(args.reference, args.out).items():
        print(f"{name}: {n} rows")


if __name__ == "__main__":
    main()
