"""Per-language data for fact extraction, in one place, each list with its source.

Pure: standard library and babel (CLDR data shipped inside the package; nothing is
fetched). Two kinds of data:

- CLDR, read through babel for every language the app supports: month and weekday names,
  the words for today / yesterday / tomorrow, compact number words (scale words:
  "Milliarden", "млн", "万"), unit names ("kilomètres", "Meilen", "pour cent"), the
  decimal mark, and the names of countries, regions and languages in every supported
  language (so "Allemagne" = "Germany" = "Deutschland").
- Closed word classes written out by hand, per language: function words, cardinal number
  words, honorifics, name connectors, elided articles, German noun suffixes, demonym
  endings, title abbreviations. These are grammar, not vocabulary of any article.

Nothing here comes from the seed articles or any one example.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal

from babel import Locale, UnknownLocaleError, localedata
from babel.languages import get_territory_language_info
from babel.numbers import get_decimal_symbol, get_territory_currencies
from babel.units import format_unit

from compare.folding import fold

# The languages the app supports (`compare.text.SUPPORTED_LANGUAGES`), whose CLDR data is
# read; repeated here so that this module does not depend on the segmenter.
CLDR_LANGUAGES = (
    "ar",
    "de",
    "en",
    "es",
    "fr",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt",
    "ru",
    "tr",
    "zh",
)
# Regional CLDR locales whose month and number words differ from the base language's
# ("Jänner" in Austria, "mil milhões" in Portugal, "setiembre" in Latin America).
_REGIONAL_LOCALES = {"de": ("de_AT", "de_CH"), "pt": ("pt_PT",), "es": ("es_419",)}

# Scripts written without case, where capitals cannot mark a name.
CASELESS_SCRIPTS = re.compile(
    r"[\u0590-\u08ff\u0e00-\u0eff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)
# Letters of the cased scripts that separate words with spaces (Latin, Greek, Cyrillic):
# a digit glued to one of these is part of a name ("Luna-25", "G7"), not a number.
CASED_LETTER = (
    "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # Latin
    "\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"  # Greek, Cyrillic, Latin extended
)


@functools.lru_cache(maxsize=256)
def language_code(language: str) -> str:
    """ISO code reduced to its two-letter language part ("fr-FR" -> "fr", "" -> "").

    Cached: every stage of an extraction asks again, about five times a sentence."""
    return (language or "").strip().lower().replace("_", "-").split("-")[0]


def _locales(lang: str) -> list[Locale]:
    found = []
    for name in (lang, *_REGIONAL_LOCALES.get(lang, ())):
        try:
            found.append(Locale.parse(name))
        except (UnknownLocaleError, ValueError):
            continue
    return found


def cldr_languages(language: str) -> tuple[str, ...]:
    """The article's language plus English (press quotes English names and dates);
    every CLDR language when the language is unknown."""
    lang = language_code(language)
    if lang not in CLDR_LANGUAGES:
        return CLDR_LANGUAGES
    return (lang,) if lang == "en" else (lang, "en")


# ---------------------------------------------------------------------------
# Dates (CLDR)
# ---------------------------------------------------------------------------

_NOT_A_WORD = re.compile(r"[\d\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@functools.cache
def month_names(lang: str) -> dict[str, int]:
    """Month spelling -> number, as CLDR writes it: wide and abbreviated, format
    (genitive: "марта", "marca") and stand-alone forms. Names written with digits or
    ideographs ("3月") are left to the numeric patterns."""
    names: dict[str, int] = {}
    for locale in _locales(lang):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    if name and not _NOT_A_WORD.search(name):
                        names[name] = number
                        if name.endswith("."):
                            names[name[:-1]] = number  # "janv" as well as "janv."
    return names


@functools.cache
def calendar_words() -> frozenset[str]:
    """Folded month and weekday names of every supported language: capitalised, they are
    still not names ("Tuesday", "Mars" as a month)."""
    found: set[str] = set()
    for lang in CLDR_LANGUAGES:
        for locale in _locales(lang):
            for table in (locale.months, locale.days):
                for context in ("format", "stand-alone"):
                    for name in table[context]["wide"].values():
                        found.add(fold(name).rstrip("."))
    return frozenset(found)


@functools.cache
def relative_days(lang: str) -> dict[str, int]:
    """CLDR's words for yesterday / today / tomorrow (and the day before and after):
    written form -> offset in days ("hier" -> -1 in French)."""
    try:
        fields = localedata.load(lang)["date_fields"]["day"]["relative"]
    except (KeyError, FileNotFoundError, ValueError):
        return {}
    return {str(word): int(offset) for offset, word in fields.items()}


# ---------------------------------------------------------------------------
# Numbers (CLDR + hand lists)
# ---------------------------------------------------------------------------


@functools.cache
def decimal_mark(lang: str) -> str:
    """The decimal mark with Latin digits ("," in French and German, "." in English)."""
    try:
        return get_decimal_symbol(lang or "en", numbering_system="latn")
    except (UnknownLocaleError, ValueError):
        return "."


# Scale abbreviations of the press that CLDR's compact formats lack.
_PRESS_SCALES = {
    "en": {"bn": 10**9, "mn": 10**6, "mln": 10**6, "tn": 10**12},
    "fr": {"Md": 10**9, "Mds": 10**9, "Mrd": 10**9, "Mrds": 10**9, "millier": 10**3},
    "it": {"mln": 10**6, "mld": 10**9, "mila": 10**3},
    "de": {"Mio": 10**6, "Mrd": 10**9, "Tsd.": 10**3},
    "es": {"millardo": 10**9, "millardos": 10**9},
}


@functools.cache
def scale_words(lang: str) -> dict[str, int]:
    """Scale word as written -> multiplier, from CLDR's compact decimal formats ("0 Mio.",
    "00 milliards", "0万") plus the press abbreviations above."""
    found: dict[str, int] = {}
    for locale in _locales(lang):
        for style in locale.compact_decimal_formats.values():
            for patterns in style.values():  # one table per plural category
                for magnitude, pattern in patterns.items():
                    text = pattern.pattern if hasattr(pattern, "pattern") else str(pattern)
                    zeros = text.count("0")
                    word = text.replace("0", "").replace("'", "").strip(" \u00a0\u202f")
                    if not zeros or not word or "¤" in word:
                        continue
                    found[word.replace("\u00a0", " ")] = int(magnitude) // 10 ** (zeros - 1)
    found.update(_PRESS_SCALES.get(lang, {}))
    return found


# CLDR unit ids and their dimension and factor to the SI unit (definitions of the SI and
# of the international yard and pound, 1959). Temperatures are converted separately.
UNITS: dict[str, tuple[str, Decimal]] = {
    "length-kilometer": ("length", Decimal(1000)),
    "length-meter": ("length", Decimal(1)),
    "length-mile": ("length", Decimal("1609.344")),
    "length-foot": ("length", Decimal("0.3048")),
    "mass-kilogram": ("mass", Decimal(1)),
    "mass-tonne": ("mass", Decimal(1000)),
    "mass-pound": ("mass", Decimal("0.45359237")),
    "area-square-kilometer": ("area", Decimal(10**6)),
    "area-square-mile": ("area", Decimal("2589988.110336")),
    "area-hectare": ("area", Decimal(10**4)),
    "area-acre": ("area", Decimal("4046.8564224")),
    "speed-kilometer-per-hour": ("speed", Decimal(1) / Decimal("3.6")),
    "speed-mile-per-hour": ("speed", Decimal("0.44704")),
    "temperature-celsius": ("temperature", Decimal(1)),
    "temperature-fahrenheit": ("temperature", Decimal(5) / Decimal(9)),
    "concentr-percent": ("percent", Decimal(1)),
}
# Unit spellings CLDR lacks: British spelling and the everyday forms of the press.
_PRESS_UNITS = {
    "en": {"per cent": "concentr-percent", "kilometres": "length-kilometer",
           "kilometre": "length-kilometer", "metres": "length-meter", "tonnes": "mass-tonne",
           "mph": "speed-mile-per-hour"},
    "es": {"por ciento": "concentr-percent"},
    "pt": {"por cento": "concentr-percent"},
    "it": {"per cento": "concentr-percent", "tonnellate": "mass-tonne"},
}  # fmt: skip


@functools.cache
def unit_words(lang: str) -> dict[str, str]:
    """Unit as written after a number -> CLDR unit id, from CLDR's unit patterns in
    short, long and narrow forms and every plural form ("5 километров", "2 километра").
    One-letter symbols ("m", "t") are left out: after a number they too often mean
    something else ("5m" is five million in English headlines)."""
    found: dict[str, str] = {}
    for unit in UNITS:
        for length in ("short", "long", "narrow"):
            for count in (1, 2, 5, 21, Decimal("1.5")):
                try:
                    text = format_unit(count, unit, length, locale=lang)
                except (UnknownLocaleError, ValueError, KeyError):
                    continue
                word = re.sub(r"[\d.,]+", "", text).strip(" \u00a0\u202f")
                if len(word) > 1 and word not in ("′", "″", "#", "°"):
                    found[word.replace("\u00a0", " ").replace("\u202f", " ")] = unit
    found.update(_PRESS_UNITS.get(lang, {}))
    found["%"] = "concentr-percent"
    return found


# Cardinal number words of each language (the language's standard numerals, 2-20, the
# tens to 50, hundred and thousand). "One" is kept apart: it is also the indefinite
# article ("un accord"), so it only ever confirms a "1" on the other side.
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "it": {"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8,
           "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13,
           "quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17,
           "diciotto": 18, "diciannove": 19, "venti": 20, "trenta": 30, "quaranta": 40,
           "cinquanta": 50, "cento": 100, "mille": 1000},
    "fr": {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
           "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
           "cinquante": 50, "cent": 100, "mille": 1000},
    "de": {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
           "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
           "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
           "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100,
           "tausend": 1000},
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
           "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
           "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "hundred": 100, "thousand": 1000},
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
           "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
           "quince": 15, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18,
           "diecinueve": 19, "veinte": 20, "treinta": 30, "cuarenta": 40,
           "cincuenta": 50, "cien": 100, "ciento": 100, "mil": 1000},
    "pt": {"dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
           "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13,
           "catorze": 14, "quinze": 15, "vinte": 20, "trinta": 30, "quarenta": 40,
           "cinquenta": 50, "cem": 100, "mil": 1000},
    "nl": {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
           "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "twintig": 20, "dertig": 30,
           "veertig": 40, "vijftig": 50, "honderd": 100, "duizend": 1000},
    "ar": {"اثنان": 2, "اثنين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5,
           "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمانية": 8,
           "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرون": 20, "عشرين": 20},
    "ru": {"два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3, "четыре": 4,
           "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
           "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100,
           "тысяча": 1000},
}  # fmt: skip
ONE_WORDS: dict[str, tuple[str, ...]] = {
    "it": ("uno", "una", "un"),
    "fr": ("un", "une"),
    "de": ("ein", "eine", "eins", "einen", "einem", "einer"),
    "en": ("one", "a single"),
    "es": ("uno", "una", "un"),
    "pt": ("um", "uma"),
    "nl": ("een", "één"),
    "ru": ("один", "одна", "одно", "одного"),
}


# Ordinal number words, third to tenth ("the fifth day" / "il sesto giorno": a different
# day), weak as the cardinals are. First and second are left out: they are also "at first",
# "a second", "secondo" ("according to"), "segundo". Each language's standard ordinals, in
# every gender and number it inflects them for; German also in its adjective endings; a
# word that is also a common noun is left out (Spanish and Portuguese "cuarto", "quarto": a
# room; German "achte": "pay attention").
def _inflected(stems: dict[str, int], endings: tuple[str, ...]) -> dict[str, int]:
    return {stem + ending: value for stem, value in stems.items() for ending in endings}


ORDINAL_WORDS: dict[str, dict[str, int]] = {
    "en": {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
           "ninth": 9, "tenth": 10},
    "fr": {"troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7,
           "huitième": 8, "neuvième": 9, "dixième": 10},
    "it": _inflected({"terz": 3, "quart": 4, "quint": 5, "sest": 6, "settim": 7, "ottav": 8,
                      "decim": 10}, ("o", "a", "i", "e")),
    "es": _inflected({"tercer": 3, "quint": 5, "sext": 6, "séptim": 7, "octav": 8,
                      "noven": 9, "décim": 10}, ("o", "a", "os", "as")) | {"tercer": 3},
    "pt": _inflected({"terceir": 3, "quint": 5, "sext": 6, "sétim": 7, "oitav": 8,
                      "décim": 10}, ("o", "a", "os", "as")),
    "de": _inflected({"dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
                      "neunt": 9, "zehnt": 10}, ("e", "en", "er", "es", "em")),
    "nl": {"derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7, "achtste": 8,
           "negende": 9, "tiende": 10},
}  # fmt: skip
# Ordinal endings after digits ("1er", "3e", "2nd", "5º", "3-й").
ORDINAL_ENDINGS = (
    "ème",
    "eme",
    "er",
    "re",
    "e",
    "º",
    "ª",
    "°",
    "st",
    "nd",
    "rd",
    "th",
    "-й",
    "-я",
    "-е",
    "-го",
)


# ---------------------------------------------------------------------------
# Names (hand lists: closed word classes; CLDR: places and languages)
# ---------------------------------------------------------------------------


def _words(blob: str) -> frozenset[str]:
    return frozenset(blob.split())


# Function words (articles, prepositions, conjunctions, pronouns, sentence adverbs) of each
# language, folded: a capitalised function word is never part of a name.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "it": _words("""a al all alla alle agli ai allo anche ad ancora come con contro da dal
        dalla dalle dai dagli dallo del della delle dei degli dello di dopo durante e ecco ed
        fra gli i il in io la le lo loro lui lei ma mentre ne nel nella nelle nei negli nello
        noi non o oggi ieri per perche pero piu poi quando quella quelle quelli quello questa
        queste questi questo se secondo senza si sia su sul sulla sulle sui sugli tra tutti
        tutto un una uno voi gia cosi inoltre infatti tuttavia dunque quindi nell dell dall
        sull coll quell cio chi che cui ogni altri altre"""),
    "fr": _words("""a au aux avec ce ces cet cette chez comme dans de des du elle elles en
        entre et il ils je la le les leur leurs lors mais ne ni nous on ou par pas pendant
        pour puis quand que qui sa sans se selon ses son sous sur ta te tes toi ton tous tout
        toute toutes tu un une vous voici voila apres avant aussi ainsi alors aujourd hier
        cependant donc enfin bien deja depuis c ca cela celui celle ceux"""),
    "de": _words("""aber als am an auch auf aus bei bis das dass dem den der des die dies
        diese dieser dieses doch durch ein eine einem einen einer eines er es fur gegen heute
        hier ich ihr im in ist mit nach nicht noch nun oder ohne seit sie so uber um und
        unter vom von vor wahrend was weil wenn wie wir zu zum zur zwischen laut gestern
        jetzt dabei damit man sein seine ihre wo"""),
    "en": _words("""a about after against all also an and are as at be because before but by
        during for from he her here his how i if in into it its my no not of on or our she
        so that the their them then there these they this those to under until we what when
        where which while who why with yesterday today according however meanwhile"""),
    "es": _words("""a al ante bajo como con contra de del desde donde durante el ella ellas
        ellos en entre es esta este esto hacia hasta hoy ayer la las le les lo los mas
        mientras nos nosotros o para pero por que se segun sin sobre su sus tambien tras un
        una uno unos unas y ya aqui"""),
    "pt": _words("""a ao aos as com como contra da das de do dos e ela elas ele eles em entre
        esta este isso isto mas na nas no nos o os ou para pela pelas pelo pelos por que se
        sem sobre sua suas seu seus um uma uns umas hoje ontem tambem"""),
    "nl": _words("""de het een en van in op met voor door naar bij uit over als maar of dat
        die dit deze er hij zij ze wij we ik ook niet nog al om te tot toen want"""),
}
ALL_FUNCTION_WORDS = frozenset().union(*FUNCTION_WORDS.values())

# Honorifics and forms of address, folded, without their final dot: they precede names
# but are not themselves facts ("Mme Lagarde" = "Christine Lagarde").
HONORIFICS = _words("""mr mrs ms miss dr prof sir dame lord lady m mme mlle me monsieur madame
    mademoiselle herr frau fraulein signor signora signorina sig sigra dott dottssa ing avv
    on sen rep gen col sr sra srta don dona senor senora gospodin gospozha""")

# Capitalised abbreviations that are titles or company forms, not names ("CEO", "GmbH").
TITLE_ABBREVIATIONS = _words("""dg pdg ceo cfo coo cto md mp pm tv pc ok sa spa srl ag gmbh ltd
    inc plc nv bv ad""")

# Acronyms that stand for common nouns, not for a named body: Russian "СМИ" (mass media),
# "ВУЗ" (university), "НКО" (non-profit), English "NGO", French "ONG", Italian and Spanish
# "ONG", German "NGO" (each language's dictionary abbreviations for these nouns).
COMMON_NOUN_ACRONYMS = _words("сми вуз нко нпо ngo ong ngos pme kmu spa sme")

# The channels through which something was said, not facts of the story: the social
# networks and messaging services news quotes from ("said on Twitter", "a écrit sur
# Facebook"). Source: the networks DataReportal's Digital 2024 report ranks by users.
CHANNELS = _words("""twitter facebook instagram youtube tiktok telegram whatsapp wechat weibo
    vkontakte vk linkedin snapchat reddit threads mastodon bluesky internet""")

# Common nouns a language's typography capitalises in one sense (French "l'État", "l'Église"
# for the state and the church: Lexique des règles typographiques en usage à l'Imprimerie
# nationale); folded. They translate ("lo Stato", "der Staat") rather than transliterate.
# Italian journalism likewise writes "lo Stato" and "il Paese" for the state and the
# nation (Accademia della Crusca, "maiuscola di rispetto").
CAPITALISED_NOUNS = {"fr": _words("etat etats eglise"), "it": _words("stato stati paese paesi")}

# Lower-case words that may join the parts of one name ("Bank of England", "Charles de
# Gaulle", "Ursula von der Leyen").
CONNECTORS = _words("of de di da del della des du von van der den y do dos das la le")
# Particles inside Arabic and Berber names, written capitalised or not ("Zine El Abidine
# Ben Ali", "Mahmoud Abu Zeid").
NAME_PARTICLES = _words("el al ben bin ibn abu abd bou ould")

# Elided articles and prepositions (Italian, French) peeled off a name: "dell'Agenzia",
# "l'ILRS", "d'Alembert".
ELISIONS = _words("l d dell dall nell sull all coll quell qu j m n s t c un gl lorsqu jusqu puisqu")

# German determiners: German capitalises every noun, so a capitalised word right after one
# of these starts a noun phrase, not a name ("die Raumfahrtbehörde Roskosmos").
GERMAN_DETERMINERS = _words("""der die das den dem des ein eine einen einem einer eines im am
    zum zur vom beim ins dieser diese dieses diesem diesen jeder jede jedes unser unsere
    seine seiner ihre ihrer kein keine keinen keinem keiner keines""")
# German noun-forming suffixes (Duden grammar): a word ending so is a common noun.
# Only suffixes that no surname shares ("-er" and "-mann" are left out: "Müller", "Scholz").
GERMAN_NOUN_SUFFIXES = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "ismus",
    "nis",
    "tum",
    "itat",
    "chen",
    "lein",
)

# Endings of nationality adjectives and demonyms in the supported Latin-script languages
# ("chinese", "russisch", "français", "americano"): a capitalised word with such an ending
# that starts like a country's name is an adjective, not a name.
DEMONYM_ENDINGS = (
    "ский",
    "ского",
    "ская",
    "ской",
    "ские",
    "ских",
    "ском",
    "скую",
    "ское",
    "an",
    "ans",
    "ian",
    "ians",
    "ese",
    "esi",
    "ais",
    "aise",
    "aises",
    "ois",
    "oise",
    "oises",
    "isch",
    "ische",
    "ischen",
    "ischer",
    "isches",
    "ien",
    "iens",
    "ienne",
    "iennes",
    "ano",
    "ana",
    "ani",
    "ane",
    "anos",
    "anas",
    "ense",
    "ino",
    "ina",
    "ini",
    "ine",
    "ish",
    "ic",
    "ique",
    "ka",
    "ki",
)

# Macro-regions CLDR names with numeric codes, kept as places ("Europe", "Africa").
_REGIONS = {"002", "009", "019", "142", "150", "419"}


def _main_language(territory: str) -> str | None:
    info = get_territory_language_info(territory)
    official = [
        (data.get("population_percent", 0), lang)
        for lang, data in info.items()
        if data.get("official_status")
    ]
    return max(official)[1].split("_")[0] if official else None


@functools.cache
def place_concepts() -> dict[str, frozenset[str]]:
    """Folded name of a country, region or language, in any supported language ->
    concepts it stands for: "T:DE" for the country, "L:de" for its main language.

    "Allemagne", "Germany", "Deutschland" -> {"T:DE", "L:de"}; "allemand", "German",
    "Deutsch" -> {"L:de"}. Names of several words are joined by one space."""
    concepts: dict[str, set[str]] = {}
    main_languages: set[str] = set()
    for lang in CLDR_LANGUAGES:
        for locale in _locales(lang):
            for code, name in locale.territories.items():
                if not (code.isalpha() and len(code) == 2) and code not in _REGIONS:
                    continue
                found = {f"T:{code}"}
                if language := _main_language(code) if code.isalpha() else None:
                    found.add(f"L:{language}")
                    main_languages.add(language)
                concepts.setdefault(" ".join(fold(name).split()), set()).update(found)
    for lang in CLDR_LANGUAGES:
        for locale in _locales(lang):
            for code, name in locale.languages.items():
                if code in main_languages:
                    concepts.setdefault(" ".join(fold(name).split()), set()).add(f"L:{code}")
    return {name: frozenset(found) for name, found in concepts.items() if name}


def stems(word: str) -> list[str]:
    """The word less an inflection ending of up to three letters, longest first, for
    languages that decline place names ("нидерландах" and "нидерланды" share
    "нидерланд"); never shorter than five letters."""
    return [word[:k] for k in range(len(word), max(5, len(word) - 3) - 1, -1)]


@functools.cache
def place_stems() -> dict[str, frozenset[str]]:
    """Every `stems` form of each one-word place or language name of 5+ letters -> the
    concepts it stands for."""
    found: dict[str, set[str]] = {}
    for name, concepts in place_concepts().items():
        if " " not in name and len(name) >= 5:
            for form in stems(name):
                found.setdefault(form, set()).update(concepts)
    return {key: frozenset(value) for key, value in found.items()}


@functools.cache
def stem_prefixes() -> frozenset[str]:
    """The first five letters of every `place_stems` form: a word starting otherwise has
    no stem there, so most words need no look-up of their stems."""
    return frozenset(form[:5] for form in place_stems())


@functools.cache
def territory_concepts() -> frozenset[str]:
    """Every territory concept ("T:DE") that some place name stands for."""
    return frozenset(c for found in place_concepts().values() for c in found if c[:2] == "T:")


@functools.cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes of the currencies in use (CLDR's territory currencies at a fixed
    date, so that the result does not change with the clock): "USD" is a unit, not a
    name. Withdrawn codes are left out: "ESA" was a peseta and is now an agency."""
    codes: set[str] = set()
    for territory in Locale("en").territories:
        if territory.isalpha() and len(territory) == 2:
            codes.update(get_territory_currencies(territory, date(2025, 1, 1)))
    return frozenset(codes)


@functools.cache
def place_phrases() -> dict[str, frozenset[str]]:
    """Place names of several words keyed by the first four letters of each word, so that
    declined forms still name the place ("Европейского союза" = "Европейский союз")."""
    found: dict[str, set[str]] = {}
    for name, concepts in place_concepts().items():
        words = name.split()
        if len(words) > 1:
            found.setdefault(" ".join(w[:4] for w in words), set()).update(concepts)
    return {key: frozenset(value) for key, value in found.items()}


@functools.cache
def phrase_starts() -> frozenset[str]:
    """The first four letters of the first word of every place name of several words."""
    return frozenset(name.split()[0][:4] for name in place_concepts() if " " in name)


@functools.cache
def place_prefixes() -> frozenset[str]:
    """The first four letters of every one-word place and language name (folded)."""
    return frozenset(name[:4] for name in place_concepts() if " " not in name and len(name) >= 4)
