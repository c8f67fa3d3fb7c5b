"""The consistency benchmark seeds answers at a given scale and reports its timings."""

import pytest

from guidance.consistency.bench import consistency_bench
from guidance.models import AnswerSource
from submissions.models import SectionResult

pytestmark = pytest.mark.django_db


def test_bench_seeds_every_section_and_times_the_report():
    lines = []
    figures = consistency_bench(organisations=12, editions=2, words=200, out=lines.append)
    assert SectionResult.objects.count() == 12 * 2 * 10
    assert not SectionResult.objects.filter(answer="").exists()
    assert AnswerSource.objects.exists()
    assert figures["answers_seeded"] == 240
    assert figures["sections"] == 10
    assert figures["answers_in_edition"] == 120
    assert figures["groups_in_edition"] >= 1
    assert figures["edition_cold_seconds"] > 0
    assert figures["section_warm_median_ms"] < figures["edition_cold_seconds"] * 1000
    assert lines[1].startswith("  full edition, cold:")


def test_bench_answers_the_results_already_there(consistency_group):
    before = SectionResult.objects.count()
    figures = consistency_bench(words=100, out=lambda line: None)
    assert SectionResult.objects.count() == before
    assert figures["answers_seeded"] == before - 2  # the fixture's two already had answers
