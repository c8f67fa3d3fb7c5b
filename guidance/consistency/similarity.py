"""How alike two answers are, and which answers of one section belong together.

Answers are compared word by word after normalising case, whitespace and punctuation (each
word as a 64-bit number, so equal words are equal numbers), with rapidfuzz's Indel ratio
(``fuzz.ratio``: twice the longest common subsequence over the two lengths), so an answer
copied word for word scores 100 and a lightly edited copy a little less. The same arithmetic
runs on every database.

All pairs of 500 answers of 3,000 words would take minutes, so a pair is compared only when
a cheap upper bound says it could reach the threshold: the common subsequence can hold no
more of a word than the rarer of the two answers has, so summing, bucket by bucket, the
smaller of the two answers' word counts bounds it from above. Pruning by that bound never
drops a pair that would have matched. Pairs already joined through others are not compared
again: a group is the answers linked by a chain of matches or by the same revision.
"""

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

BUCKETS = 512


def _is_kept(character):
    return character.isalnum() or character == "_" or character.isspace()


# Most answers are ASCII: one table drops their punctuation in C.
ASCII_PUNCTUATION = str.maketrans(
    "", "", "".join(chr(code) for code in range(128) if not _is_kept(chr(code)))
)


def _plain(text):
    """Lower case without punctuation, words separated by ASCII spaces."""
    text = (text or "").casefold()
    if text.isascii():
        return text.translate(ASCII_PUNCTUATION)
    dropped = {ord(character): None for character in set(text) if not _is_kept(character)}
    return " ".join(text.translate(dropped).split())


def words(text):
    """The text's words in lower case without punctuation. Punctuation (anything but
    letters, digits and spaces) goes rather than becoming a space, so "policy." and "policy"
    are one word."""
    return _plain(text).split()


# Each word becomes a 64-bit number, computed for a whole answer at once with numpy (a
# polynomial hash of its UTF-8 bytes): 15 million words an edition would take seconds one by
# one in Python. rapidfuzz compares the numbers as it would the words.
_BASE = 1_099_511_628_211
_INVERSE = pow(_BASE, -1, 2**64)
_SPACES = np.frombuffer(b" \t\n\r\x0b\x0c", dtype=np.uint8)
_powers = {"up": np.ones(1, dtype=np.uint64), "down": np.ones(1, dtype=np.uint64)}


def _powers_to(length):
    if _powers["up"].size < length:
        size = max(length, 2 * _powers["up"].size)
        for name, base in (("up", _BASE), ("down", _INVERSE)):
            factors = np.full(size, base, dtype=np.uint64)
            factors[0] = 1
            _powers[name] = np.cumprod(factors, dtype=np.uint64)
    return _powers["up"][:length], _powers["down"][:length]


def sequence(text):
    """The text's words as numbers (a numpy array), as the comparisons use them."""
    data = np.frombuffer(_plain(text).encode(), dtype=np.uint8)
    if not data.size:
        return np.empty(0, dtype=np.uint64)
    space = np.isin(data, _SPACES)
    letter = ~space
    starts = np.flatnonzero(letter & np.concatenate(([True], space[:-1])))
    ends = np.flatnonzero(letter & np.concatenate((space[1:], [True]))) + 1
    up, down = _powers_to(data.size)
    with np.errstate(over="ignore"):
        prefix = np.zeros(data.size + 1, dtype=np.uint64)
        np.cumsum((data.astype(np.uint64) + np.uint64(1)) * up, dtype=np.uint64, out=prefix[1:])
        return (prefix[ends] - prefix[starts]) * down[starts]


def normalise(text):
    """Lower case, no punctuation, single spaces."""
    return " ".join(words(text))


def similarity(first, second):
    """Percentage similarity of two texts, 0 to 100, as the report computes it."""
    a, b = sequence(first), sequence(second)
    if not a.size and not b.size:
        return 100.0
    return fuzz.ratio(a.tolist(), b.tolist())


@dataclass
class Answer:
    key: int
    text: str
    revision_id: int | None = None


class _Groups:
    def __init__(self, size):
        self.parent = list(range(size))

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, first, second):
        first, second = self.find(first), self.find(second)
        if first != second:
            self.parent[max(first, second)] = min(first, second)
        return first != second


def group_answers(answers, *, threshold, sequences=None):
    """Groups (lists of keys, two or more) of answers that used the same revision or are at
    least ``threshold`` per cent alike, directly or through others. ``sequences``: each
    answer's ``sequence``, where the caller has them already."""
    if sequences is None:
        sequences = [sequence(answer.text) for answer in answers]
    kept = [i for i, answer in enumerate(answers) if sequences[i].size or answer.revision_id]
    answers = [answers[i] for i in kept]
    sequences = [sequences[i] for i in kept]
    size = len(answers)
    groups = _Groups(size)
    by_revision = {}
    for index, answer in enumerate(answers):
        if answer.revision_id is not None:
            groups.join(by_revision.setdefault(answer.revision_id, index), index)
    # Identical after normalising: one representative stands for all.
    representatives = {}
    for index, numbers in enumerate(sequences):
        if not numbers.size:
            continue
        first = representatives.setdefault(numbers.tobytes(), index)
        groups.join(first, index)
    unique = list(representatives.values())
    if len(unique) > 1:
        counts = np.zeros((len(unique), BUCKETS), dtype=np.int32)
        for row, index in enumerate(unique):
            counts[row] = np.bincount(sequences[index] % BUCKETS, minlength=BUCKETS)
        lengths = counts.sum(axis=1)
        candidates = []
        for row in range(len(unique) - 1):
            common = np.minimum(counts[row], counts[row + 1 :]).sum(axis=1)
            bound = 200.0 * common / (lengths[row] + lengths[row + 1 :])
            for offset in np.nonzero(bound >= threshold)[0]:
                candidates.append((-bound[offset], row, row + 1 + int(offset)))
        candidates.sort()
        for _, row, other in candidates:
            first, second = unique[row], unique[other]
            if groups.find(first) == groups.find(second):
                continue
            score = fuzz.ratio(
                sequences[first].tolist(), sequences[second].tolist(), score_cutoff=threshold
            )
            if score >= threshold:
                groups.join(first, second)
    members = {}
    for index in range(size):
        members.setdefault(groups.find(index), []).append(answers[index].key)
    return [keys for keys in members.values() if len(keys) > 1]


def similarities_to(reference, sequences):
    """Each sequence's similarity to the ``reference`` sequence, in one rapidfuzz
    ``cdist`` call."""
    if not sequences:
        return []
    # Word-for-word copies score 100 without the comparison.
    key = reference.tobytes()
    same = [numbers.tobytes() == key for numbers in sequences]
    different = [
        numbers.tolist() for numbers, equal in zip(sequences, same, strict=True) if not equal
    ]
    scores = iter(())
    if different:
        found = process.cdist(
            [reference.tolist()], different, scorer=fuzz.ratio, workers=-1, dtype=np.float64
        )
        scores = iter(found[0])
    return [100.0 if equal else float(next(scores)) for equal in same]
