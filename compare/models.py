"""Outlets, their articles, the articles' paragraphs and sentences, and comparisons.

An article keeps its original text exactly as imported; paragraphs and
sentences point into it by character offsets, so the original can always be
rebuilt and any sentence highlighted in it.

A comparison groups articles of one story through `ComparisonArticle`, which
gives each a position (0 = A, 1 = B). Links join sentences of different
articles of a comparison through `LinkSentence`; nothing here assumes there are
only two, so comparing three outlets later adds rows, not columns.

The aligner's output (`Link`, `Addition`) is replaced wholesale on every
re-alignment. Editors' decisions (`CuratedLink`, `CuratedAddition`) are stored
apart and never touched by the machine.

A story (`Story`) groups any number of articles about one event; its pairwise
alignments are ordinary two-article comparisons, one per pair whatever the order,
found again by their articles rather than stored on the story, so that a pair
compared on its own and in a story is aligned and curated once.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from compare.vocabulary import AdditionType, LinkKind, Role, Verdict


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    home_url = models.URLField(blank=True)
    language = models.CharField(
        max_length=8, blank=True, help_text="ISO 639-1 code of the outlet's main language."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def with_counts(self) -> ArticleQuerySet:
        return self.select_related("outlet").annotate(
            sentence_count=Count("sentences", distinct=True)
        )


class Timestamped(models.Model):
    """When a row was made and last changed; listed newest first."""

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created", "-id"]


class Article(Timestamped):
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    language = models.CharField(max_length=8, help_text="ISO 639-1 code.")
    published_on = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=300, blank=True)
    original_text = models.TextField(help_text="The text exactly as imported.")
    markup_roles = models.JSONField(
        null=True,
        blank=True,
        help_text=(
            "What the page's markup said each blank-line paragraph of the text is (a role, or "
            "null where it said nothing); empty for a plain text; null for an article stored "
            "before these were kept. Reading the text again (`manage.py reread_articles`) "
            "starts from them."
        ),
    )
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of the normalised text: the same article cannot be imported twice.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta(Timestamped.Meta):
        indexes = [models.Index(fields=["language"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("compare:article-detail", args=[self.pk])


class TextSpan(models.Model):
    """A stretch of an article's original text, in reading order: `original_text[start:end]`."""

    position = models.PositiveIntegerField(help_text="0-based, in reading order of the article.")
    text = models.TextField(help_text="Exactly the original text from start to end.")
    start = models.PositiveIntegerField(help_text="Offset of the first character in the original.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")

    class Meta:
        abstract = True
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="unique_%(class)s_position"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="%(class)s_not_empty"
            ),
        ]


class Paragraph(TextSpan):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    role = models.CharField(
        max_length=12,
        choices=Role.choices,
        default=Role.BODY,
        help_text="What the paragraph is on the page: from the HTML markup, or clear text cues.",
    )

    class Meta(TextSpan.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.article_id}¶{self.position}"


class Sentence(TextSpan):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="sentences")

    class Meta(TextSpan.Meta):
        pass

    def __str__(self) -> str:
        return self.text[:80]


class StoredVector(models.Model):
    """A vector under one model, stored as float32 bytes (L2-normalised by its maker)."""

    model_name = models.CharField(max_length=300)
    dimensions = models.PositiveIntegerField()
    vector = models.BinaryField()

    class Meta:
        abstract = True

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=np.float32, count=self.dimensions)


class SentenceEmbedding(StoredVector):
    """A sentence's vector under one model.

    Kept per model so switching models never mixes vectors, and so that
    re-aligning or re-rendering never encodes a sentence twice.
    """

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="embeddings")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sentence", "model_name"], name="unique_embedding_per_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sentence_id} @ {self.model_name}"


class ArticleEmbedding(StoredVector):
    """An article's document vector under one model: the length-weighted mean of its sentence
    embeddings, L2-normalised (`compare.counterparts.document_vector`).

    Derived once per article and model from the stored sentence embeddings, and never
    recomputed while present: an article's sentences change only when it is read again
    (`services.reread_article`), which deletes its document vectors.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="embeddings")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "model_name"], name="unique_article_embedding_per_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.model_name}"


class ComparisonQuerySet(models.QuerySet):
    def for_listing(self) -> ComparisonQuerySet:
        """With their articles, outlets and stored figures (2 queries for any number).

        Each member (`comparison.members.all()`, in position order) carries its side's
        `shared_percent`, `addition_count` and `left_out_count`, stored from the same merged
        result the comparison page shows.
        """
        return self.prefetch_related(
            Prefetch(
                "members", queryset=ComparisonArticle.objects.select_related("article__outlet")
            )
        )

    def with_articles(self) -> ComparisonQuerySet:
        return self.prefetch_related(
            Prefetch(
                "members",
                queryset=ComparisonArticle.objects.select_related("article__outlet").annotate(
                    sentence_count=Count("article__sentences", distinct=True)
                ),
            )
        )


class Comparison(Timestamped):
    class Status(models.TextChoices):
        PENDING = "pending", "Not aligned yet"
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Aligning"
        ALIGNED = "aligned", "Aligned"
        FAILED = "failed", "Alignment failed"

    title = models.CharField(max_length=500, blank=True)
    articles = models.ManyToManyField(
        Article, through="ComparisonArticle", related_name="comparisons"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    model_name = models.CharField(max_length=300, blank=True, help_text="Embedding model used.")
    parameters = models.JSONField(default=dict, blank=True, help_text="Aligner parameters used.")
    aligned_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the last alignment failed.")
    # Every alignment request takes the next generation; its task stores a result only while
    # its generation is still the comparison's, under a row lock, so that two requests (or a
    # retried task) end in one result, the latest asked for.
    generation = models.PositiveIntegerField(
        default=0, help_text="Number of the latest alignment request."
    )
    task_id = models.CharField(
        max_length=64, blank=True, help_text="The task of the latest alignment request."
    )
    requested_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest alignment was requested."
    )

    objects = ComparisonQuerySet.as_manager()

    class Meta(Timestamped.Meta):
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title or f"Comparison {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("compare:comparison-detail", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        """An alignment is waiting for a worker or running."""
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def ordered_articles(self) -> list[Article]:
        """The compared articles in position order (uses prefetched members when present)."""
        members = sorted(self.members.all(), key=lambda member: member.position)
        return [member.article for member in members]


class ComparisonArticle(models.Model):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="members")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="memberships")
    position = models.PositiveSmallIntegerField(help_text="0 = article A, 1 = article B, …")
    # The figures the listing shows, from the same merged result as the comparison page
    # (`results.ComparisonResult.figures`), stored whenever alignment or curation changes it.
    shared_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Share of the article's characters the other one shares."
    )
    addition_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Its sentences with no counterpart."
    )
    left_out_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="The other article's sentences with no counterpart here."
    )

    class Meta:
        ordering = ["comparison", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "position"], name="unique_comparison_position"
            ),
            # An article compared with itself is refused here, at the database.
            models.UniqueConstraint(
                fields=["comparison", "article"], name="unique_article_per_comparison"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comparison_id}:{self.position} → {self.article_id}"


class Link(models.Model):
    """The machine's link between sentences of two articles that say the same thing."""

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="links")
    sentences = models.ManyToManyField(Sentence, through="LinkSentence", related_name="links")
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    score = models.FloatField(help_text="Similarity of the linked sentences, cosine in [-1, 1].")
    moved = models.BooleanField(
        default=False, help_text="The link breaks the reading order of the texts."
    )
    facts = models.JSONField(
        default=dict,
        blank=True,
        help_text="Numbers, dates and names found on one side only, by sentence.",
    )

    class Meta:
        ordering = ["comparison", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} link {self.pk} ({self.score:.2f})"


class LinkSentence(models.Model):
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="members")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="link_members")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "sentence"], name="unique_link_sentence")
        ]


class Addition(models.Model):
    """The machine's verdict that a sentence has no counterpart in the other article(s)."""

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="additions")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="additions")
    addition_type = models.CharField(max_length=12, choices=AdditionType.choices)
    best_score = models.FloatField(
        null=True, blank=True, help_text="Similarity of its closest sentence on the other side."
    )

    class Meta:
        ordering = ["comparison", "sentence__article", "sentence__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "sentence"], name="unique_addition_per_comparison"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_addition_type_display()}: {self.sentence}"


class Decision(models.Model):
    """What every editor's decision records besides the decision itself."""

    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["comparison", "id"]


class CuratedLink(Decision):
    """An editor's decision about a set of sentences: they correspond, or they do not.

    Identified by its sentences rather than by a machine link's id, because
    machine links are recreated on every re-alignment.
    """

    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="curated_links"
    )
    sentences = models.ManyToManyField(Sentence, related_name="curated_links")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    kind = models.CharField(max_length=10, choices=LinkKind.choices, default=LinkKind.MATCH)

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.comparison_id})"


class CuratedAddition(Decision):
    """An editor's decision that a sentence is an addition of a given type."""

    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="curated_additions"
    )
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    addition_type = models.CharField(max_length=12, choices=AdditionType.choices)

    class Meta(Decision.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "sentence"], name="unique_curated_addition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_addition_type_display()} (curated): {self.sentence}"


class StoryQuerySet(models.QuerySet):
    def with_articles(self) -> StoryQuerySet:
        """With their members' articles and outlets, in the order they were added (2 queries)."""
        return self.prefetch_related(
            Prefetch("members", queryset=StoryArticle.objects.select_related("article__outlet"))
        )

    def for_listing(self) -> StoryQuerySet:
        return self.with_articles()


class Story(Timestamped):
    """A named group of articles about one event, in any number and any supported language."""

    title = models.CharField(max_length=500)
    description = models.TextField(blank=True, help_text="What the event is, for the editors.")
    articles = models.ManyToManyField(Article, through="StoryArticle", related_name="stories")

    objects = StoryQuerySet.as_manager()

    class Meta(Timestamped.Meta):
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("compare:story-detail", args=[self.pk])

    @property
    def ordered_articles(self) -> list[Article]:
        """The story's articles in the order they were added (uses prefetched members)."""
        members = sorted(self.members.all(), key=lambda member: (member.added, member.pk))
        return [member.article for member in members]


class StoryArticle(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="members")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="story_memberships")
    added = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["story", "added", "id"]
        constraints = [
            models.UniqueConstraint(fields=["story", "article"], name="unique_article_per_story")
        ]

    def __str__(self) -> str:
        return f"{self.story_id} ∋ {self.article_id}"
