from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from compare import selectors
from compare.access import reader_required
from compare.models import Article, Comparison


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@reader_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "compare/home.html",
        {
            "articles": Article.objects.with_counts(),
            "comparisons": Comparison.objects.with_articles(),
        },
    )


@require_GET
@reader_required
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    paragraphs = list(article.paragraphs.all())
    return render(
        request, "compare/article_detail.html", {"article": article, "paragraphs": paragraphs}
    )


@require_GET
@reader_required
def comparison_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        comparison = selectors.get_comparison(pk)
    except Comparison.DoesNotExist as error:
        raise Http404("No such comparison.") from error
    result = None
    if comparison.status == Comparison.Status.ALIGNED:
        result = selectors.get_comparison_result(comparison)
    return render(
        request, "compare/comparison_detail.html", {"comparison": comparison, "result": result}
    )
