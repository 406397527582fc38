"""Which words of a "First Middle Last" name field (Clever's Contact_name, PowerSchool's Mother and
Father typed without a comma) are the family name: the last word, a suffix after it, the particles
before it ("van der Berg", "de la Cruz", "St. John") and a Spanish "y" joining two surnames ("Garcia
y Lopez"), each where the cell gives the evidence; and the family names the splits of earlier
versions gave, under which a parent's derived ID was made (pipeline.identity)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

# Generational suffixes belong to the family name ("Smith, Jr., Ann" is Ann Smith, Jr.); a lone
# "V" is left out because it is far more often a middle initial than "the fifth".
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Words a family name starts with ("van der Berg", "de la Cruz", "St. John", "bin Hassan"): in a
# "First Last" field they stay with the family name; taken for middle names, they were dropped
# wherever the profile maps no middleName (tester58 F1: "Fatima van der Berg" published "Berg").
# Compared without case and a final period, accents as written ('Lê' is no 'le'); a word with an
# apostrophe ("O'Neil", "D'Angelo") is one word already.
PARTICLES = frozenset(
    {
        *("van", "von", "vom", "zu", "der", "den", "ter", "ten", "de", "des", "del", "della", "dei", "degli"),
        *("di", "da", "do", "dos", "das", "du", "la", "le", "las", "los", "st", "ste", "saint", "sainte"),
        *("bin", "bint", "ibn", "abu", "al", "el", "mac", "mc", "o'", "o’"),
    }
)
_PARTICLES_OF_STOP_48 = PARTICLES
# Filipino "Dela Cruz", "Delos Santos", Italian "Dal Molin", "Dalla Costa" (names49).
PARTICLES |= frozenset({"dela", "delos", "dal", "dalla"})
# Particles that are East Asian names too: the Vietnamese family names Lê and Đỗ and the middle
# name Văn written without their accents, the Chinese syllables Di, Da, Du and Bin ("Wei Di Chen",
# "Le Van Thanh" written family first). Capitalised, they join the family name only in a cell
# with no East Asian name word besides them (names49); written in small letters, as particles are
# in a name otherwise capitalised ("Paolo di Stefano"), always.
_ALSO_EAST_ASIAN = frozenset({"da", "di", "do", "du", "le", "van", "bin"})
# Particles never a given name: a cell starting with one, or with two particles, before its last
# word holds a family name only ("St. John", "De La Cruz").
_NEVER_GIVEN = frozenset({"st", "ste", "saint", "sainte", "der", "den", "ter", "ten", "dei", "degli", "dos"})
_NEVER_GIVEN |= frozenset({"los", "las", "vom", "zu", "o'", "o’", "ibn", "bint", "mc", "dela", "delos"})
# Vietnamese family names, after which a particle-looking word is a middle name ("Minh Van
# Nguyen": Văn is a middle name), compared as `plain_word` gives them.
VIETNAMESE_FAMILIES = frozenset(
    {
        *("nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui"),
        *("do", "ho", "ngo", "duong", "ly", "truong", "dinh", "doan", "trinh", "luong"),
    }
)
# Words that show a name is Vietnamese or Chinese (family names and given-name syllables that are
# no English, Spanish or French name), compared as `plain_word` gives them: beside one, a
# capitalised Di, Da, Le, Do, Du, Bin or Van is a name of its own, not a particle.
_EAST_ASIAN_WORDS = VIETNAMESE_FAMILIES | frozenset(
    {
        *("thi", "thanh", "minh", "anh", "hoa", "linh", "huong", "trang", "nga", "dung", "phuong", "quang"),
        *("thao", "thuy", "trung", "khanh", "duc", "hieu", "hanh", "hang", "hien", "huy", "loan", "ngoc"),
        *("nhung", "oanh", "quynh", "tuan", "hung", "xuan", "yen", "thu", "tien", "vy", "nhi", "khoa"),
        *("wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "zhu", "hu", "guo"),
        *("gao", "lin", "luo", "zheng", "liang", "xie", "feng", "deng", "cao", "peng", "zeng", "xiao"),
        *("tian", "yuan", "cai", "jiang", "yu", "ye", "cheng", "wei", "su", "lu", "ding", "shen", "yao"),
        *("zhong", "cui", "jin", "kong", "bai", "qian", "wong", "chan", "cheung", "lau", "ng", "chow"),
        *("leung", "lam", "yip", "tsang", "kwok", "chiu", "tse", "fung", "chu", "li", "ming", "hui"),
        *("jing", "ying", "jun", "xin", "zhi", "qing", "jian", "fang", "ling", "mei", "qiang"),
        *("xia", "xue", "yong", "yun", "zhen", "chao", "hao", "lei", "jie", "yi", "jia", "zi"),
    }
)
# Letters only Vietnamese writes among the Latin alphabets: ă, đ, ơ, ư and the vowels with a dot
# below or a hook above (U+1EA0 to U+1EF9).
_VIETNAMESE_LETTERS = frozenset("ăĂđĐơƠưƯ") | frozenset(map(chr, range(0x1EA0, 0x1EFA)))
# The word joining a person's two family names: Spanish "y" (Ortega y Gasset), Portuguese "e"
# (Silva e Souza); in capitals ("GARCIA Y LOPEZ") only "Y", as an "E" is more often an initial.
_CONJUNCTIONS = frozenset({"y", "e"})


@functools.lru_cache(maxsize=4096)
def plain_word(word: str) -> str:
    """A word as it is compared with the name lists: no case, accents or final period ("St." is st)."""
    if word.isascii():
        return word.casefold().rstrip(".")
    decomposed = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_suffix(word: str) -> bool:
    return word.rstrip(".").lower() in SUFFIXES


def _particle(word: str) -> str:
    """The word as a particle, or "": its small letters, without a final period, accents kept."""
    written = word.casefold().rstrip(".")
    return written if written in PARTICLES else ""


def _east_asian(words: list[str]) -> bool:
    return any(plain_word(w) in _EAST_ASIAN_WORDS or not _VIETNAMESE_LETTERS.isdisjoint(w) for w in words)


class _Cell:
    """What the whole cell tells about how its words were written."""

    def __init__(self, words: list[str]) -> None:
        text = "".join(words)
        upper, lower = text.lower() != text, text.upper() != text  # some letter in capitals, in small letters
        self.cased = upper and lower
        self.capitals = not lower

    def small(self, word: str) -> bool:
        """Written in small letters in a cell with capitals: as a particle is, never a given name."""
        return self.cased and word.islower()

    def joins(self, word: str, others: list[str]) -> bool:
        """Whether `word`, before the family name, is a particle of it; `others` are the cell's other words."""
        particle = _particle(word)
        if not particle:
            return False
        return particle not in _ALSO_EAST_ASIAN or self.small(word) or not _east_asian(others)

    def conjunction(self, word: str) -> bool:
        return word in _CONJUNCTIONS or (self.capitals and word == "Y")


def family_of(words: list[str], keep: int = 1) -> list[str]:
    """The family name's words, taken from the end of `words` (which keeps the rest): the last word,
    with a suffix before it ("Smith Jr."), the particles before that, and a first surname joined by
    "y" ("Garcia y Lopez"); at least `keep` words (the given name) are left."""
    cell = _Cell(words)
    family = [words.pop()] if words else []
    if len(words) > 1 and is_suffix(family[0]):
        family.insert(0, words.pop())
    _take_particles(words, family, cell, keep)
    if len(words) >= keep + 2 and cell.conjunction(words[-1]) and _a_surname(words[-2]):
        family[:0] = words[-2:]
        del words[-2:]
        _take_particles(words, family, cell, keep)
    return family


def _a_surname(word: str) -> bool:
    return not _particle(word) and not is_suffix(word) and word.casefold() not in _CONJUNCTIONS


def _take_particles(words: list[str], family: list[str], cell: _Cell, keep: int) -> None:
    # A particle precedes a family word: none before a particle, a suffix, a "y" or a Vietnamese
    # family name (Văn of "Minh Van Nguyen" is a middle name).
    if not family or not _a_surname(family[0]) or plain_word(family[0]) in VIETNAMESE_FAMILIES:
        return
    while len(words) > keep and cell.joins(words[-1], words[:-1] + family):
        family.insert(0, words.pop())


def family_only(words: list[str]) -> bool:
    """Whether a cell without a comma holds a family name and no given name: one word ("Smith"), or
    particles and a family word where the first particle shows it is one (`_starts_family`). "Van
    Morrison", "Di Maria" and "Del Rio" may be a given and a family name: read so."""
    if len(words) <= 1:
        return bool(words)
    if not _starts_family(words):
        return False
    rest = list(words)
    family_of(rest, keep=0)
    return not rest


def _starts_family(words: list[str]) -> bool:
    """The first word is a particle that shows the cell starts with a family name: in small letters in
    a capitalised cell ("de la Cruz"), one never a given name ("St. John"), or one of two ("De La Cruz")."""
    if len(words) < 2 or not _particle(words[0]):
        return False
    return _Cell(words).small(words[0]) or _particle(words[0]) in _NEVER_GIVEN or bool(_particle(words[1]))


def family_first(words: list[str]) -> int:
    """How many words of a cell without a comma are its family name, where it starts with one and a
    given name follows ("de la Cruz Rosa", "van der Berg Fatima Maria": a 'Last, First' field typed
    without its comma), else 0: the particles it starts with, the word after them, and a second
    surname joined by "y" ("de Leon y Garcia Maria"). Read as "First Last", its given name was "de"
    (names49)."""
    if not _starts_family(words):
        return 0
    cell, count = _Cell(words), _surname_end(words, 0)
    while count + 1 < len(words) and cell.conjunction(words[count]):  # "de Leon y Garcia Maria"
        count = _surname_end(words, count + 1)
    return count if 0 < count < len(words) and _a_surname(words[count]) else 0


def _surname_end(words: list[str], start: int) -> int:
    """Where a surname that starts at `start` with its particles ends (the index after it), or 0."""
    at = start
    while at < len(words) and _particle(words[at]):
        at += 1
    return at + 1 if at < len(words) and _a_surname(words[at]) else 0


# -- the splits of earlier versions, under which a parent's derived ID was made ---------------------


def _split_of_stop_47(words: list[str]) -> tuple[list[str], str]:
    """The family name was the last word, with a suffix after it; every word between a middle name."""
    words = list(words)
    last = words.pop() if words else ""
    if len(words) > 1 and is_suffix(last):
        last = f"{words.pop()} {last}"
    return words, last


def _split_of_stop_48(words: list[str]) -> tuple[list[str], str]:
    """The family name took every particle-looking word before its last word, but after a
    Vietnamese family name, and no "y" (names48: 'Wei Di Chen' gave 'Di Chen', 'Le Van Thanh'
    'Van Thanh', 'Maria Garcia y Lopez' 'Lopez')."""
    words = list(words)
    family = [words.pop()] if words else []
    if len(words) > 1 and is_suffix(family[0]):
        family.insert(0, words.pop())
    if family and plain_word(family[0]) not in VIETNAMESE_FAMILIES:
        while len(words) > 1 and plain_word(words[-1]) in _PARTICLES_OF_STOP_48:
            family.insert(0, words.pop())
    return words, " ".join(family)


EARLIER_SPLITS: tuple[Callable[[list[str]], tuple[list[str], str]], ...] = (_split_of_stop_47, _split_of_stop_48)


def earlier_names(given: str, middle: str, family: str) -> tuple[tuple[str, str], ...]:
    """The (given, family) names the splits of earlier versions gave the cell these parts were read
    from, where they differ from tonight's: "Fatima Berg" (stop 47) of "Fatima van der Berg", "Wei Di
    Chen" (stop 48) of Wei, Di, Chen, "de Rosa" (both) of "de la Cruz Rosa" (`family_first`). A
    parent's derived ID, and the identity map's key, were made of that name; so they are found again
    (pipeline.identity). The cell is rebuilt as "First Middle Last" and, where tonight's split reads
    it so, as "Last First Middle"."""
    head, comma, tail = family.partition(",")
    if len(given.split()) != 1:  # a split gave one word of the cell as the given name
        return ()
    cells = [f"{given} {middle} {head}".split()]
    if family_first(reverse := f"{head} {given} {middle}".split()) == len(head.split()):
        cells.append(reverse)
    found: list[tuple[str, str]] = []
    for words in cells:
        for split in EARLIER_SPLITS if len(words) > 1 else ():
            first, last = split(words)
            name = (first[0] if first else "", last + comma + tail)
            if all(name) and name != (given, family) and name not in found:
                found.append(name)
    return tuple(found)
