"""How alike two answers are, and which answers of one section belong together.

Answers are compared word by word after normalising case, whitespace and punctuation, with
rapidfuzz's Indel ratio (``fuzz.ratio``: twice the longest common subsequence over the two
lengths), so an answer copied word for word scores 100 and a lightly edited copy a little
less. The same arithmetic runs on every database.

All pairs of 500 answers of 3,000 words would take minutes, so a pair is compared only when
a cheap upper bound says it could reach the threshold: the common subsequence can hold no
more of a word than the rarer of the two answers has, so summing, bucket by bucket, the
smaller of the two answers' word counts bounds it from above. Pruning by that bound never
drops a pair that would have matched. Pairs already joined through others are not compared
again: a group is the answers linked by a chain of matches or by the same revision.
"""

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

# Punctuation goes (not replaced by a space), so "policy." and "policy" are the same word.
PUNCTUATION = re.compile(r"[^\w\s]+")
BUCKETS = 512


def normalise(text):
    """Lower case, no punctuation, single spaces."""
    return " ".join(PUNCTUATION.sub("", (text or "").casefold()).split())


def words(text):
    return normalise(text).split()


def similarity(first, second):
    """Percentage similarity of two texts, 0 to 100, as the report computes it."""
    a, b = words(first), words(second)
    if not a and not b:
        return 100.0
    return fuzz.ratio(a, b)


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


def _word_ids(token_lists):
    ids = {}
    return [[ids.setdefault(token, len(ids)) for token in tokens] for tokens in token_lists]


def group_answers(answers, *, threshold):
    """Groups (lists of keys, two or more) of answers that used the same revision or are at
    least ``threshold`` per cent alike, directly or through others."""
    answers = [answer for answer in answers if answer.text.strip() or answer.revision_id]
    size = len(answers)
    groups = _Groups(size)
    by_revision = {}
    for index, answer in enumerate(answers):
        if answer.revision_id is not None:
            groups.join(by_revision.setdefault(answer.revision_id, index), index)
    sequences = _word_ids([words(answer.text) for answer in answers])
    # Identical after normalising: one representative stands for all.
    representatives = {}
    for index, sequence in enumerate(sequences):
        if not sequence:
            continue
        first = representatives.setdefault(tuple(sequence), index)
        groups.join(first, index)
    unique = list(representatives.values())
    if len(unique) > 1:
        counts = np.zeros((len(unique), BUCKETS), dtype=np.int32)
        for row, index in enumerate(unique):
            counts[row] = np.bincount(np.asarray(sequences[index]) % BUCKETS, minlength=BUCKETS)
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
            score = fuzz.ratio(sequences[first], sequences[second], score_cutoff=threshold)
            if score >= threshold:
                groups.join(first, second)
    members = {}
    for index in range(size):
        members.setdefault(groups.find(index), []).append(answers[index].key)
    return [keys for keys in members.values() if len(keys) > 1]


def similarities_to(reference, texts):
    """Each text's similarity to ``reference``, in one rapidfuzz ``cdist`` call."""
    if not texts:
        return []
    scores = process.cdist(
        [words(reference)], [words(text) for text in texts], scorer=fuzz.ratio, workers=-1
    )
    return [float(score) for score in scores[0]]
