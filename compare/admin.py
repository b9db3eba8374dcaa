"""The admin: every model listed in a fixed number of queries; derived data read-only.

What the machine computes (paragraphs, sentences, embeddings, links, additions)
can be looked at but not edited here: editors correct the machine with curated
links and additions, which survive re-alignment. Articles are added through
the import page (text, HTML file or URL), so that they are segmented.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.text import Truncator

from compare import services
from compare.models import (
    Addition,
    Article,
    ArticleEmbedding,
    Comparison,
    ComparisonArticle,
    CuratedAddition,
    CuratedLink,
    Link,
    LinkSentence,
    Outlet,
    Paragraph,
    Sentence,
    SentenceEmbedding,
    Story,
    StoryArticle,
)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def excerpt(value: str, length: int = 80) -> str:
    return Truncator(value).chars(length)


def count_of(model, field: str, **filters) -> Coalesce:
    """A correlated COUNT(*) subquery: one query for the whole list, unlike a join per column."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def by_language_and_outlet(path: str = "") -> list:
    """List filters by the article's language and outlet; `path` leads to the article
    ("sentence__article__"), the outlet filter offering only outlets that have rows."""
    return [f"{path}language", (f"{path}outlet", admin.RelatedOnlyFieldListFilter)]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived rows: recomputed by the services, never edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    # Django 6's default for URLs typed without a scheme, without its deprecation warning.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "language", "home_url", "article_count"]
    list_filter = ["language"]
    search_fields = ["name", "home_url"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(n_articles=count_of(Article, "outlet"))

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.n_articles


class ParagraphInline(ReadOnlyInline):
    model = Paragraph
    fields = ["position", "role", "text", "start", "end"]
    readonly_fields = fields


_TEXT_FIELDS = ["language", "original_text", "markup_roles", "content_hash"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    # Django 6's default for URLs typed without a scheme, without its deprecation warning.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/compare/article/change_list.html"
    list_display = ["title", "outlet", "language", "published_on", "sentence_count", "created"]
    list_filter = [*by_language_and_outlet(), "published_on"]
    search_fields = ["title", "author", "url", "outlet__name"]
    list_select_related = ["outlet"]
    date_hierarchy = "created"
    autocomplete_fields = ["outlet"]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "author", "published_on"]}),
        (
            "Text (as imported)",
            {"fields": [*_TEXT_FIELDS, "created", "updated"]},
        ),
    ]
    # The text and its language are what the sentences were cut from: editing
    # them here would leave the paragraphs and sentences pointing at nothing.
    readonly_fields = [*_TEXT_FIELDS, "created", "updated"]
    inlines = [ParagraphInline]
    actions = ["reread"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(n_sentences=count_of(Sentence, "article"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Articles come in through the import page, which segments them.
        return False

    @admin.display(description="sentences", ordering="n_sentences")
    def sentence_count(self, article: Article) -> int:
        return article.n_sentences

    @admin.action(description="Read the selected articles again with today's rules")
    def reread(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        changed, to_align = 0, set()
        for article in queryset:
            try:
                reread = services.reread_article(article=article)
            except services.RereadError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            if reread.changed:
                changed += 1
                to_align.update(reread.comparisons)
                self.message_user(request, str(reread), messages.INFO)
        queued, failed = services.request_alignments(
            comparisons=Comparison.objects.filter(pk__in=to_align).order_by("pk")
        )
        self.message_user(
            request,
            f"{changed} of {len(queryset)} articles read differently today; editors' "
            f"decisions are kept. {_count(queued, 'comparison')} queued for alignment"
            + (f", {failed} could not be queued." if failed else "."),
            messages.SUCCESS if not failed else messages.WARNING,
        )


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "article", "position", "role", "text_excerpt"]
    list_filter = ["role", *by_language_and_outlet("article__")]
    search_fields = ["text", "article__title"]
    list_select_related = ["article"]

    @admin.display(description="text")
    def text_excerpt(self, paragraph: Paragraph) -> str:
        return excerpt(paragraph.text, 120)


@admin.register(Sentence)
class SentenceAdmin(ReadOnlyAdmin):
    list_display = ["text_excerpt", "article", "position", "paragraph_position", "start", "end"]
    list_filter = by_language_and_outlet("article__")
    # Also what the curated links' and additions' sentence pickers search.
    search_fields = ["text", "article__title"]
    list_select_related = ["article", "paragraph"]

    @admin.display(description="text")
    def text_excerpt(self, sentence: Sentence) -> str:
        return excerpt(sentence.text, 120)

    @admin.display(description="paragraph", ordering="paragraph__position")
    def paragraph_position(self, sentence: Sentence) -> int:
        return sentence.paragraph.position


@admin.register(SentenceEmbedding)
class SentenceEmbeddingAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "model_name", "dimensions"]
    list_filter = ["model_name", "sentence__article__language"]
    search_fields = ["sentence__text", "model_name"]
    list_select_related = ["sentence"]
    exclude = ["vector"]


class ComparisonArticleInline(admin.TabularInline):
    model = ComparisonArticle
    raw_id_fields = ["article"]
    fields = ["position", "article", "shared_percent", "addition_count", "left_out_count"]
    # Figures of the merged result, stored by the services.
    readonly_fields = ["shared_percent", "addition_count", "left_out_count"]
    extra = 0
    min_num = max_num = 2
    validate_min = validate_max = True


def sentences_html(sentences) -> str:
    """The sentences of a link, grouped by article: “[it 5] Dmitry Rogozin… ↔ [fr 9] …”."""
    by_article: dict[int, list[Sentence]] = {}
    for sentence in sorted(sentences, key=lambda s: (s.article_id, s.position)):
        by_article.setdefault(sentence.article_id, []).append(sentence)
    sides = [
        format_html_join(
            " ",
            "<span title='{}'>[{} {}] {}</span>",
            (
                (s.text, s.article.language, s.position, excerpt(s.text, 60))
                for s in article_sentences
            ),
        )
        for article_sentences in by_article.values()
    ]
    return format_html_join(" ↔ ", "{}", ((side,) for side in sides))


class LinkedSentencesMixin:
    """A `linked_sentences` column for links, with the sentences prefetched in one query."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Link]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("sentences", queryset=Sentence.objects.select_related("article"))
            )
        )

    @admin.display(description="sentences")
    def linked_sentences(self, link: Link) -> str:
        return sentences_html(link.sentences.all())


class LinkInline(LinkedSentencesMixin, ReadOnlyInline):
    model = Link
    fields = ["kind", "score", "moved", "linked_sentences"]
    readonly_fields = fields


class DecisionForm(forms.ModelForm):
    """An editor's decision: its sentences must be in the comparison's articles (and, for a
    link, on both sides), as the curation services require."""

    both_sides = True

    def decided_sentences(self, cleaned: dict) -> list[Sentence] | None:
        raise NotImplementedError

    def clean(self) -> dict:
        cleaned = super().clean()
        comparison = cleaned.get("comparison") or getattr(self.instance, "comparison", None)
        sentences = self.decided_sentences(cleaned)
        if comparison is not None and sentences is not None:
            try:
                services.check_link_sentences(
                    comparison=comparison,
                    sentence_ids=[s.pk for s in sentences],
                    both_sides=self.both_sides,
                )
            except services.CurationError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned


class CuratedLinkForm(DecisionForm):
    class Meta:
        model = CuratedLink
        fields = ["comparison", "verdict", "kind", "sentences", "note"]

    def decided_sentences(self, cleaned: dict) -> list[Sentence] | None:
        sentences = cleaned.get("sentences")
        return None if sentences is None else list(sentences)


class CuratedAdditionForm(DecisionForm):
    both_sides = False

    class Meta:
        model = CuratedAddition
        fields = ["comparison", "sentence", "addition_type", "note"]

    def decided_sentences(self, cleaned: dict) -> list[Sentence] | None:
        sentence = cleaned.get("sentence")
        return None if sentence is None else [sentence]


class CuratedLinkInline(admin.StackedInline):
    model = CuratedLink
    form = CuratedLinkForm
    fields = ["verdict", "kind", "sentences", "note", "created_by"]
    readonly_fields = ["created_by"]
    autocomplete_fields = ["sentences"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[CuratedLink]:
        return super().get_queryset(request).select_related("created_by")


class CuratedAdditionInline(admin.TabularInline):
    model = CuratedAddition
    form = CuratedAdditionForm
    fields = ["sentence", "addition_type", "note", "created_by"]
    readonly_fields = ["created_by"]
    autocomplete_fields = ["sentence"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[CuratedAddition]:
        return super().get_queryset(request).select_related("sentence", "created_by")


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "compared_articles",
        "status",
        "link_count",
        "addition_count",
        "curated_count",
        "model_name",
        "aligned_at",
    ]
    list_filter = [
        "status",
        "model_name",
        *by_language_and_outlet("articles__"),
    ]
    search_fields = ["title", "articles__title"]
    readonly_fields = [
        "status",
        "model_name",
        "parameters",
        "aligned_at",
        "error",
        "generation",
        "task_id",
        "requested_at",
        "created",
        "updated",
    ]
    inlines = [ComparisonArticleInline, CuratedLinkInline, CuratedAdditionInline, LinkInline]
    actions = ["realign"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comparison]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=ComparisonArticle.objects.select_related("article__outlet"),
                )
            )
            .annotate(
                n_links=count_of(Link, "comparison"),
                n_additions=count_of(Addition, "comparison"),
                n_curated_links=count_of(CuratedLink, "comparison"),
                n_curated_additions=count_of(CuratedAddition, "comparison"),
            )
        )

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        for inline_form in formset.forms:
            instance = inline_form.instance
            if (
                isinstance(instance, CuratedLink | CuratedAddition)
                and instance.created_by_id is None
            ):
                instance.created_by = request.user
        super().save_formset(request, form, formset, change)
        if formset.model in (CuratedLink, CuratedAddition):
            # The listing's figures come from the merged result, which this decision changed.
            services.store_figures(comparison=form.instance)

    @admin.display(description="articles")
    def compared_articles(self, comparison: Comparison) -> str:
        return format_html_join(
            " ↔ ",
            "{} <small>({} · {})</small>",
            (
                (excerpt(article.title, 50), article.outlet.name, article.language)
                for article in comparison.ordered_articles
            ),
        )

    @admin.display(description="links", ordering="n_links")
    def link_count(self, comparison: Comparison) -> int:
        return comparison.n_links

    @admin.display(description="additions", ordering="n_additions")
    def addition_count(self, comparison: Comparison) -> int:
        return comparison.n_additions

    @admin.display(description="curated")
    def curated_count(self, comparison: Comparison) -> int:
        return comparison.n_curated_links + comparison.n_curated_additions

    @admin.action(description="Re-align the selected comparisons (in the background)")
    def realign(self, request: HttpRequest, queryset: QuerySet[Comparison]) -> None:
        queued = 0
        for comparison in queryset:
            try:
                services.request_alignment(comparison=comparison)
            except services.AlignmentError as error:  # marked failed by the service; go on
                self.message_user(
                    request, f"“{comparison}” could not be queued: {error}", messages.ERROR
                )
            else:
                queued += 1
        if queued:
            self.message_user(
                request,
                f"Queued {_count(queued, 'comparison')} for re-alignment; "
                "curated decisions are kept. Their pages show when they are done.",
                messages.SUCCESS,
            )


@admin.register(ComparisonArticle)
class ComparisonArticleAdmin(ReadOnlyAdmin):
    list_display = ["comparison", "position", "article"]
    list_filter = ["article__language"]
    search_fields = ["comparison__title", "article__title"]
    list_select_related = ["comparison", "article"]


class LinkSentenceInline(ReadOnlyInline):
    model = LinkSentence
    fields = ["sentence"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[LinkSentence]:
        return super().get_queryset(request).select_related("sentence")


@admin.register(Link)
class LinkAdmin(LinkedSentencesMixin, ReadOnlyAdmin):
    list_display = ["__str__", "comparison", "kind", "score", "moved", "linked_sentences"]
    list_filter = ["kind", "moved", "comparison__status"]
    search_fields = ["sentences__text", "comparison__title"]
    list_select_related = ["comparison"]
    inlines = [LinkSentenceInline]


@admin.register(LinkSentence)
class LinkSentenceAdmin(ReadOnlyAdmin):
    list_display = ["link", "sentence"]
    search_fields = ["sentence__text"]
    list_select_related = ["link", "sentence"]


@admin.register(Addition)
class AdditionAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "article", "comparison", "addition_type", "best_score"]
    list_filter = [
        "addition_type",
        *by_language_and_outlet("sentence__article__"),
    ]
    search_fields = ["sentence__text", "comparison__title"]
    list_select_related = ["sentence__article", "comparison"]

    @admin.display(description="article", ordering="sentence__article")
    def article(self, addition: Addition) -> Article:
        return addition.sentence.article


class DecisionAdmin(admin.ModelAdmin):
    """An editor's decision: who made it is recorded, and the listing's figures, which come
    from the merged result, are refreshed whenever one is saved or deleted."""

    readonly_fields = ["created_by", "created"]
    # The columns every decision lists after its own.
    decision_columns = ["note_excerpt", "created_by", "created"]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # a link's sentences are saved here
        services.store_figures(comparison=form.instance.comparison)

    def delete_model(self, request: HttpRequest, obj) -> None:
        super().delete_model(request, obj)
        services.store_figures(comparison=obj.comparison)

    @admin.display(description="note")
    def note_excerpt(self, decision) -> str:
        return excerpt(decision.note, 60)


@admin.register(CuratedLink)
class CuratedLinkAdmin(DecisionAdmin):
    form = CuratedLinkForm
    list_display = [
        "__str__",
        "comparison",
        "verdict",
        "kind",
        "linked_sentences",
        *DecisionAdmin.decision_columns,
    ]
    list_filter = ["verdict", "kind", "created"]
    search_fields = ["note", "sentences__text", "comparison__title"]
    autocomplete_fields = ["comparison", "sentences"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CuratedLink]:
        return (
            super()
            .get_queryset(request)
            .select_related("comparison", "created_by")
            .prefetch_related(
                Prefetch("sentences", queryset=Sentence.objects.select_related("article"))
            )
        )

    @admin.display(description="sentences")
    def linked_sentences(self, curated: CuratedLink) -> str:
        return sentences_html(curated.sentences.all())


@admin.register(CuratedAddition)
class CuratedAdditionAdmin(DecisionAdmin):
    form = CuratedAdditionForm
    list_display = ["sentence", "comparison", "addition_type", *DecisionAdmin.decision_columns]
    list_filter = ["addition_type", "sentence__article__language", "created"]
    search_fields = ["note", "sentence__text", "comparison__title"]
    autocomplete_fields = ["comparison", "sentence"]
    list_select_related = ["sentence", "comparison", "created_by"]


@admin.register(ArticleEmbedding)
class ArticleEmbeddingAdmin(ReadOnlyAdmin):
    list_display = ["article", "model_name", "dimensions"]
    list_filter = ["model_name", "article__language"]
    search_fields = ["article__title", "model_name"]
    list_select_related = ["article"]
    exclude = ["vector"]


class StoryArticleFormSet(forms.BaseInlineFormSet):
    """The story services' rules, here too: an article is added once and only in a supported
    language, and stays while editors' decisions on its comparisons in the story refer to it."""

    def clean(self) -> None:
        super().clean()
        story, kept = self.instance, []
        for form in self.forms:
            article = (getattr(form, "cleaned_data", None) or {}).get("article")
            if article is None:
                continue
            if form.cleaned_data.get("DELETE") and form.instance.pk:
                if count := services.decisions_about(story=story, article=article):
                    # A formset error: Django ignores the errors of a form marked for deletion.
                    kept.append(
                        f"“{article.title}” stays in the story: {count} editor's decision(s) "
                        "on its comparisons with the story's other articles refer to its "
                        "sentences."
                    )
            elif not form.instance.pk:
                try:
                    services.check_addable(story=story, article=article)
                except services.StoryError as error:
                    form.add_error("article", str(error))
        if kept:
            raise forms.ValidationError(kept)


class StoryArticleInline(admin.TabularInline):
    model = StoryArticle
    formset = StoryArticleFormSet
    fields = ["article", "added", "added_by"]
    readonly_fields = ["added", "added_by"]
    autocomplete_fields = ["article"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[StoryArticle]:
        return super().get_queryset(request).select_related("article__outlet", "added_by")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Stories and their articles. Saving here does not align: the story page says which pairs
    need it and aligns them."""

    list_display = ["title", "story_articles", "created", "updated"]
    list_filter = [*by_language_and_outlet("articles__"), "created"]
    search_fields = ["title", "description", "articles__title"]
    fieldsets = [
        (None, {"fields": ["title", "description"]}),
        ("When", {"fields": ["created", "updated"]}),
    ]
    readonly_fields = ["created", "updated"]
    inlines = [StoryArticleInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("members", queryset=StoryArticle.objects.select_related("article__outlet"))
            )
        )

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        for inline_form in formset.forms:
            instance = inline_form.instance
            if isinstance(instance, StoryArticle) and not instance.pk:
                instance.added_by = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description="articles")
    def story_articles(self, story: Story) -> str:
        return format_html_join(
            " · ",
            "{} <small>({})</small>",
            ((article.outlet.name, article.language) for article in story.ordered_articles),
        )


@admin.register(StoryArticle)
class StoryArticleAdmin(ReadOnlyAdmin):
    list_display = ["story", "article", "added", "added_by"]
    list_filter = ["article__language"]
    search_fields = ["story__title", "article__title"]
    list_select_related = ["story", "article", "added_by"]
