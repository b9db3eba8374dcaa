from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from compare import display, selectors, services, story_display, text
from compare.access import reader_required, staff_required
from compare.forms import (
    ArticleImportForm,
    CounterpartForm,
    CurateAdditionForm,
    CurateLinkForm,
    DisplayForm,
    PastedPairForm,
    RejectLinkForm,
    StoredPairForm,
    StoryArticleForm,
    StoryCreateForm,
    StoryDisplayForm,
    StoryForm,
    curation_choices,
)
from compare.models import Article, Comparison, Story

logger = logging.getLogger(__name__)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def home_context(
    *,
    articles: list[Article],
    stored_form: StoredPairForm | None = None,
    pasted_form: PastedPairForm | None = None,
) -> dict:
    """What the home page shows; the forms' choices reuse the article listing (no query)."""
    return {
        "articles": articles,
        "comparisons": Comparison.objects.for_listing(),
        "stored_form": stored_form or StoredPairForm(articles=articles),
        "pasted_form": pasted_form or PastedPairForm(),
    }


@require_GET
@reader_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    articles = list(Article.objects.with_counts())
    return render(request, "compare/home.html", home_context(articles=articles))


@require_POST
@staff_required
def comparison_create(request: HtmxHttpRequest) -> HttpResponse:
    """Start a comparison from two stored articles or two pasted texts, align it, show it.

    Bad input shows the forms again with the errors and everything typed.
    """
    articles = list(Article.objects.with_counts())
    pasted = request.POST.get("mode") == "pasted"
    if pasted:
        form: StoredPairForm | PastedPairForm = PastedPairForm(request.POST)
    else:
        form = StoredPairForm(request.POST, articles=articles)
    if form.is_valid():
        try:
            if pasted:
                comparison = services.create_comparison_from_texts(
                    articles=form.article_fields(), title=form.cleaned_data["title"]
                )
            else:
                comparison = services.create_comparison(
                    articles=form.cleaned_data["articles"], title=form.cleaned_data["title"]
                )
        except services.PairImportError as error:
            message = str(error)
            if isinstance(error.error, services.DuplicateArticleError):
                message += " Choose it under “Two stored articles” instead."
            form.add_error(f"text_{error.side}", message)
        except (services.ComparisonError, text.TextError) as error:
            form.add_error(None, str(error))
        else:
            align_or_report(request, comparison)
            url = comparison.get_absolute_url()
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = home_context(
        articles=articles,
        stored_form=None if pasted else form,
        pasted_form=form if pasted else None,
    )
    template_name = "compare/home.html"
    if request.htmx:
        template_name += "#create-forms"
    return render(request, template_name, context)


def align_or_report(request: HtmxHttpRequest, comparison: Comparison) -> str:
    """Align a comparison; on failure log it and return the reason ("" on success).

    `services.AlignmentError` is an outcome to show the editor (the comparison is marked
    failed and keeps its previous result); anything else is a bug and is raised.
    """
    try:
        services.align_comparison(comparison=comparison)
    except services.AlignmentError as error:
        logger.warning("Aligning comparison %s failed: %s", comparison.pk, error)
        messages.error(request, f"Alignment failed: {error}")
        return str(error)
    return ""


@require_GET
@reader_required
@vary_on_headers("HX-Request")
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """An article, its stories and, when asked (`?counterparts=1`, which the page's htmx asks
    for as soon as it is shown), its likely counterparts; htmx gets that list alone."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    search = CounterpartForm(request.GET).search()
    stories = list(article.stories.all())
    context: dict = {"article": article, "stories": stories, "counterparts": None}
    if search is not None:
        found = services.find_counterparts(article=article, **search)
        # Each candidate with the article's stories it can still join.
        joined = selectors.story_memberships([c.article for c in found], stories)
        context["counterparts"] = [
            (c, [s for s in stories if s.pk not in joined.get(c.article.pk, ())]) for c in found
        ]
    if request.htmx and search is not None:
        return render(request, "compare/article_detail.html#counterparts", context)
    context["paragraphs"] = list(article.paragraphs.all())
    if request.user.is_staff:
        context["story_choices"] = [s for s in Story.objects.all() if s not in stories]
    return render(request, "compare/article_detail.html", context)


def get_comparison_or_404(pk: int) -> Comparison:
    try:
        return selectors.get_comparison(pk)
    except Comparison.DoesNotExist as error:
        raise Http404("No such comparison.") from error


@require_GET
@reader_required
@vary_on_headers("HX-Request")
def comparison_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The two articles side by side; the filter form's htmx requests get the body only."""
    comparison = get_comparison_or_404(pk)
    form = DisplayForm(request.GET)
    filters = form.filters()
    page = curation_page = None
    fragment = bool(request.htmx and not request.htmx.history_restore_request)
    # A failed re-alignment keeps the previous result: show it under the error.
    if comparison.aligned_at is not None:
        stored = selectors.get_comparison_result(comparison)
        result = stored
        if filters["threshold"] is not None:
            result = display.apply_threshold(stored, filters["threshold"])
        page = display.build_page(result, **filters)
        if request.user.is_staff and not fragment:
            # Editors curate what is stored, whatever the reading filters hide.
            curation_page = page if not any(filters.values()) else display.build_page(stored)
    template_name = "compare/comparison_detail.html"
    if fragment:
        template_name += "#comparison-body"
    return render(
        request,
        template_name,
        {
            "comparison": comparison,
            "page": page,
            "curation_page": curation_page,
            "form": form,
            "curation_choices": curation_choices() if curation_page else None,
            "align_error": "",
        },
    )


@require_GET
@reader_required
def comparison_export(request: HtmxHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The stored result as a JSON (`to_document()`) or CSV (`to_csv()`) download."""
    comparison = get_comparison_or_404(pk)
    if comparison.aligned_at is None:
        raise Http404("This comparison is not aligned yet.")
    result = selectors.get_comparison_result(comparison)
    if fmt == "json":
        body = json.dumps(result.to_document(), ensure_ascii=False, indent=2)
        content_type = "application/json; charset=utf-8"
    else:
        body = result.to_csv()
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="comparison-{comparison.pk}.{fmt}"'
    return response


@require_POST
@staff_required
def comparison_align(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Align the comparison again; htmx callers get the error in place or a reload."""
    comparison = get_comparison_or_404(pk)
    error = align_or_report(request, comparison)
    if not error:
        messages.success(request, "The comparison was aligned again.")
    if request.htmx and error:
        # The message is shown in place; drop it from the session queue.
        list(messages.get_messages(request))
        return render(
            request,
            "compare/comparison_detail.html#realign",
            {"comparison": comparison, "align_error": error},
        )
    url = comparison.get_absolute_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
@staff_required
def language_detect(request: HtmxHttpRequest) -> HttpResponse:
    """The language field of a pasted text, set to the detected language (htmx only).

    A language the editor already chose is kept; the field stays editable.
    """
    side = "b" if request.POST.get("side") == "b" else "a"
    chosen = request.POST.get(f"language_{side}", "")
    note = ""
    if not chosen and request.POST.get(f"text_{side}", "").strip():
        try:
            chosen = text.detect_language(request.POST[f"text_{side}"])
            note = f"Detected: {text.SUPPORTED_LANGUAGES[chosen]}. Change it if it is wrong."
        except text.TextError as error:
            note = str(error)
    form = PastedPairForm(initial={f"language_{side}": chosen})
    return render(
        request,
        "compare/home.html#language-field",
        {"field": form[f"language_{side}"], "side": side, "detected": note},
    )


# --- Curation and import ---


def form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def curate(
    request: HtmxHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    decide: Callable[[Comparison, dict], object],
    success: str,
) -> HttpResponse:
    """Validate a curation form, let `decide` store the decision, and go back to the
    comparison page, which shows the outcome (or why it was refused) as a message."""
    comparison = get_comparison_or_404(pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            decide(comparison, form.cleaned_data)
        except services.CurationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    url = comparison.get_absolute_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
@staff_required
def curation_link(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Link sentences: confirm a link the page shows (`link`) or link any picked `sentences`."""

    def decide(comparison: Comparison, data: dict) -> None:
        if data["link"]:
            ids = services.link_sentence_ids(comparison=comparison, link_key=data["link"])
        else:
            ids = services.sentence_ids_at(comparison=comparison, anchors=data["sentences"])
        services.curate_link(
            comparison=comparison,
            sentence_ids=ids,
            kind=data["kind"],
            note=data["note"],
            user=request.user,
        )

    return curate(request, pk, CurateLinkForm, decide, "Link saved as an editor's decision.")


@require_POST
@staff_required
def curation_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Reject a machine link or undo an editor's link: its sentences are not linked."""

    def decide(comparison: Comparison, data: dict) -> None:
        ids = services.link_sentence_ids(comparison=comparison, link_key=data["link"])
        services.reject_link(
            comparison=comparison, sentence_ids=ids, note=data["note"], user=request.user
        )

    return curate(
        request, pk, RejectLinkForm, decide, "Link removed; re-alignment will not bring it back."
    )


@require_POST
@staff_required
def curation_addition(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Set the type of an addition (and take the sentence out of any link)."""

    def decide(comparison: Comparison, data: dict) -> None:
        [sentence_id] = services.sentence_ids_at(comparison=comparison, anchors=[data["anchor"]])
        services.curate_addition(
            comparison=comparison,
            sentence_id=sentence_id,
            addition_type=data["addition_type"],
            note=data["note"],
            user=request.user,
        )

    return curate(
        request, pk, CurateAdditionForm, decide, "Addition type saved as an editor's decision."
    )


@require_http_methods(["GET", "POST"])
@staff_required
def article_import(request: HtmxHttpRequest) -> HttpResponse:
    """Import an article from a web address or a file; errors are shown with the form."""
    form = ArticleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {
            "title": data["title"],
            "outlet": data["outlet"],
            "language": data["language"] or None,
        }
        try:
            if data["url"]:
                article = services.import_article_from_url(url=data["url"], **options)
            else:
                article = services.import_article_from_file(
                    name=data["file"].name, data=data["file"].read(), **options
                )
        except text.TextError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Imported “{article.title}” ({article.language}, {article.outlet.name}).",
            )
            url = article.get_absolute_url()
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return render(request, "compare/article_import.html", {"form": form})


# --- Stories and counterparts ---


def get_story_or_404(pk: int) -> Story:
    try:
        return selectors.get_story(pk)
    except Story.DoesNotExist as error:
        raise Http404("No such story.") from error


def safe_next(request: HtmxHttpRequest, fallback: str) -> str:
    """The form's `next` address when it is a page of this site, else `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def go_to(request: HtmxHttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def align_story_or_report(request: HtmxHttpRequest, story: Story) -> None:
    """Align what the story needs and say what was done (the task queue will take this over)."""
    outcome = services.align_story(story=story)
    if outcome.aligned:
        messages.success(
            request,
            f"Aligned {outcome.aligned} pair{pluralize(outcome.aligned)} of articles"
            f"{f'; {outcome.reused} already aligned, reused' if outcome.reused else ''}.",
        )
    for comparison, error in outcome.failed:
        messages.error(request, f"Aligning “{comparison}” failed: {error}")


@require_GET
@reader_required
def story_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "compare/story_list.html",
        {"stories": list(Story.objects.for_listing()), "form": StoryCreateForm()},
    )


@require_POST
@staff_required
def story_create(request: HtmxHttpRequest) -> HttpResponse:
    """A new story, optionally of some articles (from an article page: it and a counterpart),
    aligned at once when it has two or more."""
    form = StoryCreateForm(request.POST)
    fallback = reverse("compare:story-list")
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return go_to(request, safe_next(request, fallback))
    ids = form.cleaned_data["articles"]
    found = Article.objects.in_bulk(ids)
    if missing := [pk for pk in ids if pk not in found]:
        messages.error(request, f"No such article: {', '.join(map(str, missing))}.")
        return go_to(request, safe_next(request, fallback))
    try:
        story = services.create_story(
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            articles=[found[pk] for pk in dict.fromkeys(ids)],
            user=request.user,
        )
    except services.StoryError as error:
        messages.error(request, str(error))
        return go_to(request, safe_next(request, fallback))
    messages.success(request, f"Story “{story.title}” created.")
    if len(ids) > 1:
        align_story_or_report(request, story)
    return go_to(request, story.get_absolute_url())


@require_GET
@reader_required
@vary_on_headers("HX-Request")
def story_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Every article of the story against one of them; the filter form's htmx requests get the
    body only."""
    story = get_story_or_404(pk)
    articles = story.ordered_articles
    form = StoryDisplayForm(request.GET, articles=articles)
    pivot = form.chosen_pivot()
    page = reading = None
    if len(articles) > 1:
        reading = selectors.read_story(story, pivot=pivot)
        page = story_display.build_story_page(reading.pivot_side, reading.pairs, **form.filters())
    fragment = bool(request.htmx and not request.htmx.history_restore_request)
    template_name = "compare/story_detail.html"
    if fragment:
        template_name += "#story-body"
    context = {"story": story, "articles": articles, "pivot": pivot, "page": page, "form": form}
    if request.user.is_staff and not fragment:
        missing, stale = services.pairs_to_align(story)
        context["to_align"] = len(missing) + len(stale)
        context["addable"] = list(Article.objects.exclude(stories=story).select_related("outlet"))
    return render(request, template_name, context)


@require_GET
@reader_required
def story_export(request: HtmxHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The whole story as JSON (`story_display.story_document`) or CSV (`story_csv`), read
    against the pivot of the page (`?pivot=`)."""
    story = get_story_or_404(pk)
    articles = story.ordered_articles
    pivot = StoryDisplayForm(request.GET, articles=articles).chosen_pivot()
    if pivot is None:
        raise Http404("This story has no article yet.")
    reading = selectors.read_story(story, pivot=pivot, every_pair=fmt == "json")
    if fmt == "json":
        document = story_display.story_document(
            story={"id": story.pk, "title": story.title, "description": story.description},
            pivot_id=pivot.pk,
            pivot=reading.pivot_side,
            pairs=reading.pairs,
            comparisons=reading.comparisons,
        )
        body = json.dumps(document, ensure_ascii=False, indent=2)
        content_type = "application/json; charset=utf-8"
    else:
        body = story_display.story_csv(pivot=reading.pivot_side, pairs=reading.pairs)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="story-{story.pk}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@staff_required
def story_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    story = get_story_or_404(pk)
    form = StoryForm(request.POST or None, instance=story)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_story(
                story=story,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except services.StoryError as error:
            form.add_error("title", str(error))
        else:
            messages.success(request, "Story saved.")
            return go_to(request, story.get_absolute_url())
    return render(request, "compare/story_edit.html", {"story": story, "form": form})


@require_POST
@staff_required
def story_align(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Align every pair the story needs (synchronously, with the button's progress state)."""
    story = get_story_or_404(pk)
    align_story_or_report(request, story)
    return go_to(request, story.get_absolute_url())


def story_article_change(
    request: HtmxHttpRequest, change: Callable[[Story, Article], str]
) -> HttpResponse:
    """Validate a story and an article, let `change` act on them, and go to the story page, or
    back where the form was on error, with the outcome as a message."""
    form = StoryArticleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return go_to(request, safe_next(request, reverse("compare:story-list")))
    story = get_story_or_404(form.cleaned_data["story"])
    article = get_object_or_404(Article, pk=form.cleaned_data["article"])
    try:
        success = change(story, article)
    except services.StoryError as error:
        messages.error(request, str(error))
        return go_to(request, safe_next(request, story.get_absolute_url()))
    messages.success(request, success)
    return go_to(request, story.get_absolute_url())


@require_POST
@staff_required
def story_add_article(request: HtmxHttpRequest) -> HttpResponse:
    """Add an article to a story and align it against the story's other articles."""

    def add(story: Story, article: Article) -> str:
        services.add_article_to_story(story=story, article=article, user=request.user)
        align_story_or_report(request, story)
        return f"“{article.title}” added to the story."

    return story_article_change(request, add)


@require_POST
@staff_required
def story_remove_article(request: HtmxHttpRequest) -> HttpResponse:
    """Take an article out of a story (refused while editors' decisions refer to it)."""

    def remove(story: Story, article: Article) -> str:
        services.remove_article_from_story(story=story, article=article)
        return f"“{article.title}” taken out of the story; its comparisons are kept."

    return story_article_change(request, remove)
