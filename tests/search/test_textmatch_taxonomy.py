"""The process's vocabulary follows the taxonomy in the database, also when the change did
not pass through this process's signals (another Daphne, a bulk update, a flush)."""

from __future__ import annotations

import pytest

from accounts.models import Interest
from search import textmatch
from search.textmatch import concepts

pytestmark = pytest.mark.django_db


def test_a_change_without_signals_is_noticed_by_the_next_index_use():
    concepts.invalidate()
    before = textmatch.vocabulary()
    generation = concepts.generation()
    assert concepts.generation() == generation  # nothing changed: the same vocabulary
    assert textmatch.vocabulary() is before
    assert "t-quantum" not in before.find("qubit 量子比特")

    # A bulk update sends no signal (as an edit on another process reaches this one).
    Interest.objects.create(slug="t-quantum", name="量子计算", name_en="Quantum computing")
    Interest.objects.filter(slug="t-quantum").update(synonyms="量子比特, qubit")
    assert concepts.generation() > generation
    assert textmatch.vocabulary() is not before
    assert textmatch.vocabulary().find("qubit 量子比特") == ["t-quantum", "t-quantum"]
    moved = concepts.generation()
    Interest.objects.filter(slug="t-quantum").update(name_en="Quantum information")  # a rename
    assert concepts.generation() > moved
