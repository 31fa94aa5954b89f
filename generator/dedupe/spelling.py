"""British and American spellings of one word, folded to one form for comparison.

Outlets print one quote in their house spelling ("prioritise the modernisation", "prioritize
the modernization"). Folding is by lists of stems rather than by suffix rules alone: a rule
that turned every "-our" into "-or" would make "four" and "for" one word, and "-lled" into
"-led" would make "filled" and "filed" one word. Every British form below maps to the
American one; words not listed are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable


def _words(text: str) -> list[str]:
    return text.split()


_IZE_STEMS = _words(
    """agon americani antagon apolog atom author baptis brutal capital categor central
    character civil colon commercial computer critic crystal custom decentral demilitar
    democrat demoral destabil digital dramat econom emphas energ equal evangel familiar
    fantas fertil final formal fossil general global harmon hospital human hypnot ideal immun
    industrial internal international item jeopard legal legitim liberal local magnet
    marginal material maxim mechan memor militar minim mobil modern monetis monopol moral
    motor national natural neutral normal optim organ ostrac oxid paral patron penal
    person plagiar polar politic popular pressur privat priorit public radical random rational
    real recogn regular reorgan revolution sanit satir scandal scrutin sensit social special
    stabil standard steril stigmat subsid summar symbol sympath synchron terror theor
    tranquil trivial urban util vandal visual vocal weapon"""
    + " "
    + "mesmer galvan"
)
"""Words spelt -ise (British) or -ize (American) with every ending below."""
_IZE_ENDINGS = ("e", "ed", "es", "ing", "ation", "ations", "er", "ers", "able")

_OUR_STEMS = _words(
    """ard arm behavi cand clam col demean endeav fav ferv flav harb hon hum lab neighb
    od parl rig rum sav savi splend succ tum val vap vig"""
)
"""Words spelt -our (British) or -or (American): "col" for colour, "neighb" for neighbour."""
_OUR_ENDINGS = (
    "",
    "s",
    "ed",
    "ing",
    "able",
    "ably",
    "ful",
    "fully",
    "ite",
    "ites",
    "er",
    "ers",
    "hood",
    "hoods",
    "less",
    "ly",
    "ism",
    "ist",
    "ists",
    "ization",
)

_RE_STEMS = _words(
    """cent theat met lit fib calib somb spect meag lust sab kilomet centimet millimet
    manoeuv"""
)
"""Words spelt -re (British) or -er (American): centre/center, kilometre/kilometer."""
_RE_ENDINGS = (("re", "er"), ("res", "ers"), ("red", "ered"), ("ring", "ering"))

_CE_STEMS = _words("defen offen licen preten")
"""Nouns spelt -ce (British) or -se (American): defence/defense."""

_LL_STEMS = _words(
    """travel cancel label model fuel counsel signal total level channel marshal quarrel dial
    equal rival tunnel jewel pedal shovel unravel funnel panel grovel marvel duel yodel
    snorkel initial refuel remodel"""
)
"""Verbs that double the l before -ed and -ing in British spelling only."""
_LL_ENDINGS = ("ed", "ing", "er", "ers")

_YSE_STEMS = _words("anal paral catal breathal")
_OGUE_STEMS = _words("catal dial anal monol prol epil")

_SINGLE = {
    "programme": "program",
    "programmes": "programs",
    "whilst": "while",
    "amongst": "among",
    "grey": "gray",
    "greys": "grays",
    "tyre": "tire",
    "tyres": "tires",
    "kerb": "curb",
    "kerbs": "curbs",
    "aluminium": "aluminum",
    "plough": "plow",
    "ploughs": "plows",
    "mould": "mold",
    "mouldy": "moldy",
    "ageing": "aging",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "sceptic": "skeptic",
    "sceptics": "skeptics",
    "sceptical": "skeptical",
    "scepticism": "skepticism",
    "paediatric": "pediatric",
    "paediatrician": "pediatrician",
    "anaemia": "anemia",
    "haemorrhage": "hemorrhage",
    "oestrogen": "estrogen",
    "foetus": "fetus",
    "orthopaedic": "orthopedic",
    "encyclopaedia": "encyclopedia",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "cheque": "check",
    "cheques": "checks",
    "storey": "story",
    "storeys": "stories",
    "draught": "draft",
    "draughts": "drafts",
    "learnt": "learned",
    "spelt": "spelled",
    "burnt": "burned",
    "dreamt": "dreamed",
    "leapt": "leaped",
    "spoilt": "spoiled",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "instalment": "installment",
    "instalments": "installments",
    "skilful": "skillful",
    "wilful": "willful",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "aeroplane": "airplane",
    "aeroplanes": "airplanes",
    "jewellery": "jewelry",
    "marvellous": "marvelous",
    "gaol": "jail",
    "cosy": "cozy",
    "sulphur": "sulfur",
    "artefact": "artifact",
    "artefacts": "artifacts",
    "annexe": "annex",
    "moustache": "mustache",
    "pyjamas": "pajamas",
    "towards": "toward",
    "afterwards": "afterward",
    "defences": "defenses",
    "offences": "offenses",
    "licences": "licenses",
    "licenced": "licensed",
}


def _pairs() -> Iterable[tuple[str, str]]:
    for stem in _IZE_STEMS:
        for ending in _IZE_ENDINGS:
            yield f"{stem}is{ending}", f"{stem}iz{ending}"
    for stem in _YSE_STEMS:
        for ending in ("e", "ed", "es", "ing"):
            yield f"{stem}ys{ending}", f"{stem}yz{ending}"
    for stem in _OUR_STEMS:
        for ending in _OUR_ENDINGS:
            yield f"{stem}our{ending}", f"{stem}or{ending}"
    for stem in _RE_STEMS:
        for british, american in _RE_ENDINGS:
            yield stem + british, stem + american
    for stem in _CE_STEMS:
        yield f"{stem}ce", f"{stem}se"
        yield f"{stem}celess", f"{stem}seless"
    for stem in _LL_STEMS:
        for ending in _LL_ENDINGS:
            yield f"{stem}l{ending}", stem + ending
    for stem in _OGUE_STEMS:
        yield f"{stem}ogue", f"{stem}og"
        yield f"{stem}ogues", f"{stem}ogs"
    yield from _SINGLE.items()


AMERICAN: dict[str, str] = {british: american for british, american in _pairs()}
"""British spelling -> American spelling, for every word listed."""


def american(word: str) -> str:
    """The American spelling of `word` when it is a listed British one, else `word`."""
    return AMERICAN.get(word, word)


BRITISH: dict[str, str] = {}
"""American spelling -> the first British spelling listed for it."""
for _british, _american in AMERICAN.items():
    BRITISH.setdefault(_american, _british)


def british(word: str) -> str:
    """A British spelling of `word` when it is a listed American one, else `word`: a word
    misspelt in its British form is one letter from that form, not from the American."""
    return BRITISH.get(word, word)
