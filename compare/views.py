from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import (
    HttpResponseClientRedirect,
    HttpResponseStopPolling,
    reswap,
    retarget,
)
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
    comparisons = list(Comparison.objects.for_listing())
    return {
        "articles": articles,
        "comparisons": comparisons,
        "pending": [comparison for comparison in comparisons if comparison.in_progress],
        "stored_form": stored_form or StoredPairForm(articles=articles),
        "pasted_form": pasted_form or PastedPairForm(),
    }


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400, with the reason: a form sent with more text than the site reads is the
    one a user can cause by hand. htmx requests get the message alone, shown in the page's
    message area, so the form and what was typed in it stay as they are."""
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
        reason = (
            f"What you sent is larger than this site reads ({megabytes:.0f} MB): a text may "
            f"have at most {settings.COMPARE_MAX_TEXT_CHARS:,} characters. Nothing was stored."
        )
    else:
        reason = "The request could not be understood. Nothing was stored."
    if request.headers.get("HX-Request"):
        response = render(
            request, "compare/_message.html", {"level": "error", "text": reason}, status=400
        )
        response["HX-Retarget"] = "#messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "400.html", {"reason": reason}, status=400)


@require_GET
@reader_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    articles = list(Article.objects.with_counts())
    return render(request, "compare/home.html", home_context(articles=articles))


@require_POST
@staff_required
def comparison_create(request: HtmxHttpRequest) -> HttpResponse:
    """Start a comparison from two stored articles or two pasted texts, queue its alignment,
    and show it (the page follows the alignment until it is done).

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
        except services.ComparisonExistsError as error:
            messages.info(request, f"{error} Here it is.")
            url = error.existing.get_absolute_url()
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        except services.PairImportError as error:
            message = str(error)
            if isinstance(error.error, services.DuplicateArticleError):
                message += " Choose it under “Two stored articles” instead."
            form.add_error(f"text_{error.side}", message)
        except (services.ComparisonError, text.TextError) as error:
            form.add_error(None, str(error))
        else:
            request_alignment(comparison)
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


def request_alignment(comparison: Comparison) -> None:
    """Queue an alignment. When the queue cannot be reached, the comparison is marked failed
    with the reason, which its page shows: nothing more to say here."""
    try:
        services.request_alignment(comparison=comparison)
    except services.AlignmentError as error:
        logger.warning("Queueing the alignment of comparison %s failed: %s", comparison.pk, error)


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
    # Each paragraph with its text as the page shows it (a Markdown link as its label).
    context["paragraphs"] = [(p, display.link_labels(p.text)) for p in article.paragraphs.all()]
    if request.user.is_staff:
        context["story_choices"] = [s for s in Story.objects.all() if s not in stories]
    return render(request, "compare/article_detail.html", context)


def get_comparison_or_404(pk: int) -> Comparison:
    try:
        return selectors.get_comparison(pk)
    except Comparison.DoesNotExist as error:
        raise Http404("No such comparison.") from error


# How long a reader's rendering of a comparison is kept. The key changes with anything the
# page shows, so this only bounds what an outlet's renaming leaves behind.
PAGE_CACHE_SECONDS = 600


def comparison_context(request: HtmxHttpRequest, comparison: Comparison, form: DisplayForm) -> dict:
    """What the comparison page shows: the stored result through the reader's filters, the
    editors' controls for staff, and the state of an alignment in progress."""
    filters = form.filters()
    page = curation_page = None
    # A failed or pending re-alignment keeps the previous result: show it under the state.
    if comparison.aligned_at is not None:
        stored = selectors.get_comparison_result(comparison)
        result = stored
        if filters["threshold"] is not None:
            result = display.apply_threshold(stored, filters["threshold"])
        page = display.build_page(result, **filters)
        if request.user.is_staff:
            # Editors curate what is stored, whatever the reading filters hide.
            curation_page = page if not any(filters.values()) else display.build_page(stored)
    return {
        "comparison": comparison,
        "page": page,
        "curation_page": curation_page,
        "form": form,
        "curation_choices": curation_choices() if curation_page else None,
        "lost": selectors.lost_alignment(comparison),
    }


def live_cache_key(version: selectors.ComparisonVersion, form: DisplayForm) -> str:
    return f"comparison-live:{version.key}:{form.cache_key()}"


def render_live(request: HtmxHttpRequest, comparison: Comparison, form: DisplayForm) -> SafeString:
    """The page's `#comparison-live` block: everything the alignment and the filters change.

    Readers all see the same block for the same comparison and filters, so it is rendered once
    and kept (until anything it shows changes: the key says what) for all of them: rebuilding
    a result and rendering it is most of a request's time. Staff get controls of their own and
    an alignment in progress changes by the second: both are rendered each time.
    """

    def render_block() -> SafeString:
        context = comparison_context(request, comparison, form)
        return render_to_string("compare/comparison_detail.html#comparison-live", context, request)

    if request.user.is_staff or comparison.in_progress:
        return render_block()
    key = live_cache_key(selectors.ComparisonVersion.of(comparison), form)
    html = cache.get(key)
    if html is None:
        html = render_block()
        cache.set(key, html, PAGE_CACHE_SECONDS)
    return SafeString(html)


@require_GET
@reader_required
@vary_on_headers("HX-Request")
def comparison_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The two articles side by side; the filter form's htmx requests get the body only."""
    form = DisplayForm(request.GET)
    if request.htmx and not request.htmx.history_restore_request:
        context = comparison_context(request, get_comparison_or_404(pk), form)
        return render(request, "compare/comparison_detail.html#comparison-body", context)
    if not request.user.is_staff:
        # A reader's page already rendered costs one small query: its version.
        version = selectors.get_comparison_version(pk)
        if version is None:
            raise Http404("No such comparison.")
        live = cache.get(live_cache_key(version, form)) if not version.in_progress else None
        if live is not None:
            context = {"comparison": version.as_title(), "live": SafeString(live)}
            return render(request, "compare/comparison_detail.html", context)
    comparison = get_comparison_or_404(pk)
    return render(
        request,
        "compare/comparison_detail.html",
        {"comparison": comparison, "live": render_live(request, comparison, form)},
    )


@require_GET
@reader_required
def comparison_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """What the page polls while an alignment is queued or running: its state, every 2 s.

    Once the alignment has ended, the answer is the page's whole `#comparison-live` block with
    the new result (or the failure and the previous result), in place of the old one, and
    status 286, which tells htmx to stop polling. Without htmx: the page itself.
    """
    comparison = get_comparison_or_404(pk)
    if not request.htmx:
        return redirect(comparison)
    lost = selectors.lost_alignment(comparison)
    if comparison.in_progress and not lost:
        context = {"comparison": comparison, "lost": lost}
        return render(request, "compare/comparison_detail.html#alignment-status", context)
    response = HttpResponseStopPolling(render_live(request, comparison, DisplayForm(request.GET)))
    return reswap(retarget(response, "#comparison-live"), "outerHTML")


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
    """Queue a new alignment; htmx callers get the page's block in place, which shows the
    alignment queued and follows it until it is done."""
    comparison = get_comparison_or_404(pk)
    request_alignment(comparison)
    if request.htmx:
        comparison = get_comparison_or_404(pk)
        return HttpResponse(render_live(request, comparison, DisplayForm(request.GET)))
    return redirect(comparison)


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


# The imports from web addresses a user queued, newest last, as kept in the session.
PENDING_IMPORTS = "pending_imports"


@require_http_methods(["GET", "POST"])
@staff_required
def article_import(request: HtmxHttpRequest) -> HttpResponse:
    """Import an article from a web address (queued: fetching may take seconds) or a file
    (imported at once, its encoding queued). The page lists the queued imports and what
    became of them; its htmx requests (the list polling itself) get the list only."""
    form = ArticleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {
            "title": data["title"],
            "outlet": data["outlet"],
            "language": data["language"] or None,
            "published_on": data["published_on"],
        }
        if data["url"]:
            task_id = services.request_import(url=data["url"], **options)
            queued = request.session.get(PENDING_IMPORTS, [])
            request.session[PENDING_IMPORTS] = [*queued, {"task": task_id, "url": data["url"]}][
                -10:
            ]
            return redirect("compare:article-import")
        try:
            article = services.import_article_from_file(
                name=data["file"].name, data=data["file"].read(), **options
            )
        except text.TextError as error:
            form.add_error(None, str(error))
        else:
            services.request_embedding(article=article)
            messages.success(
                request,
                f"Imported “{article.title}” ({article.language}, {article.outlet.name}).",
            )
            return go_to(request, article.get_absolute_url())
    imports = [
        selectors.import_status(task_id=item["task"], url=item["url"])
        for item in reversed(request.session.get(PENDING_IMPORTS, []))
    ]
    context = {"form": form, "imports": imports, "pending": any(i.pending for i in imports)}
    template_name = "compare/article_import.html"
    if request.htmx:
        template_name += "#imports"
    return render(request, template_name, context)


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


def queue_story_alignment(request: HtmxHttpRequest, story: Story) -> None:
    """Queue the alignments the story needs and say what was done."""
    outcome = services.request_story_alignment(story=story)
    if outcome.queued or outcome.waiting:
        count = outcome.queued + outcome.waiting
        messages.success(
            request,
            f"{count} pair{pluralize(count)} of articles queued for alignment; the page shows "
            f"{pluralize(count, 'it,them')} as soon as {pluralize(count, 'it is,they are')} "
            f"aligned{f' ({outcome.reused} already aligned, reused)' if outcome.reused else ''}.",
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
    its pairs queued for alignment when it has two or more."""
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
        queue_story_alignment(request, story)
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
    page = None
    aligning: list[Comparison] = []  # queued or running, and not lost
    lost: list[str] = []
    if len(articles) > 1:
        reading = selectors.read_story(story, pivot=pivot)
        page = story_display.build_story_page(reading.pivot_side, reading.pairs, **form.filters())
        # One look-up in the task backend per alignment in progress (`lost_alignment`).
        for comparison in reading.in_progress:
            if reason := selectors.lost_alignment(comparison):
                lost.append(f"“{comparison}”: {reason}")
            else:
                aligning.append(comparison)
    fragment = bool(request.htmx and not request.htmx.history_restore_request)
    template_name = "compare/story_detail.html"
    if fragment:
        template_name += "#story-body"
    context = {
        "story": story,
        "articles": articles,
        "pivot": pivot,
        "page": page,
        "form": form,
        "aligning": len(aligning),
        "lost": lost,
    }
    if request.user.is_staff and not fragment:
        missing, stale = services.pairs_to_align(story)
        context["to_align"] = len(missing) + len(stale) - len(aligning)
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
    """Queue an alignment of every pair the story needs; the story page follows them."""
    story = get_story_or_404(pk)
    queue_story_alignment(request, story)
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
    """Add an article to a story and queue its alignments with the story's other articles."""

    def add(story: Story, article: Article) -> str:
        services.add_article_to_story(story=story, article=article, user=request.user)
        queue_story_alignment(request, story)
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
