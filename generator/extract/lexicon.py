"""Word lists that attribution rests on: speech verbs, role nouns, organisation heads.

Kept apart from the rules so that they can grow without touching the logic. All entries
are lower case; lookups lower-case the word first.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """The white-space separated words of `text`: word lists read best as plain text."""
    return tuple(text.split())


_SPEECH_LEMMAS = _words("""
say tell add ask explain note write state declare claim argue insist warn reply respond
continue recall tweet post announce acknowledge admit suggest urge observe remark complain
quip joke concede stress emphasize emphasise predict comment conclude shout yell cry plead
proclaim boast charge counter retort testify maintain contend allege assert affirm reaffirm
confirm deny muse lament echo opine thunder scoff vow promise pledge answer agree disagree
assure caution chime interject mutter whisper exclaim sigh wonder grumble hint reckon
describe call dub label brand characterize characterise blast slam accuse praise criticize
criticise reiterate clarify report repeat demand tout gush rail lash fire shoot snap
mock point scold ridicule question condemn denounce decry hail applaud lambast react
respond quote read remember recount boom elaborate marvel speak defend chant propose
""")

_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "writes", "writing", "written"),
    "cry": ("cried", "cries", "crying"),
    "reply": ("replied", "replies", "replying"),
    "deny": ("denied", "denies", "denying"),
    "quip": ("quipped", "quips", "quipping"),
    "fire": ("fired", "fires", "firing"),
    "shoot": ("shot", "shoots", "shooting"),
    "snap": ("snapped", "snaps", "snapping"),
    "scold": ("scolded", "scolds", "scolding"),
    "read": ("read", "reads", "reading"),
    "chime": ("chimed", "chimes", "chiming"),
    "speak": ("spoke", "speaks", "speaking", "spoken"),
}


def _forms(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return lemma + "d", lemma + "s", lemma[:-1] + "ing"
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return lemma + "ed", lemma + "es", lemma + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"
    return lemma + "ed", lemma + "s", lemma + "ing"


SPEECH_PAST: frozenset[str] = frozenset(_forms(lemma)[0] for lemma in _SPEECH_LEMMAS)
SPEECH_LEMMAS: frozenset[str] = frozenset(_SPEECH_LEMMAS) - SPEECH_PAST
"""Bare forms ("say", "comment"), which agree with no singular subject ("read" is past too)."""
SPEECH_FINITE: frozenset[str] = frozenset(
    form for lemma in _SPEECH_LEMMAS for form in (lemma, *_forms(lemma)) if not form.endswith("ing")
)
"""Speech verbs whose subject stands right before them (or right after, inverted)."""
SPEECH_PARTICIPLE: frozenset[str] = frozenset(
    form for lemma in _SPEECH_LEMMAS for form in _forms(lemma) if form.endswith("ing")
) | {"citing", "quoting"}
"""`-ing` forms, whose speaker is the subject of the clause they hang from."""
WEAK_VERBS = frozenset(
    _words(
        "describe described describes call called calls dub dubbed label labeled labelled brand "
        "branded characterize characterized characterise characterised report reported reports "
        "post posted posts"
    )
)
"""Verbs that often introduce a name or a title rather than a statement."""

SPEECH_NOUNS = frozenset(
    _words(
        "remarks remark words comments comment statement statements claim claims assertion "
        "assertions promise pledge warning warnings testimony tweet tweets speech vow insistence "
        "admission quote quotes"
    )
)
"""Nouns that make their possessor a speaker: "Putin's remarks that ..."."""

NAMING_CUES = frozenset(
    _words(
        "so-called book film movie song album show series hashtag headline nickname program "
        "programme podcast newsletter"
    )
)
"""Words right before a short quotation that make it the name of a work, not a statement.

"described it as “...”", "the phrase “...”" and "called it “...”" are left out on purpose:
those words are someone's, and news reports quote them as statements."""

PRONOUNS = {
    "he": "person",
    "she": "person",
    "i": "person",
    "we": "group",
    "they": "group",
    "it": "organisation",
    "who": "relative",
}

ROLE_NOUNS = frozenset(
    _words("""
    spokesman spokeswoman spokesperson president minister secretary senator congressman
    congresswoman representative governor mayor chancellor director chairman chairwoman chair
    leader chief ceo executive official officials adviser advisor aide ambassador envoy
    diplomat judge justice attorney lawyer prosecutor general commander officer analyst expert
    economist professor researcher candidate nominee founder owner manager strategist
    correspondent reporter journalist editor columnist commentator host anchor author writer
    sheriff lawmaker lawmakers legislator delegate constituent voter supporter donor
    resident student veteran deputy premier king queen prince pope spokespeople
    coordinator negotiator consultant pollster historian scientist activist organizer
    organiser campaigner chairperson head member members partner vice-president treasurer
    investigator inspector commissioner superintendent counsel solicitor advocate
    councillor councilor
    """)
)
"""Role nouns: "Kremlin spokesman Dmitry Peskov", later "the spokesman"."""

SPEAKER_NOUNS = ROLE_NOUNS | frozenset(
    _words("""
    man woman person people source group crowd audience protester protestor demonstrator
    critic supporter opponent rival friend colleague wife husband brother sister mother
    father son daughter family relative neighbour neighbor witness victim survivor
    businessman businesswoman tycoon mogul billionaire entrepreneur investor physician
    doctor nurse teacher employee worker staffer insider user narrator questioner
    moderator speaker designer actor actress singer player coach fan member citizen
    voter republican democrat conservative liberal progressive independent delegate
    statement report letter email e-mail memo release article editorial column newspaper
    paper website site ad advertisement video lawsuit suit complaint document filing
    poll survey study book post tweet message note ruling order decision verdict
    campaign party committee panel board company firm agency ministry department
    administration government office court union organization organisation network
    station magazine outlet show clip photo petition passage account community child
    front-runner frontrunner look-alike impostor official aide nominee investigation
    """)
)
"""Head nouns a speaker phrase may have: people, bodies and texts ("the email read")."""

ADJECTIVE_NAMES = frozenset(
    _words("""
    republican democratic american russian ukrainian chinese french german british israeli
    iranian turkish mexican european african asian muslim christian jewish catholic
    conservative liberal progressive federal national international early late likewise
    """)
)
"""Capitalised words that open a sentence as adjectives or adverbs, never as a speaker."""

GROUP_NAMES = frozenset(
    _words("""
    democrat republican conservative liberal progressive libertarian evangelical socialist
    moderate centrist populist nationalist independent gop
    """)
)
"""Members of a party or a persuasion: "Democrats said" names a group, never one speaker."""

NAME_CUT_AFTER = frozenset(
    _words("""
    mr mrs ms dr sen rep gov gen lt col sgt capt maj adm prof rev sir dame
    president senator governor mayor secretary minister spokesman spokeswoman chairman
    chairwoman congressman congresswoman
    """)
)
"""Titles a name never ends in: "Florida Gov" is a name cut off at its abbreviation's dot."""

TITLES = frozenset(
    _words("""
    president vice prime minister secretary senator sen. sen rep. rep representative governor
    gov. gov mayor chancellor director chairman chairwoman leader chief judge justice attorney
    general gen. gen ambassador speaker king queen prince princess pope sheikh ayatollah
    spokesman spokeswoman commissioner sheriff lt. col. sgt. capt. maj. adm. admiral colonel
    captain sergeant lieutenant major commander premier emir sultan dr. dr prof. professor
    mr. mr mrs. mrs ms. ms miss sir lord lady dame rev. reverend father bishop cardinal rabbi
    imam pastor deputy assistant acting former ex late first lady council councilman councilwoman
    councillor councilor
    congressman congresswoman state foreign defense defence interior finance treasury
    health justice trade economy energy agriculture education labor labour house senate
    white kremlin us u.s. uk u.k. eu un u.n. russian american ukrainian chinese french german
    british israeli iranian turkish democratic republican gop democrat press secretary-general
    """)
)
"""Capitalised words that begin a role rather than a name ("Russian President ...")."""

OFFICES = frozenset(
    _words("""
    spokesman spokeswoman spokesperson president minister secretary senator congressman
    congresswoman governor mayor chancellor chairman chairwoman chairperson ceo ambassador
    envoy premier king queen prince pope sheriff commissioner superintendent treasurer
    prosecutor judge director
    """)
)
"""Role nouns that single one person out in a story ("the spokesman", "the governor"), unlike
"the adviser" or "the candidate", which may well be someone not yet named."""

HONORIFICS = frozenset(_words("mr mr. mrs mrs. ms ms. miss dr dr. sir"))

ORG_HEADS = frozenset(
    _words("""
    department ministry agency committee campaign party times news post journal foundation
    institute university council commission office court bank company corporation corp corp.
    inc inc. ltd association union administration service group network center centre house
    kremlin government police army military navy fbi cia nato pentagon senate congress
    parliament assembly board team club federation organization organisation bureau
    authority authorities coalition alliance fund press tribune herald gazette telegraph
    guardian reuters cnn bbc msnbc fox abc cbs nbc npr afp ap breitbart politico axios
    magazine review daily weekly courier chronicle examiner observer express mail sun
    industries holdings group firm school college hospital church mission embassy
    consulate secretariat command forces
    """)
)
"""Last words that make a name an organisation ("US Treasury Department")."""

NEWS_HEADS = frozenset(
    _words("""
    reuters ap afp upi cnn bbc msnbc fox abc cbs nbc npr pbs politico axios breitbart times
    post journal news tribune herald gazette telegraph guardian magazine press daily weekly
    examiner observer chronicle courier blaze hill newsweek bloomberg report reports
    """)
)
"""Last words of news outlets: "according to Reuters" says who reported words, not who said
them."""

SKIP_BEFORE_VERB = frozenset(
    _words("""
    also later then previously recently earlier again once now even has had have would will could
    repeatedly reportedly further simply flatly bluntly publicly privately quickly finally
    initially subsequently separately similarly likewise still only just already often
    frequently famously memorably angrily calmly tersely ominously proudly openly last
    yesterday today tonight immediately directly recently allegedly apparently reportedly
    has been was is were are had did does do may might must should shall can not never
    """)
)
"""Adverbs and auxiliaries that may stand between a speaker and a speech verb."""

MODALS = frozenset(
    _words("to should would could will can may might must did does do not n't never")
)
"""Words before a speech verb that make it no report ("should reiterate", "refused to say")."""

WEEKDAYS = frozenset(
    _words(
        "monday tuesday wednesday thursday friday saturday sunday week weekend month year "
        "morning afternoon evening night"
    )
)

INTRODUCTORY = frozenset(
    _words(
        "in on at after before during while when as asked speaking earlier later meanwhile since "
        "from for with by under following addressing writing responding amid despite"
    )
)
"""First words of a phrase that opens a sentence before its subject ("In an interview, ...")."""

DETERMINERS = frozenset(
    _words(
        "the a an his her their its our my this that these those one another some several two "
        "three many other both each"
    )
)

NOT_NAMES = frozenset(
    _words("""
    the a an and but or if when while as in on at of for to from by with about after before
    this that these those it he she they we i you his her their our its there here then
    however but although though because so yet still also monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december according asked said says meanwhile earlier later now today
    yesterday what who why how where which mr mrs ms dr
    """)
)
"""Capitalised words that start a sentence without being, or starting, a name."""

GIVES_WORDING = frozenset(_words("called dubbed labeled read reading chanting chanted slogan as"))
"""Words before capitalised words that make them someone's wording, not a work's title:
`a sign that read “Hispanics For Ruiz”`, `chanting “Feel The Bern”`. A report `titled` so
keeps being a title."""

PREDICATIVE = frozenset(
    _words("as a an to be being been is was were are seemed felt feel called calls labeled deemed")
)
"""Words before a one-word quotation that make it what someone called or judged something:
`rated it as “False”`, `called him a “bully”`, `said she was “angry”` (not `the “pivot”`)."""
